"""Fixtures shared by the whole-site and browser tests.

Kept light: nothing is built or started until a test asks for it, and Playwright is
imported only by the browser fixtures, so the other tests pay nothing for them. Under
pytest-xdist each worker builds its own copy once (a session fixture is per process).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from generator.urls import Kind

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from tests.browserutil import Server

PROJECT = Path(__file__).resolve().parent.parent
REAL_CONTENT = PROJECT / "content"
BASE_URL = "https://example.gov.cn/portal/"


@dataclass(frozen=True)
class BuiltSite:
    """A built site and where each of its pages is."""

    root: Path
    languages: tuple[str, ...]
    default_language: str
    pages: tuple[tuple[Kind, str, str], ...]
    """(kind, language, path) of every page, in build order."""

    def paths(self, kind: Kind | None = None, lang: str | None = None) -> list[str]:
        return [path for k, lg, path in self.pages
                if (kind is None or k is kind) and (lang is None or lg == lang)]

    def counterpart(self, path: str, lang: str) -> str:
        """The same page in another language."""
        kinds = {p: (k, lg) for k, lg, p in self.pages}
        kind, here = kinds[path]
        same = [p for k, lg, p in self.pages if k is kind and lg == here]
        other = [p for k, lg, p in self.pages if k is kind and lg == lang]
        return other[same.index(path)]  # pages of one kind are planned in the same order


def build_real_site(out: Path, base_url: str | None = None) -> BuiltSite:
    """Build the shipped content/ into `out` with generator.build."""
    from generator.build import build_site, plan
    from generator.cli import check_content
    from generator.render import Renderer
    from generator.urls import Site

    content, findings = check_content(REAL_CONTENT)
    assert content is not None, findings.format_text()
    build_site(content, out, base_url=base_url)
    settings = content.settings
    site = Site(tuple(settings.languages), settings.default_language, base_url)
    outputs = plan(site, Renderer(content, site).pages())
    return BuiltSite(out, site.languages, site.default_language,
                     tuple((o.page.kind, o.lang, o.path) for o in outputs))


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real content (content/), built once per session."""
    return build_real_site(tmp_path_factory.mktemp("real-site") / "output")


@pytest.fixture(scope="session")
def real_site_based(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real content built with --base-url (canonical links, sitemap)."""
    return build_real_site(tmp_path_factory.mktemp("real-site-based") / "output", BASE_URL)


# --- browser ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def server(real_site: BuiltSite) -> Iterator[Server]:
    """The real site over HTTP on 127.0.0.1 (a random port), with a strict CSP header."""
    from tests.browserutil import serve

    with serve(real_site.root) as running:
        yield running


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's headless Chromium (Playwright cannot download browsers here)."""
    from tests.browserutil import launch

    with launch() as browser:
        yield browser


@pytest.fixture
def new_page(chromium: Browser, server: Server) -> Iterator[Callable[..., Page]]:
    """Makes pages in fresh browser contexts (keyword arguments go to new_context; `allow`
    is the URL prefix requests may go to, the local server by default; `expected` are
    console texts the test expects). Each page's
    console messages, page errors and requests are recorded; when the test ends, any
    console message, error or request elsewhere fails it."""
    from tests.browserutil import Watch

    watches: list[Watch] = []

    def make(*, allow: str | None = None, expected: tuple[str, ...] = (),
             **context_args: Any) -> Page:
        watch = Watch.open(chromium, allow or server.url, expected, **context_args)
        watches.append(watch)
        return watch.page

    yield make
    problems = [problem for watch in watches for problem in watch.close()]
    assert problems == [], "\n".join(problems)
