"""The comparison pages and downloads (issue 5): what a citizen reads on the built site,
in both languages, on the real content and on a synthetic three-year fixture with a
renamed code, a split, a merge, a removed line, an added line and a zero; the CSVs read
back; the year picker in a real browser, and the same figures reached without JavaScript.

Expected numbers come from the compute stage (`generator.compute.compare`) and are also written
out where the issue fixes them (687.99 → 1958.13, change 1270.14, growth 184.62%)."""

from __future__ import annotations

import csv
import html
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from generator.cli.main import check_content
from generator.compute import compare
from generator.compute.audit.intervals import growth_bounds
from generator.compute.compare import agreement
from generator.content.model.content import Content, Unit
from generator.content.model.types import Figure
from generator.data.downloads import export_files
from generator.data.paths import (
    DATAPACKAGE_PATH,
    compare_budget_csv_path,
    compare_headlines_csv_path,
    compare_lines_csv_path,
    compare_pair_csv_path,
    year_units_csv_path,
)
from generator.site import formatting
from tests.buildutil import build, package_resources
from tests.conftest import REAL_CONTENT, REAL_UNIT, BuiltSite

FIXTURE = Path(__file__).parent / "fixtures" / "compare-content"
SLUG = REAL_UNIT
ALL = f"units/{SLUG}/compare/index.html"
PAIR = f"units/{SLUG}/compare/2023-2024/index.html"
D = Decimal


def load(root: Path) -> Content:
    content, findings = check_content(root)
    assert content is not None, findings.format_text()
    return content


@pytest.fixture(scope="module")
def real() -> Content:
    return load(REAL_CONTENT)


def real_unit(content: Content) -> Unit:
    """The shipped unit, by slug: the content may hold any number of units, in any order."""
    found = [u for u in content.units if u.slug == SLUG]
    assert len(found) == 1, [u.slug for u in content.units]
    return found[0]


def units_with(content: Content, year: int) -> set[str]:
    """The slugs of every unit that has a disclosure of `year`."""
    return {u.slug for u in content.units if any(d.year == year for d in u.disclosures)}


@pytest.fixture(scope="module")
def synth_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("compare-synth") / "output"
    build(FIXTURE, out)
    return out


def read(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8")


def row(page: str, key: str, within: str | None = None) -> str:
    """The <tr> of line `key` (its data-line), in the part of the page starting at the
    element with id `within`."""
    if within is not None:
        page = page[page.index(f'id="{within}"'):]
    match = re.search(rf'<tr class="depth-\d+" data-line="{re.escape(key)}">.*?</tr>', page,
                      re.S)
    assert match is not None, key
    return match[0]


def cells(tr: str) -> list[str]:
    """The text of each <td> of a row, tags stripped, whitespace squeezed."""
    out = []
    for td in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", td))
        out.append(re.sub(r"\s+", " ", text).strip())
    return out


def figs(tr: str) -> list[str]:
    """The figure each <td> of a row shows, without its note marks ('' for a text cell)."""
    out = []
    for td in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S):
        found = re.search(r'<(?:span|a) class="fig fig-[a-z]+"[^>]*>([^<]*)', td)
        out.append(html.unescape(found[1]).strip() if found else "")
    return out


def text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


# --- real content: 2023 → 2024 -------------------------------------------------------------

def test_total_expenditure_2023_to_2024_is_computed_from_the_model(
        real: Content, real_site: BuiltSite) -> None:
    line = next(x for x in compare.headlines(real_unit(real)) if x.key == "expenditure-total")
    old, new = line.cells[2023].value, line.cells[2024].value
    step = line.steps[0]
    assert (old, new, step.change, step.growth) == (D("687.99"), D("1958.13"), D("1270.14"),
                                                    D("184.62"))
    expected = [formatting.money(old), formatting.money(new),
                formatting.money(step.change, True), formatting.percent(step.growth, True)]
    assert expected == ["687.99", "1,958.13", "+1,270.14", "+184.62%"]
    for lang in ("", "en/"):
        for rel in (ALL, PAIR):
            tr = row(read(real_site.root, lang + rel), "expenditure-total", "headlines")
            assert figs(tr)[:4] == expected, (lang, rel, figs(tr))
            # Our change and growth are marked computed, with a note saying from what.
            assert tr.count('class="fig fig-computed">+1,270.14</span>') == 1
            assert 'class="fig fig-computed">+184.62%</span>' in tr
    page = read(real_site.root, "en/" + PAIR)
    assert "1,958.13 − 687.99 = +1,270.14" in page
    assert "+1,270.14 ÷ 687.99 × 100 = +184.62%" in page
    assert "1,958.13 − 687.99 = +1,270.14" in read(real_site.root, PAIR)


