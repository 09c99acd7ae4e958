"""The site's plotly.js bundle (site_src/vendor/plotly-custom.min.js, built by
scripts/build-plotly-bundle.sh, described by site_src/vendor/plotly-custom.json): the
plotly.js the Python `plotly` package expects, the file the record describes, small, and
holding every trace type the charts draw. No browser and no node: the browser side is in
test_charts_browser.py.

When one of these fails: bump or extend scripts/plotly-bundle/ (package.json and its lock,
index.js), run scripts/build-plotly-bundle.sh, then python -m tests.regen_golden.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs_version

from generator.cli.main import check_content
from generator.compute import charts
from generator.compute.charts import PLOTLY_BUNDLE, PLOTLY_BUNDLE_INFO, ChartKind, plotly_asset
from generator.content.model.content import Content
from generator.site.i18n import load_catalogues
from tests.buildutil import GOLDEN_CONTENT, build
from tests.conftest import REAL_CONTENT

MAX_GZIP = 450_000
"""Bytes, gzip -9: the most a phone should fetch for the charts (the full plotly.js is
about 1.47 MB)."""

PACKAGE = charts.PROJECT / "scripts" / "plotly-bundle"


@pytest.fixture(scope="module")
def info() -> dict:
    return json.loads(PLOTLY_BUNDLE_INFO.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def data() -> bytes:
    return PLOTLY_BUNDLE.read_bytes()


def _load(folder: Path) -> Content:
    content, findings = check_content(folder)
    assert content is not None, findings.format_text()
    return content


def test_the_bundle_is_the_plotly_js_the_python_package_expects(info: dict,
                                                                data: bytes) -> None:
    assert info["plotly.js"] == get_plotlyjs_version(), \
        "rebuild the bundle for the plotly.js of the installed plotly package"
    head = data[:400].decode("utf-8")
    assert re.search(rf"plotly\.js v{re.escape(info['plotly.js'])}\b", head), head
    assert plotly_asset().version == info["plotly.js"]
    assert f"plotly-{info['plotly.js']}-" in plotly_asset().path


def test_the_file_is_the_one_recorded(info: dict, data: bytes) -> None:
    assert hashlib.sha256(data).hexdigest() == info["sha256"], \
        "site_src/vendor/plotly-custom.min.js is not what scripts/build-plotly-bundle.sh wrote"
    assert len(data) == info["bytes"]
    assert plotly_asset().data == data
    assert hashlib.sha256(data).hexdigest()[:12] in plotly_asset().path  # cache busting


def test_the_bundle_is_small(info: dict, data: bytes) -> None:
    size = len(gzip.compress(data, compresslevel=9, mtime=0))
    assert size <= MAX_GZIP, f"{size} bytes gzipped"
    assert info["gzip_bytes"] <= MAX_GZIP


def test_the_pins_agree_with_the_record(info: dict) -> None:
    package = json.loads((PACKAGE / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((PACKAGE / "package-lock.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["plotly.js"] == info["plotly.js"]  # exact, no range
    assert package["dependencies"]["esbuild"] == info["esbuild"]
    assert lock["packages"]["node_modules/plotly.js"]["version"] == info["plotly.js"]
    assert lock["packages"]["node_modules/esbuild"]["version"] == info["esbuild"]
    # index.js registers the trace types recorded (scatter is in plotly.js's core).
    entry = (PACKAGE / "index.js").read_text(encoding="utf-8")
    registered = set(re.findall(r"require\('plotly\.js/lib/(\w+)'\)", entry)) - {"core"}
    assert registered | {"scatter"} == set(info["traces"]) == set(plotly_asset().traces)


def test_every_trace_type_the_charts_draw_is_in_the_bundle(info: dict) -> None:
    cats = load_catalogues(charts.LOCALES, ["zh", "en"])
    used: set[str] = set()
    kinds: set[ChartKind] = set()
    for content in (_load(REAL_CONTENT), _load(GOLDEN_CONTENT)):
        for unit in content.units:
            for d in unit.disclosures:
                for chart in charts.disclosure_charts(unit, d):
                    kinds.add(chart.kind)
                    for cat in cats.values():
                        used |= {trace["type"] for trace in charts.spec(chart, cat)["data"]}
    # Every kind of chart is among them (the comparison pages draw bars too), so every
    # trace type the code can make is checked.
    assert kinds == set(ChartKind)
    assert used <= set(info["traces"]), sorted(used - set(info["traces"]))


def test_the_site_gets_the_bundle_once_under_its_versioned_name(tmp_path: Path) -> None:
    out = tmp_path / "output"
    build(GOLDEN_CONTENT, out)
    vendor = sorted(p.relative_to(out).as_posix() for p in (out / "static").rglob("*")
                    if p.is_file() and "vendor" in p.parts)
    assert vendor == [plotly_asset().path]
    assert (out / plotly_asset().path).read_bytes() == PLOTLY_BUNDLE.read_bytes()
