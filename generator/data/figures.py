"""Every figure of a disclosure, one line each (long format): the tables' cells, the
figures the explanations quote and the self-evaluations' figures, in the columns
`FIGURES_FIELDS`. `longformat` writes these lines into the unit's, years' and portal's
files.
"""

from __future__ import annotations

from ..content.model.content import Disclosure, Unit
from ..content.model.types import Figure, Text
from .cells import (
    CODE_FIELD,
    NAME_EN_FIELD,
    NAME_FIELD,
    POINTS,
    both,
    csv_title,
    en,
    figure_note,
    figure_value,
    joined,
    unit_name,
)
from .csvfile import Cell
from .datapackage import STATUSES, CsvTable, Field
from .paths import section_file, table_file
from .performancecsv import FUNDING_FIGURES, FUNDING_LINES
from .sectioncsv import ITEM_FIGURES, ITEM_LABELS, item_figure, item_unit, walk_items
from .tablecsv import cell_unit, column_label, table_cell

# --------------------------------------------------------------------------- long format

PARTS = ("tables", "explanations", "performance")

FIGURES_FIELDS: list[Field] = [
    Field("单位代号 Unit slug", "string", "The unit's stable name in the portal's addresses.",
          required=True),
    Field("单位名称 Unit name", "string", "The unit's name in Chinese.", required=True),
    Field("年度 Year", "integer", "Year of the final accounts.", required=True),
    Field("部分 Part", "string",
          "tables (第五部分 决算表), explanations (第二部分 情况说明) or performance "
          "(项目支出绩效自评表).", required=True, enum=PARTS),
    Field("表或章节 Table or section", "string",
          "Table id (e.g. 05-general-budget-expenditure), section id (e.g. 05-general-budget) "
          "or evaluation id.", required=True),
    Field("表或章节名称 Title", "string", "Title of the table, section or project "
          "(Chinese / English).", required=True),
    Field("行或项目 Row or item", "string",
          "Tables: row number; explanations: item path; performance: funding/<line>, "
          "indicators/<n> or total.", required=True),
    CODE_FIELD,
    NAME_FIELD,
    NAME_EN_FIELD,
    Field("栏目或字段 Column or field", "string",
          "Table column id, or the explanation/performance field (amount, share, "
          "initial_budget, vs_previous.change ...).", required=True),
    Field("栏目名称 Column or field label", "string", "Chinese / English.", required=True),
    Field("数值 Value", "number",
          "The figure, in the unit of the next column; 万元 amounts with two decimals, "
          "others as given. Empty when unknown (never 0).", required=False),
    Field("计量单位 Unit", "string", "万元 (10,000 yuan), % (percent), 分 (points), or the unit "
          "written in the source (e.g. 辆).", required=True),
    Field("状态 Status", "string",
          "stated, computed (see the note) or unknown (value empty).", required=True,
          enum=STATUSES),
    Field("说明 Note", "string",
          "How a computed figure was derived, why a figure is unknown, or its source."),
]
FIGURES_KEY = ["单位代号 Unit slug", "年度 Year", "部分 Part", "表或章节 Table or section",
               "行或项目 Row or item", "栏目或字段 Column or field"]


def _figure_row(place: list[Cell], line: list[Cell], field_id: str, label: str,
                figure: Figure, unit_label: str) -> list[Cell]:
    """One figure's line: where it stands (`place`: the unit, year, part, table or
    section and its title; `line`: the row or item), which figure, its value and status."""
    return [*place, *line, field_id, label, figure_value(figure, unit_label), unit_label,
            str(figure.status), figure_note(figure)]


def figure_rows(unit: Unit, d: Disclosure) -> list[list[Cell]]:
    """Every figure of one disclosure, one line each (long format). What a table's,
    a row's or a column's figures share is made once for all of them."""
    rows: list[list[Cell]] = []
    disclosure: list[Cell] = [unit.slug, unit.profile.name.zh, d.year]
    for table in d.tables:
        where = table_file(table).removeprefix("tables/").removesuffix(".csv")
        place = [*disclosure, "tables", where, both(table.title)]
        labels = [(column, joined(zh_label, en_label))
                  for column in table.columns
                  for zh_label, en_label in [column_label(column)]]
        for n, row in enumerate(table.rows, start=1):
            line = [str(n), row.code, row.name.zh, en(row.name)]
            for column, label in labels:
                rows.append(_figure_row(place, line, column.id, label, table_cell(row, column),
                                        unit_name(cell_unit(row, column))))
    if d.explanations is not None:
        for section, _ in d.explanations.walk():
            where = section_file(d, section.id).removeprefix("sections/").removesuffix(".csv")
            place = [*disclosure, "explanations", where, both(section.title)]
            for path, _, item in walk_items(section.items):
                line = [path, item.code, item.label.zh, en(item.label)]
                for spec in ITEM_FIGURES:
                    quoted = item_figure(item, spec.key)
                    if quoted is not None:
                        rows.append(_figure_row(place, line, spec.key,
                                                both(ITEM_LABELS[spec.key]), quoted,
                                                item_unit(item, spec)))
    if d.performance is not None:
        for ev in d.performance.evaluations:
            place = [*disclosure, "performance", ev.id, both(ev.project)]
            for line_id, attr, label in FUNDING_LINES:
                funding = getattr(ev.funding, attr)
                line = [f"funding/{line_id}", None, label.zh, en(label)]
                for key, zh_label, en_label, unit_label in FUNDING_FIGURES:
                    given: Figure | None = getattr(funding, key)
                    if given is not None:
                        rows.append(_figure_row(place, line, key,
                                                joined(zh_label, en_label), given,
                                                unit_label))
            for n, ind in enumerate(ev.indicators, start=1):
                line = [f"indicators/{n}", None, ind.name.zh, en(ind.name)]
                for key, value, zh_label, en_label in (
                        ("weight", ind.weight, "分值", "Weight"),
                        ("score", ind.score, "得分", "Score")):
                    rows.append(_figure_row(place, line, key, joined(zh_label, en_label),
                                            Figure(value=value), POINTS))
            line = ["total", None, "总分", "Total"]
            for key, value, zh_label, en_label in (
                    ("total_weight", ev.total_weight, "总分值", "Total weight"),
                    ("total_score", ev.total_score, "总得分", "Total score")):
                rows.append(_figure_row(place, line, key, joined(zh_label, en_label),
                                        Figure(value=value), POINTS))
    return rows


def figures_csv(name: str, title: str, description: str,
                rows: list[list[Cell]]) -> CsvTable:
    return CsvTable(name=name, title=title, description=description,
                    fields=list(FIGURES_FIELDS), rows=rows, primary_key=list(FIGURES_KEY))


def unit_figures_csv(unit: Unit) -> CsvTable:
    """What a unit's all-years CSV is, for its data package; its lines are each year's
    `figure_rows`, written once per disclosure (`downloads.unit_downloads`)."""
    years = ", ".join(str(d.year) for d in unit.disclosures)
    return figures_csv(
        name=f"{unit.slug}-all-years",
        title=csv_title(unit, None, Text(zh="全部年度数字", en="every figure, every year")),
        description=(f"Every figure of every year ({years}) of {both(unit.profile.name)}, "
                     "one line per figure (long format): standard tables, the figures Part 2 "
                     "quotes, and the performance self-evaluations."),
        rows=[])