def test_the_reason_stands_beside_the_change(real: Content, real_site: BuiltSite) -> None:
    line = next(x for x in compare.headlines(real_unit(real)) if x.key == "expenditure-total")
    reason = line.steps[0].reason
    assert reason is not None and reason.en is not None
    for lang, words in (("", reason.zh), ("en/", reason.en)):
        tr = row(read(real_site.root, lang + PAIR), "expenditure-total", "headlines")
        assert html.escape(words, quote=False) in tr or words in html.unescape(tr)
        # The text's own figures are beside ours, and agree.
        assert "+1,270.14 / +184.62%" in text(tr)
        # On the all-years page, the reasons are in "what changed and why".
        page = read(real_site.root, lang + ALL)
        why = page[page.index('id="why"'):page.index('id="budget"')]
        assert words in html.unescape(why)
        assert "+1,270.14" in text(row(why, "overall/expenditure-total"))


def test_figures_2023_does_not_state_show_as_not_stated_never_zero(
        real_site: BuiltSite) -> None:
    for lang, marker in (("", "未说明"), ("en/", "not stated")):
        page = read(real_site.root, lang + PAIR)
        for key in ("basic", "project", "personnel", "procurement", "general-budget"):
            values = cells(row(page, key, "headlines"))
            assert values[0].startswith(marker), (key, values)
            assert "0.00" not in values[0]
            # No change or growth is computed from an unknown.
            assert values[2].startswith("—") and values[3].startswith("—"), values
        assert ("The 2023 record does not state this figure" in page if lang
                else "2023年度记录未说明此数字" in page)


def test_stated_growth_kept_beside_ours_with_the_rounding_explained(
        real_site: BuiltSite) -> None:
    tr = row(read(real_site.root, "en/" + PAIR), "public-expenses", "headlines")
    values = cells(tr)
    assert values[3].startswith("+4.45%")
    assert values[4].startswith("+1.76 / +4.46% rounding difference")
    page = read(real_site.root, "en/" + PAIR)
    assert "differs from ours by rounding" in page


def test_zero_to_zero_has_a_change_but_no_growth_rate(real_site: BuiltSite) -> None:
    tr = row(read(real_site.root, "en/" + PAIR), "three-official", "headlines")
    assert figs(tr)[:4] == ["0", "0", "0", "—"]  # the text writes 0万元, not 0.00
    assert "No growth rate: the earlier figure is zero" in read(real_site.root, "en/" + PAIR)


def test_initial_budget_against_final_accounts(real: Content, real_site: BuiltSite) -> None:
    income = next(x for x in compare.budget_lines(real_unit(real)) if x.key == "income-total")
    cell = income.cells[2024]
    assert (cell.budget.value, cell.final.value, cell.difference, cell.rate) == (
        D("591.64"), D("1958.13"), D("1366.49"), D("230.97"))
    assert income.cells[2023].budget.value is None
    page = read(real_site.root, "en/" + PAIR)
    budget = page[page.index('id="budget"'):page.index('id="sections"')]
    assert "+1,366.49" in budget and "+230.97%" in budget
    assert "No initial budget stated for 2023" in budget or "no initial budget" in budget


def test_pages_link_to_the_comparison(real_site: BuiltSite) -> None:
    root = real_site.root
    assert 'href="compare/index.html"' in read(root, f"units/{SLUG}/index.html")
    disclosure = read(root, f"units/{SLUG}/2024/index.html")
    assert 'href="../compare/index.html"' in disclosure
    assert 'href="../compare/2023-2024/index.html"' in disclosure
    home = read(root, "index.html")
    assert 'href="years/2024/index.html"' in home and 'href="years/2023/index.html"' in home
    assert 'href="en/years/2024/index.html"' not in home
    assert 'href="years/2024/index.html"' in read(root, "en/index.html")


