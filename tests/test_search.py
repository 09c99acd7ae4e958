"""Static search (generator/search/) and the glossary page's order and filter: the records
a disclosure offers, the index (deterministic, kept when no record changed), the search
page's policy, and in a real browser the search and the glossary filter at phone and
desktop widths in both languages."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from generator.search.index import ENTRY, FOLDER, build_index
from generator.search.records import disclosure_records, glossary_records
from generator.serve.static import CSP, SEARCH_CSP, csp_for
from generator.site.glossary import OTHER, groups
from generator.site.names import pinyin_keys
from generator.site.urls import GLOSSARY, SEARCH, Site
from tests.browserutil import DESKTOP, PHONE
from tests.conftest import REAL_CONTENT, REAL_UNIT, BuiltSite
from tests.test_incremental import build

# --- records and index --------------------------------------------------------------


@pytest.fixture(scope="module")
def content():  # type: ignore[no-untyped-def]
    from generator.cli.main import check_content

    loaded, findings = check_content(REAL_CONTENT)
    assert loaded is not None, findings.format_text()
    return loaded


def _site(content) -> Site:  # type: ignore[no-untyped-def]
    s = content.settings
    return Site(tuple(s.languages), s.default_language)


def test_a_disclosure_record_holds_its_tables_lines_under_their_anchors(content) -> None:  # type: ignore[no-untyped-def]
    unit = next(u for u in content.units if u.slug == REAL_UNIT)
    site = _site(content)
    for d in unit.disclosures:
        records = disclosure_records(site, unit, d)
        assert sorted(r["language"] for r in records) == sorted(site.languages)
        for r in records:
            assert r["html"].count("<h1") == 1
            for table in d.tables:  # each table a heading with its anchor and its lines
                start = r["html"].index(f'<h2 id="t-{table.id}">')
                body = r["html"][start:].split("<h2", 2)[1]
                for row in table.rows:
                    if row.code:
                        assert row.code in body, (table.id, row.code)
            if d.explanations is not None:
                for section, _ in d.explanations.walk():
                    assert f'<h2 id="s-{section.id}">' in r["html"]


def test_the_index_is_byte_identical_for_the_same_records(content) -> None:  # type: ignore[no-untyped-def]
    site = _site(content)
    records = [r for u in content.units for d in u.disclosures
               for r in disclosure_records(site, u, d)]
    records += glossary_records(site, content.glossary, {lang: lang for lang in site.languages})
    first = build_index(lambda: iter(records), site.languages)
    paths = [p for p, _ in first]
    assert ENTRY in paths and "pagefind.js" in paths
    assert not any(p.startswith("pagefind-ui") for p in paths)  # its UI is not published
    for _ in range(3):  # Pagefind orders its entry's languages differently from run to run
        assert build_index(lambda: iter(records), site.languages) == first


def test_each_language_is_indexed_apart_into_the_files_of_one_index(
        content, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """One Pagefind process a language (its memory is that of the largest language's
    records), and the files are those of one process given every language's."""
    from generator.search import index

    site = _site(content)
    assert len(site.languages) > 1
    records = [r for u in content.units for d in u.disclosures
               for r in disclosure_records(site, u, d)]
    records += glossary_records(site, content.glossary, {lang: lang for lang in site.languages})
    together = index._index_files(iter(records))
    given: list[set[str]] = []
    one_process = index._index_files

    def spy(recs):  # type: ignore[no-untyped-def]
        recs = list(recs)
        given.append({r["language"] for r in recs})
        return one_process(iter(recs))

    monkeypatch.setattr(index, "_index_files", spy)
    apart = build_index(lambda: iter(records), site.languages)
    assert given == [{lang} for lang in site.languages]
    assert apart == together
    entry = dict(apart)[ENTRY]
    assert sorted(json.loads(entry)["languages"]) == sorted(site.languages)


