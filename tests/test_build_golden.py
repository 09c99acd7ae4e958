"""Golden-site test: the fixture content in tests/fixtures/golden-content/ must build to
exactly the files committed in tests/golden/, byte for byte.

The golden site includes the downloads (generator/data/), so an intended change to
templates, catalogues, CSS/JS, rendering or the export needs the golden copy regenerated:

    python -m tests.regen_golden

and read `git diff tests/golden` before committing it.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from generator.compute.charts import plotly_asset
from tests.buildutil import GOLDEN, GOLDEN_CONTENT, build, tree
from tests.regen_golden import VENDORED
from tests.sitecheck import check_site

BASE_URL = "https://example.gov.cn/portal/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden") / "output"
    build(GOLDEN_CONTENT, out)
    return out


def _first_difference(name: str, expected: bytes, actual: bytes) -> str:
    diff = difflib.unified_diff(expected.decode("utf-8", "replace").splitlines(),
                                actual.decode("utf-8", "replace").splitlines(),
                                f"golden/{name}", f"built/{name}", lineterm="", n=2)
    return "\n".join(list(diff)[:60])


def test_golden_site_matches_byte_for_byte(built: Path) -> None:
    expected, actual = tree(GOLDEN), tree(built)
    for rel in VENDORED:  # copied from the plotly package, too big to commit
        assert actual.pop(rel) == plotly_asset().data
    assert sorted(actual) == sorted(expected), "file lists differ; run python -m tests.regen_golden"
    for name in sorted(expected):
        if expected[name] != actual[name]:
            pytest.fail(f"{name} differs from the golden copy "
                        f"(python -m tests.regen_golden to accept):\n"
                        f"{_first_difference(name, expected[name], actual[name])}")


def test_every_internal_link_resolves(built: Path) -> None:
    assert check_site(built) == []


def test_with_base_url_links_canonical_and_sitemap(tmp_path: Path) -> None:
    out = tmp_path / "output"
    build(GOLDEN_CONTENT, out, base_url=BASE_URL)
    assert check_site(out, BASE_URL) == []
    page = (out / "en/units/golden-unit/2024/index.html").read_text(encoding="utf-8")
    assert (f'<link rel="canonical" href="{BASE_URL}en/units/golden-unit/2024/">') in page
    assert (f'<link rel="alternate" hreflang="zh-CN" '
            f'href="{BASE_URL}units/golden-unit/2024/">') in page
    assert f'hreflang="x-default" href="{BASE_URL}units/golden-unit/2024/"' in page
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{BASE_URL}en/glossary/</loc>" in sitemap
    assert "404" not in sitemap
    # 404.html is served at any depth: with a base URL its links are absolute.
    not_found = (out / "404.html").read_text(encoding="utf-8")
    assert f'href="{BASE_URL}static/css/site.css"' in not_found


def test_without_base_url_no_sitemap_and_relative_alternates(built: Path) -> None:
    assert not (built / "sitemap.xml").exists()
    page = (built / "units/golden-unit/index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in page
    assert '<link rel="alternate" hreflang="en" href="../../en/units/golden-unit/index.html">' \
        in page
