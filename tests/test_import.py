"""`portal import`: the standard tables from workbooks laid out as units publish them
(tests/importspecs.py), read into YAML that the loader accepts, figure by figure."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from generator.cli.main import main
from generator.content.check import check_portal, open_portal
from generator.content.findings import Findings
from generator.content.load import validate_doc
from generator.content.model.tables import Table
from generator.content.yamlload import parse_yaml
from generator.importer.command import Outcome, import_workbook
from tests.importbook import Block, Line, Sheet, to_xls, write_workbook
from tests.importspecs import SHEETS, expenditure, general_budget_expenditure, operating

HERE = Path(__file__).resolve().parent
MINIMAL = HERE / "fixtures" / "minimal-content"
UNIT, YEAR = "demo-unit", "2024"


@pytest.fixture(scope="module")
def portal():  # type: ignore[no-untyped-def]
    portal, fs = open_portal(MINIMAL)
    assert portal is not None, fs.findings.format_text()
    return portal


def run(portal, path: Path) -> Outcome:  # type: ignore[no-untyped-def]
    return import_workbook(path, portal.layouts["unit-14-sections"], portal)


def tables(outcome: Outcome) -> dict[str, Table]:
    """Each table written, loaded as `portal check` loads it."""
    assert not outcome.problems.errors, outcome.problems.format("book")
    out = {}
    for name, text in outcome.texts.items():
        findings = Findings()
        doc = parse_yaml(Path(name), text.encode(), findings)
        assert doc is not None, findings.format_text()
        table = validate_doc(doc, Table, findings)
        assert table is not None, findings.format_text()
        out[table.id] = table
    return out


def expected_value(value: object, factor: int = 0) -> Decimal | None:
    """What a value cell of the spec must import as (None: unknown)."""
    if value is None or value == "-":
        return None
    number = Decimal(str(value).replace(",", "").rstrip("%"))
    return number.scaleb(factor)


def column_ids(table: Table, block: Block) -> list[str]:
    """The ids the block's figure columns were given (a lone 金额 joins 合计)."""
    ids = []
    for group, label in block.labels:
        found = [c.id for c in table.columns
                 if c.label.zh == label and (c.group.zh if c.group else None) == group]
        ids.append(found[0] if found else "total")
    return ids


def assert_imported(table: Table, sheet: Sheet, factor: int = 0) -> None:
    """The table holds the sheet's lines, block after block, each figure as published
    (converted when the sheet is in 元), each blank cell unknown."""
    expected = [(block, line) for block in sheet.blocks for line in block.lines]
    assert len(table.rows) == len(expected)
    for row, (block, line) in zip(table.rows, expected, strict=True):
        assert row.name.zh == line.name
        assert row.code == line.code
        assert row.depth == (len(line.code) - 1) // 2 if line.code else line.level
        assert row.total == line.name.endswith(("合计", "总计"))
        money = line.unit in (None, "万元") and not any(
            isinstance(v, str) and v.endswith("%") for v in line.values)
        for column, value in zip(column_ids(table, block), line.values, strict=True):
            figure = row.cells[column]
            want = expected_value(value, factor if money else 0)
            assert figure.value == want, (row.name.zh, column)
            assert (figure.unknown is not None) == (want is None)


@pytest.mark.parametrize("table_id", list(SHEETS))
def test_each_standard_table(portal, tmp_path: Path, table_id: str) -> None:
    sheet = SHEETS[table_id]()
    imported = tables(run(portal, write_workbook(tmp_path / "t.xlsx", [sheet])))
    assert list(imported) == [table_id]
    table = imported[table_id]
    assert table.number == sheet.number
    assert table.title is not None and table.title.zh == sheet.title
    assert_imported(table, sheet)
    if sheet.notes:
        assert table.note is not None and table.note.zh == " ".join(sheet.notes)


def test_whole_workbook_by_title_not_order(portal, tmp_path: Path) -> None:
    """Sheets in any order, named anything: each is found by its title."""
    sheets = [make() for make in SHEETS.values()][::-1]
    for i, sheet in enumerate(sheets):
        sheet.name = f"表{i + 1}"
    outcome = run(portal, write_workbook(tmp_path / "t.xlsx", sheets))
    imported = tables(outcome)
    assert sorted(imported) == sorted(SHEETS)
    assert sorted(outcome.texts) == sorted(f"{t.number:02d}-{t.id}.yaml"
                                           for t in portal.layouts["unit-14-sections"].tables)
    for table_id, make in SHEETS.items():
        assert_imported(imported[table_id], make())


