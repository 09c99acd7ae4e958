"""The real site in a real browser: headless Chromium (Debian's) through Playwright.

The site is served from 127.0.0.1 with a strict Content-Security-Policy; every page of
every test has its console, page errors and requests watched (tests/conftest.py
`new_page`): any console message, any script error, any request that leaves the local
server fails the test.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from generator.site.urls import GLOSSARY, Kind
from tests.browserutil import (
    CSP,
    FOCUSABLES_JS,
    OVERFLOW_JS,
    PHONE,
    WATCH_FOCUS_JS,
    Server,
    Watch,
    elder_on,
    settle,
)
from tests.conftest import REAL_UNIT, BuiltSite

pytestmark = pytest.mark.browser
expect.set_options(timeout=20_000)  # generous: CI machines can be slow

NewPage = Callable[..., Page]
KINDS = list(Kind)
BRAND_RGB = "rgb(140, 21, 21)"
"""The header's background (--brand in site.css): proof that the stylesheet applied."""


def _pages(site: BuiltSite, kind: Kind, lang: str | None = None) -> list[str]:
    paths = site.paths(kind, lang)
    if not paths:
        pytest.skip(f"the real content has no {kind.value} page")
    return paths


def latest_disclosure(site: BuiltSite, lang: str) -> str:
    """The shipped unit's latest disclosure, named by slug (its prose has glossary terms);
    not "the last disclosure path": the content may hold any units, in any order."""
    return site.latest_disclosure(REAL_UNIT, lang)


def _header_colour(page: Page) -> str:
    return page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor")


# --- the harness itself -----------------------------------------------------------------

def test_server_sends_the_csp_and_the_watch_catches_a_violation(
        chromium: Browser, server: Server) -> None:
    watch = Watch.open(chromium, server.url)
    response = watch.page.goto(server.page_url("index.html"))
    assert response is not None and response.ok
    assert response.headers["content-security-policy"] == CSP
    # An inline style is what CSP refuses: the refusal must reach the console record.
    watch.page.evaluate("document.body.insertAdjacentHTML('beforeend', "
                        "'<div style=\"color: red\">x</div><style>p {}</style>')")
    watch.page.wait_for_timeout(100)
    problems = watch.close()
    assert problems and all("Content Security Policy" in p for p in problems), problems


# --- language switch ------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_language_switch_lands_on_the_same_page(kind: Kind, real_site: BuiltSite,
                                                server: Server, new_page: NewPage) -> None:
    page = new_page()
    home = real_site.default_language
    for path in _pages(real_site, kind, home):
        page.goto(server.page_url(path))
        for lang in [*(lg for lg in real_site.languages if lg != home), home]:
            page.locator(f'.lang-switch[hreflang^="{lang}"]').click()  # there, then back
            page.wait_for_load_state()
            assert page.url == server.page_url(real_site.counterpart(path, lang)), path
            assert _header_colour(page) == BRAND_RGB


def test_unknown_address_gets_the_styled_404_page(real_site: BuiltSite, server: Server,
                                                  new_page: NewPage) -> None:
    page = new_page(expected=("Failed to load resource: the server responded with a status "
                              "of 404 (Not Found)",))
    response = page.goto(server.page_url("units/no-such-unit/2099/index.html"))
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_be_visible()
    assert _header_colour(page) == BRAND_RGB  # root-relative stylesheet works at any depth
    page.locator(".site-nav a").first.click()
    page.wait_for_load_state()
    assert page.url == server.page_url("index.html")


