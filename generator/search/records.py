"""Search records: small plain data, made once per unit in its job.

A record is what one search result opens: a page and an anchor (a section, a table, a
glossary entry), its title, and the words it is found by. The unit's records for every
language are JSON, gzip-compressed and stored by hash in the build cache's member store
(`longformat.Store`), so neither the build nor its summaries hold them for the portal.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable

from ..longformat import Store
from ..markup import section_anchor, table_anchor, term_anchor
from ..model.content import Disclosure, Unit
from ..model.portal import Glossary
from ..model.types import Text
from ..urls import GLOSSARY, Page, Site, disclosure_page

Record = dict[str, object]
"""{"url", "language", "content", "meta": {"title", "kind", "place"}} as Pagefind takes
a custom record; `url` is relative to the site's root (folder form, with its anchor)."""

SEARCH_MEMBER = "search"
"""The store member names of search records start with this (they share the store with
the long-format members, and are kept and pruned with them)."""


def _text(value: Text | None, lang: str) -> str:
    """A text in `lang`, in Chinese when it has no translation (still found by its
    Chinese words: codes and names are what a reader types)."""
    if value is None or value.gap is not None:
        return ""
    return value.get(lang) or value.zh


def _url(site: Site, page: Page, lang: str, anchor: str = "") -> str:
    path = site.path(page, lang).removesuffix("index.html")
    return path + (f"#{anchor}" if anchor else "")


def _record(url: str, lang: str, title: str, kind: str, place: str,
            words: Iterable[str]) -> Record:
    content = " ".join(dict.fromkeys(w for w in words if w))  # each once, in order
    return {"url": url, "language": lang, "content": content or title,
            "meta": {"title": title, "kind": kind, "place": place}}


def disclosure_records(site: Site, unit: Unit, d: Disclosure) -> list[Record]:
    """One disclosure's records in every language of the site: the disclosure itself
    (unit, department, year), each section by title with the lines it quotes, each
    table with its lines' codes and names."""
    out: list[Record] = []
    page = disclosure_page(unit.slug, d.year)
    profile = unit.profile
    for lang in site.languages:
        name = _text(profile.name, lang)
        place = f"{name} · {d.year}"
        out.append(_record(_url(site, page, lang), lang, _text(d.meta.title, lang),
                           "disclosure", place,
                           [name, _text(profile.short_name, lang),
                            _text(profile.supervising_department, lang),
                            _text(profile.region, lang), str(d.year)]))
        if d.explanations is not None:
            for section, _ in d.explanations.walk():
                words = [_text(section.title, lang)]
                for top in section.items:
                    for item in top.walk():
                        words += [item.code or "", _text(item.label, lang)]
                out.append(_record(_url(site, page, lang, section_anchor(section.id)), lang,
                                   _text(section.title, lang), "section", place, words))
        for table in d.tables:
            words = [_text(table.title, lang)]
            for row in table.rows:
                words += [row.code or "", _text(row.name, lang)]
            out.append(_record(_url(site, page, lang, table_anchor(table.id)), lang,
                               _text(table.title, lang), "table", place, words))
    return out


def glossary_records(site: Site, glossary: Glossary) -> list[Record]:
    """Each glossary term in every language, on its entry of the glossary page."""
    out: list[Record] = []
    for lang in site.languages:
        for term in glossary.terms:
            title = _text(term.term, lang)
            out.append(_record(_url(site, GLOSSARY, lang, term_anchor(term.id)), lang, title,
                               "term", "", [title, term.term.zh, *term.aliases,
                                            _text(term.definition, lang),
                                            _text(term.plain, lang)]))
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