def test_across_units_in_a_year(real: Content, real_site: BuiltSite) -> None:
    units = units_with(real, 2024)
    for lang in ("", "en/"):
        page = read(real_site.root, lang + "years/2024/index.html")
        assert 'data-sortable' in page and 'aria-sort="ascending"' in page
        (body,) = re.findall(r"<tbody>.*?</tbody>", page, re.S)
        rows = re.findall(r"<tr>.*?</tr>", body, re.S)
        # One row per unit with a 2024 disclosure, each linking to that unit's pages.
        linked = [set(re.findall(r'href="(?:\.\./)+units/([^/"]+)/', tr)) for tr in rows]
        assert sorted(slug for found in linked for slug in found) == sorted(units), linked
        (mine,) = [tr for tr, found in zip(rows, linked, strict=True) if found == {SLUG}]
        assert 'data-sort-value="1958.13"' in mine
        assert "1,958.13" in text(mine)
    page = read(real_site.root, "en/years/2023/index.html")
    assert "partial" in page and "not stated" in page


def test_every_pair_has_a_page_and_the_picker_links_to_it(real_site: BuiltSite) -> None:
    page = read(real_site.root, "en/" + ALL)
    assert '<form class="year-picker" data-compare-picker hidden>' in page
    assert re.search(r'<a href="2023-2024/index.html" data-pair="2023-2024">', page)


def test_one_comparison_page_with_the_pair_chosen(real_site: BuiltSite) -> None:
    """The all-years page and each pair's page are one page with the pair chosen: the
    picker at the top of each (before the figures), and from each page every other one is
    a plain link, so each stays reachable without JavaScript."""
    whole, pair = read(real_site.root, ALL), read(real_site.root, PAIR)
    for page in (whole, pair):
        assert page.index('id="pick"') < page.index('id="headlines"')
    assert re.search(r'<a href="2023-2024/index.html" data-pair="2023-2024">', whole)
    assert re.search(r'<a href="\.\./index.html">', pair)  # back to all the years
    assert re.search(r'data-pair="2023-2024" aria-current="page"', pair)
    # The pair chosen: its own years in the picker, no all-years reasons section.
    assert 'id="why"' in whole and 'id="why"' not in pair


# --- the synthetic fixture: renamed, split, merged, removed, added, zero ----------------------

TABLE = "cmp-t-general-budget-expenditure"


def test_synthetic_lines_are_labelled(synth_site: Path) -> None:
    page = read(synth_site, "en/units/demo-unit/compare/index.html")
    expect: dict[str, tuple[list[str], list[str]]] = {
        # key: (the labels under the line's name, its values 2022, 2023, 2024)
        "2080109": (["code 2080101 became 2080109 in 2023"], ["100.00", "110.00", "120.00"]),
        "2080102": (["split into 2080121, 2080122 in 2024"], ["50.00", "60.00", "65.00"]),
        "2080121": (["split from 2080102 in 2024"], ["no such line", "no such line", "25.00"]),
        "2080122": (["split from 2080102 in 2024"], ["no such line", "no such line", "40.00"]),
        "2080130": (["merged from 2080105, 2080106 in 2024"], ["70.00", "75.00", "80.00"]),
        "2080105": (["merged into 2080130 in 2024"], ["30.00", "30.00", "no such line"]),
        "2080106": (["merged into 2080130 in 2024"], ["40.00", "45.00", "no such line"]),
        "2080103": (["removed in 2023"], ["20.00", "no such line", "no such line"]),
        "2080107": (["added in 2023"], ["no such line", "55.00", "not stated"]),
        "2080104": ([], ["0.00", "10.00", "0.00"]),
        "208": ([], ["300.00", "310.00", "320.00"]),
    }
    for key, (tags, values) in expect.items():
        tr = row(page, key, TABLE)
        assert re.findall(r'<span class="tag [^"]+">([^<]+)</span>', tr) == tags, key
        shown = cells(tr)
        years = [figs(tr)[i] or shown[i] for i in (1, 2, 5)]  # after the code
        assert years == values, (key, shown)