def test_yuan_converted_to_wan_with_every_digit(portal, tmp_path: Path) -> None:
    sheet = general_budget_expenditure()
    sheet.amount_unit = "元"
    lines = sheet.blocks[0].lines
    lines[1].values = [Decimal("12345.67"), Decimal("4472500"), "1,234.5", None]
    counts = operating()
    counts.amount_unit = "元"
    for line in counts.blocks[0].lines:
        if line.unit == "万元":  # the line's 计量单位 says 元 too
            line.unit, line.values = "元", [v * 10000 for v in line.values]
    imported = tables(run(portal, write_workbook(tmp_path / "t.xlsx", [sheet, counts])))
    row = imported["general-budget-expenditure"].rows[1]
    assert row.cells["budget"].value == Decimal("1.234567")
    assert str(row.cells["budget"].value) == "1.234567"  # never rounded
    assert row.cells["total"].value == Decimal("447.25")
    assert row.cells["basic"].value == Decimal("0.12345")
    assert_imported(imported["general-budget-expenditure"], sheet, factor=-4)
    # counts (辆, 台(套)) and percentages stay as they are; amounts come back in 万元
    assert_imported(imported["operating-procurement-assets"], operating())


def test_xls_as_units_publish_it(portal, tmp_path: Path) -> None:
    """The same workbook as .xls (converted by LibreOffice) imports the same figures."""
    sheets = [make() for make in SHEETS.values()]
    xlsx = write_workbook(tmp_path / "t.xlsx", sheets)
    from_xlsx = tables(run(portal, xlsx))
    from_xls = tables(run(portal, to_xls(xlsx)))
    assert from_xls == from_xlsx
    for table_id, make in SHEETS.items():
        assert_imported(from_xls[table_id], make())


def test_split_codes_inherit_and_numbers(portal, tmp_path: Path) -> None:
    """类/款/项 as numbers (款 5 is 05), a 项 row that leaves 类 and 款 blank."""
    sheet = general_budget_expenditure()
    sheet.blocks[0].codes_as_numbers = True
    path = write_workbook(tmp_path / "t.xlsx", [sheet])
    book = load_workbook(path)
    ws = book.active
    ws["A14"], ws["B14"] = None, None  # 2080109: only its 项 is written
    book.save(path)
    imported = tables(run(portal, path))
    assert [r.code for r in imported["general-budget-expenditure"].rows][1:] == [
        "201", "20129", "2012999", "208", "20801", "2080109"]


def test_blank_rows_and_columns_change_nothing(portal, tmp_path: Path) -> None:
    clean = tables(run(portal, write_workbook(tmp_path / "a.xlsx", [expenditure()])))
    messy = expenditure()
    messy.offset, messy.blank_row_after, messy.blank_column = (2, 1), 2, True
    imported = tables(run(portal, write_workbook(tmp_path / "b.xlsx", [messy])))
    assert imported == clean
    assert_imported(imported["expenditure"], expenditure())


def test_source_comments_name_the_cells(portal, tmp_path: Path) -> None:
    """Each figure's comment names the cell that holds it in the workbook."""
    path = write_workbook(tmp_path / "t.xlsx", [general_budget_expenditure()])
    outcome = run(portal, path)
    ws = load_workbook(path).active
    text = outcome.texts["05-general-budget-expenditure.yaml"]
    figures = re.findall(r"^ {6}[a-z-]+: ([0-9.]+)  # ([A-Z]+[0-9]+)$", text, re.M)
    assert len(figures) > 10
    for value, cell in figures:
        assert Decimal(str(ws[cell].value)) == Decimal(value), cell


