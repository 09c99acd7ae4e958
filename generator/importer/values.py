"""A cell as a figure: the exact published value as a Decimal, in 万元.

A number cell is read as Excel shows it at full precision (15 significant digits, which
removes the binary noise of a sum such as 1958.1299999999999); a text cell may carry
thousands separators. 元 and 千元 are converted to 万元 by moving the decimal point
(12345.67 元 = 1.234567 万元): every digit is kept, nothing is rounded. A blank cell and a
dash are not zero: they become unknown figures that say what the sheet showed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..content.model.types import MAX_DECIMALS, MAX_INTEGER_DIGITS
from ..content.text import non_ascii_digit
from .grid import Value

AMOUNT_UNITS = {"万元": 0, "千元": -1, "元": -4}
"""金额单位 -> the power of ten that turns it into 万元."""
DASHES = frozenset({"-", "--", "—", "——", "－", "―", "/", "／", "\\"})
BLANK = {"zh": "原表此格为空", "en": "Blank in the published table"}
_DASHED = {"zh": "原表此格为“{}”", "en": "Shown as “{}” in the published table"}
_NUMBER = re.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")


@dataclass(frozen=True)
class Reading:
    """What a value cell holds: a figure, or why there is none."""

    value: Decimal | None = None
    unknown: dict[str, str] | None = None
    percent: bool = False
    """Written with a % sign."""
    shown: str = ""
    """The cell as published, for the source comment (`4472500 元`)."""


class CellError(ValueError):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


def _from_number(value: float | int) -> Decimal:
    if isinstance(value, int):
        return Decimal(value)
    if value != value or value in (float("inf"), float("-inf")):
        raise CellError("the cell holds an error or an infinite value",
                        "correct the formula in the workbook")
    return Decimal(format(value, ".15g"))


def _from_text(text: str) -> tuple[Decimal, bool]:
    if non_ascii_digit(text):
        raise CellError(f"'{text}' has a digit that is not 0-9",
                        "retype the figure with half-width digits")
    percent = text.endswith("%")
    body = text[:-1].strip() if percent else text
    body = body.replace(" ", "")
    if not _NUMBER.fullmatch(body):
        raise CellError(f"'{text}' is not a figure",
                        "a value cell holds a number, or is blank when the table gives none")
    return Decimal(body.replace(",", "")), percent


def read_value(value: Value) -> Reading:
    """The figure a cell holds as published (not converted)."""
    if isinstance(value, bool):
        raise CellError(f"'{value}' is a true/false value, not a figure")
    if isinstance(value, int | float):
        number = _from_number(value)
        return Reading(value=number, shown=plain(number))
    if not isinstance(value, str):
        raise CellError(f"'{value}' is a date or time, not a figure",
                        "format the cell as a number in the workbook")
    text = value.strip()
    if not text:
        return Reading(unknown=BLANK)
    if text in DASHES:
        return Reading(unknown={k: v.format(text) for k, v in _DASHED.items()}, shown=text)
    number, percent = _from_text(text)
    return Reading(value=number, percent=percent, shown=text)


def plain(number: Decimal) -> str:
    """Decimal as plain text, never exponent notation (`Decimal('1E+2')` -> `100`)."""
    text = format(number, "f")
    return "0" if text in ("-0", "0") else text


def to_wan(number: Decimal, unit: str) -> Decimal:
    """A figure in `unit` (万元, 千元, 元) in 万元, every digit kept."""
    return number.scaleb(AMOUNT_UNITS[unit])


def check_bounds(number: Decimal) -> None:
    """The model's bounds on a figure, checked here so the cell can be named."""
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    decimals = max(0, -exponent)
    whole = max(0, len(digits) + exponent)
    if whole > MAX_INTEGER_DIGITS or decimals > MAX_DECIMALS:
        raise CellError(f"{plain(number)} has {whole} digits before the point and "
                        f"{decimals} after: more than a figure may have",
                        f"at most {MAX_INTEGER_DIGITS} and {MAX_DECIMALS}; check the cell "
                        "and the 金额单位")
