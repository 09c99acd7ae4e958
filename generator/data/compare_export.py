"""Comparison downloads of a unit: its cross-year comparison as CSV with the same rules as
every other download (bilingual headers, BOM, CRLF, stated/computed/unknown status, empty
never zero), described in the data package: headline figures over every year, initial
budget against final accounts, every line over every year, and each pair of years
(addresses in `paths`). The units side by side in a year are in `year_units`.

Values and changes come from the compute stage (`compare.py`); nothing is recomputed here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations, pairwise

from ..compute import compare
from ..compute.compare import Line, Presence, Step
from ..content.model.content import Content, Unit
from ..content.model.types import Text
from ..site.compare_views import UnitComparison
from .cells import (
    CODE_FIELD,
    NAME_EN_FIELD,
    NAME_FIELD,
    ROW_FIELD,
    WAN,
    both,
    en,
    unit_header,
    zh,
)
from .compare_csvcells import HEADLINE_LABELS, stated_cells, step_note, tags_text, value_cells
from .csvfile import Cell, amount, decimal
from .datapackage import STATUSES, CsvTable, Field
from .paths import (
    compare_budget_csv_path,
    compare_headlines_csv_path,
    compare_lines_csv_path,
    compare_pair_csv_path,
)

PRESENCES = tuple(p.value for p in Presence)


# --------------------------------------------------------------------------- fields

YEAR_FIELD = Field("年度 Year", "integer", "Year of the final accounts.", required=True)


def _value_fields(prefix_zh: str, prefix_en: str, unit_desc: str = "In 万元 (10,000 yuan) "
                  "unless the Unit column says otherwise.") -> list[Field]:
    what = f"{prefix_zh} {prefix_en}"
    return [
        Field(f"{what} ({unit_header(WAN)})" if "万元" in unit_desc else what, "number",
              f"{prefix_en}. {unit_desc} Empty when not stated (never 0)."),
        Field(f"{what} [状态 status]", "string",
              "stated / computed / unknown (value empty, never 0); empty: no such line.",
              enum=STATUSES),
        Field(f"{what} [说明 note]", "string", "How computed, why unknown, or the source."),
        Field(f"{what} [出现 presence]", "string",
              "present: the year gives the line; not-stated: the year's record does not say "
              "(an incomplete year, or a part it does not have); absent: the year's table or "
              "section has no such line.", required=True, enum=PRESENCES),
    ]


def _change_fields(basis_zh: str, basis_en: str) -> list[Field]:
    return [
        Field(f"增减{basis_zh} Change {basis_en} ({unit_header(WAN)})", "number",
              "Computed by the portal from the two figures (later − earlier); empty when "
              "either is not stated or unknown."),
        Field(f"增减率{basis_zh} Growth {basis_en} (%)", "number",
              "Computed: change ÷ earlier × 100, to 0.01; empty when the change is unknown or "
              "the earlier figure is zero."),
        Field(f"计算说明 How computed ({basis_en})", "string",
              "The figures the change and growth come from, or why they are not computed."),
    ]


STATED_FIELDS = [
    Field(f"原文所述增减 Stated change ({unit_header(WAN)})", "number",
          "The change the later year's text states (与上年决算相比增减)."),
    Field("原文所述增减率 Stated growth (%)", "number", "The growth rate the text states."),
    Field("与计算结果比较 Agreement", "string",
          "same: the text states what we compute; rounding: it differs, but the rounding of "
          "the published figures (±0.005) explains it; differs: more than rounding explains.",
          enum=("same", "rounding", "differs")),
    Field("变动原因 Reason", "string", "The reason the text gives for the change (Chinese)."),
    Field("变动原因(英文) Reason (English)", "string", "English translation of the reason."),
]

UNIT_FIELD = Field("计量单位 Unit", "string", "万元 (10,000 yuan) or the unit of a count.",
                   required=True)
PART_FIELD = Field("部分 Part", "string",
                   "headline (the headline figures), section (第二部分 an explanatory section) "
                   "or table (第五部分 a standard table).", required=True,
                   enum=("headline", "section", "table"))
WHERE_FIELD = Field("表或章节 Table or section", "string",
                    "Section id (e.g. overall) or table id (e.g. general-budget-expenditure); "
                    "headlines for the headline figures.", required=True)
LINE_FIELD = Field("行或项目 Line", "string",
                   "Stable key of the line: the item path (e.g. expenditure-total), the "
                   "classification code the line is followed by (after renames), or "
                   "name:<名称> for a table line without a code.", required=True)
TAGS_FIELD = Field("变化标注 Labels", "string",
                   "What happened to the line: added, removed, renamed, split or merged "
                   "(crosswalk), in Chinese / English.")
COLUMN_FIELD = Field("栏目 Column", "string",
                     "For a table line: the column compared (the table's first).")


def _line_unit(line: Line) -> str:
    return WAN if line.unit is None else line.unit.zh.strip()


LineRef = tuple[str, str, str, Line]
"""(part, where, column, line): a compared line and where it comes from."""


def _all_lines(cmp: UnitComparison) -> Iterator[LineRef]:
    """(part, where, column, line) of every compared line of a unit."""
    unit = cmp.unit
    for line in cmp.headline_lines:
        yield "headline", "headlines", "", line
    for ref in cmp.section_refs:
        for line in cmp.section_lines[ref.key]:
            yield "section", ref.key, "", line
    for tid, lines in cmp.table_lines.items():
        latest = next(t for d in reversed(unit.disclosures) if (t := d.table(tid)) is not None)
        for line in lines:
            yield "table", tid, latest.columns[0].id, line


def _name(part: str, line: Line) -> Text:
    return HEADLINE_LABELS.get(line.key, line.label) if part == "headline" else line.label


# --------------------------------------------------------------------------- CSVs


def headlines_csv(unit: Unit, headlines: list[Line]) -> CsvTable:
    fields = [ROW_FIELD,
              Field("指标 Figure", "string", "Stable key of the headline figure.",
                    required=True), NAME_FIELD, NAME_EN_FIELD, YEAR_FIELD,
              *_value_fields("决算数", "Final accounts"),
              Field("比较年度 Compared with", "integer",
                    "The previous year in this file the change is computed against."),
              *_change_fields("", "vs previous year"), *STATED_FIELDS]
    rows: list[list[Cell]] = []
    for line in headlines:
        name = HEADLINE_LABELS[line.key]
        years = sorted(line.cells)
        steps = {b: compare.step_between(line, a, b) for a, b in pairwise(years)}
        for y in years:
            step = steps.get(y)
            cells: list[Cell] = [len(rows) + 1, line.key, name.zh, en(name), y,
                                 *value_cells(line.cells[y], y)]
            rows.append(cells + step_cells(line, y, step))
    return CsvTable(
        name=f"{unit.slug}-compare-headlines",
        title=f"{both(unit.profile.name)}: 历年主要数字 / headline figures, every year",
        description=("The headline figures of every year of the unit, one line per figure and "
                     "year, with the change and growth rate against the previous year, what "
                     "the later year's text states and the reason it gives. A year that does "
                     "not state a figure has an empty value with status unknown (never 0)."),
        fields=fields, rows=rows, primary_key=[ROW_FIELD.name])


def step_cells(line: Line, year: int, step: Step | None, unit: str = WAN,
               item: bool = True) -> list[Cell]:
    """[from year, change, growth, how computed, *stated cells] of `line` in `year`, empty
    for its first year."""
    if step is None:
        return [None, None, None, None, *([None] * len(STATED_FIELDS))]
    old, new = line.cells[step.from_year], line.cells[year]
    return [step.from_year, _num(step.change, unit), _rate(step.growth),
            step_note(step, old, new, unit, item=item), *stated_cells(step, old, new, unit)]


def _rate(value: Decimal | None) -> Cell:
    return None if value is None else decimal(value)


def budget_csv(unit: Unit) -> CsvTable:
    fields = [ROW_FIELD,
              Field("指标 Figure", "string", "Headline key or general-budget item path.",
                    required=True), CODE_FIELD, NAME_FIELD, NAME_EN_FIELD, YEAR_FIELD,
              *_value_fields("年初预算", "Initial budget"),
              *_value_fields("决算数", "Final accounts"),
              *_change_fields("(与年初预算相比)", "vs initial budget"),
              Field(f"原文所述差额 Stated difference ({unit_header(WAN)})", "number",
                    "The difference from the initial budget the text states."),
              Field("原文所述差异率 Stated difference (%)", "number",
                    "The difference in percent of the initial budget the text states."),
              Field("差异原因 Reason", "string", "The reason the text gives (Chinese)."),
              Field("差异原因(英文) Reason (English)", "string", "English translation.")]
    rows: list[list[Cell]] = []
    for line in compare.budget_lines(unit):
        name = HEADLINE_LABELS.get(line.key, line.label)
        for y, c in line.cells.items():
            step = Step(y, y, c.difference, c.rate, c.stated)
            stated = c.stated
            s_change = stated.change.value if stated and stated.change else None
            s_rate = stated.growth_rate.value if stated and stated.growth_rate else None
            rows.append([len(rows) + 1, line.key, line.code, name.zh, en(name), y,
                         *value_cells(c.budget, y), *value_cells(c.final, y),
                         _num(c.difference, WAN), _rate(c.rate),
                         step_note(step, c.budget, c.final, budget=True),
                         _num(s_change, WAN), _rate(s_rate), zh(c.reason), en(c.reason)])
    return CsvTable(
        name=f"{unit.slug}-compare-budget",
        title=f"{both(unit.profile.name)}: 年初预算与决算 / initial budget and final accounts",
        description=("Each year's initial budget (年初预算) against its final accounts (决算) "
                     "for the headline figures and the general public budget lines that state "
                     "a budget; the difference is computed (final − budget) beside what the "
                     "text states and its reason."),
        fields=fields, rows=rows, primary_key=[ROW_FIELD.name])


def lines_csv(content: Content, unit: Unit, lines: Sequence[LineRef]) -> CsvTable:
    fields = [ROW_FIELD, PART_FIELD, WHERE_FIELD, COLUMN_FIELD, LINE_FIELD, CODE_FIELD,
              NAME_FIELD, NAME_EN_FIELD, UNIT_FIELD, TAGS_FIELD, YEAR_FIELD,
              *_value_fields("数值", "Value", "In the unit of the Unit column."),
              Field("比较年度 Compared with", "integer",
                    "The previous year in this file the change is computed against."),
              *_change_fields("", "vs previous year"), *STATED_FIELDS]
    first, last = unit.disclosures[0].year, unit.disclosures[-1].year
    rows: list[list[Cell]] = []
    for part, where, column, line in lines:
        name, u = _name(part, line), _line_unit(line)
        tags = tags_text(line, first, last)
        years = sorted(line.cells)
        steps = {b: compare.step_between(line, a, b) for a, b in pairwise(years)}
        for y in years:
            step = steps.get(y)
            cells: list[Cell] = [len(rows) + 1, part, where, column or None, line.key,
                                 line.code, name.zh, en(name), u, tags or None, y,
                                 *value_cells(line.cells[y], y, u, part != "table")]
            rows.append(cells + step_cells(line, y, step, u, item=part != "table"))
    return CsvTable(
        name=f"{unit.slug}-compare-lines",
        title=f"{both(unit.profile.name)}: 历年逐行比较 / every line, every year",
        description=("Every figure the explanatory sections quote (matched across years by "
                     "item path) and every line of the standard tables (matched by "
                     "classification code, following the crosswalk, or by name), one line "
                     "per line and year, with the change against the previous year."),
        fields=fields, rows=rows, primary_key=[ROW_FIELD.name])


def _num(value: Decimal | None, unit: str) -> Cell:
    if value is None:
        return None
    return amount(value) if unit == WAN else decimal(value)


def pair_csv(content: Content, unit: Unit, a: int, b: int,
             lines: Sequence[LineRef]) -> CsvTable:
    fields = [ROW_FIELD, PART_FIELD, WHERE_FIELD, COLUMN_FIELD, LINE_FIELD, CODE_FIELD,
              NAME_FIELD, NAME_EN_FIELD, UNIT_FIELD, TAGS_FIELD,
              *_value_fields(f"{a}年数值", f"Value {a}", "In the unit of the Unit column."),
              *_value_fields(f"{b}年数值", f"Value {b}", "In the unit of the Unit column."),
              *_change_fields("", f"{a}→{b}"), *STATED_FIELDS]
    rows: list[list[Cell]] = []
    for part, where, column, line in lines:
        old, new = line.cells[a], line.cells[b]
        if old.presence is Presence.ABSENT and new.presence is Presence.ABSENT:
            continue
        name, u = _name(part, line), _line_unit(line)
        step = compare.step_between(line, a, b)
        rows.append([len(rows) + 1, part, where, column or None, line.key, line.code, name.zh,
                     en(name), u, tags_text(line, a, b) or None,
                     *value_cells(old, a, u, part != "table"),
                     *value_cells(new, b, u, part != "table"), _num(step.change, u),
                     _rate(step.growth),
                     step_note(step, old, new, u, item=part != "table"),
                     *stated_cells(step, old, new, u)])
    return CsvTable(
        name=f"{unit.slug}-compare-{a}-{b}",
        title=f"{both(unit.profile.name)}: {a}年与{b}年比较 / {a} and {b} compared",
        description=(f"Every headline figure, explanation item and table line of {a} and {b} "
                     "side by side with the change and growth rate computed from them; where "
                     f"{b} directly follows {a}, what the {b} text states and its reason."),
        fields=fields, rows=rows, primary_key=[ROW_FIELD.name])


# --------------------------------------------------------------------------- assembly


@dataclass(frozen=True)
class CompareCsv:
    path: str
    table: CsvTable
    title: Text
    kind: str
    unit: str | None


def compare_csvs(content: Content, unit: Unit,
                 cmp: UnitComparison | None = None) -> list[CompareCsv]:
    """A unit's comparison CSVs, in a fixed order: with two or more years its headlines,
    budget, lines and each pair; none with one year. `cmp`: the unit compared, when
    already (its pages share it)."""
    if len(unit.disclosures) < 2:
        return []
    name = unit.profile.name
    cmp = cmp if cmp is not None else UnitComparison(unit, content.crosswalk)
    lines = list(_all_lines(cmp))  # computed once for every file
    out = [
        CompareCsv(compare_headlines_csv_path(unit.slug),
                   headlines_csv(unit, cmp.headline_lines),
                   Text(zh=f"{name.zh}:历年主要数字比较",
                        en=f"{name.en}: headline figures compared across years"
                        if name.en else None), "compare-headlines", unit.slug),
        CompareCsv(compare_budget_csv_path(unit.slug), budget_csv(unit),
                   Text(zh=f"{name.zh}:历年年初预算与决算",
                        en=f"{name.en}: initial budget and final accounts, every year"
                        if name.en else None), "compare-budget", unit.slug),
        CompareCsv(compare_lines_csv_path(unit.slug), lines_csv(content, unit, lines),
                   Text(zh=f"{name.zh}:历年逐行比较",
                        en=f"{name.en}: every line compared across years"
                        if name.en else None), "compare-lines", unit.slug),
    ]
    years = [d.year for d in unit.disclosures]
    for a, b in combinations(years, 2):
        out.append(CompareCsv(compare_pair_csv_path(unit.slug, a, b),
                              pair_csv(content, unit, a, b, lines),
                              Text(zh=f"{name.zh}:{a}年与{b}年比较",
                                   en=f"{name.en}: {a} and {b} compared"
                                   if name.en else None), "compare-pair", unit.slug))
    return out
