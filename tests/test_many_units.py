"""A portal of many units: the real content plus two copies of the shipped unit under new
slugs and names, one sorting before every other unit and one after, built with
`portal build`. Every page of every unit is there in every language, every internal link
and anchor resolves, and the home page lists every unit.

Nothing here assumes how many units the content has or which sorts first: the copies are
added to whatever REAL_CONTENT holds (content/, or $PORTAL_TEST_CONTENT).
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import combinations
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from generator.cli import main as cli
from generator.content.model.content import Content
from generator.site.urls import (
    HOME,
    Site,
    compare_page,
    compare_pair_page,
    compare_units_page,
    disclosure_page,
    unit_page,
)
from tests.conftest import REAL_CONTENT, REAL_UNIT
from tests.sitecheck import check_site

FIRST = "a-first-copy"
"""Sorts before any other slug that starts with a letter ('-' sorts before 'a')."""
LAST = "zzzz-last-copy"
NAMES = {
    FIRST: {"zh": "阿拉善测试第一服务中心", "en": "Alxa First Test Service Center"},
    LAST: {"zh": "中卫测试最后服务中心", "en": "Zhongwei Last Test Service Center"},
}
YEAR_FOLDER = re.compile(r"\d{4}")


def add_unit_copy(content: Path, slug: str, name: dict[str, str]) -> None:
    """Copy the shipped unit to `units/<slug>/`: `unit:` of each year's meta.yaml says the
    new slug, and unit.yaml gives the new name."""
    target = content / "units" / slug
    shutil.copytree(content / "units" / REAL_UNIT, target)
    for meta in target.glob("*/meta.yaml"):
        text, count = re.subn(r"^unit:.*$", f"unit: {slug}", meta.read_text(encoding="utf-8"),
                              count=1, flags=re.M)
        assert count == 1, meta
        meta.write_text(text, encoding="utf-8")
    profile = target / "unit.yaml"
    # BaseLoader keeps every scalar a string; safe_dump quotes any that would read as
    # something else, so only the name changes.
    data = yaml.load(profile.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    data["name"] = dict(name)
    profile.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                       encoding="utf-8")


@dataclass(frozen=True)
class ManySite:
    content: Content
    site: Site
    out: Path
    units: dict[str, list[int]]
    """Every unit's slug and its years, read from the content folders."""


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> ManySite:
    tmp = tmp_path_factory.mktemp("many-units")
    content = tmp / "content"
    shutil.copytree(REAL_CONTENT, content)
    for slug, name in NAMES.items():
        add_unit_copy(content, slug, name)
    out = tmp / "output"
    assert cli.main(["build", "--content", str(content), "--out", str(out)]) == 0
    loaded, findings = cli.check_content(content)
    assert loaded is not None, findings.format_text()
    settings = loaded.settings
    units = {folder.name: sorted(int(y.name) for y in folder.iterdir()
                                 if y.is_dir() and YEAR_FOLDER.fullmatch(y.name))
             for folder in (content / "units").iterdir() if folder.is_dir()}
    return ManySite(loaded, Site(tuple(settings.languages), settings.default_language),
                    out, units)


def test_the_copies_sort_first_and_last(many: ManySite) -> None:
    slugs = sorted(many.units)
    assert len(slugs) >= 3 and REAL_UNIT in slugs
    assert (slugs[0], slugs[-1]) == (FIRST, LAST)
    assert sorted(u.slug for u in many.content.units) == slugs
    assert {u.slug: u.profile.name.zh for u in many.content.units}[FIRST] == NAMES[FIRST]["zh"]


def test_every_page_of_every_unit_is_built_in_every_language(many: ManySite) -> None:
    assert len(many.site.languages) >= 2
    missing = []
    for slug, years in many.units.items():
        assert years, slug
        pages = [unit_page(slug), *(disclosure_page(slug, y) for y in years)]
        if len(years) >= 2:
            pages += [compare_page(slug),
                      *(compare_pair_page(slug, a, b) for a, b in combinations(years, 2))]
        for page in pages:
            for lang in many.site.languages:
                if not (many.out / many.site.path(page, lang)).is_file():
                    missing.append(many.site.path(page, lang))
    assert missing == []


def _unit_files(out: Path, slug: str) -> set[str]:
    """Every file of one unit (its pages in every language and its downloads), with the
    slug replaced by '<unit>'."""
    found = set()
    for path in out.rglob("*"):
        rel = path.relative_to(out).as_posix()
        if path.is_file() and re.search(rf"(^|/)units/{re.escape(slug)}/", rel):
            found.add(rel.replace(slug, "<unit>"))
    return found


def test_each_copy_has_the_same_files_as_the_unit_it_copies(many: ManySite) -> None:
    real = _unit_files(many.out, REAL_UNIT)
    assert any(p.startswith("downloads/") for p in real)
    for lang in many.site.languages:  # pages in every language, not only the default
        assert many.site.path(unit_page("<unit>"), lang) in real
    for slug in NAMES:
        assert _unit_files(many.out, slug) == real, slug


def test_internal_links_and_anchors_resolve(many: ManySite) -> None:
    assert check_site(many.out) == []


class _Links(HTMLParser):
    """(href, text) of every <a href> of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href is not None:
            self._open.append((href, []))

    def handle_data(self, data: str) -> None:
        for _, text in self._open:
            text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, text = self._open.pop()
            self.links.append((href, " ".join("".join(text).split())))


def links_on(out: Path, page: str) -> dict[str, set[str]]:
    """Path inside the site -> texts of the links to it, for every relative link of a page."""
    parser = _Links()
    parser.feed((out / page).read_text(encoding="utf-8"))
    parser.close()
    found: dict[str, set[str]] = {}
    for href, text in parser.links:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page),
                                                   unquote(parts.path)))
        found.setdefault(target, set()).add(html.unescape(text))
    return found


def test_home_page_lists_every_unit_by_name(many: ManySite) -> None:
    names = {u.slug: u.profile.name for u in many.content.units}
    for lang in many.site.languages:
        home = many.site.path(HOME, lang)
        links = links_on(many.out, home)
        for slug in many.units:
            target = many.site.path(unit_page(slug), lang)
            assert target in links, (home, slug)
            name = names[slug].get(lang) or names[slug].zh
            assert name in links[target], (home, slug, links[target])
        # The copies show their own names, not the name of the unit they were copied from.
        for slug, name in NAMES.items():
            assert name[lang] in links[many.site.path(unit_page(slug), lang)]
            page = (many.out / many.site.path(unit_page(slug), lang)).read_text(
                encoding="utf-8")
            assert html.escape(name[lang], quote=False) in page, (slug, lang)


def test_each_year_compares_every_unit_that_has_it(many: ManySite) -> None:
    years = {y for ys in many.units.values() for y in ys}
    for year in years:
        having = {slug for slug, ys in many.units.items() if year in ys}
        for lang in many.site.languages:
            page = many.site.path(compare_units_page(year), lang)
            linked = {slug for slug in many.units
                      if any(target.startswith(posixpath.dirname(
                          many.site.path(unit_page(slug), lang)) + "/")
                          for target in links_on(many.out, page))}
            assert linked == having, (page, linked, having)
