"""The CSV of one standard table (第五部分) and of the data of one chart: one line per row,
a value/status/note triple per column; a cell the content leaves out is unknown, never 0.
"""

from __future__ import annotations

from ..compute import charts
from ..compute.charts import Chart
from ..content.model.content import Disclosure, Unit
from ..content.model.tables import Column, Row, Table
from ..content.model.types import NOT_GIVEN, Figure, Text
from .cells import (
    CODE_FIELD,
    LEVEL_FIELD,
    NAME_EN_FIELD,
    NAME_FIELD,
    ROW_FIELD,
    both,
    csv_title,
    en,
    figure_cells,
    header,
    status_fields,
    text_fields,
    unit_description,
    unit_header,
    unit_name,
    zh,
)
from .csvfile import Cell
from .datapackage import CsvTable, Field
from .paths import chart_file, resource_name, table_file

_NOT_GIVEN = Text.model_validate(NOT_GIVEN)
_UNKNOWN_CELL = Figure(unknown=_NOT_GIVEN)
"""A table cell the content leaves out (models are frozen: one instance serves all)."""


# --------------------------------------------------------------------------- standard tables


def column_label(column: Column) -> tuple[str, str | None]:
    zh_label = (column.group.zh + "·" if column.group else "") + column.label.zh
    en_label = column.label.en
    if en_label and column.group and column.group.en:
        en_label = f"{column.group.en}: {en_label}"
    return zh_label, en_label


def table_cell(row: Row, column: Column) -> Figure:
    """A table cell; one the content leaves out is unknown (never zero)."""
    figure = row.cells.get(column.id)
    return _UNKNOWN_CELL if figure is None else figure


def cell_unit(row: Row, column: Column) -> Text | None:
    """Unit of one cell: the row's, else the column's, else 万元 (None)."""
    return row.unit or column.unit


def table_csv(unit: Unit, d: Disclosure, table: Table) -> CsvTable:
    has_row_units = any(r.unit is not None for r in table.rows)
    fields = [ROW_FIELD, LEVEL_FIELD, CODE_FIELD, NAME_FIELD, NAME_EN_FIELD,
              Field("合计行 Total row", "boolean",
                    "true for a total or subtotal row (合计, 总计): do not add it to the rows "
                    "it sums.", required=True)]
    if has_row_units:
        fields.append(Field("行计量单位 Row unit", "string",
                            "Unit of this row's figures when it is not the one in the column "
                            "header (e.g. 辆 vehicles); empty: as the header says."))
    seen: set[str] = set()
    for column in table.columns:
        zh_label, en_label = column_label(column)
        units = {unit_name(cell_unit(r, column)) for r in table.rows} or {
            unit_name(column.unit)}
        unit_label = next(iter(units)) if len(units) == 1 else "见行计量单位 see Row unit"
        what = header(zh_label, en_label)
        if what in seen:  # two columns with the same label: tell them apart by id
            what = f"{what} [{column.id}]"
        seen.add(what)
        base = f"{what} ({unit_header(unit_label)})"
        desc = unit_description(unit_label) if len(units) == 1 else "Unit: see the Row unit column."
        fields.extend(status_fields(base, what, desc, required=True))
    fields.extend(text_fields("行说明", "Row note", "What the table or the text says about "
                               "this row"))
    rows: list[list[Cell]] = []
    for n, row in enumerate(table.rows, start=1):
        cells: list[Cell] = [n, row.depth, row.code, row.name.zh, en(row.name), row.total]
        if has_row_units:
            cells.append(both(row.unit) if row.unit is not None else None)
        for column in table.columns:
            figure = table_cell(row, column)
            cells.extend(figure_cells(figure, unit_name(cell_unit(row, column))))
        cells.extend([zh(row.note), en(row.note)])
        rows.append(cells)
    description = [f"表{table.number} {both(table.title)}: {both(unit.profile.name)}, "
                   f"{d.year}. One line per table row, one value/status/note triple per "
                   "table column. 金额单位:万元."]
    if table.reconstructed:
        description.append("Rebuilt from the disclosure's text, not copied from the "
                           "published table (据说明文字重建).")
    if table.note is not None:
        description.append(both(table.note))
    return CsvTable(
        name=resource_name(d, table_file(table)),
        title=csv_title(unit, d.year, table.title),
        description=" ".join(description), fields=fields, rows=rows,
        primary_key=[ROW_FIELD.name])


# --------------------------------------------------------------------------- charts


def chart_title(chart: Chart) -> Text:
    """`图表数据：收入来源` / `Chart data: Income by source`."""
    return charts.label("chart.csv_title", title=chart.title)


def chart_csv(unit: Unit, d: Disclosure, chart: Chart) -> CsvTable:
    """Exactly the data of one chart: the rows of the table under it, each column's value,
    status and note. What the chart draws is the drawn columns' known figures."""
    fields = [ROW_FIELD,
              Field("键 Key", "string", "Stable id of the row within the chart.",
                    required=True),
              Field("上级 Parent", "string", "Key of the row this one is part of; empty at "
                    "the top."),
              LEVEL_FIELD, CODE_FIELD, NAME_FIELD, NAME_EN_FIELD,
              Field("合计行 Total row", "boolean", "true for the whole the other rows are "
                    "parts of.", required=True)]
    for column in chart.columns:
        what = header(column.label.zh, column.label.en)
        role = ("Drawn in the chart." if column.drawn
                else "Not drawn; shown with the chart's figures.")
        value, status, note = status_fields(header(column.label.zh, column.label.en,
                                                    column.unit), what,
                                             f"{unit_description(column.unit)} {role}")
        fields.extend([value, status, note])
    rows: list[list[Cell]] = []
    for n, row in enumerate(chart.rows, start=1):
        cells: list[Cell] = [n, row.key, row.parent, chart.depth(row), row.code, row.label.zh,
                             en(row.label), row.total]
        for column in chart.columns:
            cells.extend(figure_cells(row.cell(column.key), column.unit))
        rows.append(cells)
    title = chart_title(chart)
    source = ""
    if chart.source is not None:
        number = chart.source.number
        where = (f"表{number} " if chart.source.kind == "table" else f"{number}、") \
            if number is not None else ""
        source = f" Figures from {where}{both(chart.source.title)}."
    return CsvTable(
        name=resource_name(d, chart_file(chart.id)),
        title=csv_title(unit, d.year, chart.title),
        description=(f"{both(title)}: {both(unit.profile.name)}, {d.year}. One line per row "
                     "of the chart's table; an unknown figure is not drawn (its value is "
                     f"empty, never 0).{source}"),
        fields=fields, rows=rows, primary_key=["键 Key"])
