"""The charts in headless Chromium, the site served with the strict CSP
(`default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:`).

Uses the shared fixtures of tests/conftest.py (`server`, `new_page`: the real site, every
console message, page error and outside request fails the test) and, for the all-unknown
and all-zero statements, the golden fixture site served the same way. Each page also
records `securitypolicyviolation` events, which must stay empty.

charts.js loads plotly.js (the site's own bundle, site_src/vendor/) only when a chart
comes near the viewport, and draws each chart as it does: `open_charts` scrolls to every
chart, as a reader would, before the tests look at them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from generator.compute.charts import PLOTLY_STYLE_ID, ChartKind, plotly_asset
from tests.browserutil import DESKTOP, PHONE, Server, Watch, elder_on, serve
from tests.buildutil import GOLDEN_CONTENT, build
from tests.conftest import REAL_UNIT, BuiltSite

pytestmark = pytest.mark.browser

NewPage = Callable[..., Page]
UNIT = REAL_UNIT  # the shipped unit, by slug: its 2024 disclosure draws every kind of chart
DISCLOSURE = {"zh": f"units/{UNIT}/2024/index.html", "en": f"en/units/{UNIT}/2024/index.html"}
GOLDEN = {"zh": "units/golden-unit/2024/index.html",
          "en": "en/units/golden-unit/2024/index.html"}

RECORD_CSP = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"""

ALL_DRAWN = """() => {
  const plots = [...document.querySelectorAll('.chart-plot')];
  return plots.length > 0 && plots.every(p => p.querySelector('.main-svg'));
}"""


DRAWN = "(p => !!p.querySelector('.main-svg'))"


def scroll_through_charts(page: Page) -> None:
    """Scroll to each chart in turn until it is drawn (charts.js draws a chart as it comes
    near the viewport), then back to the top."""
    plots = page.locator(".chart-plot")
    for i in range(plots.count()):
        plots.nth(i).scroll_into_view_if_needed()
        plots.nth(i).locator(".main-svg").first.wait_for(state="attached")
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function(ALL_DRAWN)


def open_charts(page: Page, url: str) -> None:
    page.add_init_script(RECORD_CSP)
    page.goto(url)
    scroll_through_charts(page)


def data_of(page: Page, figure: Locator) -> Locator:
    """The <details> holding a chart's table: its own, or its section's after it."""
    shared = figure.get_attribute("data-table")
    return page.locator(f"details#{shared}") if shared else figure.locator("details.chart-data")


def bundle_requests(requests: list[str]) -> list[str]:
    return [u for u in requests if plotly_asset().path in u]


