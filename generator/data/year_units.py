"""Every unit's headline figures in one year, side by side (`downloads/years/<year>-units.csv`,
in parts when a portal has so many units that one file would be too large), made from the
units' summaries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..build.summary import UnitSummary
from ..site.years import units_in_year
from . import csvfile
from .cells import NAME_EN_FIELD, NAME_FIELD, ROW_FIELD, WAN, en, header, unit_header
from .compare_csvcells import HEADLINE_LABELS, value_cells
from .csvfile import Cell, part_label, split_rows
from .datapackage import STATUSES, CsvTable, Field


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
