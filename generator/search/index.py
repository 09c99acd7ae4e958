"""The search index, made once per build from every unit's stored records and the
glossary's, by Pagefind's indexer (the `pagefind[extended]` package: its binary, run as
a service through the package's Python API). Only what a browser's search needs is
published (`pagefind.js`, its worker, the WebAssembly, the index and fragments); Pagefind's
own UI bundles are not: the search page has its own script (`site_src/js/search.js`).

Pagefind names its index chunks by their content and lists them in `pagefind-entry.json`,
so the same records give the same files (checked by tests/test_search.py); the records
are added in the build's fixed order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from importlib.metadata import version

from ..digest import digest
from .records import Record

FOLDER = "pagefind"
"""Where the index is published, under the output's root (Pagefind's default name: its
script finds its files beside itself)."""

_UI = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.",
       "pagefind-highlight.")
"""Pagefind's ready-made interfaces: not published (the search page has its own)."""

BATCH = 256
"""Records sent to the indexer before waiting for its answers (it works through them
in order; waiting for each would cost a round trip per record)."""


def pagefind_version() -> str:
    return version("pagefind")


def index_key(members: Iterable[str], glossary: list[Record]) -> str:
    """What the index is made from: every unit's stored records (by their hashes, in
    order), the glossary's, and the indexer's version."""
    return digest(("search", pagefind_version(), list(members), glossary))


def _published(path: str) -> bool:
    return not path.startswith(_UI) and not path.endswith(".log")


class _Close(Exception):
    """Leaves the index's context without its closing write: `PagefindIndex` writes its
    files to disk (into the working folder) when its context ends without an error; the
    build takes them in memory instead."""


async def _index(records: Iterator[Record]) -> list[tuple[str, bytes]]:
    from pagefind.index import IndexConfig, PagefindIndex  # loaded only when indexing

    files = []
    try:
        async with PagefindIndex(config=IndexConfig(verbose=False)) as index:
            batch = []
            for record in records:
                batch.append(index.add_custom_record(
                    url=str(record["url"]), content=str(record["content"]),
                    language=str(record["language"]),
                    meta=dict(record["meta"])))  # type: ignore[call-overload]
                if len(batch) >= BATCH:
                    await asyncio.gather(*batch)
                    batch = []
            await asyncio.gather(*batch)
            files = await index.get_files()
            raise _Close
    except _Close:
        pass
    out = []
    for f in files:
        path = f["path"]
        if _published(path):
            content = f["content"]
            out.append((path, content if isinstance(content, bytes) else content.encode()))
    return sorted(out)


def build_index(records: Iterator[Record]) -> list[tuple[str, bytes]]:
    """The index's files (path under `FOLDER`, bytes), in path order."""
    return asyncio.run(_index(records))
