"""Search records: small plain data, made once per unit in its job.

A record is one page as the search sees it: its address, its language, and a small HTML
document made for the indexer (never published): the page's title, the words the page is
found by (unit, department, year), then one heading per place a result can open, with the
page's own anchor as its id (a section by its title and the lines it quotes, a table with
its lines' codes and names, a glossary entry). Pagefind makes each heading a sub-result
that links to `page#anchor`; one record per page keeps the index to a file per page
rather than one per table. A unit's records for every language are JSON, gzip-compressed
and stored by hash in the build cache's member store (`longformat.Store`), so neither the
build nor its summaries hold them for the whole portal.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable
from html import escape

from ..content.model.content import Disclosure, Unit
from ..content.model.portal import Glossary
from ..content.model.types import Text
from ..data.longformat import Store
from ..site.markup import section_anchor, table_anchor, term_anchor
from ..site.urls import GLOSSARY, Page, Site, disclosure_page

Record = dict[str, str]
"""{"url": the page's address relative to the site's root (folder form), "language",
"html": the document the indexer reads}."""

SEARCH_MEMBER = "search"
"""The store member names of search records start with this (they share the store with
the long-format members, and are kept and pruned with them)."""


def _text(value: Text | None, lang: str) -> str:
    """A text in `lang`, in Chinese when it has no translation (still found by its
    Chinese words: codes and names are what a reader types)."""
    if value is None or value.gap is not None:
        return ""
    return value.get(lang) or value.zh


def _words(words: Iterable[str]) -> str:
    return escape(" ".join(dict.fromkeys(w for w in words if w)))  # each once, in order


class _Doc:
    """The indexer's document of one page (`data-pagefind-meta` names the result's
    fields: its kind and the place it belongs to)."""

    def __init__(self, lang: str, title: str, kind: str, place: str,
                 words: Iterable[str]) -> None:
        self.parts = [f'<html lang="{escape(lang)}"><body>',
                      f'<h1 data-pagefind-meta="title">{escape(title)}</h1>',
                      f'<p data-pagefind-meta="kind" hidden>{escape(kind)}</p>',
                      f'<p data-pagefind-meta="place">{escape(place)}</p>',
                      f"<p>{_words(words)}</p>"]

    def heading(self, anchor: str, title: str, words: Iterable[str]) -> None:
        self.parts.append(f'<h2 id="{escape(anchor)}">{escape(title)}</h2>'
                          f"<p>{_words(words)}</p>")

    def record(self, url: str, lang: str) -> Record:
        return {"url": url, "language": lang, "html": "".join(self.parts) + "</body></html>"}


def _url(site: Site, page: Page, lang: str) -> str:
    return site.path(page, lang).removesuffix("index.html")


def disclosure_records(site: Site, unit: Unit, d: Disclosure) -> list[Record]:
    """One disclosure page's record in each language of the site."""
    out: list[Record] = []
    page = disclosure_page(unit.slug, d.year)
    profile = unit.profile
    for lang in site.languages:
        name = _text(profile.name, lang)
        doc = _Doc(lang, _text(d.meta.title, lang), "disclosure", f"{name} · {d.year}",
                   [name, _text(profile.short_name, lang),
                    _text(profile.supervising_department, lang),
                    _text(profile.region, lang), str(d.year)])
        if d.explanations is not None:
            for section, _ in d.explanations.walk():
                words = [_text(section.title, lang)]
                for top in section.items:
                    for item in top.walk():
                        words += [item.code or "", _text(item.label, lang)]
                doc.heading(section_anchor(section.id), _text(section.title, lang), words)
        for table in d.tables:
            words = [_text(table.title, lang)]
            for row in table.rows:
                words += [row.code or "", _text(row.name, lang)]
            doc.heading(table_anchor(table.id), _text(table.title, lang), words)
        out.append(doc.record(_url(site, page, lang), lang))
    return out


def glossary_records(site: Site, glossary: Glossary, title: dict[str, str]) -> list[Record]:
    """The glossary page's record in each language (`title`: its title by language),
    a heading for each term."""
    out: list[Record] = []
    for lang in site.languages:
        doc = _Doc(lang, title[lang], "glossary", "", [])
        for term in glossary.terms:
            name = _text(term.term, lang)
            doc.heading(term_anchor(term.id), name,
                        [name, term.term.zh, *term.aliases, _text(term.definition, lang),
                         _text(term.plain, lang)])
        out.append(doc.record(_url(site, GLOSSARY, lang), lang))
    return out


def put(store: Store, records: list[Record]) -> str:
    """Store `records` (compressed, by hash); returns the member's name."""
    data = gzip.compress(json.dumps(records, ensure_ascii=False, sort_keys=True,
                                    separators=(",", ":")).encode("utf-8"), 6, mtime=0)
    name = f"{SEARCH_MEMBER}-{hashlib.sha256(data).hexdigest()}"
    store.put(name, data)
    return name


def get(store: Store, name: str) -> list[Record]:
    records: list[Record] = json.loads(gzip.decompress(store.get(name)))
    return records
