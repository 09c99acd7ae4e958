"""Where every page and file of the built site lives, and how pages link to each other.

All paths here are POSIX paths relative to the output root (`units/x/2024/index.html`).
Pages link to each other with relative URLs computed from these paths, so the site works
from any subpath and from disk (file://); that is why links name `index.html` explicitly.
The default language sits at the root, every other language under `<lang>/` with the
same paths. Later pages (CSV downloads, comparisons) add their path functions here.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

STATIC = "static"
"""Folder of the copied `site_src/` assets, shared by all languages."""


class Kind(StrEnum):
    HOME = "home"
    UNIT = "unit"
    DISCLOSURE = "disclosure"
    GLOSSARY = "glossary"
    ABOUT = "about"
    DOWNLOADS = "downloads"
    NOT_FOUND = "404"
    COMPARE = "compare"
    """One unit, all its years side by side."""
    COMPARE_PAIR = "compare_pair"
    """One unit, two of its years (`year` and `to_year`)."""
    COMPARE_UNITS = "compare_units"
    """All units in one year; with year 0, each unit in its latest year."""
    UNIT_DOWNLOADS = "unit_downloads"
    """One unit's downloads, in the folder that holds them."""
    AUDIT = "audit"
    """The consistency audit of every unit and year (counts; findings on each disclosure)."""
    SEARCH = "search"
    """The site's search (the index is built with the site: `generator/search/`)."""


@dataclass(frozen=True, order=True)
class Page:
    """One page of the site, independent of language."""

    kind: Kind
    unit: str = ""
    year: int = 0
    to_year: int = 0
    """The later year of a two-year comparison."""

    def path(self, lang_root: str) -> str:
        """Output path of this page under a language root (`""` or `"en/"`)."""
        match self.kind:
            case Kind.HOME:
                rel = "index.html"
            case Kind.UNIT:
                rel = f"units/{self.unit}/index.html"
            case Kind.DISCLOSURE:
                rel = f"units/{self.unit}/{self.year}/index.html"
            case Kind.GLOSSARY:
                rel = "glossary/index.html"
            case Kind.ABOUT:
                rel = "about/index.html"
            case Kind.DOWNLOADS:
                rel = "downloads/index.html"
            case Kind.NOT_FOUND:
                rel = "404.html"
            case Kind.COMPARE:
                rel = f"units/{self.unit}/compare/index.html"
            case Kind.COMPARE_PAIR:
                rel = f"units/{self.unit}/compare/{self.year}-{self.to_year}/index.html"
            case Kind.COMPARE_UNITS:
                rel = f"years/{self.year or 'latest'}/index.html"
            case Kind.UNIT_DOWNLOADS:
                rel = f"downloads/units/{self.unit}/index.html"
            case Kind.AUDIT:
                rel = "audit/index.html"
            case Kind.SEARCH:
                rel = "search/index.html"
        return lang_root + rel


HOME = Page(Kind.HOME)
GLOSSARY = Page(Kind.GLOSSARY)
ABOUT = Page(Kind.ABOUT)
DOWNLOADS = Page(Kind.DOWNLOADS)
NOT_FOUND = Page(Kind.NOT_FOUND)
AUDIT = Page(Kind.AUDIT)
SEARCH = Page(Kind.SEARCH)


def unit_page(slug: str) -> Page:
    return Page(Kind.UNIT, unit=slug)


def disclosure_page(slug: str, year: int) -> Page:
    return Page(Kind.DISCLOSURE, unit=slug, year=year)


def unit_downloads_page(slug: str) -> Page:
    return Page(Kind.UNIT_DOWNLOADS, unit=slug)


def compare_page(slug: str) -> Page:
    """The unit's comparison of all its years."""
    return Page(Kind.COMPARE, unit=slug)


def compare_pair_page(slug: str, year: int, to_year: int) -> Page:
    """The unit's comparison of two years (earlier first)."""
    if not year < to_year:
        raise ValueError(f"a two-year comparison runs from earlier to later: {year}-{to_year}")
    return Page(Kind.COMPARE_PAIR, unit=slug, year=year, to_year=to_year)


def compare_units_page(year: int) -> Page:
    """Every unit side by side in one year."""
    return Page(Kind.COMPARE_UNITS, year=year)


def static(name: str) -> str:
    """Path of an asset copied from `site_src/` (e.g. `css/site.css`)."""
    return f"{STATIC}/{name}"


@dataclass(frozen=True)
class Site:
    """The languages of the site and, when given, its absolute base URL."""

    languages: tuple[str, ...]
    default_language: str
    base_url: str | None = None
    """Ends with '/'; enables canonical links, absolute alternates and sitemap.xml."""

    def lang_root(self, lang: str) -> str:
        return "" if lang == self.default_language else f"{lang}/"

    def path(self, page: Page, lang: str) -> str:
        return page.path(self.lang_root(lang))

    def absolute(self, path: str) -> str:
        """Canonical absolute URL: folder form (`.../2024/`), as a web server serves it."""
        assert self.base_url is not None
        return self.base_url + path.removesuffix("index.html")


def _plain_path(path: str) -> bool:
    """A site path as the site makes them: relative, no empty, `.` or `..` part."""
    return not (path.startswith(("/", ".")) or path.endswith("/") or "//" in path
                or "/." in path)


@lru_cache(maxsize=4096)
def _relpath(path: str, start: str) -> str:
    """`posixpath.relpath` for the site's own paths, remembered: pages link to the same few
    paths (static files, the unit's pages) from the same few folders. relpath asks for the
    working folder each time; two plain site paths need only their common folders."""
    if not (_plain_path(path) and (start == "." or _plain_path(start))):
        return posixpath.relpath(path, start)
    if start == ".":
        return path
    to, here = path.split("/"), start.split("/")
    common = 0
    for a, b in zip(to, here, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


@dataclass(frozen=True)
class Linker:
    """Makes the URLs one page (`here`) uses to reach other paths of the site."""

    site: Site
    here: str
    root_relative: bool = False
    """For 404.html, which a static host serves at any depth: relative links would break
    there, so it links from the site root (absolute with --base-url, else `/...`)."""

    def to(self, path: str, anchor: str = "") -> str:
        suffix = f"#{anchor}" if anchor else ""
        if self.root_relative:
            base = self.site.base_url if self.site.base_url is not None else "/"
            return base + path + suffix
        if path == self.here:
            return (posixpath.basename(path) + suffix) if not anchor else suffix
        return _relpath(path, posixpath.dirname(self.here) or ".") + suffix

    def page(self, page: Page, lang: str, anchor: str = "") -> str:
        return self.to(self.site.path(page, lang), anchor)

    def static(self, name: str) -> str:
        return self.to(static(name))