# --- glossary ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_glossary_term_link_opens_the_glossary_at_its_entry(
        lang: str, real_site: BuiltSite, server: Server, new_page: NewPage) -> None:
    page = new_page()
    page.goto(server.page_url(latest_disclosure(real_site, lang)))
    links = page.locator(".prose .term-link")
    assert links.count() > 0
    # A term far down the glossary, so that landing on it needs scrolling.
    link = links.nth(links.count() - 1)
    term_id = unquote(urlsplit(link.get_attribute("href") or "").fragment)
    assert term_id
    link.click()
    page.wait_for_url(f"**/glossary/index.html#{term_id}")
    assert page.url == server.page_url(real_site.path(GLOSSARY, lang)) + "#" + term_id
    target = page.evaluate("""id => {
      const el = document.getElementById(id);
      const rect = el.getBoundingClientRect();
      return {tag: el.tagName, target: el.matches(':target'), top: rect.top,
              bottom: rect.bottom, height: window.innerHeight,
              dfn: el.querySelector('dfn') !== null};
    }""", term_id)
    assert target["tag"] == "DT" and target["dfn"] and target["target"], target
    assert 0 <= target["top"] < target["height"] and target["bottom"] > 0, target


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_glossary_tooltip_shows_on_hover_and_on_keyboard_focus(
        javascript: bool, viewport: str, real_site: BuiltSite, server: Server,
        new_page: NewPage) -> None:
    args = {"java_script_enabled": javascript}
    if viewport == "phone":
        args["viewport"] = PHONE
    page = new_page(**args)
    page.goto(server.page_url(latest_disclosure(real_site, "zh")))
    link = page.locator(".prose .term-link").first
    tip = page.locator("#" + (link.get_attribute("aria-describedby") or ""))
    expect(tip).to_have_attribute("role", "tooltip")
    expect(tip).to_be_hidden()

    link.hover()
    expect(tip).to_be_visible()
    box, width = tip.bounding_box(), page.viewport_size["width"]  # type: ignore[index]
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box
    assert page.evaluate(OVERFLOW_JS)["scrollWidth"] <= page.evaluate(
        "document.documentElement.clientWidth")
    page.mouse.move(0, 0)
    expect(tip).to_be_hidden()

    link.focus()
    expect(tip).to_be_visible()
    if javascript:  # WCAG 1.4.13: dismissible without moving focus
        page.keyboard.press("Escape")
        expect(tip).to_be_hidden()
        expect(link).to_be_focused()
    page.evaluate("document.activeElement.blur()")
    expect(tip).to_be_hidden()


def test_without_javascript_the_elder_toggle_stays_hidden(
        real_site: BuiltSite, server: Server, new_page: NewPage) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(server.page_url("index.html"))
    expect(page.locator(".elder-toggle")).to_be_hidden()
    assert _header_colour(page) == BRAND_RGB


# --- elder mode -------------------------------------------------------------------------

def _elder(page: Page) -> tuple[bool, str | None, str]:
    return (page.evaluate("document.documentElement.classList.contains('elder')"),
            page.locator(".elder-toggle").get_attribute("aria-pressed"),
            page.evaluate("getComputedStyle(document.documentElement).fontSize"))


def test_elder_mode_switches_and_persists_across_pages(
        real_site: BuiltSite, server: Server, new_page: NewPage) -> None:
    page = new_page()
    page.goto(server.page_url("index.html"))
    toggle = page.locator(".elder-toggle")
    expect(toggle).to_be_visible()
    assert _elder(page) == (False, "false", "16px")

    toggle.click()
    assert _elder(page) == (True, "true", "20px")

    page.locator(".site-nav a").nth(1).click()  # another page
    page.wait_for_load_state()
    assert page.url != server.page_url("index.html")
    assert _elder(page) == (True, "true", "20px")

    page.locator(".lang-switch").click()  # the other language, same origin
    page.wait_for_load_state()
    assert _elder(page) == (True, "true", "20px")

    page.goto(server.page_url(latest_disclosure(real_site, "zh")))
    assert _elder(page) == (True, "true", "20px")
    page.locator(".elder-toggle").click()
    assert _elder(page) == (False, "false", "16px")
    page.goto(server.page_url("index.html"))
    assert _elder(page) == (False, "false", "16px")


# --- small screens ------------------------------------------------------------------------

@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_page_scrolls_sideways_at_360_px(lang: str, elder: bool, real_site: BuiltSite,
                                            server: Server, new_page: NewPage) -> None:
    page = new_page(viewport=PHONE)
    if elder:
        elder_on(page)
    wide = {}
    for path in real_site.paths(lang=lang):
        page.goto(server.page_url(path))
        settle(page)  # charts are drawn after the page loads
        assert page.evaluate("document.documentElement.classList.contains('elder')") is elder
        found = page.evaluate(OVERFLOW_JS)
        if not (found["scrollWidth"] <= found["clientWidth"] <= found["innerWidth"]):
            wide[path] = found
    assert wide == {}


