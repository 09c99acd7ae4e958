"""The units side by side when they have no year in common (issue "A portal of many units",
item 5): the latest-year page (`years/latest/`) shows each unit in its own latest year and
says plainly that the years differ; the per-year pages stay, say how many units they lack
and link to it; with the same latest year everywhere there is no such page.

Content is generated with tests/test_home.py's `make_portal` (the minimal fixture's unit
copied under other slugs and years)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.buildutil import build
from tests.test_home import GenUnit, dom, make_portal, squash

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from tests.browserutil import Server

OLD = GenUnit("old-unit", "甲市第一图书馆", "City A No. 1 Library", "jsdytsg", "甲市文化局",
              "City A Culture Bureau", "甲市", "City A", [2022, 2023], [2023])
NEW = GenUnit("new-unit", "乙市第二档案馆", "City B No. 2 Archives", "ysdedag", "乙市档案局",
              "City B Archives Bureau", None, None, [2024], [])
LATEST = "years/latest/index.html"


@pytest.fixture(scope="module")
def apart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two units with no year in common."""
    tmp = tmp_path_factory.mktemp("years-apart")
    build(make_portal(tmp, [OLD, NEW]), tmp / "output")
    return tmp / "output"


def rows(page: Path) -> dict[str, list[str]]:
    """Each table row's cells (text), by the unit slug its first link names."""
    body = dom(page).find("tbody")
    out = {}
    for tr in body.find_all("tr"):
        cells = [c for c in tr.children if c.tag in ("th", "td")]
        href = cells[0].find("a").attrs["href"]  # the unit's page or its comparison
        slug = re.search(r"units/([^/]+)/", href)
        assert slug is not None, href
        out[slug[1]] = [squash(c.text()) for c in cells]
    return out


def test_latest_year_page_lists_every_unit_with_its_own_year(apart: Path) -> None:
    for lang, root in (("zh", apart), ("en", apart / "en")):
        page = root / LATEST
        html = page.read_text(encoding="utf-8")
        table = rows(page)
        assert set(table) == {OLD.slug, NEW.slug}
        assert table[OLD.slug][1].startswith("2023") and table[NEW.slug][1].startswith("2024")
        # The incomplete year says so; each year links to its disclosure.
        assert ("不完整" if lang == "zh" else "partial") in table[OLD.slug][1]
        assert f'href="../../units/{OLD.slug}/2023/index.html"' in html
        assert f'href="../../units/{NEW.slug}/2024/index.html"' in html
        # It says plainly that the years differ, and the table is sortable by year.
        says = ("各单位最新年度，年度不同。" if lang == "zh"
                else "Each unit's latest year; years differ.")
        assert says in squash(dom(page).find("main").find("p", "lead").text())
        assert 'data-sort="number">' + ("年度" if lang == "zh" else "Year") in html
        assert "data-sortable" in html


def test_year_pages_stay_and_point_to_the_latest_years(apart: Path) -> None:
    for year, present in ((2022, OLD), (2023, OLD), (2024, NEW)):
        page = apart / "years" / str(year) / "index.html"
        assert set(rows(page)) == {present.slug}
        text = squash(dom(page).find("main").text())
        assert f"另有1个单位没有{year}年度的决算公开。" in text
        assert 'href="../latest/index.html"' in page.read_text(encoding="utf-8")
    en = (apart / "en" / "years" / "2024" / "index.html").read_text(encoding="utf-8")
    assert "1 other unit has no disclosure for 2024." in en
    home = (apart / "index.html").read_text(encoding="utf-8")
    assert f'href="{LATEST}"' in home and 'href="years/2022/index.html"' in home


def test_no_latest_year_page_when_the_latest_years_agree(tmp_path: Path) -> None:
    same = GenUnit("same-unit", "丙市第三博物馆", "City C No. 3 Museum", "bsdsbwg", None, None,
                   None, None, [2024], [])
    build(make_portal(tmp_path, [NEW, same]), tmp_path / "output")
    out = tmp_path / "output"
    assert not (out / "years" / "latest").exists()
    assert set(rows(out / "years" / "2024" / "index.html")) == {NEW.slug, same.slug}
    page = (out / "years" / "2024" / "index.html").read_text(encoding="utf-8")
    assert "latest/index.html" not in page and "units-missing" not in page


def test_latest_year_page_switches_language_and_is_valid_html(apart: Path) -> None:
    from tests.test_vnu import vnu

    zh = (apart / LATEST).read_text(encoding="utf-8")
    assert re.search(r'<a class="lang-switch" href="../../en/years/latest/index.html"', zh)
    pages = [apart / LATEST, apart / "en" / LATEST, apart / "years" / "2024" / "index.html"]
    problems = [f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in vnu(pages)
                if m["type"] == "error" or m.get("subType") == "warning"]
    assert problems == []


@pytest.fixture(scope="module")
def apart_server(apart: Path) -> Iterator[Server]:
    from tests.browserutil import serve

    with serve(apart) as running:
        yield running


@pytest.mark.browser
@pytest.mark.parametrize("path", [LATEST, "en/" + LATEST])
def test_latest_year_page_has_no_wcag_violation_and_sorts_by_year(
        path: str, chromium: Browser, apart_server: Server) -> None:
    from tests.browserutil import Watch, settle
    from tests.test_axe import violations

    watch = Watch.open(chromium, apart_server.url, bypass_csp=True)
    page = watch.page
    page.goto(apart_server.page_url(path))
    settle(page)
    assert violations(page) == []
    year = page.locator("table.units thead th").nth(1)
    year.locator("button").click()  # compare.js: sort by year, oldest first
    first = page.locator("table.units tbody tr").first.locator("td.year")
    assert first.inner_text().startswith("2023")
    assert watch.close() == []
