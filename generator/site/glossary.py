"""The glossary page's order and groups: Chinese terms by pinyin (`names.pinyin_keys`),
English ones alphabetically, each group under its initial letter for the A-Z / 拼音
jump links, and the folded words the page's filter (`site_src/js/glossary.js`) matches."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.model.portal import GlossaryTerm
from .names import fold, natural, pinyin_keys

OTHER = "#"
"""The group of terms that start with neither a letter nor a Chinese character."""


@dataclass(frozen=True)
class Entry:
    term: GlossaryTerm
    words: str
    """What the filter matches, folded: the term in both languages, its aliases, the
    pinyin of the Chinese (initials and syllables), its definition and plain words."""


@dataclass(frozen=True)
class Group:
    letter: str
    entries: list[Entry]


def _key(term: GlossaryTerm, lang: str) -> str:
    """How a term sorts: the pinyin's syllables in Chinese; in English the words
    themselves, quotes and other marks left out."""
    if lang == "zh":
        return pinyin_keys(term.term.zh).partition(" ")[2]
    return "".join(c for c in fold(term.term.get(lang) or term.term.zh) if c.isalnum() or c == " ")


def pinyin_ahead(glossary: list[GlossaryTerm]) -> None:
    """Turn the terms into pinyin now: a build does it before its worker processes start,
    which then inherit the dictionary loaded (each would load it for its units' names)."""
    for term in glossary:
        pinyin_keys(term.term.zh)


def _letter(key: str) -> str:
    first = key.lstrip()[:1].upper()
    return first if "A" <= first <= "Z" else OTHER


def _words(term: GlossaryTerm, lang: str) -> str:
    parts = [term.term.zh, term.term.en or "", *term.aliases, pinyin_keys(term.term.zh),
             term.definition.get(lang) or term.definition.zh]
    if term.plain is not None:
        parts.append(term.plain.get(lang) or term.plain.zh)
    return fold(" ".join(p for p in parts if p))


def groups(terms: list[GlossaryTerm], lang: str) -> list[Group]:
    """The terms in the page's order, grouped by initial letter (A-Z, then `OTHER`)."""
    keyed = sorted(((natural(_key(t, lang)), t.id, t) for t in terms),
                   key=lambda k: (_letter(k[0]) == OTHER, k[0], k[1]))
    out: list[Group] = []
    for key, _, term in keyed:
        letter = _letter(key)
        if not out or out[-1].letter != letter:
            out.append(Group(letter, []))
        out[-1].entries.append(Entry(term, _words(term, lang)))
    return out


def anchor(letter: str) -> str:
    """A group's id on the glossary page (`#initial-b`); term ids are slugs of words, so
    none is one of these."""
    return "initial-" + ("other" if letter == OTHER else letter.lower())
