"""Fixtures shared by the whole-site and browser tests.

Kept light: nothing is built or started until a test asks for it, and Playwright is
imported only by the browser fixtures, so the other tests pay nothing for them. Under
pytest-xdist each worker builds its own copy once (a session fixture is per process).

The whole-site tests (and the tests of the real figures) read `REAL_CONTENT`, the shipped
content/ folder. Set the environment variable `PORTAL_TEST_CONTENT` to another content
folder to run them against that instead, e.g. a copy of content/ with more units:

    PORTAL_TEST_CONTENT=/tmp/many/content python -m pytest -n auto

Tests never assume how many units there are or which one sorts first: a test about the
shipped unit names it by slug (`REAL_UNIT`), one about "a page" or "every page" finds its
pages through `BuiltSite` by kind, unit and year, never by position.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from generator.site.urls import Kind, disclosure_page
from generator.site.urls import Page as SitePage

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from tests.browserutil import Server

PROJECT = Path(__file__).resolve().parent.parent
REAL_CONTENT = Path(os.environ.get("PORTAL_TEST_CONTENT") or PROJECT / "content")
"""The content the whole-site tests build: content/, or $PORTAL_TEST_CONTENT when set."""
REAL_UNIT = "wuhai-social-insurance-center"
"""The shipped unit (its 2024 disclosure is the seed): tests about it look it up by slug."""
BASE_URL = "https://example.gov.cn/portal/"


@dataclass(frozen=True)
class BuiltSite:
    """A built site and where each of its pages is."""

    root: Path
    languages: tuple[str, ...]
    default_language: str
    pages: tuple[tuple[SitePage, str, str], ...]
    """(page, language, path) of every page, in build order."""

    def paths(self, kind: Kind | None = None, lang: str | None = None,
              unit: str | None = None) -> list[str]:
        """Paths of the pages of a kind, in a language, of a unit (each when given)."""
        return [path for page, lg, path in self.pages
                if (kind is None or page.kind is kind) and (lang is None or lg == lang)
                and (unit is None or page.unit == unit)]

    def path(self, page: SitePage, lang: str) -> str:
        """Where `page` is in language `lang`; fails the test if the site has no such page."""
        found = [path for pg, lg, path in self.pages if pg == page and lg == lang]
        assert len(found) == 1, f"no page {page} in {lang}"
        return found[0]

    def counterpart(self, path: str, lang: str) -> str:
        """The same page in another language."""
        (page,) = {pg for pg, _, p in self.pages if p == path}
        return self.path(page, lang)

    def units(self) -> list[str]:
        """The slug of every unit that has a page, sorted (any number, any names)."""
        return sorted({pg.unit for pg, _, _ in self.pages if pg.kind is Kind.UNIT})

    def latest_disclosure(self, unit: str, lang: str) -> str:
        """The disclosure page of `unit`'s latest year, in `lang`."""
        years = [pg.year for pg, lg, _ in self.pages
                 if pg.kind is Kind.DISCLOSURE and pg.unit == unit and lg == lang]
        assert years, f"unit {unit!r} has no disclosure page in {lang}"
        return self.path(disclosure_page(unit, max(years)), lang)


def build_real_site(out: Path, base_url: str | None = None) -> BuiltSite:
    """Build REAL_CONTENT (content/, or $PORTAL_TEST_CONTENT) into `out` (generator.build.run)."""
    from generator.build.run import build_site, plan_outputs
    from generator.cli.main import check_content
    from generator.site.render import Renderer
    from generator.site.urls import Site

    content, findings = check_content(REAL_CONTENT)
    assert content is not None, findings.format_text()
    build_site(content, out, base_url=base_url)
    settings = content.settings
    site = Site(tuple(settings.languages), settings.default_language, base_url)
    outputs = plan_outputs(site, Renderer(content, site).pages())
    return BuiltSite(out, site.languages, site.default_language,
                     tuple((o.page, o.lang, o.path) for o in outputs))


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real content (REAL_CONTENT), built once per session."""
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


MORE_UNITS = Path(__file__).parent / "fixtures" / "more-units" / "units"


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    """A portal of several units (the golden content and the layout fixtures), with its
    own copies of the templates, locales and static files, all free to change."""
    from generator.build.run import SITE_SRC
    from generator.site.render import LOCALES, TEMPLATES
    from tests.buildutil import GOLDEN_CONTENT

    content = tmp_path / "content"
    shutil.copytree(GOLDEN_CONTENT, content)
    for unit in MORE_UNITS.iterdir():
        shutil.copytree(unit, content / "units" / unit.name)
    paths = {"content": content}
    for name, source in (("templates", TEMPLATES), ("locales", LOCALES),
                         ("site_src", SITE_SRC)):
        paths[name] = tmp_path / name
        shutil.copytree(source, paths[name])
    return paths
