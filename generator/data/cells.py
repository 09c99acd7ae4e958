"""The cells and columns every download CSV shares: bilingual text cells (`both`, `zh`,
`en`), bilingual headers, a figure's value/status/note cells, the data package fields of
the common columns, and a CSV's title and sources.

CSVs are bilingual (each header cell is `中文 English`), so one file serves both languages.
"""

from __future__ import annotations

from ..content.model.content import Disclosure, Unit
from ..content.model.types import Figure, Text
from ..site.i18n import csv_unit
from .csvfile import Cell, amount, decimal
from .datapackage import STATUSES, Field

WAN = "万元"
PERCENT = "%"
POINTS = "分"
CODE_PATTERN = "[0-9]{3}([0-9]{2}){0,2}"


# --------------------------------------------------------------------------- text helpers


def both(text: Text | None) -> str:
    """One cell for both languages: `中文 / English` (Chinese alone without translation)."""
    return "" if text is None else joined(text.zh, text.en)


def joined(zh_text: str, en_text: str | None) -> str:
    """`both` of two strings: `中文 / English`, or the Chinese alone."""
    return zh_text if not en_text or en_text == zh_text else f"{zh_text} / {en_text}"


def en(text: Text | None) -> str:
    return "" if text is None or text.en is None else text.en


def zh(text: Text | None) -> str:
    return "" if text is None else text.zh


def header(zh_label: str, en_label: str | None, unit: str | None = None) -> str:
    """A bilingual header cell: `合计 Total (万元 ¥10k)`."""
    out = zh_label if not en_label or en_label == zh_label else f"{zh_label} {en_label}"
    return f"{out} ({unit_header(unit)})" if unit else out


def unit_header(unit: str) -> str:
    """A unit as a header writes it: 万元 with its English (`unit.wan`: the amounts stay
    in 万元), any other as it is."""
    return csv_unit(WAN, "unit.wan") if unit == WAN else unit


def en_header(zh_label: str, en_label: str) -> str:
    """Header of the English twin of a text column: `名称(英文) Name (English)`."""
    return f"{zh_label}(英文) {en_label} (English)"


def figure_note(figure: Figure) -> str:
    """What a figure rests on: the computation, why it is unknown, where it was read."""
    if (figure.computed is None and figure.unknown is None and figure.not_transcribed is None
            and figure.source is None and figure.cite is None):
        return ""  # a plain stated figure (most cells): nothing to say
    parts = [both(t) for t in (figure.computed, figure.missing_reason) if t is not None]
    if figure.source is not None:
        parts.append("来源 Source: " + both(figure.source))
    if figure.cite is not None:
        parts.append(f"出处 Cited source: {figure.cite}")
    return "; ".join(parts)


def unit_name(unit: Text | None) -> str:
    """The unit as a cell writes it: `万元` when none is given, else its Chinese."""
    return WAN if unit is None else unit.zh.strip()


def figure_value(figure: Figure | None, unit: str) -> Cell:
    """The value cell: two decimals for 万元, as given otherwise, empty when unknown."""
    if figure is None or figure.value is None:
        return None
    return amount(figure.value) if unit == WAN else decimal(figure.value)


def figure_cells(figure: Figure | None, unit: str) -> list[Cell]:
    """[value, status, note]; an absent figure gives three empty cells."""
    if figure is None:
        return [None, None, None]
    return [figure_value(figure, unit), str(figure.status), figure_note(figure)]


def status_fields(base: str, what: str, unit_desc: str, *,
                   required: bool = False) -> list[Field]:
    """The value, status and note columns of one figure column: `合计 Total (万元 ¥10k)`,
    `合计 Total [状态 status]`, `合计 Total [说明 note]` (`what` is the header without the
    unit). Descriptions stay short: a package describes hundreds of such columns."""
    return [
        Field(base, "number", f"{what}. {unit_desc}"),
        Field(f"{what} [状态 status]", "string",
              "stated / computed / unknown (value empty, never 0)"
              + ("" if required else "; empty: no such figure"),
              required=required, enum=STATUSES),
        Field(f"{what} [说明 note]", "string", "How computed, why unknown, or the source."),
    ]


def unit_description(unit: str) -> str:
    if unit == WAN:
        return "In 万元 (10,000 yuan), two decimals."
    if unit == PERCENT:
        return "In percent, as given."
    return f"In {unit}, as given."


ROW_FIELD = Field("行 Row", "integer", "Position of the row in the file (1 = first).",
                  required=True)
CODE_FIELD = Field("代码 Code", "string",
                   "Classification code, as text: function classification class 类 (3 "
                   "digits) > sub-class 款 (5) > item 项 (7); economic classification class 类 "
                   "(3) > sub-class 款 (5).",
                   pattern=CODE_PATTERN)
LEVEL_FIELD = Field("层级 Level", "integer", "Depth in the hierarchy: 1 = top level.",
                    required=True)
NAME_FIELD = Field("名称 Name", "string", "Name in Chinese, as published.", required=True)
NAME_EN_FIELD = Field(en_header("名称", "Name"), "string", "English translation of the name.")


def text_fields(zh_label: str, en_label: str, what: str) -> list[Field]:
    return [Field(header(zh_label, en_label), "string", f"{what} (Chinese, as published)."),
            Field(en_header(zh_label, en_label), "string", f"{what} (English translation).")]


def package_sources(d: Disclosure) -> list[dict[str, str]]:
    """The disclosure's sources, as data package `sources` entries."""
    out = []
    for src in d.meta.sources:
        entry = {"title": both(src.title)}
        if src.url:
            entry["path"] = src.url
        out.append(entry)
    return out


def csv_title(unit: Unit | None, year: int | None, what: Text) -> str:
    """`乌海市… 2024 收入决算表 / Wuhai … 2024 Income`; Chinese alone when a part has no
    English."""
    name = unit.profile.name if unit is not None else None
    zh_parts = [zh(name), str(year) if year else "", what.zh]
    zh_title = " ".join(p for p in zh_parts if p)
    if (name is not None and not name.en) or not what.en:
        return zh_title
    en_parts = [en(name), str(year) if year else "", what.en]
    return f"{zh_title} / " + " ".join(p for p in en_parts if p)