def test_synthetic_bridged_years_are_computed_sums(synth_site: Path) -> None:
    page = read(synth_site, "en/units/demo-unit/compare/index.html")
    split = row(page, "2080102", TABLE)
    assert re.search(r'class="fig fig-computed">65.00</span><a class="note-ref" '
                     r'href="#(t-general-budget-expenditure_n\d+)"', split)
    assert "Sum of 2080121 + 2080122 (crosswalk)" in page
    merged = row(page, "2080130", TABLE)
    assert 'class="fig fig-computed">70.00</span>' in merged
    assert "Sum of 2080105 + 2080106 (crosswalk)" in page
    # The renamed line's note comes from the crosswalk.
    assert "Line renamed" in page


def test_synthetic_changes_zero_and_unknown(synth_site: Path) -> None:
    page = read(synth_site, "en/units/demo-unit/compare/index.html")
    zero = cells(row(page, "2080104", TABLE))
    # 0 → 10: a change, no growth rate; 10 → 0: −100%.
    assert zero[3].startswith("+10.00") and zero[4].startswith("—")
    assert zero[6].startswith("-10.00") and zero[7].startswith("-100.00%")
    assert "No growth rate: the earlier figure is zero" in page
    unknown = cells(row(page, "2080107", TABLE))
    assert unknown[5].startswith("not stated") and unknown[6].startswith("—")
    removed = cells(row(page, "2080103", TABLE))
    assert removed[3].startswith("—") and "Not computed: there is no such line in 2023" in page


def test_synthetic_headlines_and_reasons(synth_site: Path) -> None:
    page = read(synth_site, "en/units/demo-unit/compare/2023-2024/index.html")
    tr = row(page, "expenditure-total", "headlines")
    total = cells(tr)
    assert figs(tr)[:4] == ["310.00", "320.00", "+10.00", "+3.23%"]
    assert "A project was added." in total[5]
    official = cells(row(page, "three-official", "headlines"))
    assert official[2].startswith("-5.00") and official[3].startswith("-100.00%")
    # Public expenses: the 2023 text has the section but not the figure.
    public = cells(row(page, "public-expenses", "headlines"))
    assert public[0].startswith("not stated") and public[2].startswith("—")
    assert "The 2023 text does not give this figure" in page
    agency = cells(row(page, "agency-operating-expenses", "headlines"))
    assert agency[3].startswith("+6.25%") and "+0.50 / +6.3% rounding difference" in agency[4]
    first = read(synth_site, "en/units/demo-unit/compare/2022-2023/index.html")
    official = cells(row(first, "three-official", "headlines"))
    assert official[2].startswith("+5.00") and official[3].startswith("—")
    # Two years that are not consecutive: no text compares them, so no such columns.
    apart = read(synth_site, "en/units/demo-unit/compare/2022-2024/index.html")
    assert "As the 2024 text states" not in apart
    assert "These years are not consecutive" in apart
    assert figs(row(apart, "expenditure-total", "headlines"))[:4] == [
        "300.00", "320.00", "+20.00", "+6.67%"]
    zh = read(synth_site, "units/demo-unit/compare/2023-2024/index.html")
    assert "项目增加。" in zh and "2024年原文所述" in zh


def test_synthetic_all_pairs_and_budget(synth_site: Path) -> None:
    for pair in ("2022-2023", "2022-2024", "2023-2024"):
        for lang in ("", "en/"):
            assert (synth_site / f"{lang}units/demo-unit/compare/{pair}/index.html").is_file()
    page = read(synth_site, "en/units/demo-unit/compare/index.html")
    budget = page[page.index('id="budget"'):page.index('id="sections"')]
    assert "-10.00" in budget and "-3.03%" in budget and "Spending was cut." in budget


def test_agreement_rounding_and_real_differences() -> None:
    stated = Figure(value=D("4.46"))
    assert agreement(D("4.45"), stated, growth_bounds(D("39.52"), D("41.28"))) == "rounding"
    assert agreement(D("4.45"), Figure(value=D("5.10")),
                     growth_bounds(D("39.52"), D("41.28"))) == "differs"
    assert agreement(D("4.45"), Figure(value=D("4.45")), None) == "same"
    assert agreement(None, stated, None) == "none"


# --- downloads ----------------------------------------------------------------------------------

