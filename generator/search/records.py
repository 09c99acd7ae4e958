"""Search records: small plain data, made once per unit in its job.

A record is one page as the search sees it: its address, its language, its title, kind and
place (shown with each result), the words the page is found by (unit, department, year),
and one place per spot a result can open, with the page's own anchor: a section by its
title and the lines it quotes, a table with its lines' codes and names, a glossary entry.
A result is a page with the places where the words were found, each linking to
`page#anchor`. A unit's records for every language are JSON, gzip-compressed and stored
by hash in the build cache's member store (`longformat.Store`), so neither the build nor
its summaries hold them for the whole portal.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterable
from typing import Any

import orjson

from ..content.model.content import Disclosure, Unit
from ..content.model.portal import Glossary
from ..content.model.types import Text
from ..data.datapackage import dump_json
from ..data.deflate import gzip_bytes
from ..data.longformat import Store
from ..site.markup import section_anchor, table_anchor, term_anchor
from ..site.urls import GLOSSARY, Site, disclosure_page
from ..site.urls import Page as SitePage
from .tokens import Tokens, page_tokens

Record = dict[str, Any]
"""{"url": the page's address relative to the site's root (folder form), "language",
"title", "kind" (`disclosure`, `glossary`), "place" (the unit and year, or ""), "words"
(what the page as a whole is found by), "places": [[anchor, title, words], ...]}."""

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
    return " ".join(dict.fromkeys(w for w in words if w))  # each once, in order


class _Doc:
    """One page's record, its places added in page order."""

    def __init__(self, lang: str, title: str, kind: str, place: str,
                 words: Iterable[str]) -> None:
        self.record: Record = {"language": lang, "title": title, "kind": kind,
                               "place": place, "words": _words(words), "places": []}

    def heading(self, anchor: str, title: str, words: Iterable[str]) -> None:
        self.record["places"].append([anchor, title, _words(words)])

    def done(self, url: str) -> Record:
        return {"url": url, **self.record}


def _url(site: Site, page: SitePage, lang: str) -> str:
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
        out.append(doc.done(_url(site, page, lang)))
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
        out.append(doc.done(_url(site, GLOSSARY, lang)))
    return out


Page = tuple[Record, Tokens, int]
"""A record with its tokens and length (`tokens.page_tokens`): what the index reads."""


def pages(records: list[Record]) -> list[Page]:
    return [(r, *page_tokens(r)) for r in records]


def put(store: Store, records: list[Record]) -> str:
    """Store `records` with their tokens (compressed, by hash); returns the member's name.
    Cut into tokens here, in the unit's job, the index only reads them."""
    data = gzip_bytes(dump_json(pages(records)))
    name = f"{SEARCH_MEMBER}-{hashlib.sha256(data).hexdigest()}"
    store.put(name, data)
    return name


def get(store: Store, name: str) -> list[Page]:
    return [(r, t, n) for r, t, n in orjson.loads(gzip.decompress(store.get(name)))]
