"""Charts (generator/charts/): one data object per chart, from which the Plotly spec, the
table under the chart and its CSV all come. These tests check the three agree, that the
specs are figures Plotly accepts, that unknown figures are never drawn (as zero or at all),
that all-zero and all-unknown charts are stated rather than drawn, and that only pages
that draw a chart load plotly.js. The browser side is in test_charts_browser.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import plotly.graph_objects as go
import pytest

from generator.cli.main import check_content
from generator.compute import charts
from generator.compute.charts import Chart, ChartKind, State
from generator.compute.charts.builders import performance_groups
from generator.content.model.content import Content, Disclosure
from generator.content.model.types import Figure, Text
from generator.data.downloads import build_export
from generator.data.paths import chart_csv_path
from generator.site.i18n import Catalogue, load_catalogues
from tests.buildutil import GOLDEN_CONTENT, Elements, build, package_resources
from tests.conftest import REAL_CONTENT, REAL_UNIT, BuiltSite

LANGS = ("zh", "en")
GOLDEN_UNIT = "golden-unit"


def _load(folder: Path) -> Content:
    content, findings = check_content(folder)
    assert content is not None, findings.format_text()
    return content


@pytest.fixture(scope="module")
def cats() -> dict[str, Catalogue]:
    return load_catalogues(charts.LOCALES, list(LANGS))


@pytest.fixture(scope="module")
def real() -> Content:
    return _load(REAL_CONTENT)


@pytest.fixture(scope="module")
def golden() -> Content:
    return _load(GOLDEN_CONTENT)


def all_charts(content: Content) -> list[tuple[str, int, Chart]]:
    return [(u.slug, d.year, c) for u in content.units for d in u.disclosures
            for c in charts.disclosure_charts(u, d)]


def by_id(content: Content, unit: str, year: int, chart_id: str) -> Chart:
    """Chart `chart_id` of one disclosure, named by unit slug and year (never by position:
    the content may hold any number of units)."""
    found = [c for slug, y, c in all_charts(content)
             if slug == unit and y == year and c.id == chart_id]
    assert len(found) == 1, (unit, year, chart_id)
    return found[0]


# --- what the disclosures get ---------------------------------------------------------

def test_the_real_disclosure_has_every_chart_the_issue_asks_for(real: Content) -> None:
    got = {c.id: c for slug, year, c in all_charts(real) if (slug, year) == (REAL_UNIT, 2024)}
    assert list(got) == ["income-sources", "expenditure-kinds", "basic-composition",
                         "function-classes", "budget-execution", "economic-classes",
                         "three-official", "performance-scores", "performance-groups"]
    assert got["function-classes"].kind is ChartKind.TREEMAP
    # 类 > 款 > 项 from table 5: 2080109 sits under 20801 under 208 under the total.
    rows = {r.key: r for r in got["function-classes"].rows}
    assert [rows["2080109"].parent, rows["20801"].parent, rows["208"].parent] == \
        ["20801", "208", "total"]
    # The three official expenses were all zero in 2024: stated, not drawn.
    assert got["three-official"].state is State.ALL_ZERO
    # Income: one source (the general budget) and seven zeros: a chart would add nothing.
    assert got["income-sources"].state is State.FEW
    assert len(got["income-sources"].shown_rows()) == 1
    assert len(got["income-sources"].zero_rows()) == len(got["income-sources"].rows) - 2
    assert all(c.state is State.DRAW for k, c in got.items()
               if k not in ("three-official", "income-sources"))
    # Scores close to full marks: dots on an axis from a little below the lowest.
    assert got["performance-scores"].kind is ChartKind.DOTS
    # Basic expenditure on capital (310) is unknown in table 6: named, not drawn.
    economic = got["economic-classes"]
    assert [(r.key, c.key) for r, c in economic.unknown()] == [("310", "basic")]


def test_budget_execution_carries_the_stated_rates(real: Content) -> None:
    chart = by_id(real, REAL_UNIT, 2024, "budget-execution")
    row = next(r for r in chart.rows if r.code == "2080109")
    assert (row.cell("initial_budget").value, row.cell("amount").value,
            row.cell("execution_rate").value) == (Decimal("456.68"), Decimal("447.25"),
                                                  Decimal("97.94"))
    zero_budget = next(r for r in chart.rows if r.code == "2089999")
    assert zero_budget.cell("execution_rate") is None  # no rate on a zero budget


def _lost_columns(chart: Chart) -> list[str]:
    return [c.key for c in chart.columns if c.key.endswith("-lost")]


def test_points_lost_by_group_add_up_to_full_marks_minus_the_score(real: Content) -> None:
    chart = by_id(real, REAL_UNIT, 2024, "performance-groups")
    disclosure = next(d for d in real.disclosures() if (d.unit, d.year) == (REAL_UNIT, 2024))
    assert disclosure.performance is not None
    evaluations = {e.id: e for e in disclosure.performance.evaluations}
    for row in chart.rows:
        lost = [row.cell(k) for k in _lost_columns(chart)]
        total = sum((f.value for f in lost if f is not None and f.value is not None),
                    Decimal(0))
        ev = evaluations[row.key]
        assert total == ev.total_weight - ev.total_score, row.key
        assert all(f is None or f.value == 0 or f.computed is not None for f in lost)


def _planted(d: Disclosure, kept: list[Decimal]) -> Disclosure:
    """`d` with project n's indicator and execution scores set to `kept[n]` of their
    weights (1 is full marks)."""
    assert d.performance is not None and len(d.performance.evaluations) <= len(kept)
    evaluations = []
    for ev, share in zip(d.performance.evaluations, kept, strict=False):
        def score(weight: Decimal, share: Decimal = share) -> Decimal:
            return (weight * share).quantize(Decimal("0.01"))
        indicators = [i.model_copy(update={"score": score(i.weight)}) for i in ev.indicators]
        line = ev.funding.total
        assert line.weight is not None and line.weight.value is not None
        funding = ev.funding.model_copy(update={"total": line.model_copy(
            update={"score": Figure(value=score(line.weight.value))})})
        total = sum((i.score for i in indicators), score(line.weight.value))
        evaluations.append(ev.model_copy(update={
            "indicators": indicators, "funding": funding, "total_score": total}))
    return replace(d, performance=d.performance.model_copy(
        update={"evaluations": evaluations}))


@pytest.mark.parametrize("kept", [
    [Decimal("0.99"), Decimal(1), Decimal("0.97"), Decimal("0.985")],  # near full marks
    [Decimal("0.9"), Decimal("0.4"), Decimal(1), Decimal("0.65")],  # spread out
], ids=["near-full", "spread"])
def test_group_scores_are_drawn_as_points_lost_from_a_true_zero(
        real: Content, cats: dict[str, Catalogue], kept: list[Decimal]) -> None:
    """A stacked bar can not start above zero without cutting its first segment, so the
    group chart draws points lost (weight − score): near full marks and spread out alike,
    the bars start at zero and the axis ends near the largest loss, not at full marks."""
    d = _planted(next(d for d in real.disclosures() if (d.unit, d.year) == (REAL_UNIT, 2024)),
                 kept)
    chart = performance_groups(d)
    assert chart is not None and chart.stacked and chart.state is State.DRAW
    assert d.performance is not None
    lost = {ev.id: ev.total_weight - ev.total_score for ev in d.performance.evaluations}
    full = [key for key, value in lost.items() if value == 0]
    assert full and [r.key for r in chart.zero_rows()] == full  # no bar, named in the note
    for lang in LANGS:
        spec = charts.spec(chart, cats[lang])
        low, high = (Decimal(x) for x in spec["layout"]["xaxis"]["range"])
        assert low == 0  # bars are lengths: the axis starts at zero
        assert max(lost.values()) <= high < 2 * max(lost.values())  # not at full marks
        drawn = {}
        for trace in spec["data"]:
            for y, x in zip(trace["y"], trace["x"], strict=True):
                drawn[y] = drawn.get(y, Decimal(0)) + Decimal(x)
        # Each bar is as long as the project's points lost; a project with none has none.
        assert sorted(drawn.values()) == sorted(v for v in lost.values() if v)
        assert lost[min(lost, key=lambda k: kept[list(lost).index(k)])] == max(drawn.values())


def test_group_scores_at_full_marks_are_stated_not_drawn(real: Content,
                                                         cats: dict[str, Catalogue]) -> None:
    d = _planted(next(d for d in real.disclosures() if (d.unit, d.year) == (REAL_UNIT, 2024)),
                 [Decimal(1)] * 4)
    chart = performance_groups(d)
    assert chart is not None and chart.state is State.ALL_ZERO
    assert charts.summary_text(chart, cats["en"]).startswith("No project lost a point")
    # The scores and weights stay in the chart's table.
    for r in chart.rows:
        score, weight = r.cell("output-score"), r.cell("output-weight")
        assert score is not None and weight is not None and score.value == weight.value


def test_golden_fixture_has_a_drawn_an_all_zero_and_an_all_unknown_chart(
        golden: Content) -> None:
    states = {c.id: c.state for _, _, c in all_charts(golden)}
    assert states["income-sources"] is State.ALL_UNKNOWN
    assert states["three-official"] is State.ALL_ZERO
    assert states["expenditure-kinds"] is State.DRAW


# --- the Plotly spec ------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_every_spec_is_a_figure_plotly_accepts(lang: str, real: Content, golden: Content,
                                               cats: dict[str, Catalogue]) -> None:
    for _, _, chart in all_charts(real) + all_charts(golden):
        spec = charts.spec(chart, cats[lang])
        figure = go.Figure({"data": spec["data"], "layout": spec["layout"]})  # validates
        assert len(figure.data) == len(spec["data"]), chart.id
        assert spec["config"]["displaylogo"] is False
        assert spec["config"]["responsive"] is True
        assert spec["config"]["typesetMath"] is False


def _drawn_points(spec: dict) -> list[tuple[str, str]]:
    """(trace name, value) of every drawn bar / box."""
    out = []
    for trace in spec["data"]:
        values = trace["x"] if trace["type"] == "bar" else trace["values"]
        out += [(trace.get("name", ""), v) for v in values]
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_what_is_drawn_is_exactly_the_known_figures(lang: str, real: Content,
                                                    golden: Content,
                                                    cats: dict[str, Catalogue]) -> None:
    for _, _, chart in all_charts(real) + all_charts(golden):
        if chart.state is not State.DRAW:
            continue
        spec = charts.spec(chart, cats[lang])
        zeros = chart.zero_rows()
        if chart.kind is not ChartKind.TREEMAP:
            # A part that is zero is no bar: it is named in the note beside the chart.
            labels = " ".join(a["text"] for a in spec["layout"]["annotations"])
            for r in zeros:
                assert r.label.get(lang) not in labels, (chart.id, r.key)
                assert r.label.get(lang) in charts.zero_text(chart, cats[lang])
            for trace, column in zip(spec["data"], chart.drawn, strict=True):
                # Stacked, a zero is no segment either.
                known = [f.value for r in chart.rows if not r.total and r not in zeros
                         and (f := r.cell(column.key)) is not None and f.value is not None
                         and not (chart.stacked and f.value == 0)]
                # Exact decimals as strings: no float ever touched a value.
                assert trace["x"] == [format(v, "f") for v in known], chart.id
                assert all(isinstance(x, str) for x in trace["x"])
                assert len(trace["hovertext"]) == len(known)
        else:
            trace = spec["data"][0]
            drawn = set(trace["ids"])
            for row in chart.rows:
                f = row.cell(chart.drawn[0].key)
                if f is not None and f.value is not None and f.value > 0:
                    assert row.key in drawn, (chart.id, row.key)


def test_an_unknown_figure_is_never_drawn_and_is_named(golden: Content,
                                                       cats: dict[str, Catalogue]) -> None:
    chart = by_id(golden, GOLDEN_UNIT, 2024, "expenditure-kinds")
    business = next(r for r in chart.rows if r.key == "business")
    assert business.cell("amount").status.value == "unknown"
    for lang in LANGS:
        spec = charts.spec(chart, cats[lang])
        text = json.dumps(spec, ensure_ascii=False)
        name = business.label.get(lang)
        assert name not in text, lang  # no bar, no label, no hover: not a zero
        assert len(spec["data"][0]["x"]) == 2
        assert name in charts.summary_text(chart, cats[lang])
    assert "经营支出" in charts.summary_text(chart, cats["zh"])


def test_hover_and_labels_are_in_the_page_language_with_two_decimals(
        real: Content, cats: dict[str, Catalogue]) -> None:
    chart = by_id(real, REAL_UNIT, 2024, "budget-execution")
    zh = charts.spec(chart, cats["zh"])
    en = charts.spec(chart, cats["en"])
    assert "2080109 社会保险经办机构<br>决算数：447.25万元<br>执行率：97.94%" in \
        zh["data"][1]["hovertext"]
    assert ("2080109 Social insurance agencies<br>Final accounts: 447.25 (¥10k)"
            "<br>Execution rate: 97.94%") in en["data"][1]["hovertext"]
    assert zh["data"][1]["text"][1] == "447.25"
    assert zh["layout"]["xaxis"]["ticktext"][:2] == ["0", "500"]  # a scale: whole steps
    assert zh["layout"]["xaxis"]["title"]["text"] == "万元"


def test_spec_json_is_sorted_and_cannot_break_out_of_its_script_element(
        cats: dict[str, Catalogue]) -> None:
    hostile = Text(zh="</script><script>alert(1)</script><b>&", en="<!-- x -->")
    row = charts.Row("x", hostile, {"amount": Figure(value=Decimal("1.50"))})
    chart = Chart("t", Text(zh="题", en="T"), ChartKind.BARS,
                  (charts.Column("amount", Text(zh="决算数", en="Final")),), (row,))
    for lang in LANGS:
        text = charts.spec_json(chart, cats[lang])
        assert "<" not in text and ">" not in text and "&" not in text
        spec = json.loads(text)
        assert text == json.dumps(spec, sort_keys=True, ensure_ascii=False,
                                  separators=(",", ":")).replace("<", "\\u003c").replace(
            ">", "\\u003e").replace("&", "\\u0026")
        # Plotly reads its text as pseudo-HTML: a name is escaped, never a tag.
        label = spec["layout"]["annotations"][0]["text"]
        assert "<b>" not in label and "&lt;" in label
        assert spec["data"][0]["x"] == ["1.50"]


def test_all_zero_and_all_unknown_charts_are_stated(real: Content, golden: Content,
                                                    cats: dict[str, Catalogue]) -> None:
    zero = by_id(real, REAL_UNIT, 2024, "three-official")
    assert charts.summary_text(zero, cats["zh"]).startswith("本年度没有“三公”经费")
    assert charts.summary_text(zero, cats["en"]).startswith("None this year")
    unknown = by_id(golden, GOLDEN_UNIT, 2024, "income-sources")
    assert "来源未给出本图各项的数字" in charts.summary_text(unknown, cats["zh"])


def test_small_parts_are_listed_in_words(real: Content, cats: dict[str, Catalogue]) -> None:
    chart = by_id(real, REAL_UNIT, 2024, "function-classes")
    small = {r.key: share for r, _, share in chart.small()}
    assert small["201"] == Decimal("0.29")
    assert "208" not in small
    line = charts.small_text(chart, *next((r, f, s) for r, f, s in chart.small()
                                          if r.key == "201"), cats["zh"])
    assert line == "201 一般公共服务支出：5.63万元，占0.29%"


def test_nice_ticks_and_wrap() -> None:
    assert charts.nice_ticks(Decimal(0), Decimal("1958.13")) == [
        Decimal(0), Decimal(500), Decimal(1000), Decimal(1500), Decimal(2000)]
    assert charts.nice_ticks(Decimal(0), Decimal("100")) == [Decimal(0), Decimal(50),
                                                             Decimal(100)]
    assert charts.nice_ticks(Decimal("-3"), Decimal("7")) == [
        Decimal(-5), Decimal(0), Decimal(5), Decimal(10)]
    assert charts.nice_ticks(Decimal(0), Decimal("0.3")) == [
        Decimal(0), Decimal("0.1"), Decimal("0.2"), Decimal("0.3")]
    assert charts.wrap("其他社会保障和就业支出", 20) == ["其他社会保障", "和就业支出"]
    assert charts.wrap("General public budget appropriations", 24) == [
        "General public budget", "appropriations"]


# --- chart, table and CSV agree -------------------------------------------------------

def _read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_each_chart_csv_holds_exactly_its_data(real: Content, golden: Content) -> None:
    for content in (real, golden):
        files = build_export(content).files
        for slug, year, chart in all_charts(content):
            rows = _read_csv(files[chart_csv_path(slug, year, chart.id)])
            assert [r["键 Key"] for r in rows] == [r.key for r in chart.rows], chart.id
            for line, row in zip(rows, chart.rows, strict=True):
                for column in chart.columns:
                    what = (f"{column.label.zh} {column.label.en}"
                            if column.label.en != column.label.zh else column.label.zh)
                    unit = "万元 ¥10k" if column.unit == "万元" else column.unit
                    value = line[f"{what} ({unit})"]
                    status = line[f"{what} [状态 status]"]
                    figure = row.cell(column.key)
                    if figure is None:
                        assert (value, status) == ("", ""), (chart.id, row.key)
                    elif figure.value is None:
                        assert (value, status) == ("", "unknown"), (chart.id, row.key)
                    else:
                        assert Decimal(value) == figure.value, (chart.id, row.key)
                        assert status == figure.status.value


def test_chart_csvs_are_in_the_zip_and_the_data_package(real: Content) -> None:
    export = build_export(real)
    path = chart_csv_path("wuhai-social-insurance-center", 2024, "income-sources")
    assert path == ("downloads/units/wuhai-social-insurance-center/2024/charts/"
                    "income-sources.csv")
    entry = next(e for e in export.entries if e.path == path)
    assert entry.kind == "chart" and entry.title.zh == "图表数据：收入来源"
    assert path in package_resources(export.files)
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(export.files[
        "downloads/units/wuhai-social-insurance-center/2024/"
        "wuhai-social-insurance-center-2024.zip"]))
    assert ("wuhai-social-insurance-center-2024/charts/income-sources.csv"
            in archive.namelist())


# --- pages ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("charts") / "output"
    build(GOLDEN_CONTENT, out)
    return out


def _scripts(page: Path) -> list[dict[str, str | None]]:
    doc = Elements(page.read_text(encoding="utf-8"))
    return [a for a in doc.find("script") if a.get("src")]


def test_only_pages_that_draw_a_chart_load_plotly(site: Path) -> None:
    asset = charts.plotly_asset()
    assert (site / asset.path).read_bytes() == asset.data
    assert re.fullmatch(r"static/vendor/plotly-\d+\.\d+\.\d+-custom-[0-9a-f]{12}\.min\.js",
                        asset.path)
    assert not (site / "static/vendor/plotly-custom.min.js").exists()  # written once
    assert not (site / "static/vendor/plotly-custom.json").exists()
    name = asset.path.rsplit("/", 1)[1]
    loading, drawing = set(), set()
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        # charts.js loads plotly.js itself, from its data-plotly address (no <script>).
        if any((s.get("data-plotly") or "").endswith(name) for s in _scripts(page)):
            loading.add(rel)
        if 'class="chart-spec"' in page.read_text(encoding="utf-8"):
            drawing.add(rel)
    assert loading == drawing
    assert {"units/golden-unit/2024/index.html", "en/units/golden-unit/2024/index.html"} \
        <= loading
    assert "index.html" not in loading and "units/golden-unit/2023/index.html" not in loading
    page = site / "units/golden-unit/2024/index.html"
    scripts = _scripts(page)
    assert [(s["src"] or "").rsplit("/", 1)[1] for s in scripts] == ["site.js", "charts.js"]
    assert (page.parent / (scripts[1]["data-plotly"] or "")).resolve() == \
        (site / asset.path).resolve()


def test_a_chart_page_gives_plotly_a_stylesheet_and_no_reason_for_a_style_element(
        site: Path) -> None:
    doc = Elements((site / "units/golden-unit/2024/index.html").read_text(encoding="utf-8"))
    links = [a for a in doc.find("link") if a.get("id") == charts.PLOTLY_STYLE_ID]
    assert len(links) == 1 and links[0]["rel"] == "stylesheet"
    assert (links[0]["href"] or "").endswith("static/css/charts.css")
    guards = {a.get("id") for a in doc.find("template")}
    assert set(charts.plotly_css_guard_ids()) <= guards
    # The custom bundle leaves maplibre (map traces) out, and with it its injected CSS.
    assert charts.plotly_css_guard_ids() == ()
    # Every drawn chart has its spec, its (open) data table, and its CSV link.
    specs = [a for a in doc.find("script") if a.get("type") == "application/json"]
    plots = [a for a in doc.find("div") if "chart-plot" in (a.get("class") or "")]
    assert len(specs) == len(plots) >= 1
    for spec in specs:
        assert any(p.get("id") == spec["data-plot"] and p.get("role") == "img" for p in plots)
    assert all("open" in d for d in doc.find("details")
               if "chart-data" in (d.get("class") or ""))


def test_the_palette_and_the_legend_swatches_agree() -> None:
    css = (charts.PROJECT / "site_src/css/charts.css").read_text(encoding="utf-8")
    for n, colour in enumerate(charts.PALETTE):
        assert f".chart-swatch-{n} {{ background: {colour}; }}" in css


def test_parts_decide_what_is_drawn_and_a_missing_bar_is_labelled(
        cats: dict[str, Catalogue]) -> None:
    unknown = Figure.model_validate("unknown")
    amount = charts.Column("amount", Text(zh="决算数", en="Final"))
    budget = charts.Column("budget", Text(zh="预算", en="Budget"))
    total = charts.Row("total", Text(zh="合计", en="Total"),
                       {"amount": Figure(value=Decimal("10"))}, total=True)
    part = charts.Row("a", Text(zh="甲", en="A"), {"amount": unknown}, parent="total")
    only_total = Chart("t", Text(zh="题", en="T"), ChartKind.BARS, (amount,), (total, part))
    assert only_total.state is State.ALL_UNKNOWN  # a lone total is no chart
    zero = charts.Row("z", Text(zh="乙", en="B"),
                      {"amount": Figure(value=Decimal(0)), "budget": unknown})
    some = charts.Row("s", Text(zh="丙", en="C"),
                      {"amount": Figure(value=Decimal("2.5")), "budget": Figure(value=Decimal(3))})
    gap = charts.Row("m", Text(zh="丁", en="D"),
                     {"amount": Figure(value=Decimal(4)), "budget": unknown})
    chart = Chart("g", Text(zh="题", en="T"), ChartKind.BARS, (budget, amount), (zero, some))
    assert chart.state is State.FEW  # one part besides a zero: the sentence says it all
    chart = replace(chart, rows=(zero, some, gap))
    assert chart.state is State.DRAW
    spec = charts.spec(chart, cats["zh"])
    budget_trace, amount_trace = spec["data"]
    assert budget_trace["x"] == ["3"] and amount_trace["x"] == ["2.5", "4"]
    assert amount_trace["text"] == ["2.5", "4"]  # as written
    labels = [a["text"] for a in spec["layout"]["annotations"]]
    assert labels == ["丙", "丁<br>（预算未说明）"]  # the zero part is no bar: in the note
    assert "乙" in charts.zero_text(chart, cats["zh"])


def test_scores_are_dots_on_an_axis_that_shows_their_differences(
        real: Content, cats: dict[str, Catalogue]) -> None:
    chart = by_id(real, REAL_UNIT, 2024, "performance-scores")
    scores = [f.value for r in chart.rows if (f := r.cell("score")) is not None]
    spec = charts.spec(chart, cats["zh"])
    assert [t["type"] for t in spec["data"]] == ["scatter"]
    low, high = (Decimal(x) for x in spec["layout"]["xaxis"]["range"])
    # Below the lowest score, but not down at zero: 97.25 and 100 must look apart.
    assert low < min(scores) and low > 0 and high >= max(scores)
    assert (max(scores) - min(scores)) / (high - low) > Decimal("0.3")


def test_the_treemap_carries_bars_for_phones(real: Content,
                                             cats: dict[str, Catalogue]) -> None:
    chart = by_id(real, REAL_UNIT, 2024, "function-classes")
    phone = charts.spec(chart, cats["en"])["phone"]
    assert phone["below"] > 360
    assert [t["type"] for t in phone["data"]] == ["bar"]
    # One bar per class (类) of the treemap's first level, with its amount.
    classes = [r for r in chart.rows if r.parent == "total"]
    assert phone["data"][0]["x"] == [format(r.cell("amount").value, "f") for r in classes]


def test_the_png_says_title_unit_source_and_licence(real: Content,
                                                    cats: dict[str, Catalogue]) -> None:
    chart = by_id(real, REAL_UNIT, 2024, "expenditure-kinds")
    png = charts.spec(chart, cats["zh"], credit="平台 许可")["png"]
    assert "2024" in png["title"] and "支出构成" in png["title"]
    assert "万元" in png["unit"]
    assert "三、支出决算情况说明" in png["footer"] or "支出决算情况说明" in png["footer"]
    assert "许可" in png["footer"] and png["footer_lines"] >= 1


def test_a_section_shows_its_figures_once(real_site: BuiltSite) -> None:
    """A chart drawn from its section's own lines has no table of its own: the section's
    table after it is its table, folded behind it (open in the HTML, for readers without
    JavaScript); a chart from elsewhere keeps its own."""
    page = (real_site.root / f"units/{REAL_UNIT}/2024/index.html").read_text(encoding="utf-8")
    figures = re.findall(r'<figure id="(c-[^"]+)"[^>]*?(?: data-table="([^"]+)")?>(.*?)</figure>',
                         page, re.S)
    shared = {fid: table for fid, table, _ in figures if table}
    assert set(shared) >= {"c-expenditure-kinds", "c-budget-execution", "c-income-sources"}
    for fid, table, body in figures:
        if table:
            assert "<table" not in body, fid  # not repeated under the chart
            assert re.search(rf'<(details|div) id="{table}" class="[^"]*section-data[^"]*"'
                             rf'(?: open)?>', page), fid
        else:
            assert 'class="data chart-table"' in body, fid
    # Drawn above it: folded behind the chart (open until charts.js draws it).
    assert f'<details id="{shared["c-expenditure-kinds"]}" class="chart-data section-data" open>' \
        in page