def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_headlines_csv_reads_back(real: Content) -> None:
    files = export_files(real)
    rows = read_csv(files[compare_headlines_csv_path(SLUG)])
    total = next(r for r in rows if r["指标 Figure"] == "expenditure-total"
                 and r["年度 Year"] == "2024")
    assert total["决算数 Final accounts (万元 ¥10k)"] == "1958.13"
    assert total["比较年度 Compared with"] == "2023"
    assert total["增减 Change vs previous year (万元 ¥10k)"] == "1270.14"
    assert total["增减率 Growth vs previous year (%)"] == "184.62"
    assert total["原文所述增减率 Stated growth (%)"] == "184.62"
    assert total["与计算结果比较 Agreement"] == "same"
    assert "原国企解除劳动关系人员缴费补贴项目" in total["变动原因 Reason"]
    basic = next(r for r in rows if r["指标 Figure"] == "basic" and r["年度 Year"] == "2023")
    assert basic["决算数 Final accounts (万元 ¥10k)"] == ""
    assert basic["决算数 Final accounts [状态 status]"] == "unknown"
    assert basic["决算数 Final accounts [出现 presence]"] == "not-stated"
    later = next(r for r in rows if r["指标 Figure"] == "basic" and r["年度 Year"] == "2024")
    assert later["增减 Change vs previous year (万元 ¥10k)"] == ""
    public = next(r for r in rows if r["指标 Figure"] == "public-expenses"
                  and r["年度 Year"] == "2024")
    assert (public["增减率 Growth vs previous year (%)"],
            public["原文所述增减率 Stated growth (%)"],
            public["与计算结果比较 Agreement"]) == ("4.45", "4.46", "rounding")
    budget = read_csv(files[compare_budget_csv_path(SLUG)])
    income = next(r for r in budget if r["指标 Figure"] == "income-total"
                  and r["年度 Year"] == "2024")
    assert income["增减(与年初预算相比) Change vs initial budget (万元 ¥10k)"] == "1366.49"
    units = read_csv(files[year_units_csv_path(2024)])
    slugs = [r["单位代号 Unit slug"] for r in units]
    assert sorted(slugs) == sorted(units_with(real, 2024))  # each unit of 2024, once
    (mine,) = [r for r in units if r["单位代号 Unit slug"] == SLUG]
    assert mine["支出总计 Total expenditure (万元 ¥10k)"] == "1958.13"
    assert len(read_csv(files[compare_lines_csv_path(SLUG)])) > 100


def test_pair_csv_reads_back_every_case() -> None:
    content = load(FIXTURE)
    files = export_files(content)
    rows = read_csv(files[compare_pair_csv_path("demo-unit", 2022, 2024)])
    by_key = {(r["表或章节 Table or section"], r["行或项目 Line"]): r for r in rows}
    where = "general-budget-expenditure"
    renamed = by_key[(where, "2080109")]
    assert renamed["变化标注 Labels"].startswith("2023年起科目编码2080101改为2080109 / ")
    assert (renamed["2022年数值 Value 2022"], renamed["2024年数值 Value 2024"],
            renamed["增减 Change 2022→2024 (万元 ¥10k)"],
            renamed["增减率 Growth 2022→2024 (%)"]) == ("100.00", "120.00", "20.00", "20.00")
    split = by_key[(where, "2080102")]
    assert split["2024年数值 Value 2024 [状态 status]"] == "computed"
    assert "2080121 + 2080122" in split["2024年数值 Value 2024 [说明 note]"]
    removed = by_key[(where, "2080103")]
    assert removed["2024年数值 Value 2024"] == ""
    assert removed["2024年数值 Value 2024 [状态 status]"] == ""
    assert removed["2024年数值 Value 2024 [出现 presence]"] == "absent"
    assert "removed in 2023" in removed["变化标注 Labels"]
    zero = by_key[(where, "2080104")]
    assert (zero["增减 Change 2022→2024 (万元 ¥10k)"], zero["增减率 Growth 2022→2024 (%)"]) == (
        "0.00", "")
    assert "no growth rate from a base of zero" in zero["计算说明 How computed (2022→2024)"]
    unknown = by_key[(where, "2080107")]
    assert unknown["2024年数值 Value 2024 [状态 status]"] == "unknown"
    assert unknown["2024年数值 Value 2024"] == ""
    merged = by_key[(where, "2080130")]
    assert merged["2022年数值 Value 2022 [状态 status]"] == "computed"
    assert merged["增减 Change 2022→2024 (万元 ¥10k)"] == "10.00"


