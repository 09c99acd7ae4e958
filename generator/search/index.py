"""The search index, made once per build from every unit's stored records and the
glossary's, every language in one pass over them, in memory that does not grow with the
portal, into files none of which grows with it either.

Under `FOLDER/<lang>/`:

- `meta.json`, the entry: the number of pages and their average length (in tokens), the
  name of each bucket's directory, and the name of each group of `GROUP` pages.
- `d/<name>.json`: a bucket's directory, `[[first token, last token, chunk], ...]`. A
  token's bucket is its first character's code point modulo `BUCKETS`; a bucket's tokens,
  in UTF-16 order (JavaScript's), are cut into chunks of about `CHUNK_BYTES`, so a query
  finds the chunks of a token, or of every token that begins with what was typed. A token
  on many pages spans several chunks: no file grows with the portal.
- `c/<name>.json`: a chunk, `{token: [[page step, weight, norm, place, ...], ...]}`: each
  page the token is in (by number, each given as the step from the one before in the
  chunk, the first from 0), the
  token's weighted count there, the page's length as a norm (`norm`, Lucene's way: a
  small number, 4·log2(1 + length) rounded) and the places (by number) the token is in.
- `f/<group>/<n>.json`: the fragment of page `GROUP` × (the group's number) + n: its
  record but the language (what a result shows).

Directories, chunks and groups are named by their content's hash, so a browser may keep
them; only `meta.json` keeps its name. `site_src/js/search.js` reads them and ranks with
BM25.

The records pass once, each to its language's index: a group's fragments are written
once it is whole, each page's tokens appended to its buckets' files on disk; then each
bucket in turn is read back, sorted and written out as chunks. Memory holds a group of
pages a language, then one bucket (a 64th of a language's tokens), whatever the size of
the portal. The same records give the same files.
"""

from __future__ import annotations

import hashlib
import math
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

import orjson

from ..build.digest import digest
from ..data.datapackage import dump_json
from ..data.longformat import Store
from .records import Page, Record, get
from .tokens import Tokens

FOLDER = "search-index"
"""Where the index is published, under the output's root."""

META = "meta.json"

VERSION = 2
"""Of the index's format: in its key and its meta (the script checks it)."""

BUCKETS = 64
CHUNK_BYTES = 24_000
"""A chunk is closed before it would pass this."""

GROUP = 256
"""Pages whose fragments share a folder (named by their hash): the entry lists a name
per group, not per page."""

HASH = 12
"""Hex characters of a file's name (48 bits; a clash is lengthened)."""

Write = Callable[[str, bytes], None]


def index_key(members: Iterable[str], glossary: list[Page]) -> str:
    """What the index is made from: every unit's stored records (by their hashes, in
    order), the glossary's, and the index's format."""
    return digest(("search", VERSION, list(members), glossary))


def utf16(token: str) -> bytes:
    """A token's sort key: JavaScript compares strings by UTF-16 code units."""
    return token.encode("utf-16-be")


def bucket(token: str) -> int:
    return ord(token[0]) % BUCKETS


class _Names:
    """Short content-hash names, lengthened where two contents would share one."""

    def __init__(self) -> None:
        self.full: dict[str, str] = {}

    def name(self, data: bytes) -> tuple[str, bool]:
        """The name of `data`, and whether it is new (False: the same bytes were named
        already, under that name)."""
        full = hashlib.sha256(data).hexdigest()
        size = HASH
        while (seen := self.full.get(full[:size])) is not None and seen != full:
            size += 2
        self.full[full[:size]] = full
        return full[:size], seen is None


def norm(length: int) -> int:
    """A page's length as a small number (the script takes 2^(norm/4) - 1 for it)."""
    return round(4 * math.log2(1 + length))


class _Language:
    """One language's index, made as its pages come (`add`), then written (`finish`):
    each page's record into a fragment, its tokens spilled to bucket files in `folder`."""

    def __init__(self, lang: str, folder: Path, write: Write) -> None:
        self.prefix, self.folder, self.write = f"{lang}/", folder, write
        self.names = _Names()
        self.groups: list[str] = []
        self.group: list[bytes] = []
        self.count = self.total = 0
        folder.mkdir()
        self.spill: list[IO[str]] = []
        for b in range(BUCKETS):
            self.spill.append(open(folder / f"{b}.tsv", "w", encoding="utf-8", newline="\n"))

    def add(self, record: Record, found: Tokens, length: int) -> None:
        page = self.count
        self.count, self.total = page + 1, self.total + length
        page_norm = norm(length)
        spill = self.spill
        for token, (weight, *places) in found.items():
            spill[bucket(token)].write(f"{token}\t{page}\t" + ",".join(
                map(str, (weight, page_norm, *places))) + "\n")
        self.group.append(dump_json({k: v for k, v in record.items() if k != "language"}))
        if len(self.group) == GROUP:
            self._close_group()

    def _close_group(self) -> None:
        name, new = self.names.name(b"\n".join(hashlib.sha256(f).digest() for f in self.group))
        assert new  # a group's pages are new pages: never seen before
        for n, fragment in enumerate(self.group):
            self.write(f"{self.prefix}f/{name}/{n}.json", fragment)
        self.groups.append(name)
        self.group.clear()

    def close(self) -> None:
        for stream in self.spill:
            stream.close()

    def finish(self) -> None:
        """Write what is left: the last group, the buckets' chunks, the entry (once the
        spill files are closed, `close`)."""
        if self.group:
            self._close_group()
        directories = [_chunks(b, self.folder / f"{b}.tsv", self.names, self.prefix,
                               self.write) for b in range(BUCKETS)]
        meta = {"version": VERSION, "pages": self.count, "buckets": BUCKETS, "group": GROUP,
                "average": round(self.total / self.count, 3) if self.count else 0,
                "directories": directories, "groups": self.groups}
        self.write(self.prefix + META, dump_json(meta))