@pytest.fixture(scope="module")
def golden_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The golden fixture site (it has an all-unknown and an all-zero chart)."""
    out = tmp_path_factory.mktemp("golden-charts") / "output"
    build(GOLDEN_CONTENT, out)
    with serve(out) as running:
        yield running


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_draws_with_no_csp_violation(lang: str, server: Server,
                                                 new_page: NewPage) -> None:
    page = new_page()
    open_charts(page, server.page_url(DISCLOSURE[lang]))
    specs = page.locator("script.chart-spec").count()
    # Nine charts; the three official expenses were all zero, and income has one source
    # besides seven zeros: a chart would add nothing, so the table alone.
    assert specs == 7
    expect(page.locator(".chart-plot")).to_have_count(specs)
    expect(page.locator("figure.chart.chart-drawn")).to_have_count(specs)
    for plot in page.locator(".chart-plot").all():
        assert plot.locator(".main-svg").count() >= 1
    assert page.evaluate("window.__csp") == []
    # plotly.js put its rules into our same-origin sheet and made no <style> of its own.
    rules = page.evaluate(f"document.getElementById({PLOTLY_STYLE_ID!r}).sheet.cssRules"
                          ".length")
    assert rules > 40
    assert page.locator("style").count() == 0
    # Drawn: the data tables fold under their summary line, the PNG buttons show.
    expect(page.locator("figure.chart-drawn details.chart-data[open]")).to_have_count(0)
    # ...and so does a section's own table when it is the table of a chart drawn above it.
    expect(page.locator("details.section-data")).not_to_have_count(0)
    expect(page.locator("details.section-data[open]")).to_have_count(0)
    expect(page.locator("figure.chart-drawn button.chart-png")).to_have_count(specs)
    # (new_page fails the test on any console message or page error.)


@pytest.mark.parametrize(("lang", "amount", "rate"), [
    ("zh", "447.25万元", "执行率：97.94%"),
    ("en", "447.25 (¥10k)", "Execution rate: 97.94%")])
def test_hovering_a_bar_shows_its_amount(lang: str, amount: str, rate: str, server: Server,
                                         new_page: NewPage) -> None:
    page = new_page()
    open_charts(page, server.page_url(DISCLOSURE[lang]))
    plot = page.locator("#c-budget-execution_plot")
    plot.scroll_into_view_if_needed()
    # Second trace (final accounts), second row (2080109 社会保险经办机构).
    bar = plot.locator("g.trace.bars").nth(1).locator("g.point path").nth(1)
    bar.hover(force=True)  # plotly's drag layer sits on top of the bars
    label = plot.locator(".hoverlayer .hovertext")
    expect(label).to_have_count(1)
    text = label.text_content() or ""
    assert "2080109" in text and amount in text and rate in text, text


def test_hovering_the_treemap_shows_an_amount(server: Server, new_page: NewPage) -> None:
    page = new_page()
    open_charts(page, server.page_url(DISCLOSURE["zh"]))
    plot = page.locator("#c-function-classes_plot")
    plot.scroll_into_view_if_needed()
    box = plot.locator("g.slice").filter(has_text="其他社会保障").last
    box.hover(force=True)
    text = plot.locator(".hoverlayer .hovertext").text_content() or ""
    assert "1,377.76万元" in text, text


def test_each_csv_link_returns_exactly_that_charts_data(real_site: BuiltSite, server: Server,
                                                        new_page: NewPage) -> None:
    page = new_page()
    open_charts(page, server.page_url(DISCLOSURE["zh"]))
    figures = page.locator("figure.chart")
    assert figures.count() == 9
    for figure in figures.all():
        link = figure.locator(".chart-links a[type='text/csv']")
        href = link.get_attribute("href") or ""
        url = page.evaluate("h => new URL(h, document.baseURI).href", href)
        response = page.request.get(url)
        assert response.ok, url
        body = response.body()
        assert body.startswith("\ufeff".encode())
        path = url.removeprefix(server.url)
        assert body == (real_site.root / path).read_bytes()
        lines = [line for line in body.decode("utf-8-sig").split("\r\n") if line]
        shared = figure.get_attribute("data-table")
        if shared is None:
            rows = figure.locator("table.chart-table tbody tr").count()
            assert len(lines) == rows + 1, path  # header + rows
        else:  # the section's own table holds the chart's figures: each of its lines
            table = page.locator(f"#{shared} table").text_content() or ""
            names = [row[5] for row in csv.reader(lines[1:])]
            assert names and all(name in table for name in names), (path, names)


@pytest.mark.parametrize("chart", ["expenditure-kinds", "function-classes",
                                   "performance-scores"])  # bars, treemap, dots
def test_png_download(chart: str, server: Server, new_page: NewPage) -> None:
    page = new_page(accept_downloads=True)
    open_charts(page, server.page_url(DISCLOSURE["zh"]))
    with page.expect_download() as download:
        page.locator(f"#c-{chart} button.chart-png").click()
    assert download.value.suggested_filename == f"{UNIT}-2024-{chart}.png"
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    assert page.evaluate("window.__csp") == []
    expect(page.locator(".chart-offscreen")).to_have_count(0)  # the copy is gone


def test_the_png_of_a_chart_drawn_first_works_before_the_others_are(
        server: Server, new_page: NewPage) -> None:
    # Only the first chart drawn (plotly.js just loaded): its PNG needs nothing else.
    page = new_page(accept_downloads=True)
    page.add_init_script(RECORD_CSP)
    page.goto(server.page_url(DISCLOSURE["en"]))
    figure = page.locator("figure.chart").filter(has=page.locator(".chart-plot")).first
    figure.locator(".chart-plot").scroll_into_view_if_needed()
    expect(figure).to_have_class(re.compile(r"\bchart-drawn\b"))
    figure.locator(".chart-plot .main-svg").first.wait_for(state="attached")
    with page.expect_download() as download:
        figure.locator("button.chart-png").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    assert page.evaluate("window.__csp") == []


@pytest.mark.parametrize(("lang", "statement"), [
    ("zh", "本年度没有“三公”经费"), ("en", "None this year")])
def test_all_zero_chart_states_none_this_year(lang: str, statement: str, server: Server,
                                              new_page: NewPage) -> None:
    page = new_page()
    open_charts(page, server.page_url(DISCLOSURE[lang]))
    figure = page.locator("#c-three-official")
    expect(figure.locator(".chart-summary.chart-none")).to_contain_text(statement)
    expect(figure.locator(".chart-plot, .main-svg")).to_have_count(0)
    # The zeros, as figures: in the section's own table, which is the chart's.
    table = page.locator("#" + (figure.get_attribute("data-table") or ""))
    expect(table.locator("table")).to_be_visible()


@pytest.mark.parametrize(("lang", "unknown", "zero"), [
    ("zh", "来源未给出本图各项的数字", "本年度没有“三公”经费"),
    ("en", "The source does not give this chart's figures", "None this year")])
def test_golden_all_unknown_and_all_zero_statements(lang: str, unknown: str, zero: str,
                                                    chromium: Browser,
                                                    golden_server: Server) -> None:
    watch = Watch.open(chromium, golden_server.url)
    page = watch.page
    open_charts(page, golden_server.page_url(GOLDEN[lang]))
    income = page.locator("#c-income-sources")
    expect(income.locator(".chart-summary.chart-none")).to_contain_text(unknown)
    expect(income.locator(".chart-plot")).to_have_count(0)
    # Every figure is unknown: the table says so, never 0.
    table = page.locator("#" + (income.get_attribute("data-table") or "") + " table")
    expect(table.locator(".fig-unknown")).to_have_count(3)
    assert "0.00" not in (table.text_content() or "")
    three = page.locator("#c-three-official")
    expect(three.locator(".chart-summary.chart-none")).to_contain_text(zero)
    # The unknown business expenditure is named, not drawn.
    kinds = page.locator("#c-expenditure-kinds")
    expect(kinds.locator(".chart-plot g.trace.bars g.point")).to_have_count(2)
    expect(kinds.locator(".chart-summary")).to_contain_text(
        "经营支出" if lang == "zh" else "Business expenditure")
    assert page.evaluate("window.__csp") == []
    assert watch.close() == []


def test_without_javascript_every_chart_is_its_open_table(server: Server,
                                                          new_page: NewPage) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(server.page_url(DISCLOSURE["zh"]))
    expect(page.locator(".main-svg")).to_have_count(0)
    figures = page.locator("figure.chart")
    expect(figures).to_have_count(9)
    for figure in figures.all():  # its own open table, or the section's table after it
        shared = figure.get_attribute("data-table")
        table = (page.locator(f"#{shared} table") if shared
                 else figure.locator("details.chart-data[open] table.chart-table"))
        expect(table).to_be_visible()
    expect(page.locator("button.chart-png:visible")).to_have_count(0)


def test_pages_without_charts_do_not_load_plotly(real_site: BuiltSite, server: Server,
                                                 chromium: Browser) -> None:
    watch = Watch.open(chromium, server.url)
    for path in ("index.html", "glossary/index.html", f"units/{UNIT}/2023/index.html"):
        watch.page.goto(server.page_url(path))
    watch.page.wait_for_load_state("networkidle")
    assert not [u for u in watch.requests if plotly_asset().path in u]
    watch.page.goto(server.page_url(DISCLOSURE["zh"]))
    scroll_through_charts(watch.page)
    assert len(bundle_requests(watch.requests)) == 1
    assert watch.close() == []


def test_elder_mode_draws_larger_chart_text(server: Server, new_page: NewPage) -> None:
    page = new_page(viewport=PHONE)
    elder_on(page)
    open_charts(page, server.page_url(DISCLOSURE["en"]))
    size = page.evaluate("document.querySelector('#c-budget-execution_plot')"
                         "._fullLayout.font.size")
    assert size == 18
    page.locator(".elder-toggle").click()  # off again: the charts follow
    page.wait_for_function("document.querySelector('#c-budget-execution_plot')"
                           "._fullLayout.font.size === 14")


def test_charts_draw_from_disk_too(real_site: BuiltSite, new_page: NewPage) -> None:
    root = real_site.root.resolve()
    page = new_page(allow=root.as_uri() + "/")
    page.goto((root / DISCLOSURE["en"]).as_uri())
    scroll_through_charts(page)
    expect(page.locator("figure.chart.chart-drawn")).to_have_count(7)


# --- the bundle and when it loads ---------------------------------------------------------

COMPARE = f"units/{UNIT}/compare/index.html"


def test_the_custom_bundle_is_what_draws_every_kind_of_chart(server: Server,
                                                             new_page: NewPage) -> None:
    page = new_page()
    open_charts(page, server.page_url(DISCLOSURE["en"]))
    asset = plotly_asset()
    assert page.evaluate("Plotly.version") == asset.version
    traces = page.evaluate("Object.keys(Plotly.PlotSchema.get().traces).sort()")
    assert traces == sorted(asset.traces)
    for kind in ChartKind:  # the real disclosure has every kind: bars, a treemap, dots
        drawn = page.locator(f"figure.chart-{kind.value}.chart-drawn")
        assert drawn.count() >= 1, kind
        for plot in drawn.locator(".chart-plot").all():
            assert plot.locator(".main-svg").count() >= 1
    expect(page.locator("#c-function-classes_plot g.slice").first).to_be_attached()
    assert page.locator(".chart-plot g.trace.bars").count() >= 1
    assert page.evaluate("window.__csp") == []
    assert page.locator("style").count() == 0
    # (new_page fails the test on any console message or page error.)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_compare_charts_draw_with_no_csp_violation(lang: str, server: Server,
                                                       new_page: NewPage) -> None:
    page = new_page()
    open_charts(page, server.page_url(COMPARE if lang == "zh" else f"en/{COMPARE}"))
    assert page.locator("figure.chart.chart-drawn").count() >= 1
    assert page.evaluate("window.__csp") == []
    assert page.locator("style").count() == 0


def test_plotly_loads_only_when_a_chart_comes_near(server: Server, chromium: Browser) -> None:
    """The disclosure's charts are screens below its top: plotly.js is not requested until
    the reader scrolls to within about a screen of one; each chart is drawn as it comes
    near, the others keep their open tables."""
    watch = Watch.open(chromium, server.url)
    page = watch.page
    page.add_init_script(RECORD_CSP)
    page.goto(server.page_url(DISCLOSURE["zh"]))
    page.wait_for_load_state("networkidle")
    height = page.evaluate("innerHeight")
    tops = page.evaluate("[...document.querySelectorAll('.chart-plot')].map(p => "
                         "p.getBoundingClientRect().top + scrollY)")
    assert len(tops) == 7 and tops[0] > 3 * height, "the test needs charts far below the top"
    assert bundle_requests(watch.requests) == []
    expect(page.locator("figure.chart-drawn")).to_have_count(0)
    # Nothing drawn yet: every table open, the charts' own and the sections'.
    expect(page.locator("details.chart-data:not([open])")).to_have_count(0)

    # Still more than a screen away: nothing yet.
    page.evaluate(f"window.scrollTo(0, {tops[0] - 3 * height})")
    page.wait_for_timeout(500)
    assert bundle_requests(watch.requests) == []

    # Half a screen below the bottom of the window: plotly.js comes, that chart is drawn.
    page.evaluate(f"window.scrollTo(0, {tops[0] - 1.5 * height})")
    page.wait_for_function(f"() => {DRAWN}(document.querySelectorAll('.chart-plot')[0])")
    assert len(bundle_requests(watch.requests)) == 1
    first = page.locator("figure.chart").filter(has=page.locator(".chart-plot")).first
    expect(first).to_have_class(re.compile(r"\bchart-drawn\b"))
    expect(data_of(page, first)).not_to_have_attribute("open", "")
    last = page.locator("figure.chart").filter(has=page.locator(".chart-plot")).last
    expect(data_of(page, last)).to_have_attribute("open", "")
    assert last.locator(".main-svg").count() == 0

    # Down to the last chart: drawn as well, with the same (single) plotly.js.
    page.evaluate(f"window.scrollTo(0, {tops[-1] - height / 2})")
    page.wait_for_function(
        f"() => {DRAWN}([...document.querySelectorAll('.chart-plot')].pop())")
    expect(last).to_have_class(re.compile(r"\bchart-drawn\b"))
    assert len(bundle_requests(watch.requests)) == 1
    assert page.evaluate("window.__csp") == []
    assert watch.close() == []


def test_a_chart_near_the_top_is_drawn_before_the_page_has_loaded(
        server: Server, chromium: Browser) -> None:
    """With a window tall enough for the first chart to be near at once, charts.js asks
    for plotly.js straight away, which holds the page's load event back until that chart
    is drawn (as the deferred <script> did before)."""
    watch = Watch.open(chromium, server.url, viewport={"width": 1280, "height": 6000})
    page = watch.page
    page.add_init_script(RECORD_CSP)
    page.goto(server.page_url(DISCLOSURE["en"]), wait_until="load")
    assert page.evaluate(f"{DRAWN}(document.querySelectorAll('.chart-plot')[0])")
    assert len(bundle_requests(watch.requests)) == 1
    assert page.evaluate("window.__csp") == []
    assert watch.close() == []


# --- fit: no chart cut, on a phone and a desktop, in both languages and in elder mode -----

CUT_JS = """() => {
  // Every text of every drawn chart (labels, ticks, values, axis titles) inside its box.
  const out = [];
  for (const plot of document.querySelectorAll('.chart-drawn .chart-plot')) {
    const box = plot.getBoundingClientRect();
    for (const t of plot.querySelectorAll('.main-svg text')) {
      const r = t.getBoundingClientRect();
      if (!t.textContent.trim() || r.width === 0) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1)
        out.push(plot.id + ': ' + t.textContent.slice(0, 40) + ' ' + Math.round(r.left) +
                 '..' + Math.round(r.right) + ' not in ' + Math.round(box.left) + '..' +
                 Math.round(box.right));
    }
    if (plot.scrollWidth > plot.clientWidth + 1) out.push(plot.id + ': wider than its box');
  }
  return out;
}"""


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_chart_is_cut(lang: str, viewport: dict[str, int], elder: bool, server: Server,
                         new_page: NewPage) -> None:
    page = new_page(viewport=viewport)
    if elder:
        elder_on(page)
    open_charts(page, server.page_url(DISCLOSURE[lang]))
    assert page.locator(".chart-drawn").count() >= 1
    assert page.evaluate(CUT_JS) == []


def test_the_treemap_is_bars_on_a_phone_and_boxes_on_a_desktop(server: Server,
                                                                new_page: NewPage) -> None:
    page = new_page(viewport=PHONE)
    open_charts(page, server.page_url(DISCLOSURE["zh"]))
    plot = page.locator("#c-function-classes_plot")
    expect(plot.locator("g.trace.bars").first).to_be_attached()
    expect(plot.locator("g.slice")).to_have_count(0)
    # The bars draw every part: the list of parts too small for a box goes with the boxes.
    small = page.locator("#c-function-classes .chart-small")
    expect(small).to_be_attached()
    expect(small).to_be_hidden()
    # Wider again (a phone turned, a window widened): the boxes are drawn instead.
    page.set_viewport_size(DESKTOP)
    expect(plot.locator("g.slice").first).to_be_attached()
    expect(plot.locator("g.trace.bars")).to_have_count(0)
    expect(small).to_be_visible()
    page.set_viewport_size(PHONE)
    expect(small).to_be_hidden()
    assert page.evaluate("window.__csp") == []


def test_the_small_parts_list_shows_with_the_treemap_only(server: Server,
                                                          new_page: NewPage) -> None:
    for viewport, visible in ((DESKTOP, True), (PHONE, False)):
        page = new_page(viewport=viewport)
        open_charts(page, server.page_url(DISCLOSURE["en"]))
        small = page.locator("#c-function-classes .chart-small")
        expect(small).to_have_count(1)
        if visible:
            expect(small).to_be_visible()
        else:
            expect(small).to_be_hidden()
        page.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_no_compare_chart_is_cut(viewport: dict[str, int], server: Server,
                                 new_page: NewPage) -> None:
    for path in (COMPARE, f"en/{COMPARE}"):
        page = new_page(viewport=viewport)
        open_charts(page, server.page_url(path))
        assert page.locator(".chart-drawn").count() >= 1
        assert page.evaluate(CUT_JS) == []
