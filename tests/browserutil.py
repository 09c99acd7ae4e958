"""Real-browser helpers: a local HTTP server for a built site that sends the site's strict
Content-Security-Policy (`generator.serve.static`, as `portal serve` does), Debian's
headless Chromium, and pages whose console, errors and requests are watched.

The CSP is what a careful host would send: with it, an inline script or style, or a
request to another origin, shows up as a console error, which fails the test.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Route,
    sync_playwright,
)

from generator.serve.static import CSP as CSP
from generator.serve.static import StaticHandler

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
ELDER_KEY = "portal-elder-mode"
"""The localStorage key site.js keeps elder mode in."""


@dataclass(frozen=True)
class Server:
    root: Path
    url: str
    """http://127.0.0.1:PORT/ (with the trailing slash)."""

    def page_url(self, path: str) -> str:
        return self.url + path


@contextlib.contextmanager
def serve(root: Path) -> Iterator[Server]:
    handler = functools.partial(StaticHandler, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield Server(root, f"http://127.0.0.1:{httpd.server_address[1]}/")
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@contextlib.contextmanager
def launch() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watch:
    """One page in its own browser context, with everything it logged or requested."""

    context: BrowserContext
    page: Page
    allow: str
    expected: tuple[str, ...] = ()
    """Console messages this test expects (exact texts): not counted as problems."""
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, browser: Browser, allow: str, expected: tuple[str, ...] = (),
             **context_args: Any) -> Watch:
        context_args.setdefault("viewport", DESKTOP)
        context = browser.new_context(**context_args)
        context.set_default_timeout(60_000)  # generous: CI machines can be slow
        watch = cls(context, context.new_page(), allow, expected)
        page = watch.page
        page.on("console", watch._console)
        page.on("pageerror", lambda e: watch.errors.append(f"page error: {e}"))
        page.on("request", watch._request)
        # Nothing may leave the machine: a request elsewhere is recorded and aborted.
        context.route("**/*", watch._route)
        return watch

    def _console(self, message: ConsoleMessage) -> None:
        if message.text not in self.expected:
            self.console.append(f"console {message.type}: {message.text} "
                                f"({message.location.get('url', '')})")

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)
        if not request.url.startswith(self.allow):
            self.outside.append(request.url)

    def _route(self, route: Route) -> None:
        if route.request.url.startswith(self.allow):
            route.continue_()
        else:
            route.abort()

    def close(self) -> list[str]:
        """Close the context; the problems seen (empty when all was well)."""
        self.context.close()
        return ([*self.console, *self.errors] +
                [f"request outside {self.allow}: {url}" for url in self.outside])


def settle(page: Page) -> None:
    """Wait until the page is as people see it once they have scrolled through it:
    loaded, every chart drawn and its data table folded (charts.js loads plotly.js and
    draws a chart only as it comes near the viewport: this scrolls to each, then back to
    the top), fonts in, and two frames painted after that."""
    page.wait_for_load_state("load")
    if page.evaluate("!!document.querySelector('script[data-plotly]')"):
        plots = page.locator(".chart-plot")
        for i in range(plots.count()):
            plots.nth(i).scroll_into_view_if_needed()
            plots.nth(i).locator(".main-svg").first.wait_for(state="attached")
        page.evaluate("window.scrollTo(0, 0)")
    page.evaluate("() => document.fonts.ready.then(() => new Promise(r => "
                  "requestAnimationFrame(() => requestAnimationFrame(r))))")


def elder_on(page: Page) -> None:
    """Start every page of this page's context in elder mode, as if chosen earlier."""
    page.add_init_script(f"window.localStorage.setItem({ELDER_KEY!r}, '1');")


# --- scripts evaluated in the page ------------------------------------------------------

FOCUSABLES_JS = """() => {
  // Everything sequential keyboard navigation should reach, in document order:
  // rendered, enabled, not taken out of the tab order.
  const selector = 'a[href], area[href], button, input, select, textarea, iframe, ' +
    'summary, [tabindex], [contenteditable=""], [contenteditable="true"]';
  // checkVisibility() is false for display: none, visibility: hidden and for the folded
  // content of a closed <details> (content-visibility: hidden), which Tab skips.
  const list = [...document.querySelectorAll(selector)].filter(el =>
    !el.disabled && el.tabIndex >= 0 && !el.closest('[inert]') &&
    el.checkVisibility({visibilityProperty: true}));
  window.__focusables = list;
  return list.map(el => el.outerHTML.slice(0, 160));
}"""

WATCH_FOCUS_JS = """() => {
  // Record every element that receives focus from now on: its place among
  // window.__focusables (-1: another element), and whether the focus is visible: an
  // outline that is drawn, or a box shadow.
  window.__visited = [];
  document.addEventListener('focusin', event => {
    const el = event.target;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 &&
      !/rgba\\(.*, 0\\)$|transparent/.test(style.outlineColor);
    const shadow = style.boxShadow !== 'none';
    window.__visited.push({
      index: window.__focusables.indexOf(el), html: el.outerHTML.slice(0, 160),
      visible: el.matches(':focus-visible') && (outline || shadow),
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      shadow: style.boxShadow});
  });
}"""

OVERFLOW_JS = """() => {
  // Horizontal page scroll, and the elements that stick out on the right (those inside
  // a scrolling or clipping box do not widen the page).
  const root = document.documentElement;
  const width = root.clientWidth;
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    const rect = el.getBoundingClientRect();
    if (rect.right <= width + 0.5 || rect.width === 0) continue;
    let clipped = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') { clipped = true; break; }
    }
    if (!clipped) culprits.push(el);
  }
  // The innermost ones name the cause; their ancestors only stick out because of them.
  const causes = culprits.filter(el => !culprits.some(o => o !== el && el.contains(o)));
  return {scrollWidth: root.scrollWidth, clientWidth: width, innerWidth: window.innerWidth,
          culprits: causes.slice(0, 5).map(el => el.outerHTML.slice(0, 120) + ' right=' +
                                           el.getBoundingClientRect().right)};
}"""
