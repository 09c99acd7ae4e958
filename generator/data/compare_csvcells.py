"""The cells a comparison CSV is made of: the bilingual names of the headline figures, one
year's value/status/note/presence of a compared line, how a change was computed (or why
not), what the text states beside it, and the labels of a line's history (renamed, split,
merged, added, removed).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from ..compute.compare import Cell as CmpCell
from ..compute.compare import Line, Presence, Step, stated_verdict
from ..content.model.types import Figure, Text
from ..site.compare_views import line_tags
from .cells import WAN, en, figure_note, zh
from .csvfile import Cell, amount, decimal

HEADLINE_LABELS: dict[str, Text] = {
    "income-total": Text(zh="收入总计", en="Total income"),
    "income": Text(zh="本年收入", en="Income for the year"),
    "expenditure-total": Text(zh="支出总计", en="Total expenditure"),
    "expenditure": Text(zh="本年支出", en="Expenditure for the year"),
    "appropriations": Text(zh="财政拨款收入支出总计",
                           en="Fiscal appropriations (income and expenditure)"),
    "general-budget": Text(zh="一般公共预算财政拨款支出",
                           en="General public budget appropriation expenditure"),
    "basic": Text(zh="基本支出", en="Basic expenditure"),
    "project": Text(zh="项目支出", en="Project expenditure"),
    "personnel": Text(zh="人员经费", en="Personnel expenses"),
    "public": Text(zh="公用经费(基本支出)", en="Public expenses (basic expenditure)"),
    "three-official": Text(zh="\"三公\"经费", en="The three official expenses"),
    "public-expenses": Text(zh="公用经费支出", en="Public expenses (operating)"),
    "agency-operating-expenses": Text(zh="机关运行经费", en="Agency operating expenses"),
    "procurement": Text(zh="政府采购支出", en="Government procurement"),
}
"""Bilingual names of the headline figures (`compare.HEADLINES` keys) for the CSVs; the
pages use the same names from the catalogues (`compare.headline.<key>`)."""

TAGS: dict[str, tuple[str, str]] = {
    "renamed": ("{year}年起科目编码{old}改为{new}", "code {old} became {new} in {year}"),
    "split_into": ("{year}年起拆分为{new}", "split into {new} in {year}"),
    "split_from": ("{year}年由{old}拆分而来", "split from {old} in {year}"),
    "merged_into": ("{year}年起并入{new}", "merged into {new} in {year}"),
    "merged_from": ("{year}年由{old}合并而来", "merged from {old} in {year}"),
    "added": ("{year}年新增", "added in {year}"),
    "removed": ("{year}年起不再列示", "removed in {year}"),
}


# --------------------------------------------------------------------------- cells


def _not_stated(year: int) -> Text:
    return Text(zh=f"{year}年度记录未说明此数字",
                en=f"The {year} record does not state this figure")


def _not_in_text(year: int) -> Text:
    return Text(zh=f"{year}年度说明未列示此数字", en=f"The {year} text does not give this figure")


@cache
def _absent_note(year: int, stated: bool) -> str:
    """The note of a year's cell that has no figure: the same for every such cell of the
    year (made once: a comparison has hundreds)."""
    return figure_note(Figure(unknown=_not_stated(year) if stated else _not_in_text(year)))


def value_cells(cell: CmpCell, year: int, unit: str = WAN, item: bool = True) -> list[Cell]:
    """[value, status, note, presence] of one year of a compared line. A figure the text
    quotes (`item`) that a year does not give is unknown; a table line a year's table does
    not have is absent, with an empty status (there is no such figure)."""
    fig = cell.figure
    if cell.presence is Presence.PRESENT and fig is not None:
        value: Cell = None
        if fig.value is not None:
            value = amount(fig.value) if unit == WAN else decimal(fig.value)
        # str(): a StrEnum member's value, without Enum's Python-level `value` property
        return [value, str(fig.status), figure_note(fig), str(cell.presence)]
    if cell.presence is Presence.NOT_STATED:
        return [None, "unknown", _absent_note(year, True), str(cell.presence)]
    if item:
        return [None, "unknown", _absent_note(year, False), str(cell.presence)]
    return [None, None, None, str(cell.presence)]


def _fmt(value: Decimal, unit: str) -> str:
    return format(value.quantize(Decimal("0.01")) if unit == WAN else value, "f")


def step_note(step: Step, old: CmpCell, new: CmpCell, unit: str = WAN,
              budget: bool = False, item: bool = True) -> str:
    """How the change and growth were computed, or why they were not."""
    if step.change is None:
        for year, cell, what in ((step.from_year, old, "budget" if budget else "earlier"),
                                 (step.to_year, new, "final")):
            if cell.value is None:
                if cell.presence is Presence.ABSENT and not item:
                    return f"{year}年无此行 / no such line in {year}"
                if budget and what == "budget":
                    return f"{year}年度未说明年初预算 / no initial budget stated for {year}"
                return (f"{year}年度未说明此数字,无法计算 / not computed: {year} does not "
                        "state this figure")
        return ""
    assert old.value is not None and new.value is not None
    a, b = _fmt(old.value, unit), _fmt(new.value, unit)
    text = f"{b} − {a}"
    if step.growth is not None:
        text += f"; ({b} − {a}) ÷ {a} × 100"
    else:
        text += "; 基数为0,不计算增长率 / no growth rate from a base of zero"
    return text


def stated_cells(step: Step, old: CmpCell, new: CmpCell, unit: str = WAN) -> list[Cell]:
    """[stated change, stated growth, agreement, reason zh, reason en]."""
    stated = step.stated
    if stated is None:
        return [None, None, None, None, None]
    change = stated.change.value if stated.change is not None else None
    rate = stated.growth_rate.value if stated.growth_rate is not None else None
    verdict = stated_verdict(step, old.value, new.value)
    return [None if change is None else (amount(change) if unit == WAN else decimal(change)),
            None if rate is None else decimal(rate), verdict,
            zh(stated.reason), en(stated.reason)]


def tags_text(line: Line, first: int, last: int) -> str:
    out = []
    for tag in line_tags(line, first, last):
        zh_t, en_t = TAGS[tag.kind]
        zh_s = zh_t.format(**{**tag.values})
        en_s = en_t.format(**{**tag.values, "old": tag.values.get("old_en", ""),
                              "new": tag.values.get("new_en", "")})
        out.append(f"{zh_s} / {en_s}")
    return "; ".join(out)