def _chunks(b: int, path: Path, names: _Names, prefix: str, write: Write) -> str | None:
    """One bucket's tokens as chunks and its directory; the directory's name (None: no
    token in the bucket)."""
    postings: dict[str, list[list[int]]] = {}
    previous: dict[str, int] = {}
    with open(path, encoding="utf-8", newline="\n") as stream:
        for line in stream:
            token, page_text, entry_text = line.rstrip("\n").split("\t")
            page = int(page_text)
            entry = [page - previous.get(token, 0), *map(int, entry_text.split(","))]
            previous[token] = page
            postings.setdefault(token, []).append(entry)
    if not postings:
        return None
    directory: list[list[str]] = []
    parts: list[bytes] = []
    first = last = ""
    size = 0

    def close() -> None:
        data = b"{" + b",".join(parts) + b"}"
        directory.append([first, last, _put(names, f"{prefix}c/", data, write)])
        parts.clear()

    for token in sorted(postings, key=utf16):
        key = orjson.dumps(token) + b":"
        for n, piece in enumerate(_slices(postings.pop(token))):
            # a token's next piece always in the next chunk: a key once per chunk
            if parts and (n > 0 or size + len(key) + len(piece) > CHUNK_BYTES):
                close()
                size = 0
            if not parts:
                first = token
            parts.append(key + piece)
            size += len(key) + len(piece)
            last = token
    close()
    return _put(names, f"{prefix}d/", dump_json(directory), write)


def _slices(entries: list[list[int]]) -> list[bytes]:
    """A token's pages as JSON, in pieces of about a chunk's size at most: a token found
    on many pages spans several chunks, so that no file grows with the portal. A piece
    after the first starts with its page's number, not the step to it."""
    whole = orjson.dumps(entries)
    if len(whole) <= CHUNK_BYTES:
        return [whole]
    step = -(-len(entries) // -(-len(whole) // CHUNK_BYTES))
    pieces = []
    page = 0
    for start in range(0, len(entries), step):
        piece = entries[start:start + step]
        first = [page + piece[0][0], *piece[0][1:]]
        page += sum(entry[0] for entry in piece)
        pieces.append(orjson.dumps([first, *piece[1:]]))
    return pieces


def _put(names: _Names, folder: str, data: bytes, write: Write) -> str:
    """Write `data` under its name in `folder` (once); returns the name."""
    name, new = names.name(data)
    if new:
        write(f"{folder}{name}.json", data)
    return name


def build_index(pages: Iterable[Page], languages: Iterable[str], write: Write) -> None:
    """Write the index of each of `languages` (`write(path under FOLDER, bytes)`) in one
    pass over `pages`: every page's record with its tokens and length
    (`tokens.page_tokens`, made in the unit's job); a page in another language is left
    out."""
    with tempfile.TemporaryDirectory(prefix="portal-search-") as tmp:
        built = {lang: _Language(lang, Path(tmp) / lang, write) for lang in languages}
        try:
            for record, found, length in pages:
                index = built.get(record["language"])
                if index is not None:
                    index.add(record, found, length)
        finally:
            for index in built.values():
                index.close()
        for index in built.values():
            index.finish()


def write_index(members: Iterable[str], store: Store, glossary: list[Page],
                languages: list[str], root: Path, out: Path) -> list[tuple[str, int]]:
    """The index of every unit's stored records (`members`, read one at a time, as they
    come: the build sends each unit's as its job hands it back) and the glossary's,
    written under `root/FOLDER` (a build's staging folder; `out`: its output, for
    messages); returns each file written with its size. Run in a process of its own
    (`build.child.Feed`)."""
    from ..build.write import FileWriter  # the build's writer, imported where it runs

    writer = FileWriter(root, out)

    def pages() -> Iterator[Page]:
        for member in members:  # (the store's members are files, never changed once made)
            yield from get(store, member)
        yield from glossary

    build_index(pages(), languages, lambda name, data: writer.write(f"{FOLDER}/{name}", data))
    return writer.written
