"""Field types shared by the content model.

The strict loader hands every scalar over as the exact text written, so each type here
parses text itself and refuses anything ambiguous (thousands separators, exponents,
NaN, guessed dates). Errors carry a hint for the publisher.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator

from ..text import ascii_digit_hint, non_ascii_digit, shorten


class HintedValueError(ValueError):
    """A validation error with a hint for the publisher. `code` names the finding
    (`model.<code>`; pydantic's `value_error` when empty); `loc` points below the value
    that failed (a model-level check naming the field at fault)."""

    def __init__(self, message: str, hint: str = "", *, code: str = "",
                 loc: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.hint = hint
        self.code = code
        self.loc = loc


def _ascii_digits(value: str) -> None:
    """Refuse full-width and other non-ASCII digits, which `\\d` and Decimal accept."""
    if non_ascii_digit(value):
        raise HintedValueError(f"'{shorten(value)}' has a digit that is not 0-9",
                               ascii_digit_hint(value), code="non-ascii-digit")


@cache
def field_names(model: type[BaseModel]) -> tuple[str, ...]:
    """A model class's field names, in order (pydantic's `model_fields` is a Python
    property: walks over every instance of a unit's model ask it thousands of times)."""
    return tuple(model.model_fields)


class Strict(BaseModel):
    """Base of every content model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    # Field docstrings become descriptions only where shown: model.fielddocs.


_PLAIN_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
MAX_INTEGER_DIGITS = 15
"""Enough for any budget in 万元 or 元 (a quadrillion); more is a typing error."""
MAX_DECIMALS = 6
"""Published figures have two decimals, rates and scores up to four; a figure published in
元 with fen (12345.67 元) has six once in 万元 (1.234567)."""


def _bounded(text: str) -> Decimal:
    """A plain decimal within the digit bounds, refused before any arithmetic."""
    whole, _, fraction = text.lstrip("-").partition(".")
    whole = whole.lstrip("0") or "0"
    if len(whole) > MAX_INTEGER_DIGITS or len(fraction) > MAX_DECIMALS:
        raise HintedValueError(
            f"'{shorten(text, 30)}' is too long for a figure ({len(whole)} digits before the "
            f"point, {len(fraction)} after)",
            f"a figure has at most {MAX_INTEGER_DIGITS} digits before the decimal point and "
            f"{MAX_DECIMALS} after; check for a typing error", code="number-too-long")
    return Decimal(text)


def parse_decimal(value: Any) -> Decimal:
    """`'1958.13'` -> `Decimal('1958.13')`; anything but a plain decimal of ASCII digits
    within the bounds is refused."""
    if isinstance(value, Decimal):
        return value
    if not isinstance(value, str):
        raise HintedValueError("expected a number", "write a plain decimal such as 1958.13")
    text = value.strip()
    _ascii_digits(text)
    if _PLAIN_DECIMAL.fullmatch(text):
        return _bounded(text)
    shown = shorten(value, 30)
    if re.fullmatch(r"-?[0-9,，]+(\.[0-9]+)?", text):
        raise HintedValueError(f"'{shown}' has a thousands separator",
                               f"write {shorten(text.replace(',', '').replace('，', ''), 30)} "
                               "without commas")
    exponent = re.fullmatch(r"-?[0-9]+(\.[0-9]+)?[eE]([-+]?[0-9]+)", text)
    if exponent:
        small = len(exponent[2]) <= 2  # writing it out is only helpful when it is short
        raise HintedValueError(f"'{shown}' is in exponent notation",
                               f"write it out in full: {Decimal(text):f}" if small
                               else "write the figure out in full, without e")
    if text.lower().lstrip("+-") in {".nan", "nan", ".inf", "inf", "infinity"}:
        raise HintedValueError(f"'{shown}' is not a number",
                               "write the figure, or `unknown` if the source does not give it")
    if text.endswith("%"):
        raise HintedValueError(f"'{shown}' has a percent sign",
                               f"write the number alone: {shorten(text[:-1].strip(), 30)}")
    raise HintedValueError(f"'{shown}' is not a number",
                           "write a plain decimal such as 1958.13, or `unknown`")


def parse_int(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        _ascii_digits(value)
        if re.fullmatch(r"[0-9]{1,15}", value.strip()):
            return int(value)
    raise HintedValueError(f"'{shorten(str(value), 30)}' is not a whole number",
                           "write digits only, such as 2024")


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise HintedValueError(f"'{value}' is not true or false", "write true or false")


def parse_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        _ascii_digits(value)
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise HintedValueError(f"'{shorten(str(value), 30)}' is not a date",
                           "write the date as YYYY-MM-DD")


Dec = Annotated[Decimal, BeforeValidator(parse_decimal)]
Int = Annotated[int, BeforeValidator(parse_int)]
Bool = Annotated[bool, BeforeValidator(parse_bool)]
Date = Annotated[date, BeforeValidator(parse_date)]

_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def check_slug(value: Any) -> str:
    if isinstance(value, str) and _SLUG.fullmatch(value) and len(value) <= 80:
        return value
    raise HintedValueError(
        f"'{shorten(str(value), 30)}' is not a safe URL name",
        "use lower-case latin letters, digits and single hyphens, e.g. wuhai-social-insurance",
    )


Slug = Annotated[str, BeforeValidator(check_slug)]


def check_code(value: Any) -> str:
    if isinstance(value, str):
        _ascii_digits(value)
        if re.fullmatch(r"[0-9]{3}([0-9]{2}){0,2}", value):
            return value
    raise HintedValueError(
        f"'{shorten(str(value), 30)}' is not a classification code",
        "a code has 3 digits (类), 5 digits (款) or 7 digits (项), e.g. 208, 20801, 2080109",
    )


Code = Annotated[str, BeforeValidator(check_code)]


class Gap(StrEnum):
    """Why a text or figure is not there."""

    NOT_STATED = "not-stated"
    """The source does not state it (原文未载明)."""
    NOT_TRANSCRIBED = "not-transcribed"
    """The source states it, but it has not been entered here yet (尚未录入)."""


GAP_WORDS = {"not stated": Gap.NOT_STATED, "not transcribed": Gap.NOT_TRANSCRIBED}
GAP_KEYS = {"not_stated": Gap.NOT_STATED, "not_transcribed": Gap.NOT_TRANSCRIBED}
GAP_TEXT = {Gap.NOT_STATED: ("原文未载明", "not stated in the source"),
            Gap.NOT_TRANSCRIBED: ("尚未录入", "not yet transcribed")}
"""What a reader sees in place of a missing text (and in CSVs and JSON)."""


def gap_form(value: Any) -> tuple[Gap, Any] | None:
    """(gap, reason) when `value` is `not stated`, `not transcribed`, `{not_stated: why}`
    or `{not_transcribed: why}`; None for anything else."""
    if isinstance(value, str) and value.strip() in GAP_WORDS:
        return GAP_WORDS[value.strip()], None
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        if key in GAP_KEYS:
            return GAP_KEYS[key], value[key]
    return None


class Text(Strict):
    """Human-readable text in Chinese (required) and English (optional).
    In YAML either a plain string (Chinese only) or a mapping `{zh: ..., en: ...}`; or, when
    the source omits it, `not stated` / `{not_stated: why}`, and when it is not entered yet,
    `not transcribed` / `{not_transcribed: why}`: the page then says so, never a placeholder.
    """

    zh: str
    en: str | None = None
    gap: Gap | None = None
    """Set for a text the source does not give (zh and en then say so)."""
    reason: Text | None = None
    """Why it is missing, when `gap` is set and the publisher said why."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        gap = gap_form(value)
        if gap is not None:
            zh, en = GAP_TEXT[gap[0]]
            return {"zh": zh, "en": en, "gap": gap[0], "reason": gap[1]}
        if isinstance(value, str):
            return {"zh": value}
        if isinstance(value, dict) and ("gap" in value or "reason" in value):
            raise HintedValueError("`gap` and `reason` are not written by hand",
                                   "write `not stated` or `{not_stated: why}` instead")
        return value

    @model_validator(mode="after")
    def _not_blank(self) -> Text:
        if not self.zh.strip():
            raise HintedValueError("Chinese text is empty", "write the text under zh")
        return self

    def get(self, lang: str) -> str | None:
        """The text in `lang`, or None if it has no translation."""
        return self.zh if lang == "zh" else self.en


def stated(text: object) -> Text | None:
    """`text` when it names something, None when absent, a gap or not a `Text` (for lists
    and groupings: a unit whose region is not stated is still listed, under "not stated")."""
    return text if isinstance(text, Text) and text.gap is None else None


class Status(StrEnum):
    """Where a figure comes from."""

    STATED = "stated"
    COMPUTED = "computed"
    UNKNOWN = "unknown"
    """Not stated in the source."""
    NOT_TRANSCRIBED = "not-transcribed"
    """Stated in the source but not entered yet."""


class Figure(Strict):
    """A number from a disclosure: stated by the source, computed by us (with a note
    saying from what), not stated in the source (`unknown`; never shown as zero), or not
    transcribed yet.

    YAML forms: `1958.13` (stated); `unknown` or `not stated`; `not transcribed`; or a
    mapping with `value` and optional `computed` (the note), `source` (the sentence it was
    read from), `cite` (which of the disclosure's sources), or `unknown` / `not_transcribed`
    (why) instead of `value`.
    """

    value: Dec | None = None
    computed: Text | None = None
    unknown: Text | None = None
    not_transcribed: Text | None = None
    source: Text | None = None
    cite: Slug | None = None
    """Id of the source (meta.yaml `sources`) the figure was read from, when there are
    several."""

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, value: Any) -> Any:
        if value in ("unknown", "not stated"):
            return {"unknown": NOT_GIVEN}
        if value == "not transcribed":
            return {"not_transcribed": NOT_TRANSCRIBED}
        if isinstance(value, dict) and "not_stated" in value:
            value = {("unknown" if k == "not_stated" else k): v for k, v in value.items()}
        if isinstance(value, str):
            return {"value": value}
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Figure:
        given = [x for x in (self.value, self.unknown, self.not_transcribed) if x is not None]
        if not given:
            raise HintedValueError(
                "a figure needs a value, `unknown` or `not transcribed`",
                "write the number, or `unknown: why the source does not give it`")
        if len(given) > 1:
            raise HintedValueError("a figure has one of a value, `unknown` and "
                                   "`not_transcribed`")
        return self

    @property
    def status(self) -> Status:
        if self.value is not None:
            return Status.COMPUTED if self.computed is not None else Status.STATED
        return Status.NOT_TRANSCRIBED if self.not_transcribed is not None else Status.UNKNOWN

    @property
    def known(self) -> bool:
        return self.value is not None

    @property
    def missing_reason(self) -> Text | None:
        """Why there is no value (not stated, or not transcribed)."""
        return self.unknown if self.unknown is not None else self.not_transcribed


NOT_GIVEN = {"zh": "来源未给出", "en": "Not given in the source"}
NOT_TRANSCRIBED = {"zh": "原文载有此数,尚未录入", "en": "In the source, not yet transcribed"}
