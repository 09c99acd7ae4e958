"""Comparison downloads: the cross-year comparison of each unit and the units side by side
in each year, as CSV with the same rules as every other download (bilingual headers, BOM,
CRLF, stated/computed/unknown status, empty never zero), described in the data package.

Layout under the site root::

    downloads/units/<slug>/compare/<slug>-headlines.csv     headline figures, every year
    downloads/units/<slug>/compare/<slug>-budget.csv        initial budget vs final accounts
    downloads/units/<slug>/compare/<slug>-lines.csv         every item and table line, every year
    downloads/units/<slug>/compare/<slug>-<y1>-<y2>.csv     two years, every line
    downloads/years/<year>-units.csv                        every unit's headline figures

Values and changes come from the compute stage (`compare.py`); nothing is recomputed here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import combinations, pairwise

from ..build.summary import UnitSummary
from ..compute import compare
from ..compute.audit.intervals import change_bounds, growth_bounds
from ..compute.compare import Cell as CmpCell
from ..compute.compare import Line, Presence, Step
from ..content.model.content import Content, Unit
from ..content.model.types import Figure, Text
from ..site.compare_views import UnitComparison, agreement, line_tags, units_in_year
from . import csvfile
from .csvfile import Cell, amount, decimal, part_label, split_rows
from .datapackage import STATUSES, CsvTable, Field
from .export import (
    CODE_FIELD,
    DOWNLOADS,
    NAME_EN_FIELD,
    NAME_FIELD,
    ROW_FIELD,
    WAN,
    both,
    en,
    figure_note,
    header,
    unit_header,
    zh,
)

PRESENCES = tuple(p.value for p in Presence)

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


def compare_dir(slug: str) -> str:
    return f"{DOWNLOADS}/units/{slug}/compare"


def compare_headlines_csv_path(slug: str) -> str:
    """Site path of a unit's headline figures over all its years, with their changes."""
    return f"{compare_dir(slug)}/{slug}-headlines.csv"


def compare_budget_csv_path(slug: str) -> str:
    """Site path of a unit's initial budgets against final accounts over all its years."""
    return f"{compare_dir(slug)}/{slug}-budget.csv"


def compare_lines_csv_path(slug: str) -> str:
    """Site path of every explanation item and table line of a unit over all its years."""
    return f"{compare_dir(slug)}/{slug}-lines.csv"


def compare_pair_csv_path(slug: str, year: int, to_year: int) -> str:
    """Site path of the comparison of two years of a unit, every line."""
    return f"{compare_dir(slug)}/{slug}-{year}-{to_year}.csv"


def year_units_csv_path(year: int, part: int = 1) -> str:
    """Site path of every unit's headline figures in one year (of its `part`-th file,
    when a portal has so many units that they take several)."""
    return f"{DOWNLOADS}/years/{year}-units{'' if part == 1 else f'-{part}'}.csv"


# --------------------------------------------------------------------------- cells


def _not_stated(year: int) -> Text:
    return Text(zh=f"{year}年度记录未说明此数字",
                en=f"The {year} record does not state this figure")


def _not_in_text(year: int) -> Text:
    return Text(zh=f"{year}年度说明未列示此数字", en=f"The {year} text does not give this figure")


def value_cells(cell: CmpCell, year: int, unit: str = WAN, item: bool = True) -> list[Cell]:
    """[value, status, note, presence] of one year of a compared line. A figure the text
    quotes (`item`) that a year does not give is unknown; a table line a year's table does
    not have is absent, with an empty status (there is no such figure)."""
    fig = cell.figure
    if cell.presence is Presence.PRESENT and fig is not None:
        value: Cell = None
        if fig.value is not None:
            value = amount(fig.value) if unit == WAN else decimal(fig.value)
        return [value, fig.status.value, figure_note(fig), cell.presence.value]
    if cell.presence is Presence.NOT_STATED:
        return [None, "unknown", figure_note(Figure(unknown=_not_stated(year))),
                cell.presence.value]
    if item:
        return [None, "unknown", figure_note(Figure(unknown=_not_in_text(year))),
                cell.presence.value]
    return [None, None, None, cell.presence.value]


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
    verdict = None
    if old.value is not None and new.value is not None:
        verdicts = [agreement(step.change, stated.change, change_bounds(old.value, new.value)),
                    agreement(step.growth, stated.growth_rate,
                              growth_bounds(old.value, new.value))]
        shown = [v for v in verdicts if v != "none"]
        if shown:
            verdict = next(v for v in ("differs", "rounding", "same") if v in shown)
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


def year_units_csvs(units: Sequence[UnitSummary], year: int,
                    limit: int | None = None) -> list[CsvTable]:
    """`year_units_csv` in parts of at most `limit` bytes (`csvfile.PART_BYTES`): one file
    while the units fit, the rows numbered across the parts."""
    whole = year_units_csv(units, year)
    parts = split_rows(whole.header, whole.rows, limit or csvfile.PART_BYTES)
    if len(parts) == 1:
        return [whole]
    return [replace(whole, name=f"{whole.name}-{n}", rows=list(rows),
                    title=whole.title + part_label(n, len(parts))[1])
            for n, rows in enumerate(parts, 1)]


def year_units_csv(units: Sequence[UnitSummary], year: int) -> CsvTable:
    """One line per unit; every headline figure has its columns in every year's file (the
    page shows only those some unit states), so the files of all years line up."""
    view = units_in_year(units, year, every_key=True)
    fields = [ROW_FIELD,
              Field("单位代号 Unit slug", "string", "The unit's stable name.", required=True),
              NAME_FIELD, NAME_EN_FIELD,
              Field("部分记录 Partial record", "boolean",
                    "true when the unit's record of this year is incomplete.", required=True)]
    for key in view.keys:
        label = HEADLINE_LABELS[key]
        what = header(label.zh, label.en)
        fields += [Field(f"{what} ({unit_header(WAN)})", "number",
                         f"{label.en}. In 万元; empty when not stated (never 0)."),
                   Field(f"{what} [状态 status]", "string",
                         "stated / computed / unknown (value empty, never 0).",
                         required=True, enum=STATUSES),
                   Field(f"{what} [说明 note]", "string",
                         "How computed, why unknown, or the source.")]
    rows: list[list[Cell]] = []
    for r in view.rows:
        cells: list[Cell] = [len(rows) + 1, r.unit.slug, r.unit.profile.name.zh,
                             en(r.unit.profile.name), r.partial]
        for spec in r.cells:
            cells += value_cells(spec.cell, year)[:3]
        rows.append(cells)
    return CsvTable(
        name=f"year-{year}-units",
        title=f"{year}年度各单位主要数字 / every unit's headline figures, {year}",
        description=(f"The headline figures of every unit with a {year} disclosure, one line "
                     "per unit, in the order of the units' Chinese names."),
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