def test_damaged_sheet_every_cell_located(portal, tmp_path: Path) -> None:
    sheet = general_budget_expenditure()
    lines = sheet.blocks[0].lines
    lines[1].values[0] = "五点六"          # E9: text for a figure
    lines[2].values[1] = "１２.５"         # F10: full-width digits
    lines[3].code = "20129X9"              # C11 (项 X9): not digits
    sheet.blocks[0].lines.append(Line("", [Decimal("1.00"), None, None, None]))  # E15
    broken = expenditure()
    broken.amount_unit = None              # no 金额单位
    broken.name = "Sheet 2"
    path = write_workbook(tmp_path / "bad.xlsx", [sheet, broken])
    outcome = run(portal, path)
    found = {(p.sheet, p.cell) for p in outcome.problems.errors}
    assert {("Sheet1", "E9"), ("Sheet1", "F10"), ("Sheet1", "C11"),
            ("Sheet1", "E15")} <= found
    assert any(p.sheet == "Sheet 2" and "金额单位" in p.message
               for p in outcome.problems.errors)
    report = outcome.problems.format("bad.xlsx")
    assert "bad.xlsx:Sheet1!E9: error: '五点六' is not a figure" in report
    assert "bad.xlsx:'Sheet 2'!" in report


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    return content


def test_cli_writes_checked_tables_and_refuses_to_overwrite(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = _content(tmp_path)
    book = write_workbook(tmp_path / "公开表.xlsx", [make() for make in SHEETS.values()])
    tables_dir = content / "units" / UNIT / YEAR / "tables"
    before = {p.name: p.read_bytes() for p in tables_dir.iterdir()}
    args = [str(book), "--unit", UNIT, "--year", YEAR, "--content", str(content)]
    assert main(["import", *args]) == 1  # 05-general-budget-expenditure.yaml exists
    err = capsys.readouterr().err
    assert "05-general-budget-expenditure.yaml: exists" in err and "--force" in err
    assert {p.name: p.read_bytes() for p in tables_dir.iterdir()} == before
    assert main(["import", *args, "--force"]) == 0
    out = capsys.readouterr().out
    assert "11 tables written" in out and "portal check of demo-unit: ok" in out
    assert len(list(tables_dir.glob("*.yaml"))) == 11
    assert not check_portal(content).findings.errors


def test_cli_errors_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = _content(tmp_path)
    sheet = expenditure()
    sheet.blocks[0].lines[1].values[0] = "abc"
    book = write_workbook(tmp_path / "bad.xlsx", [sheet])
    tables_dir = content / "units" / UNIT / YEAR / "tables"
    before = sorted(tables_dir.iterdir())
    assert main(["import", str(book), "--unit", UNIT, "--year", YEAR, "--content",
                 str(content), "--force"]) == 1
    err = capsys.readouterr().err
    assert "bad.xlsx:Sheet1!C8: error: 'abc' is not a figure" in err
    assert "nothing was written" in err and "Traceback" not in err
    assert sorted(tables_dir.iterdir()) == before


def test_cli_not_a_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = _content(tmp_path)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook")
    for path in (fake, tmp_path / "missing.xls"):
        assert main(["import", str(path), "--unit", UNIT, "--year", YEAR, "--content",
                     str(content)]) == 1
        err = capsys.readouterr().err
        assert f"{path}: error: " in err and "Traceback" not in err


def test_cli_new_year_without_meta(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A year with no meta.yaml yet: the tables are written (numbered by the portal's
    layout) and the message says what portal check still needs."""
    content = _content(tmp_path)
    book = write_workbook(tmp_path / "t.xlsx", [expenditure()])
    assert main(["import", str(book), "--unit", UNIT, "--year", "2023", "--content",
                 str(content)]) == 1
    captured = capsys.readouterr()
    assert (content / "units" / UNIT / "2023" / "tables" / "03-expenditure.yaml").is_file()
    assert "meta.yaml is missing" in captured.err
    assert f"portal new year {UNIT} 2023" in captured.err


def test_sheets_that_are_not_tables(portal, tmp_path: Path) -> None:
    """Another sheet is skipped with a warning; a table twice, or one the layout lacks,
    is an error."""
    path = write_workbook(tmp_path / "t.xlsx", [expenditure()])
    book = load_workbook(path)
    book.create_sheet("封面")["A1"] = "2024年度部门决算公开"
    book.create_sheet("Sheet3")
    book.save(path)
    outcome = run(portal, path)
    assert not outcome.problems.errors
    assert [p.sheet for p in outcome.problems.items if "skipped" in p.message] == ["封面"]
    twice = expenditure()
    twice.name = "again"
    project = Sheet("项目收入支出决算表", [Block(["合计"], [Line("合计", [Decimal(1)])])],
                    name="p")
    outcome = run(portal, write_workbook(tmp_path / "u.xlsx", [expenditure(), twice, project]))
    assert {(p.sheet, p.cell) for p in outcome.problems.errors} == {("again", "A1:H1"),
                                                                    ("p", "A1:C1")}


ACROSS_HEAD = ["合计", "因公出国(境)费",
               ("公务用车购置及运行费", ["小计", "公务用车购置费", "公务用车运行费"]), "公务接待费"]


def _three_official_across(path: Path, budget: list[object], actual: list[object]) -> Path:
    """The 三公 table as the national template lays it out: 预算数 and 决算数 blocks across,
    the categories under them (公务用车 with 小计, 购置费 and 运行费 under it), 栏次, and one
    row of figures without a name."""
    wb = Workbook()
    ws = wb.active
    ws.title = "表10"
    ws.cell(1, 1, "乌海市社会保险事业服务中心2024年度财政拨款“三公”经费支出决算表")
    ws.merge_cells("A1:L1")
    ws.cell(2, 12, "公开10表")
    ws.cell(3, 1, "编制单位：乌海市社会保险事业服务中心")
    ws.cell(3, 12, "金额单位：元")
    col = 1
    for block in ("预算数", "决算数"):
        ws.cell(4, col, block)
        ws.merge_cells(start_row=4, start_column=col, end_row=4, end_column=col + 5)
        for head in ACROSS_HEAD:
            if isinstance(head, tuple):
                ws.cell(5, col, head[0])
                ws.merge_cells(start_row=5, start_column=col, end_row=5, end_column=col + 2)
                for sub in head[1]:
                    ws.cell(6, col, sub)
                    col += 1
            else:
                ws.cell(5, col, head)
                ws.merge_cells(start_row=5, start_column=col, end_row=6, end_column=col)
                col += 1
    for i in range(12):
        ws.cell(7, i + 1, i + 1)
    for i, value in enumerate([*budget, *actual]):
        if value is not None:
            ws.cell(8, i + 1, value)
    ws.cell(9, 1, "注：本表反映本单位2024年度财政拨款“三公”经费支出预算和决算情况。")
    wb.save(path)
    return path


def test_three_official_laid_out_across(portal, tmp_path: Path) -> None:
    """Categories across, one row of figures: a line per category (小计 is its group's
    line), a column per block, 元 converted to 万元, every cell named in its comment."""
    budget = [12000, 3000, 9000, 5000, 4000, 0]
    actual = [10456.5, 2000, 8456.5, 5000, 3456.5, None]
    book = _three_official_across(tmp_path / "t.xlsx", budget, actual)
    outcome = run(portal, book)
    table = tables(outcome)["three-official"]
    assert [c.id for c in table.columns] == ["budget", "actual"]
    names = ["合计", "因公出国(境)费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费",
             "公务接待费"]
    assert [r.name.zh for r in table.rows] == names
    assert [r.depth for r in table.rows] == [1, 2, 2, 3, 3, 2]
    assert [r.total for r in table.rows] == [True] + [False] * 5
    for i, row in enumerate(table.rows):
        assert row.cells["budget"].value == Decimal(budget[i]).scaleb(-4)
        want = actual[i]
        assert row.cells["actual"].value == (None if want is None
                                             else Decimal(str(want)).scaleb(-4))
    assert table.rows[5].cells["actual"].unknown is not None
    text = outcome.texts["10-three-official.yaml"]
    assert "name: \"公务用车购置费\"  # D6" in text
    assert "actual: 1.04565  # G8: 10456.5 元" in text
    assert table.note is not None and table.note.zh.startswith("注：本表反映")


def test_three_official_across_with_two_rows_of_figures(portal, tmp_path: Path) -> None:
    book = _three_official_across(tmp_path / "t.xlsx", [0] * 6, [0] * 6)
    wb = load_workbook(book)
    wb.active.insert_rows(9)
    wb.active.cell(9, 3, 5)
    wb.save(book)
    outcome = run(portal, book)
    assert "表10!C9: error: 2 rows of figures under a header whose lines run across" in \
        outcome.problems.format("t.xlsx")
