"""The search index, made once per build from every unit's stored records and the
glossary's, one language at a time, in memory that does not grow with the portal.

Under `FOLDER/<lang>/`:

- `meta.json`: the number of pages, each page's length (in tokens) and its fragment's
  name, the average length, and the chunks: `[bucket, first token, last token, name]`.
- `c/<name>.json`: a chunk, `{token: [[page step, weight, place, ...], ...]}`: each page
  the token is in (pages by number, each given as the step from the one before), the
  token's weighted count there and the places (by number) it is in. A chunk holds the
  tokens of one bucket (a token's bucket: its first character's code point modulo
  `BUCKETS`) from its first to its last token, in UTF-16 order (JavaScript's), so a
  query finds the chunk of a token, or of every token that begins with what was typed.
- `f/<name>.json`: a page's fragment: its record but the language (what a result shows).

Chunks and fragments are named by their content's hash, so a browser may keep them;
`meta.json` is the entry. `site_src/js/search.js` reads it all and ranks with BM25.

The records pass once: each page's fragment is written at once and its tokens appended
to its buckets' files on disk; then each bucket in turn is read back, sorted and written
out as chunks. Memory holds one page, then one bucket (a 64th of the tokens), whatever
the size of the portal. The same records give the same files.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..build.digest import digest
from .records import Page

FOLDER = "search-index"
"""Where the index is published, under the output's root."""

META = "meta.json"

VERSION = 1
"""Of the index's format: in its key and its meta (the script checks it)."""

BUCKETS = 64
CHUNK_BYTES = 24_000
"""A chunk is closed once it passes this (a token's pages are never split)."""

HASH = 12
"""Hex characters of a file's name (48 bits; a clash is lengthened)."""

Write = Callable[[str, bytes], None]


def index_key(members: Iterable[str], glossary: list[Page]) -> str:
    """What the index is made from: every unit's stored records (by their hashes, in
    order), the glossary's, and the index's format."""
    return digest(("search", VERSION, list(members), glossary))


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                      sort_keys=True).encode("utf-8")


def utf16(token: str) -> bytes:
    """A token's sort key: JavaScript compares strings by UTF-16 code units."""
    return token.encode("utf-16-be")


def bucket(token: str) -> int:
    return ord(token[0]) % BUCKETS


class _Names:
    """Short content-hash names, lengthened where two contents would share one."""

    def __init__(self) -> None:
        self.full: dict[str, str] = {}

    def name(self, data: bytes) -> str | None:
        """The name of `data`; None when the same bytes were named already."""
        full = hashlib.sha256(data).hexdigest()
        size = HASH
        while (seen := self.full.get(full[:size])) is not None and seen != full:
            size += 2
        if seen == full:
            return None
        self.full[full[:size]] = full
        return full[:size]

    def get(self, data: bytes) -> str:
        full = hashlib.sha256(data).hexdigest()
        return next(short for short, f in self.full.items() if f == full)


def _language(lang: str, pages: Iterator[Page], write: Write) -> None:
    prefix = f"{lang}/"
    names = _Names()
    lengths: list[int] = []
    fragments: list[str] = []
    with tempfile.TemporaryDirectory(prefix="portal-search-") as tmp:
        spill: list[IO[str]] = [open(Path(tmp) / f"{b}.tsv", "w", encoding="utf-8",
                                     newline="\n") for b in range(BUCKETS)]
        try:
            for page, (record, found, length) in enumerate(pages):
                lengths.append(length)
                for token, entry in found.items():
                    spill[bucket(token)].write(
                        f"{token}\t{page}\t{','.join(map(str, entry))}\n")
                fragment = _json({k: v for k, v in record.items() if k != "language"})
                name = names.name(fragment)
                if name is not None:
                    write(f"{prefix}f/{name}.json", fragment)
                fragments.append(name or names.get(fragment))
        finally:
            for stream in spill:
                stream.close()
        chunks: list[list[Any]] = []
        for b in range(BUCKETS):
            chunks += _chunks(b, Path(tmp) / f"{b}.tsv", names, prefix, write)
    pages = len(lengths)
    meta = {"version": VERSION, "pages": pages, "buckets": BUCKETS,
            "average": round(sum(lengths) / pages, 3) if pages else 0,
            "lengths": lengths, "fragments": fragments, "chunks": chunks}
    write(prefix + META, _json(meta))


def _chunks(b: int, path: Path, names: _Names, prefix: str,
            write: Write) -> list[list[Any]]:
    """One bucket's tokens as chunks: their meta entries."""
    postings: dict[str, list[list[int]]] = {}
    last: dict[str, int] = {}
    with open(path, encoding="utf-8", newline="\n") as stream:
        for line in stream:
            token, page_text, entry_text = line.rstrip("\n").split("\t")
            page = int(page_text)
            entry = [page - last.get(token, 0), *map(int, entry_text.split(","))]
            last[token] = page
            postings.setdefault(token, []).append(entry)
    out: list[list[Any]] = []
    parts: list[str] = []
    first = ""
    size = 0

    def close(end: str) -> None:
        nonlocal parts, size
        data = ("{" + ",".join(parts) + "}").encode("utf-8")
        name = names.name(data)
        if name is not None:
            write(f"{prefix}c/{name}.json", data)
        out.append([b, first, end, name or names.get(data)])
        parts, size = [], 0

    ordered = sorted(postings, key=utf16)
    for token in ordered:
        part = json.dumps(token, ensure_ascii=False) + ":" + json.dumps(
            postings.pop(token), separators=(",", ":"))
        if not parts:
            first = token
        parts.append(part)
        size += len(part)
        if size >= CHUNK_BYTES:
            close(token)
    if parts:
        close(ordered[-1])
    return out


def build_index(pages: Callable[[], Iterator[Page]],
                languages: Iterable[str], write: Write) -> None:
    """Write the index of each of `languages` (`write(path under FOLDER, bytes)`), each
    from a new pass over `pages()`: every page's record with its tokens and length
    (`tokens.page_tokens`, made in the unit's job)."""
    for lang in languages:
        _language(lang, (p for p in pages() if p[0]["language"] == lang), write)