def test_the_index_is_kept_when_no_record_changed(inputs: dict[str, Path],
                                                  tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(inputs, out)
    entry = out / FOLDER / ENTRY
    before = entry.read_bytes(), os.stat(entry).st_ino
    build(inputs, out)  # nothing changed: the index's files stay as they are
    assert (entry.read_bytes(), os.stat(entry).st_ino) == before
    table = next((inputs["content"] / "units").glob("*/*/tables/*.yaml"))
    text = table.read_text(encoding="utf-8")
    renamed = re.sub(r'(\n    name: (?:\{zh: )?"?)', r"\1甲", text, count=1)
    assert renamed != text
    table.write_text(renamed, encoding="utf-8")
    build(inputs, out)
    assert entry.read_bytes() != before[0]  # a line's name changed: a new index


# --- the glossary's order ---------------------------------------------------------------


def test_the_glossary_is_sorted_by_pinyin_and_alphabetically(content) -> None:  # type: ignore[no-untyped-def]
    terms = list(content.glossary.terms)
    zh = [e.term for g in groups(terms, "zh") for e in g.entries]
    keys = [pinyin_keys(t.term.zh).partition(" ")[2] for t in zh]
    assert keys == sorted(keys) and len(zh) == len(terms)
    en = [e.term.term.en or "" for g in groups(terms, "en") for e in g.entries]
    folded = ["".join(c for c in t.casefold() if c.isalnum() or c == " ") for t in en]
    assert folded == sorted(folded)
    for lang in ("zh", "en"):
        letters = [g.letter for g in groups(terms, lang)]
        assert letters == sorted(set(letters), key=lambda x: (x == OTHER, x))


# --- the search page's policy -------------------------------------------------------------


def test_only_the_search_pages_and_index_get_the_relaxed_policy() -> None:
    site = Site(("zh", "en"), "zh")
    for lang in site.languages:
        path = "/" + site.path(SEARCH, lang)
        assert csp_for(path) == csp_for(path.removesuffix("index.html")) == SEARCH_CSP
        assert csp_for("/" + site.path(GLOSSARY, lang)) == CSP
    assert csp_for(f"/{FOLDER}/pagefind.js") == SEARCH_CSP
    assert csp_for("/units/search/index.html") == CSP  # a unit slugged "search" is not it
    added = set(SEARCH_CSP.replace(";", " ").split()) - set(CSP.replace(";", " ").split())
    assert added == {"'wasm-unsafe-eval'", "connect-src"}


# --- in a browser -------------------------------------------------------------------------

NewPage = Callable[..., "object"]
QUERIES = [("zh", "2080505", "#t-"), ("zh", "机关运行经费", "#s-operating-expenses"),
           ("en", "pension", "#t-"), ("en", "2080505", "#t-")]


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
@pytest.mark.parametrize(("lang", "query", "lands"), QUERIES)
def test_search_finds_and_opens_the_place(real_site: BuiltSite, server, new_page,  # type: ignore[no-untyped-def]
                                          viewport: dict[str, int], lang: str, query: str,
                                          lands: str) -> None:
    from playwright.sync_api import expect

    page = new_page(viewport=viewport)
    page.goto(server.page_url(real_site.path(SEARCH, lang)) + "?q=" + quote(query))
    links = page.locator(f'.search-places a[href*="{lands}"]')
    expect(links.first).to_be_visible(timeout=30_000)
    target = links.first.get_attribute("href")
    assert target is not None
    links.first.click()
    page.wait_for_load_state("load")
    url = urlsplit(page.url)
    assert url.fragment and lands.lstrip("#") in url.fragment
    assert url.path == urlsplit(target).path
    landed = page.locator(f"#{url.fragment}")
    expect(landed).to_be_in_viewport()
    text = page.locator("main").inner_text()
    assert query.casefold() in text.casefold()
    lang_root = real_site.path(SEARCH, lang).removesuffix("search/index.html")
    assert url.path.startswith("/" + lang_root)


@pytest.mark.browser
def test_the_search_page_without_javascript_says_how_to_browse(real_site: BuiltSite, server,  # type: ignore[no-untyped-def]
                                                               new_page) -> None:
    for lang in real_site.languages:
        page = new_page(java_script_enabled=False)
        page.goto(server.page_url(real_site.path(SEARCH, lang)))
        assert not page.locator(".search-form").is_visible()
        assert page.locator(".search-browse a").count() >= 3


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_glossary_filter_narrows_the_list(real_site: BuiltSite, server, new_page,  # type: ignore[no-untyped-def]
                                              viewport: dict[str, int], lang: str) -> None:
    from playwright.sync_api import expect

    page = new_page(viewport=viewport)
    page.goto(server.page_url(real_site.path(GLOSSARY, lang)))
    entries = page.locator(".glossary-entry")
    total = entries.count()
    assert total > 1 and page.locator(".glossary-entry:visible").count() == total
    first = entries.first.locator("dfn").inner_text()
    page.fill("#glossary-filter-input", first)
    visible = page.locator(".glossary-entry:visible")
    expect(visible.first).to_be_visible()
    assert 1 <= visible.count() < total
    assert first in [visible.nth(i).locator("dfn").inner_text() for i in range(visible.count())]
    expect(page.locator(".glossary-filter [role=status]")).not_to_be_empty()
    page.fill("#glossary-filter-input", "")
    expect(page.locator(".glossary-entry:visible")).to_have_count(total)


@pytest.mark.browser
def test_a_tap_on_a_term_shows_its_definition_in_place(real_site: BuiltSite, server,  # type: ignore[no-untyped-def]
                                                      new_page) -> None:
    from playwright.sync_api import expect

    page = new_page(viewport=PHONE, has_touch=True, is_mobile=True)
    url = server.page_url(real_site.latest_disclosure(REAL_UNIT, "zh"))
    page.goto(url)
    assert page.evaluate("matchMedia('(hover: none)').matches")
    term = page.locator(".prose .term").first
    term.locator(".term-link").tap()
    expect(term.locator(".term-tip")).to_be_visible()
    assert page.url == url
    assert term.locator(".term-link").get_attribute("aria-expanded") == "true"
