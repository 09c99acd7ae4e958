"""How the search cuts text into the tokens it indexes; `site_src/js/search.js` cuts a
query the same way (`tokens` there; tests/test_search.py checks the two agree).

Text is normalised (NFKC, lower case) and split into runs of letters and digits. A run's
Chinese, Japanese or Korean characters are indexed as overlapping pairs, with the run's
last character alone too (so that every character begins a token, and one typed character
finds the words that begin with it); anything else (a code, a year, an English word) is one
token, an English word without a plural ending (`stem`). Pairs need no dictionary, find
any part of a name (`社会保险` in `乌海市社会保险事业服务中心`), and are what the browser
can make of a query without a segmenter of its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

_RUN = re.compile(r"[^\W_]+")
"""Letters and digits (`str.isalnum`), as `[\\p{L}\\p{N}]+` in the script."""

CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
"""Kana, CJK ideographs (with extension A and the compatibility block) and Hangul: the
characters indexed in pairs. The script has the same ranges."""

_CJK = re.compile(f"([{CJK_RANGES}]+)")


def normalize(text: str) -> str:
    if text.isascii():  # NFKC leaves ASCII as it is (and most English text is ASCII)
        return text.lower()
    return unicodedata.normalize("NFKC", text).lower()


def stem(word: str) -> str:
    """An English word without its plural ending: `subsidies` -> `subsidy`, `expenses` ->
    `expense` (not `class`, `status`, `analysis`)."""
    if len(word) > 3 and word.isascii() and word.isalpha():
        if len(word) > 4 and word.endswith("ies"):
            return word[:-3] + "y"
        if word.endswith("s") and not word.endswith(("ss", "us", "is")):
            return word[:-1]
    return word


def segments(text: str) -> Iterator[tuple[str, bool]]:
    """The normalised text's runs, each cut where it changes between CJK and not:
    (segment, is CJK)."""
    text = normalize(text)
    cjk = not text.isascii()  # an ASCII text has no CJK to cut out
    for run in _RUN.findall(text):
        if not cjk:
            yield run, False
            continue
        for i, part in enumerate(_CJK.split(run)):
            if part:
                yield part, i % 2 == 1


def tokens(text: str) -> list[str]:
    """Every token of `text`, in order, repeats kept (they count)."""
    out: list[str] = []
    for part, cjk in segments(text):
        if cjk:
            out += [part[i:i + 2] for i in range(len(part) - 1)]
            out.append(part[-1])
        else:
            out.append(stem(part))
    return out


WEIGHTS = {"title": 6, "place": 3, "words": 3, "heading": 2, "lines": 1}
"""What a token counts for where it stands: in the page's title, its place (unit and
year), its words, a place's heading, a place's lines."""

Tokens = dict[str, list[int]]
"""{token: [weight, place, place, ...]}: a page's tokens, each with its weighted count and
the places (by number) it is in."""


def page_tokens(record: Mapping[str, Any]) -> tuple[Tokens, int]:
    """{token: [weight, place, place, ...]} of one page, and its length in tokens."""
    found: Tokens = {}
    length = 0
    for field in ("title", "place", "words"):
        weight = WEIGHTS[field]
        for token in tokens(record[field]):
            found.setdefault(token, [0])[0] += weight
            length += 1
    for number, (_, heading, lines) in enumerate(record["places"]):
        for text, weight in ((heading, WEIGHTS["heading"]), (lines, WEIGHTS["lines"])):
            for token in tokens(text):
                entry = found.setdefault(token, [0])
                entry[0] += weight
                if entry[-1] != number or len(entry) == 1:
                    entry.append(number)
                length += 1
    return found, length
