"""axe-core (Deque's accessibility rules engine) on every page of the real site, in both
languages, in normal and in elder mode: no WCAG 2.0/2.1 level A or AA violation.

axe.min.js comes with the `axe-playwright-python` package (PyPI); it is injected into the
page with page.evaluate, in a browser context that bypasses the CSP (axe's own code is
not part of the site).

Elder mode changes styles only (a class on <html>: colours, sizes, spacing), never the
document, so in elder mode only the rules that read styles run again; the others would
give the normal run's results a second time. axe spends most of its time on the largest
pages, so this keeps the suite fast.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from generator.site.urls import Kind
from tests.browserutil import Server as _Server
from tests.browserutil import elder_on, settle
from tests.conftest import REAL_UNIT, BuiltSite

pytestmark = pytest.mark.browser

WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_A_AA}, "resultTypes": ["violations"]}
STYLE_RULES = ["color-contrast", "link-in-text-block", "scrollable-region-focusable"]
"""The WCAG A/AA rules whose outcome depends on styles rather than on the document."""
STYLE_OPTIONS = {"runOnly": {"type": "rule", "values": STYLE_RULES},
                 "resultTypes": ["violations"]}
AXE = Axe()


def violations(page: Page, context: str | None = None,
               options: dict[str, object] = OPTIONS) -> list[str]:
    """One line per failing element: rule, impact, the element, what to fix."""
    result = AXE.run(page, context=context, options=options)
    lines = []
    for rule in result.response["violations"]:
        for node in rule["nodes"]:
            summary = " / ".join(line.strip() for line in
                                 node.get("failureSummary", "").splitlines()[1:])
            lines.append(f"{rule['id']} ({rule['impact']}): {' '.join(node['target'])}: "
                         f"{node['html'][:120]} -- {summary}")
    return lines


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", list(Kind), ids=str)
def test_no_wcag_a_or_aa_violation(kind: Kind, lang: str, elder: bool, real_site: BuiltSite,
                                   server: _Server, new_page: Callable[..., Page]) -> None:
    paths = real_site.paths(kind, lang)
    if not paths:
        pytest.skip(f"the real content has no {kind.value} page")
    page = new_page(bypass_csp=True)
    if elder:
        elder_on(page)
    found = {}
    for path in paths:
        page.goto(server.page_url(path))
        settle(page)  # charts drawn, data tables folded: what people see
        assert page.evaluate("document.documentElement.classList.contains('elder')") is elder
        if problems := violations(page, options=STYLE_OPTIONS if elder else OPTIONS):
            found[path] = problems
    assert found == {}


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_open_glossary_tooltip_has_no_violation(elder: bool, real_site: BuiltSite,
                                                server: _Server,
                                                new_page: Callable[..., Page]) -> None:
    page = new_page(bypass_csp=True)
    if elder:
        elder_on(page)
    page.goto(server.page_url(real_site.latest_disclosure(REAL_UNIT, "zh")))
    settle(page)
    link = page.locator(".prose .term-link").first
    tip_id = link.get_attribute("aria-describedby")
    link.hover()
    assert page.locator(f"#{tip_id}").is_visible()
    assert violations(page, context=f"#{tip_id}") == []


SEARCHES = [("zh", "2080505"), ("zh", "机关运行经费"), ("en", "pension"), ("en", "2080505")]


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize(("lang", "query"), SEARCHES)
def test_search_results_have_no_violation(lang: str, query: str, elder: bool,
                                          real_site: BuiltSite, server: _Server,
                                          new_page: Callable[..., Page]) -> None:
    """The search page as a reader sees it after a search: results, their places, the
    status line and the "more" button (built by site_src/js/search.js), checked too."""
    from playwright.sync_api import expect

    from generator.site.urls import SEARCH

    page = new_page(bypass_csp=True)
    if elder:
        elder_on(page)
    page.goto(server.page_url(real_site.path(SEARCH, lang)))
    page.locator("#search-q").fill(query)
    page.locator("#search-q").press("Enter")
    expect(page.locator(".search-places a").first).to_be_visible(timeout=30_000)
    expect(page.locator(".search-status")).not_to_be_empty()
    assert violations(page, options=STYLE_OPTIONS if elder else OPTIONS) == []
