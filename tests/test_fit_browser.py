"""Nothing is cut off (issue 11, parts 2 and 3): at 360, 768 and 1280 px, in both languages
and in elder mode, every table wider than its box scrolls in a box that says so, no table
cell spills over its neighbours, and every chart's labels lie inside the chart. A
disclosure page opens with its headline cards: the total, its change and the reason are
on the first screen of a phone.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browserutil import DESKTOP, PHONE, Server, elder_on, settle
from tests.conftest import REAL_UNIT, BuiltSite

pytestmark = pytest.mark.browser

NewPage = Callable[..., Page]
WIDTHS = (PHONE["width"], 768, DESKTOP["width"])

TABLES_JS = """() => {
  // Each table wider than the box that holds it (the nearest ancestor that scrolls or
  // clips, else the page): it must be in a .table-scroll box marked as overflowing whose
  // caption (or first header) shows the scroll hint within the box's visible part.
  const problems = [];
  for (const table of document.querySelectorAll('table')) {
    if (!table.checkVisibility()) continue;  // folded away (a chart's data in <details>)
    let box = table.parentElement;
    while (box !== document.body && getComputedStyle(box).overflowX === 'visible') {
      box = box.parentElement;
    }
    const page = box === document.body;
    const visible = page ? document.documentElement.clientWidth : box.clientWidth;
    const full = page ? table.getBoundingClientRect().right : box.scrollWidth;
    const name = (table.closest('[id]') || {}).id + ' ' + (table.className || '');
    if (full > visible) {
      if (page || !box.classList.contains('table-scroll')) {
        problems.push(`${name}: ${full} px in ${visible} px, not in a scroll box`);
      } else if (!box.classList.contains('overflowing')) {
        problems.push(`${name}: ${full} px in ${visible} px, the box does not say it scrolls`);
      } else {
        const hint = box.querySelector('[data-scroll-hint]');
        const said = hint && getComputedStyle(hint, '::after').content;
        const left = hint && hint.getBoundingClientRect().left - box.getBoundingClientRect().left;
        if (!said || !said.includes(hint.dataset.scrollHint) || left > visible) {
          problems.push(`${name}: no visible scroll hint (${said})`);
        }
      }
    }
    for (const cell of table.querySelectorAll('th, td')) {
      if (cell.scrollWidth > cell.clientWidth + 1) {
        problems.push(`${name}: cell "${cell.textContent.trim().slice(0, 30)}" spills over ` +
                      `(${cell.scrollWidth} > ${cell.clientWidth})`);
      }
    }
  }
  return problems;
}"""

CHART_LABELS_JS = """() => {
  // Every label of every drawn chart inside the chart's box (hover labels excepted).
  const problems = [];
  for (const plot of document.querySelectorAll('.chart-plot')) {
    const box = plot.getBoundingClientRect();
    for (const text of plot.querySelectorAll('svg text')) {
      if (text.closest('.hoverlayer') || !text.textContent.trim()) continue;
      const r = text.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 ||
          r.bottom > box.bottom + 1) {
        problems.push(`${plot.id}: "${text.textContent.slice(0, 30)}" at ` +
                      `${Math.round(r.left)}..${Math.round(r.right)} outside ` +
                      `${Math.round(box.left)}..${Math.round(box.right)}`);
      }
    }
  }
  return problems;
}"""


def _problems(page: Page, site: BuiltSite, server: Server, lang: str, script: str
              ) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in site.paths(lang=lang):
        page.goto(server.page_url(path))
        settle(page)
        problems = page.evaluate(script)
        if problems:
            found[path] = problems
    return found


def _page(new_page: NewPage, width: int, elder: bool) -> Page:
    page = new_page(viewport={"width": width, "height": 800})
    if elder:
        elder_on(page)
    return page


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_table_is_cut(width: int, lang: str, elder: bool, real_site: BuiltSite,
                         server: Server, new_page: NewPage) -> None:
    page = _page(new_page, width, elder)
    assert _problems(page, real_site, server, lang, TABLES_JS) == {}
    if width == PHONE["width"]:  # the check did meet wide tables (the content has them)
        page.goto(server.page_url(real_site.latest_disclosure(REAL_UNIT, lang)))
        assert page.locator(".table-scroll.overflowing").count() > 0


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_chart_label_is_cut(width: int, lang: str, elder: bool, real_site: BuiltSite,
                               server: Server, new_page: NewPage) -> None:
    page = _page(new_page, width, elder)
    assert _problems(page, real_site, server, lang, CHART_LABELS_JS) == {}


def test_a_wide_table_says_it_scrolls_and_stops_saying_so_when_it_fits(
        real_site: BuiltSite, server: Server, new_page: NewPage) -> None:
    page = new_page(viewport=PHONE)
    page.goto(server.page_url(real_site.latest_disclosure(REAL_UNIT, "en")))
    settle(page)
    hint = page.locator(".table-scroll.overflowing").locator("visible=true").first \
        .locator("[data-scroll-hint]").first.element_handle()
    assert "scroll" in page.evaluate("e => getComputedStyle(e, '::after').content", hint)
    page.set_viewport_size({"width": 4000, "height": 800})  # every table fits now
    # (A box folded away keeps its mark until it is shown again and measured.)
    expect(page.locator(".table-scroll.overflowing").locator("visible=true")).to_have_count(0)
    assert page.evaluate("e => getComputedStyle(e, '::after').content", hint) == "none"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_headline_cards_show_the_total_its_change_and_reason_on_the_first_screen(
        viewport: dict[str, int], lang: str, real_site: BuiltSite, server: Server,
        new_page: NewPage) -> None:
    page = new_page(viewport=viewport)
    page.goto(server.page_url(real_site.latest_disclosure(REAL_UNIT, lang)))
    settle(page)
    first = page.locator("dl.cards > .card").first
    value, change, why = (first.locator(c) for c in (".card-value", ".card-change",
                                                     ".card-why"))
    for part in (value, change, why):
        box = part.bounding_box()
        assert box is not None and box["y"] + box["height"] <= viewport["height"], part
    # The figures are the page's own: the card's total is the one the overall section states.
    total = value.inner_text().strip()
    assert total and total in page.locator("#s-overall table").inner_text()
    assert change.inner_text().strip()[0] in "+-−0"
    # The contents are folded on a phone and open on a wide screen (site.js).
    toc_open = page.evaluate("document.querySelector('details.toc-fold').open")
    assert toc_open is (viewport["width"] >= 768)
