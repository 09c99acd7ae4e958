"""Static search (generator/search/) and the glossary page's order and filter: the records
a disclosure offers, the index (deterministic, kept when no record changed), the search
page's policy, and in a real browser the search and the glossary filter at phone and
desktop widths in both languages."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from generator.search.index import (
    BUCKETS,
    CHUNK_BYTES,
    FOLDER,
    META,
    bucket,
    build_index,
    norm,
    utf16,
)
from generator.search.records import Record, disclosure_records, glossary_records, pages
from generator.search.tokens import page_tokens, tokens
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
            assert r["kind"] == "disclosure" and str(d.year) in r["words"].split()
            places = {anchor: lines for anchor, _, lines in r["places"]}
            for table in d.tables:  # each table a place with its anchor and its lines
                lines = places[f"t-{table.id}"].split()
                for row in table.rows:
                    if row.code:
                        assert row.code in lines, (table.id, row.code)
            if d.explanations is not None:
                for section, _ in d.explanations.walk():
                    assert f"s-{section.id}" in places


def _records(content) -> list[Record]:  # type: ignore[no-untyped-def]
    site = _site(content)
    records = [r for u in content.units for d in u.disclosures
               for r in disclosure_records(site, u, d)]
    return records + glossary_records(site, content.glossary,
                                      {lang: lang for lang in site.languages})


def _index(records: list[Record], languages: tuple[str, ...]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}

    def write(path: str, data: bytes) -> None:
        assert path not in files  # each file once
        files[path] = data

    build_index(pages(records), languages, write)
    return files


def test_the_index_is_byte_identical_for_the_same_records(content) -> None:  # type: ignore[no-untyped-def]
    records = _records(content)
    languages = _site(content).languages
    first = _index(records, languages)
    assert {f"{lang}/{META}" for lang in languages} <= set(first)
    assert _index(records, languages) == first


def _postings(files: dict[str, bytes], lang: str) -> tuple[dict, dict[str, dict[int, list[int]]]]:  # type: ignore[type-arg]
    """The meta, and every token's pages as the directories and chunks give them:
    {token: {page: [weight, norm, place, ...]}}."""
    meta = json.loads(files[f"{lang}/{META}"])
    found: dict[str, dict[int, list[int]]] = {}
    assert len(meta["directories"]) == BUCKETS
    for b, directory in enumerate(meta["directories"]):
        if directory is None:
            continue
        for first, last, name in json.loads(files[f"{lang}/d/{directory}.json"]):
            chunk = json.loads(files[f"{lang}/c/{name}.json"])
            tokens_in = sorted(chunk, key=utf16)
            assert (tokens_in[0], tokens_in[-1]) == (first, last)
            for token, entries in chunk.items():
                assert bucket(token) == b
                page = 0
                pages = found.setdefault(token, {})
                for step, *entry in entries:  # a token's pages go up, chunk after chunk
                    assert step > 0 or (page == 0 and not pages)
                    page += step
                    assert page not in pages and all(page > p for p in pages)
                    pages[page] = entry
    return meta, found


@pytest.mark.parametrize("chunk_bytes", [CHUNK_BYTES, 200])
def test_every_token_of_every_page_is_found_where_a_query_looks(
        content, chunk_bytes: int, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Each language's index holds that language's pages, in order, and each page's
    tokens with their weights, the page's norm and the places, in the chunk of the
    token's bucket whose range holds it, whatever the chunks' size; each page's fragment
    is in its group's folder."""
    from generator.search import index

    monkeypatch.setattr(index, "CHUNK_BYTES", chunk_bytes)
    monkeypatch.setattr(index, "GROUP", 2)  # the real content has few pages
    records = _records(content)
    languages = _site(content).languages
    files = _index(records, languages)
    for lang in languages:
        ours = [r for r in records if r["language"] == lang]
        meta, found = _postings(files, lang)
        assert meta["pages"] == len(ours) and meta["group"] == 2
        assert len(meta["groups"]) == (len(ours) + 1) // 2
        lengths = [page_tokens(r)[1] for r in ours]
        assert meta["average"] == round(sum(lengths) / len(ours), 3)
        if chunk_bytes < CHUNK_BYTES:  # buckets in several chunks
            assert sum(len(json.loads(files[f"{lang}/d/{d}.json"]))
                       for d in meta["directories"] if d) > BUCKETS
        for number, record in enumerate(ours):
            group = meta["groups"][number // 2]
            fragment = json.loads(files[f"{lang}/f/{group}/{number % 2}.json"])
            assert fragment == {k: v for k, v in record.items() if k != "language"}
            tokens_of, length = page_tokens(record)
            for token, (weight, *places) in tokens_of.items():
                assert found[token][number] == [weight, norm(length), *places]
        assert sum(len(p) for p in found.values()) == sum(
            len(page_tokens(r)[0]) for r in ours)  # nothing else


def test_no_file_of_the_index_grows_with_the_portal(
        content, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Many times the pages: the entry grows by a group's name per GROUP pages, and no
    chunk passes about CHUNK_BYTES, a token on every page spanning several chunks."""
    from generator.search import index
    from generator.search.index import GROUP

    monkeypatch.setattr(index, "CHUNK_BYTES", 2_000)
    records = _records(content)
    many = [{**r, "url": f"{r['url']}{i}/"} for i in range(GROUP * 2) for r in records]
    small, large = _index(records, ("zh",)), _index(many, ("zh",))
    meta_large = json.loads(large[f"zh/{META}"])
    assert len(meta_large["groups"]) == -(-meta_large["pages"] // GROUP) > 1
    assert len(large[f"zh/{META}"]) - len(small[f"zh/{META}"]) < 20 * len(meta_large["groups"])
    chunks = {path: json.loads(data) for path, data in large.items() if "/c/" in path}
    assert max(len(large[path]) for path in chunks) <= 2_000 * 1.1
    spans = Counter(token for chunk in chunks.values() for token in chunk)
    assert max(spans.values()) > 2  # a token on every page: in several chunks
    _, found = _postings(large, "zh")
    assert max(len(p) for p in found.values()) == meta_large["pages"]  # all pages kept


def test_the_index_is_kept_when_no_record_changed(inputs: dict[str, Path],
                                                  tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(inputs, out)
    entry = out / FOLDER / "zh" / META
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


def test_tokens_pair_cjk_and_keep_codes_and_words_whole() -> None:
    assert tokens("2080505 机关运行经费") == ["2080505", "机关", "关运", "运行", "行经",
                                            "经费", "费"]
    assert tokens("2024年度") == ["2024", "年度", "度"]
    assert tokens("Operating Expenses, subsidies; class status") == [
        "operating", "expense", "subsidy", "class", "status"]
    assert tokens("ＡＢＣ１２３ a_b") == ["abc123", "a", "b"]  # NFKC; `_` splits


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
    assert csp_for(f"/{FOLDER}/zh/{META}") == CSP  # the index is data: no policy of its own
    assert csp_for("/units/search/index.html") == CSP  # a unit slugged "search" is not it
    added = set(SEARCH_CSP.replace(";", " ").split()) - set(CSP.replace(";", " ").split())
    assert added == {"connect-src"}  # fetch from the site itself; no WebAssembly


# --- in a browser -------------------------------------------------------------------------

NewPage = Callable[..., "object"]
QUERIES = [("zh", "2080505", "#t-"), ("zh", "机关运行经费", "#s-operating-expenses"),
           ("en", "pension", "#t-"), ("en", "2080505", "#t-"),
           ("en", "pensio", "#t-"),  # the last word, still being typed
           ("zh", "20805", "#t-")]


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


TOKEN_TEXTS = ["2080505 机关运行经费", "乌海市社会保险事业服务中心 2024年度",
               "Operating Expenses, subsidies; class status", "ＡＢＣ１２３ a_b",
               "养老保险 pension-fund 3.5%", "（一）财政拨款“三公”经费", "Ünïcode naïve CAFÉ"]


@pytest.mark.browser
def test_the_script_cuts_text_into_the_tokens_the_index_holds(real_site: BuiltSite, server,  # type: ignore[no-untyped-def]
                                                              new_page) -> None:
    page = new_page()
    page.goto(server.page_url(real_site.path(SEARCH, "zh")))
    page.wait_for_function("window.portalSearch !== undefined")
    for text in TOKEN_TEXTS:
        assert page.evaluate("t => window.portalSearch.tokens(t)", text) == tokens(text)


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_a_units_name_finds_its_disclosures_and_nothing_else(real_site: BuiltSite, server,  # type: ignore[no-untyped-def]
                                                             new_page, content,
                                                             viewport: dict[str, int]) -> None:
    """Every word of the query must be in a result: the glossary, which holds none of a
    unit's name, is not one (the fault of an index in parts, taken back in 9e07108)."""
    from playwright.sync_api import expect

    name = next(u for u in content.units if u.slug == REAL_UNIT).profile.name.zh
    expected = sum(len(u.disclosures) for u in content.units if name in u.profile.name.zh)
    page = new_page(viewport=viewport)
    page.goto(server.page_url(real_site.path(SEARCH, "zh")) + "?q=" + quote(name))
    results = page.locator(".search-results > li")
    expect(results).to_have_count(expected, timeout=30_000)
    kinds = results.locator(".search-kind")
    assert all("search-kind-disclosure" in (kinds.nth(i).get_attribute("class") or "")
               for i in range(expected))
    assert all(name in results.nth(i).inner_text() for i in range(expected))
    assert page.locator(".search-results mark").count() > 0  # the words found are marked
    page.screenshot(path=str(Path(os.environ.get("SHOTS", "/tmp")) /
                             f"search-name-{viewport['width']}.png"), full_page=True)


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
