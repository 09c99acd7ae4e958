"""Journalist downloads (generator/data/): CSV bytes and content, formula neutralising,
unknown/computed figures, determinism, the ZIP and JSON, and a valid Frictionless package."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from generator.cli.main import check_content
from generator.content.model.content import Content, Disclosure
from generator.content.model.explanations import Comparison, Item
from generator.content.model.types import Figure
from generator.data.csvfile import amount, decimal, neutralise
from generator.data.downloads import build_export, download_entries, export_files
from generator.data.export import ExportError
from generator.data.longformat import PORTAL_ALL_GZ_PATH, year_figures_path
from generator.data.paths import (
    DATAPACKAGE_PATH,
    disclosure_archive_path,
    disclosure_json_path,
    evaluations_csv_path,
    funding_csv_path,
    indicators_csv_path,
    section_csv_path,
    table_csv_path,
    unit_all_years_csv_path,
)
from tests.buildutil import package_resources

FIXTURES = Path(__file__).parent / "fixtures"
EXPORT_FIXTURE = FIXTURES / "export-content"
MINIMAL_FIXTURE = FIXTURES / "minimal-content"
DEMO = "downloads/units/demo-unit/2024"
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def load(root: Path) -> Content:
    content, findings = check_content(root)
    assert content is not None, findings.format_text()
    return content


@pytest.fixture(scope="module")
def content() -> Content:
    return load(EXPORT_FIXTURE)


@pytest.fixture(scope="module")
def files(content: Content) -> dict[str, bytes]:
    return export_files(content)


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def read_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def disclosure(content: Content, unit: str, year: int) -> Disclosure:
    return next(d for d in content.disclosures() if d.unit == unit and d.year == year)


def triples(header: list[str]) -> list[tuple[int, int, int]]:
    """(value, status, note) column positions of each figure column of a wide CSV."""
    return [(i - 1, i, i + 1) for i, h in enumerate(header) if h.endswith("[状态 status]")]


def unescape(cell: str) -> str:
    """The text before neutralising: the apostrophe goes only where it was added."""
    return cell[1:] if cell.startswith("'") and neutralise(cell[1:]) == cell else cell


def money(value: Decimal) -> str:
    """Independent statement of the rule: as written, never padded, never rounded."""
    return f"{value:f}"


# --------------------------------------------------------------------------- file format


def test_csvs_have_bom_crlf_and_fixed_width(files: dict[str, bytes]) -> None:
    csvs = {p: b for p, b in files.items() if p.endswith(".csv")}
    assert len(csvs) >= 10
    for path, data in csvs.items():
        assert data.startswith(b"\xef\xbb\xbf"), path
        assert data.endswith(b"\r\n"), path
        assert re.search(rb"(?<!\r)\n", data) is None, f"{path}: bare LF"
        rows = read_rows(data)
        assert len({len(r) for r in rows}) == 1, f"{path}: ragged rows"
        assert len(rows[0]) == len(set(rows[0])), f"{path}: duplicate headers"


def test_no_text_cell_starts_like_a_formula(files: dict[str, bytes]) -> None:
    for path, data in files.items():
        if not path.endswith(".csv"):
            continue
        for row in read_rows(data):
            for cell in row:
                if neutralise(cell) != cell:
                    assert PLAIN_NUMBER.fullmatch(cell), f"{path}: {cell!r} not neutralised"


def test_formula_injection_is_neutralised_and_numbers_kept(files: dict[str, bytes]) -> None:
    data = files[f"{DEMO}/tables/01-income-expenditure-summary.csv"]
    rows = read_csv(data)
    names = [r["名称 Name"] for r in rows]
    assert names[:5] == ["'=HYPERLINK(\"http://x\",\"y\")", "'-1+2", "'@SUM(A1)",
                         "'\t制表符开头", "'\r回车开头"]
    assert [r["名称(英文) Name (English)"] for r in rows][1] == "'+1 plus"
    assert rows[0]["决算数 Final accounts (万元 ¥10k)"] == "-1500"
    assert b",-1500," in data  # a number, unquoted and without apostrophe
    computed = rows[4]
    assert computed["决算数 Final accounts [说明 note]"] == "'=0.5+0.7 / 0.5 plus 0.7"
    assert computed["行说明 Row note"] == "'=1+1 行说明"
    assert computed["行说明(英文) Row note (English)"] == "'-row note"


def test_cell_helpers() -> None:
    assert amount(Decimal("1.2")).text == "1.2"
    assert amount(Decimal("1.2E+1")).text == "12"
    assert amount(Decimal("-1500")).text == "-1500"
    assert amount(Decimal("1958.13")).text == "1958.13"
    assert amount(Decimal("1958.125")).text == "1958.125"  # never rounded away
    assert decimal(Decimal("1E-7")).text == "0.0000001"
    assert decimal(Decimal("97.90")).text == "97.90"
    for text in ("=1", "+1", "-1", "@a", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    assert neutralise("208") == "208" and neutralise("合计") == "合计"


# --------------------------------------------------------------------------- CSV == model


def test_table_csvs_equal_the_model(content: Content, files: dict[str, bytes]) -> None:
    for d in content.disclosures():
        for table in d.tables:
            rows = read_rows(files[table_csv_path(d.unit, d.year, table)])
            header, body = rows[0], rows[1:]
            assert len(body) == len(table.rows)
            for n, (row, line) in enumerate(zip(table.rows, body, strict=True), start=1):
                cell = dict(zip(header, line, strict=True))
                assert cell["行 Row"] == str(n)
                assert cell["代码 Code"] == (row.code or "")
                assert unescape(cell["名称 Name"]) == row.name.zh
                assert unescape(cell["名称(英文) Name (English)"]) == (row.name.en or "")
                assert cell["合计行 Total row"] == ("true" if row.total else "false")
                found = triples(header)
                assert len(found) == len(table.columns)
                values = [line[v] for v, _, _ in found]
                statuses = [line[st] for _, st, _ in found]
                for column, value, status in zip(table.columns, values, statuses,
                                                 strict=True):
                    figure = row.cells.get(column.id)
                    if figure is None or figure.value is None:
                        assert (value, status) == ("", "unknown")
                        continue
                    assert status == figure.status.value
                    unit = row.unit or column.unit
                    expected = money(figure.value) if unit is None else f"{figure.value:f}"
                    assert value == expected


def test_table_units_and_spot_values(files: dict[str, bytes]) -> None:
    rows = read_csv(files[f"{DEMO}/tables/05-general-budget-expenditure.csv"])
    assert "合计 Total (万元 ¥10k)" in rows[0]
    assert "本年支出·基本支出 Current year: Basic (万元 ¥10k)" in rows[0]
    assert [r["代码 Code"] for r in rows] == ["", "208", "20801", "2080109"]
    # As the YAML writes them (40 and 60.0): a figure keeps the precision it was given.
    assert rows[0]["本年支出·基本支出 Current year: Basic (万元 ¥10k)"] == "40"
    assert rows[0]["本年支出·项目支出 Current year: Project (万元 ¥10k)"] == "60.0"
    assert rows[3]["本年支出·项目支出 Current year: Project [说明 note]"] == (
        "来源 Source: 见说明第五节 / See section 5")
    computed = rows[1]
    assert computed["本年支出·项目支出 Current year: Project [状态 status]"] == "computed"
    assert computed["本年支出·项目支出 Current year: Project [说明 note]"] == (
        "100.00减40.00 / 100.00 less 40.00")
    assets = read_csv(files[f"{DEMO}/tables/11-operating-procurement-assets.csv"])
    assert assets[1]["行计量单位 Row unit"] == "辆 / vehicles"
    assert assets[1]["金额或数量 Amount or count (见行计量单位 see Row unit)"] == "2"
    assert assets[0]["金额或数量 Amount or count (见行计量单位 see Row unit)"] == "39.21"


def test_unknown_is_empty_with_status_never_zero(content: Content,
                                                files: dict[str, bytes]) -> None:
    rows = read_csv(files[f"{DEMO}/tables/01-income-expenditure-summary.csv"])
    for line in rows[1:4]:
        assert line["决算数 Final accounts (万元 ¥10k)"] == ""
        assert line["决算数 Final accounts [状态 status]"] == "unknown"
    assert rows[3]["决算数 Final accounts [说明 note]"] == (
        "说明未给出拆分 / The text does not give the split")
    demo = disclosure(content, "demo-unit", 2024)
    section = read_csv(files[section_csv_path(demo, "expenditure")])
    project = next(r for r in section if r["项目路径 Item path"] == "total/project")
    assert project["决算数 Final accounts (万元 ¥10k)"] == ""
    assert project["决算数 Final accounts [状态 status]"] == "unknown"
    for path, data in files.items():
        if not path.endswith(".csv"):
            continue
        table = read_rows(data)
        header = table[0]
        pairs = [(v, st) for v, st, _ in triples(header)]
        if "状态 Status" in header:
            pairs.append((header.index("数值 Value"), header.index("状态 Status")))
        assert pairs or "evaluations" in path or "indicators" in path, path
        for cells in table[1:]:
            for v, st in pairs:
                if cells[st] in ("unknown", ""):
                    assert cells[v] == "", (path, cells)


def test_section_csv(content: Content, files: dict[str, bytes]) -> None:
    rows = read_csv(files[section_csv_path(disclosure(content, "demo-unit", 2024), "expenditure")])
    assert [r["项目路径 Item path"] for r in rows] == ["total", "total/basic", "total/project"]
    assert [r["层级 Level"] for r in rows] == ["1", "2", "2"]
    total = rows[0]
    assert total["决算数 Final accounts (万元 ¥10k)"] == "100.00"
    assert total["与上年决算相比增减 Change vs previous year (万元 ¥10k)"] == "-2.86"
    assert total["与上年决算相比增减率 Growth vs previous year (%)"] == "-100.00"
    assert total["变动原因 Reason (vs previous year)"] == "'-减少原因"
    assert total["变动原因(英文) Reason (vs previous year) (English)"] == "'=reason"
    assert total["上年决算 Previous year's final accounts [状态 status]"] == "computed"
    assert total["占比 Share (%)"] == "" and total["占比 Share [状态 status]"] == ""
    assert rows[1]["占比 Share (%)"] == "40.00"
    assert rows[2]["名称 Name"] == "'@项目支出"
    assets = read_csv(files[section_csv_path(disclosure(content, "demo-unit", 2024), "assets")])
    assert assets[0]["计量单位 Unit"] == "辆"
    assert assets[0]["决算数 Final accounts (辆)"] == "0"


def test_performance_csvs(files: dict[str, bytes]) -> None:
    evaluations = read_csv(files[evaluations_csv_path("demo-unit", 2024)])
    assert [e["编号 Evaluation id"] for e in evaluations] == ["office-funds"]
    assert evaluations[0]["实际完成情况 Achieved"] == "'=已如期完成"
    assert evaluations[0]["总得分 Total score (分)"] == "14.92"
    funding = read_csv(files[funding_csv_path("demo-unit", 2024, "office-funds")])
    assert [f["资金项 Line"] for f in funding] == ["total", "appropriation", "carry-over",
                                                   "other"]
    assert funding[0]["全年执行数 Executed (万元 ¥10k)"] == "17.86"
    assert funding[0]["年初预算数 Initial budget (万元 ¥10k)"] == "18"
    assert funding[0]["执行率 Execution rate (%)"] == "99.22"
    assert funding[0]["分值 Weight (分)"] == "10"
    rows = read_rows(files[funding_csv_path("demo-unit", 2024, "office-funds")])
    blank = rows[3]  # 上年结转资金: left blank in the published table
    assert blank[2] == "上年结转资金"
    assert all(blank[i] == "" for t in triples(rows[0]) for i in t)
    assert funding[3]["执行率 Execution rate [状态 status]"] == "unknown"
    indicators = read_csv(files[indicators_csv_path("demo-unit", 2024, "office-funds")])
    assert [i["指标方向 Direction"] for i in indicators] == ["大于等于 (>=)", "", "等于 (=)"]
    assert indicators[2]["年度指标值 Target"] == "'-6.38"
    assert indicators[2]["分值 Weight (分)"] == "2.5"
    assert indicators[2]["偏差原因分析及改进措施 Deviation"] == "'+未合理考虑报纸征订需求"


# --------------------------------------------------------------------------- long format


def model_figures(content: Content) -> Iterator[tuple[tuple[str, ...], Figure]]:
    """Every figure of the model, found by walking the models generically (so a figure
    field added to the model later is caught here), keyed like the long CSV."""
    for d in content.disclosures():
        base = (d.unit, str(d.year))
        for table in d.tables:
            where = f"{table.number:02d}-{table.id}"
            for n, row in enumerate(table.rows, start=1):
                for column in table.columns:
                    figure = row.cells.get(column.id) or Figure.model_validate("unknown")
                    yield (*base, "tables", where, str(n), column.id), figure
        if d.explanations is not None:
            for section in d.explanations.sections:
                where = Path(section_csv_path(d, section.id)).stem

                def walk(items: list[Item], prefix: str) -> Iterator[tuple[str, Item]]:
                    for item in items:
                        path = f"{prefix}/{item.id}" if prefix else item.id
                        yield path, item
                        yield from walk(item.items, path)

                for path, item in walk(section.items, ""):
                    for name in type(item).model_fields:
                        value = getattr(item, name)
                        if isinstance(value, Figure):
                            yield (*base, "explanations", where, path, name), value
                        elif isinstance(value, Comparison):
                            for sub in type(value).model_fields:
                                fig = getattr(value, sub)
                                if isinstance(fig, Figure):
                                    yield ((*base, "explanations", where, path,
                                            f"{name}.{sub}"), fig)
        if d.performance is not None:
            for ev in d.performance.evaluations:
                for line_name in type(ev.funding).model_fields:
                    line = getattr(ev.funding, line_name)
                    for name in type(line).model_fields:
                        fig = getattr(line, name)
                        if fig is not None:
                            key = f"funding/{line_name.replace('_', '-')}"
                            yield (*base, "performance", ev.id, key, name), fig
                for n, ind in enumerate(ev.indicators, start=1):
                    yield ((*base, "performance", ev.id, f"indicators/{n}", "weight"),
                           Figure(value=ind.weight))
                    yield ((*base, "performance", ev.id, f"indicators/{n}", "score"),
                           Figure(value=ind.score))
                yield ((*base, "performance", ev.id, "total", "total_weight"),
                       Figure(value=ev.total_weight))
                yield ((*base, "performance", ev.id, "total", "total_score"),
                       Figure(value=ev.total_score))


KEY = ["单位代号 Unit slug", "年度 Year", "部分 Part", "表或章节 Table or section",
       "行或项目 Row or item", "栏目或字段 Column or field"]


def test_long_format_holds_every_figure(content: Content, files: dict[str, bytes]) -> None:
    rows = read_csv(gzip.decompress(files[PORTAL_ALL_GZ_PATH]))
    got = {tuple(r[k] for k in KEY): r for r in rows}
    assert len(got) == len(rows), "duplicate keys"
    expected = dict(model_figures(content))
    assert set(got) == set(expected)
    for key, figure in expected.items():
        row = got[key]
        assert row["状态 Status"] == figure.status.value, key
        if figure.value is None:
            assert row["数值 Value"] == "", key
        else:
            assert Decimal(row["数值 Value"]) == figure.value, key
            if row["计量单位 Unit"] == "万元":
                assert row["数值 Value"] == money(figure.value), key
    unit_rows = read_csv(files[unit_all_years_csv_path("demo-unit")])
    assert {r["年度 Year"] for r in unit_rows} == {"2023", "2024"}
    assert unit_rows == [r for r in rows if r["单位代号 Unit slug"] == "demo-unit"]
    previous = got[("demo-unit", "2023", "explanations", "03-expenditure", "total", "amount")]
    assert previous["说明 Note"] == ("来源 Source: 与上年决算相比减少2.86万元 / "
                                   "Decrease of 2.86 over the previous year")
    for year in {r["年度 Year"] for r in rows}:  # each year's file: the same lines
        plain = files[year_figures_path(int(year), 1)]
        assert gzip.decompress(files[year_figures_path(int(year), 1) + ".gz"]) == plain
        assert read_csv(plain) == [r for r in rows if r["年度 Year"] == year]


# --------------------------------------------------------------------------- determinism, ZIP, JSON


def test_two_exports_are_byte_identical(content: Content, files: dict[str, bytes]) -> None:
    again = export_files(load(EXPORT_FIXTURE))
    assert list(again) == list(files)
    for path in files:
        assert again[path] == files[path], path


def test_archive(content: Content, files: dict[str, bytes]) -> None:
    data = files[disclosure_archive_path("demo-unit", 2024)]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert all(n.startswith("demo-unit-2024/") for n in names)
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.external_attr >> 16 == 0o100644
            assert info.compress_type == zipfile.ZIP_DEFLATED
        inside = {n.removeprefix("demo-unit-2024/"): archive.read(n) for n in names}
    csvs = {p.removeprefix(DEMO + "/"): b for p, b in files.items()
            if p.startswith(DEMO + "/") and p.endswith(".csv")}
    assert {k: v for k, v in inside.items() if k.endswith(".csv")} == csvs
    assert inside["demo-unit-2024.json"] == files[disclosure_json_path("demo-unit", 2024)]
    readme = inside["README.txt"].decode("utf-8-sig")
    assert "示例许可" in readme and "unknown" in readme and "万元" in readme
    assert "https://example.org/demo.pdf" in readme
    assert "\r\n" in readme
    assert "datapackage.json" in inside


def test_json(files: dict[str, bytes]) -> None:
    raw = files[disclosure_json_path("demo-unit", 2024)]
    assert "示例单位".encode() in raw  # ensure_ascii=False
    data: dict[str, Any] = json.loads(raw)
    assert raw.decode() == json.dumps(data, ensure_ascii=False, sort_keys=True,
                                      separators=(",", ":")) + "\n"
    table = data["tables"][0]
    assert table["rows"][0]["cells"]["amount"] == {"status": "stated", "value": "-1500"}
    assert table["rows"][1]["cells"]["amount"]["status"] == "unknown"
    assert "value" not in table["rows"][1]["cells"]["amount"]
    assert table["rows"][4]["cells"]["amount"]["value"] == "1.2"
    assert table["rows"][4]["cells"]["amount"]["status"] == "computed"
    assert data["unit"]["slug"] == "demo-unit" and data["year"] == 2024
    assert data["performance"]["evaluations"][0]["total_score"] == "14.92"
    assert data["prose"]["main-work"]["zh"].startswith("示例单位")


# --------------------------------------------------------------------------- data package


def write_tree(files: dict[str, bytes], root: Path) -> None:
    for path, data in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def frictionless_errors(descriptor: Path) -> list[Any]:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(descriptor))
    return [] if report.valid else report.flatten(["taskNumber", "rowNumber", "fieldName",
                                                   "type", "note"])


def test_datapackage_is_valid(files: dict[str, bytes], tmp_path: Path) -> None:
    write_tree(files, tmp_path)
    descriptor = tmp_path / DATAPACKAGE_PATH
    assert frictionless_errors(descriptor) == []
    assert frictionless_errors(tmp_path / "downloads/units/demo-unit/datapackage.json") == []
    described = package_resources(files)
    assert set(described) == {p for p in files if p.endswith(".csv")}
    for resource in described.values():
        status_fields = [f for f in resource["schema"]["fields"]
                         if "status" in f["name"].lower()]
        for f in status_fields:
            assert f["constraints"]["enum"] == ["stated", "computed", "unknown",
                                                "not-transcribed"]
        codes = [f for f in resource["schema"]["fields"] if f["name"] == "代码 Code"]
        assert all(f["type"] == "string" for f in codes)


def test_disclosure_folder_is_a_valid_package(files: dict[str, bytes],
                                              tmp_path: Path) -> None:
    write_tree(files, tmp_path)
    descriptor = tmp_path / DEMO / "datapackage.json"
    assert frictionless_errors(descriptor) == []
    package = json.loads(descriptor.read_bytes())
    assert {f"{DEMO}/" + r["path"] for r in package["resources"]} == {
        p for p in files if p.startswith(DEMO + "/") and p.endswith(".csv")}


def test_archive_datapackage_is_valid(files: dict[str, bytes], tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(files[disclosure_archive_path("demo-unit", 2024)])) as z:
        z.extractall(tmp_path)
    assert frictionless_errors(tmp_path / "demo-unit-2024" / "datapackage.json") == []


def test_datapackage_catches_a_bad_file(files: dict[str, bytes], tmp_path: Path) -> None:
    """The validation is real: a changed status makes the package invalid."""
    write_tree(files, tmp_path)
    target = tmp_path / f"{DEMO}/tables/05-general-budget-expenditure.csv"
    target.write_bytes(target.read_bytes().replace(b",stated,", b",guessed,", 1))
    assert frictionless_errors(tmp_path / DEMO / "datapackage.json") != []


def test_minimal_fixture_exports(tmp_path: Path) -> None:
    files = export_files(load(MINIMAL_FIXTURE))
    write_tree(files, tmp_path)
    assert frictionless_errors(tmp_path / DATAPACKAGE_PATH) == []


# --------------------------------------------------------------------------- addresses, entries


def test_addresses_and_entries(content: Content, files: dict[str, bytes]) -> None:
    d = disclosure(content, "demo-unit", 2024)
    table = d.table("general-budget-expenditure")
    assert table is not None
    assert table_csv_path("demo-unit", 2024, table) == (
        "downloads/units/demo-unit/2024/tables/05-general-budget-expenditure.csv")
    assert section_csv_path(d, "overall") == (
        "downloads/units/demo-unit/2024/sections/01-overall.csv")
    assert disclosure_archive_path("demo-unit", 2024) == (
        "downloads/units/demo-unit/2024/demo-unit-2024.zip")
    assert unit_all_years_csv_path("demo-unit") == (
        "downloads/units/demo-unit/demo-unit-all-years.csv")
    entries = build_export(content).entries
    assert [e.path for e in entries] == list(files)
    for entry in entries:
        assert entry.size == len(files[entry.path])
        assert entry.title.zh
    mine = download_entries(content, unit="demo-unit", year=2024)
    assert {e.kind for e in mine} == {"table", "section", "evaluations", "funding",
                                      "indicators", "chart", "json", "archive", "datapackage",
                                      "audit"}
    for path in files:
        assert re.fullmatch(r"downloads/[a-z0-9./-]+", path), path


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    content = load(EXPORT_FIXTURE)
    d = disclosure(content, "demo-unit", 2024)
    assert d.performance is not None
    ev = d.performance.evaluations[0]
    d.performance = d.performance.model_copy(update={"evaluations": [ev, ev]})
    with pytest.raises(ExportError, match="office-funds"):
        export_files(content)