def test_comparison_csvs_are_in_a_valid_data_package(tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    files = export_files(load(FIXTURE))
    for path, data in files.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    report = frictionless.validate(str(tmp_path / DATAPACKAGE_PATH))
    assert report.valid, report.flatten(["taskNumber", "rowNumber", "fieldName", "note"])
    for package in ("downloads/units/demo-unit/datapackage.json", DATAPACKAGE_PATH):
        report = frictionless.validate(str(tmp_path / package))
        assert report.valid, report.flatten(["taskNumber", "rowNumber", "fieldName", "note"])
    described = package_resources(files)
    assert "downloads/units/demo-unit/compare/demo-unit-2022-2024.csv" in described
    assert "downloads/years/2024-units.csv" in described


# --- in a browser -------------------------------------------------------------------------------

@pytest.mark.browser
def test_picker_shows_the_two_chosen_years(new_page: Any, server: Any) -> None:
    from playwright.sync_api import expect

    for lang in ("", "en/"):
        page = new_page()
        page.goto(server.page_url(lang + ALL))
        picker = page.locator("form[data-compare-picker]")
        expect(picker).to_be_visible()
        page.select_option("#pick-from", "2024")
        page.select_option("#pick-to", "2024")
        picker.locator("button[type=submit]").click()
        expect(picker.locator(".picker-message")).not_to_be_empty()
        assert page.url.endswith(ALL)
        # Years in either order: the page of that pair opens.
        page.select_option("#pick-from", "2024")
        page.select_option("#pick-to", "2023")
        with page.expect_navigation():
            picker.locator("button[type=submit]").click()
        assert page.url == server.page_url(lang + PAIR)
        total = page.locator('#headlines tr[data-line="expenditure-total"] td')
        expect(total.nth(0)).to_contain_text("687.99")
        expect(total.nth(1)).to_contain_text("1,958.13")
        expect(total.nth(2)).to_contain_text("+1,270.14")
        expect(total.nth(3)).to_contain_text("+184.62%")


@pytest.mark.browser
def test_without_javascript_the_same_figures_are_reached_by_links(
        new_page: Any, server: Any) -> None:
    from playwright.sync_api import expect

    page = new_page(java_script_enabled=False)
    page.goto(server.page_url("en/" + f"units/{SLUG}/index.html"))
    page.get_by_role("link", name="How this unit's money changed").click()
    expect(page.locator("form[data-compare-picker]")).to_be_hidden()
    page.get_by_role("link", name="2023 and 2024", exact=True).first.click()
    assert page.url == server.page_url("en/" + PAIR)
    total = page.locator('#headlines tr[data-line="expenditure-total"]')
    for figure in ("687.99", "1,958.13", "+1,270.14", "+184.62%"):
        expect(total).to_contain_text(figure)
    expect(total).to_contain_text("a new project was added this year")


def test_at_a_glance_answers_how_much_and_why_in_both_languages(
        real: Content, real_site: BuiltSite) -> None:
    line = next(x for x in compare.headlines(real_unit(real)) if x.key == "expenditure-total")
    reason = line.steps[0].reason
    assert reason is not None and reason.en is not None
    for rel in (ALL, PAIR):
        zh = read(real_site.root, rel)
        zh_glance = text(zh[zh.index('id="glance"'):zh.index('id="toc-h"')])
        assert "支出总计 2023年 687.99万元 → 2024年 1,958.13万元" in zh_glance
        assert "增加1,270.14万元，增长184.62%" in zh_glance
        assert reason.zh in zh_glance
        en = read(real_site.root, "en/" + rel)
        en_glance = text(en[en.index('id="glance"'):en.index('id="toc-h"')])
        assert "Total expenditure 2023: 687.99 → 2024: 1,958.13 (¥10k)" in en_glance
        assert "up 1,270.14 (¥10k), a rise of 184.62%" in en_glance
        assert reason.en in en_glance
