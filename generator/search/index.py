"""The search index, made once per build from every unit's stored records and the
glossary's, by Pagefind's indexer: the extended binary of the `pagefind[extended]`
package (Chinese segmentation), run in its service mode.

Each page is given as a small HTML document (`records`), whose headings Pagefind turns
into sub-results. The package's asyncio client is not used: it waits 0.1 s before reading
each answer (minutes for a large portal's pages) and reads each into a buffer of at most
2 MiB, which a large index's files overflow, and then it hangs. `_Service` speaks the same
protocol (the one the package and Pagefind's Node API use: base64 JSON messages, each
followed by a comma) without either limit: one thread writes every record while this
one reads the answers, the last of which holds the index's files (`GetFiles`; the
service's `WriteFiles` answers before its files are all on disk).

Only what a browser's search needs is published (`pagefind.js`, its worker, the
WebAssembly, the index and fragments); Pagefind's own UI bundles are not: the search page
has its own script (`site_src/js/search.js`).

Pagefind names its index chunks by their content, so the same records, added in the
build's fixed order, give the same files, but for one: `pagefind-entry.json` lists the
languages in the order of a Rust hash map, which changes from run to run. `_entry` writes
it with the languages sorted (the same JSON to a reader; tests/test_search.py checks two
indexes of the same records are byte-identical).

Pagefind holds everything it is given until it writes the index (about 250 KB a
disclosure page's record), but keeps each language's index apart: a search page
searches its own language only. So each language is indexed by a process of its own, one
after another, and their files put together; the files are those one process makes of
every language (the entry file's languages joined), at the memory of the largest
language rather than of all (tests/test_search.py checks both).
"""

from __future__ import annotations

import base64
import json
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import IO, Any

from ..build.digest import digest
from .records import Record

FOLDER = "pagefind"
"""Where the index is published, under the output's root (Pagefind's default name: its
script finds its files beside itself)."""

ENTRY = "pagefind-entry.json"

_UI = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.",
       "pagefind-highlight.")
"""Pagefind's ready-made interfaces: not published (the search page has its own)."""


class SearchIndexError(Exception):
    """Pagefind's indexer is missing or refused a record."""


def pagefind_version() -> str:
    """The indexer's version (its binary's package: the Python wrapper's may differ)."""
    return version("pagefind-bin-extended")


def index_key(members: Iterable[str], glossary: list[Record]) -> str:
    """What the index is made from: every unit's stored records (by their hashes, in
    order), the glossary's, and the indexer's version."""
    return digest(("search", pagefind_version(), list(members), glossary))


def _entry(data: bytes) -> bytes:
    """Pagefind's entry file with its languages in sorted order (see the module's doc)."""
    entry = json.loads(data)
    entry["languages"] = dict(sorted(entry["languages"].items()))
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _published(path: str) -> bool:
    return not path.startswith(_UI) and not path.endswith(".log")


class _Service:
    """One `pagefind --service` process: messages out on stdin, answers on stdout."""

    def __init__(self, cwd: Path) -> None:
        from pagefind.service import get_executable  # loaded only when indexing

        exe = get_executable()
        if exe is None:
            raise SearchIndexError("Pagefind's binary is missing: pip install "
                                   "'pagefind[extended]'")
        self.proc = subprocess.Popen([str(exe), "--service"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     cwd=cwd)
        self.sent = 0
        self.buffer = b""

    def send(self, stream: IO[bytes], payload: dict[str, Any]) -> None:
        self.sent += 1
        message = {"message_id": self.sent, "payload": payload}
        stream.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")

    def answer(self) -> dict[str, Any]:
        out = self.proc.stdout
        assert out is not None
        while b"," not in self.buffer:
            chunk = out.read1(1 << 16)
            if not chunk:
                raise SearchIndexError("Pagefind's indexer stopped before answering")
            self.buffer += chunk
        raw, _, self.buffer = self.buffer.partition(b",")
        payload: dict[str, Any] = json.loads(base64.b64decode(raw))["payload"]
        if payload.get("type") == "Error":
            raise SearchIndexError(f"Pagefind: {payload.get('message')}")
        return payload

    def close(self) -> None:
        if self.proc.stdin is not None and not self.proc.stdin.closed:
            self.proc.stdin.close()
        self.proc.terminate()
        self.proc.wait()


def build_index(records: Callable[[], Iterator[Record]],
                languages: Iterable[str]) -> list[tuple[str, bytes]]:
    """The index's files (path under `FOLDER`, bytes), in path order: one Pagefind
    process for each of `languages` in turn (see the module's doc), each given the
    records of its language from a new pass over `records()`."""
    files: dict[str, bytes] = {}
    entries: list[dict[str, Any]] = []
    for lang in languages:
        for path, data in _index_files(r for r in records() if r["language"] == lang):
            if path == ENTRY:
                entries.append(json.loads(data))
            else:
                files[path] = data  # the runtime's files: the same from every process
    if entries:
        entry = entries[0]
        for other in entries[1:]:
            entry["languages"].update(other["languages"])
        files[ENTRY] = _entry(json.dumps(entry).encode("utf-8"))
    return sorted(files.items())


def _index_files(records: Iterator[Record]) -> list[tuple[str, bytes]]:
    """The files of one Pagefind process's index of `records`."""
    with tempfile.TemporaryDirectory(prefix="portal-search-") as tmp:
        service = _Service(Path(tmp))
        stdin = service.proc.stdin
        assert stdin is not None
        try:
            service.send(stdin, {"type": "NewIndex", "config": {"verbose": False}})
            stdin.flush()
            index_id = service.answer()["index_id"]
            errors: list[BaseException] = []

            def write() -> None:  # while the answers are read, or the pipes fill up
                try:
                    for r in records:
                        service.send(stdin, {
                            "type": "AddFile", "index_id": index_id, "file_path": None,
                            "url": "/" + r["url"], "file_contents": r["html"]})
                    service.send(stdin, {"type": "GetFiles", "index_id": index_id})
                    stdin.flush()
                except BaseException as exc:  # re-raised below
                    errors.append(exc)
                    stdin.close()

            writer = threading.Thread(target=write, name="search-index-writer")
            writer.start()
            found: list[dict[str, str]] = []
            try:
                while not errors:
                    answer = service.answer()
                    if answer["type"] == "GetFiles":
                        found = answer["files"]
                        break
            except BaseException:
                service.proc.kill()  # else the writer may wait on a pipe no one reads
                raise
            finally:
                writer.join()
            if errors:
                raise errors[0]
        finally:
            service.close()
    files = []
    for f in found:
        if _published(f["path"]):
            data = base64.b64decode(f["content"])
            files.append((f["path"], _entry(data) if f["path"] == ENTRY else data))
    return sorted(files)


class Background:
    """`build_index` in a thread, so that the build makes its other portal-wide pages
    while Pagefind (its own process) indexes on the other core."""

    def __init__(self, records: Callable[[], Iterator[Record]],
                 languages: Iterable[str]) -> None:
        self.files: list[tuple[str, bytes]] = []
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(records, list(languages)),
                                       name="search-index")
        self.thread.start()

    def _run(self, records: Callable[[], Iterator[Record]], languages: list[str]) -> None:
        try:
            self.files = build_index(records, languages)
        except BaseException as exc:  # re-raised by `result`
            self.error = exc

    def result(self) -> list[tuple[str, bytes]]:
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.files