# --- keyboard -----------------------------------------------------------------------------

def _tab_through(page: Page, count: int) -> list[dict[str, object]]:
    """Press Tab until every element could have had focus once; what got focus, in order,
    up to the first element focused a second time (focus went round)."""
    page.evaluate(WATCH_FOCUS_JS)
    for _ in range(count + 2):
        page.keyboard.press("Tab")
    visited: list[dict[str, object]] = []
    for active in page.evaluate("window.__visited"):
        if visited and active["index"] == visited[0]["index"]:
            break
        visited.append(active)
    return visited


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_tab_reaches_every_link_and_control_with_visible_focus(
        kind: Kind, elder: bool, real_site: BuiltSite, server: Server,
        new_page: NewPage) -> None:
    page = new_page()
    if elder:
        elder_on(page)
    # Chinese pages in normal mode, English ones in elder mode: both layouts, both texts.
    lang = "en" if elder else real_site.default_language
    for path in _pages(real_site, kind, lang):
        page.goto(server.page_url(path))
        settle(page)
        focusables = page.evaluate(FOCUSABLES_JS)
        assert 'class="skip-link"' in focusables[0], path
        visited = _tab_through(page, len(focusables))
        order = [v["index"] for v in visited]
        missed = [focusables[i] for i in sorted(set(range(len(focusables))) - set(order))]
        assert missed == [], path
        assert order == list(range(len(focusables))), (path, order)  # document order
        invisible = [v for v in visited if not v["visible"]]
        assert invisible == [], path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_skip_link_comes_first_shows_and_moves_to_the_main_content(
        lang: str, real_site: BuiltSite, server: Server, new_page: NewPage) -> None:
    page = new_page()
    page.goto(server.page_url(latest_disclosure(real_site, lang)))
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] > 0  # on screen when focused
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#main'")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate(
        "document.querySelector('main').contains(document.activeElement)"), \
        "the next Tab after the skip link goes into the main content"


# --- requests -------------------------------------------------------------------------------

def test_pages_request_only_the_local_server(real_site: BuiltSite, server: Server,
                                             chromium: Browser) -> None:
    # Every page of the other tests is watched too; this one also checks that the
    # watch sees the site's own assets.
    watch = Watch.open(chromium, server.url)
    for path in real_site.paths(lang=real_site.default_language):
        watch.page.goto(server.page_url(path))
    watch.page.wait_for_load_state("networkidle")
    requested = list(watch.requests)
    assert watch.close() == []
    assert requested and all(url.startswith(server.url) for url in requested)
    assets = {urlsplit(url).path for url in requested}
    assert {"/static/css/site.css", "/static/js/site.js"} <= assets


# --- from disk ------------------------------------------------------------------------------

def test_site_works_opened_from_disk(real_site: BuiltSite, new_page: NewPage) -> None:
    root = real_site.root.resolve()
    page = new_page(allow=root.as_uri() + "/")
    page.goto((root / "index.html").as_uri())
    expect(page.locator("h1")).to_be_visible()
    assert _header_colour(page) == BRAND_RGB
    expect(page.locator(".elder-toggle")).to_be_visible()  # site.js runs from disk too

    for path in ("index.html", latest_disclosure(real_site, "en")):
        page.goto((root / path).as_uri())
        settle(page)
        hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
        local = [h for h in hrefs if h.startswith("file:")]
        assert local, path
        missing = sorted({h for h in local
                          if not Path(unquote(urlsplit(h).path)).is_file()})
        assert missing == [], path

    page.goto((root / "index.html").as_uri())
    page.locator(".site-nav a").nth(1).click()
    page.wait_for_load_state()
    assert page.url.startswith(root.as_uri() + "/") and page.url.endswith("/index.html")
    assert _header_colour(page) == BRAND_RGB
    page.locator(".lang-switch").click()
    page.wait_for_load_state()
    assert page.url.startswith((root / "en").as_uri() + "/")
    assert _header_colour(page) == BRAND_RGB
