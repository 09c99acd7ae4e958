"""Round trip: the portal's own table CSVs (downloads/units/<unit>/<year>/tables/*.csv, as
the build writes them) -> a workbook in the national template -> `portal import` -> the
same codes, names and figures as the content the site was built from."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from generator.cli.main import check_content, main
from generator.content.model.tables import Table
from generator.data.paths import table_file
from tests.conftest import REAL_CONTENT, REAL_UNIT, BuiltSite
from tests.importbook import Block, Line, Sheet, to_xls, write_workbook


def _csv_sheet(path: Path, table: Table, split: bool, yuan: bool) -> Sheet:
    """The CSV as a published sheet: its columns' headers (group over label), one line per
    row, unknown figures blank; in 元 when asked."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    value_cols = [i for i, h in enumerate(head) if h.endswith("[状态 status]")]
    unit_col = head.index("行计量单位 Row unit") if "行计量单位 Row unit" in head else None
    headers: list[str | tuple[str, list[str]]] = []
    for i in value_cols:
        zh = head[i].split(" ")[0]
        group, _, label = zh.rpartition("·")
        if group and headers and isinstance(headers[-1], tuple) and headers[-1][0] == group:
            headers[-1][1].append(label)
        else:
            headers.append((group, [label]) if group else label)
    lines = []
    for row in rows[1:]:
        unit = row[unit_col].split(" / ")[0] if unit_col is not None and row[unit_col] else None
        values: list[Decimal | None] = []
        for i in value_cols:
            text = row[i - 1]
            value = Decimal(text) if text else None
            if value is not None and yuan and unit is None:
                value = value.scaleb(4)
            values.append(value)
        lines.append(Line(row[3], values, code=row[2] or None, level=int(row[1]),
                          unit=unit if unit_col is not None else None))
    if unit_col is not None:  # money lines say their unit too
        for line in lines:
            line.unit = line.unit or ("元" if yuan else "万元")
    coded = any(line.code for line in lines)
    assert table.title is not None
    return Sheet(table.title.zh, [Block(headers, lines,
                                        codes=("split" if split else "single") if coded
                                        else "none", unit_column=unit_col is not None)],
                 name=f"表{table.number}", number=table.number,
                 amount_unit="元" if yuan else "万元")


def _copy_portal(tmp: Path) -> Path:
    """The portal files and the real unit, without its tables."""
    content = tmp / "content"
    content.mkdir()
    for item in REAL_CONTENT.iterdir():
        if item.is_file():
            shutil.copy(item, content / item.name)
        elif item.name == "layouts":
            shutil.copytree(item, content / item.name)
    shutil.copytree(REAL_CONTENT / "units" / REAL_UNIT, content / "units" / REAL_UNIT)
    for tables in (content / "units" / REAL_UNIT).glob("*/tables"):
        shutil.rmtree(tables)
    return content


@pytest.mark.parametrize(("fmt", "split", "yuan"), [("xlsx", False, False),
                                                    ("xls", True, True)])
def test_csv_to_workbook_to_import_gives_the_same_figures(
        real_site: BuiltSite, tmp_path: Path, fmt: str, split: bool, yuan: bool) -> None:
    original, findings = check_content(REAL_CONTENT)
    assert original is not None, findings.format_text()
    unit = next(u for u in original.units if u.slug == REAL_UNIT)
    content = _copy_portal(tmp_path)
    compared = 0
    for d in unit.disclosures:
        if not d.tables:
            continue
        folder = real_site.root / "downloads" / "units" / REAL_UNIT / str(d.year)
        sheets = []
        for table in d.tables:
            sheets.append(_csv_sheet(folder / table_file(table), table, split, yuan))
        book = write_workbook(tmp_path / f"{d.year}.xlsx", sheets[::-1])
        if fmt == "xls":
            book = to_xls(book)
        assert main(["import", str(book), "--unit", REAL_UNIT, "--year", str(d.year),
                     "--content", str(content)]) == 0
        imported, findings = check_content(content)
        assert imported is not None, findings.format_text()
        again = next(x for x in next(u for u in imported.units if u.slug == REAL_UNIT)
                     .disclosures if x.year == d.year)
        assert [t.id for t in again.tables] == [t.id for t in d.tables]
        for before, after in zip(d.tables, again.tables, strict=True):
            assert [c.id for c in after.columns] == [c.id for c in before.columns]
            assert len(after.rows) == len(before.rows)
            for old, new in zip(before.rows, after.rows, strict=True):
                assert (new.code, new.name.zh, new.total, new.depth) == (
                    old.code, old.name.zh, old.total, old.depth)
                assert (new.unit.zh if new.unit else None) == (old.unit.zh if old.unit
                                                               else None)
                for column in before.columns:
                    figure = old.cells.get(column.id)
                    value = figure.value if figure is not None else None
                    assert new.cells[column.id].value == value, (before.id, old.name.zh,
                                                                 column.id)
                    compared += 1
    assert compared > 100
