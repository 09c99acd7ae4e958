"""The portal's long-format CSV (every figure, one line each), in files that stay small
as the portal grows, made from each disclosure's share compressed once.

- When a unit is built, each of its disclosures' lines (the CSV after its header) are
  gzip-compressed into one member, kept by its hash in a `Store` (the build cache's
  `figures/` folder; a dict for in-memory builds). A unit reused by an incremental build
  keeps its members, so its lines are never made again.
- `downloads/years/<year>-figures-<n>.csv`: a year's lines, whole disclosures in unit
  order, in parts of at most `PART_BYTES` (a spreadsheet opens each; none grows with the
  portal), each with the header. Beside each, `.csv.gz`: the same file compressed.
- `downloads/portal-all.csv.gz`: every line of every unit and year (unit by unit, as
  each unit's all-years CSV), the whole-portal archive.

A `.gz` file is the header's member followed by the disclosures' members, copied as they
are: RFC 1952 lets a gzip file hold several members, which gunzip, zcat, Python, R and
pandas read as one stream.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from ..build.digest import digest
from ..content.model.types import Text
from . import csvfile
from .csvfile import csv_bytes
from .deflate import gzip_bytes
from .figures import FIGURES_FIELDS
from .paths import DOWNLOADS

PORTAL_ALL_GZ_PATH = f"{DOWNLOADS}/portal-all.csv.gz"
PART_BYTES = csvfile.PART_BYTES
"""A part's size at most (the header and whole disclosures; one disclosure larger than this
is a part of its own)."""

HEADER = csv_bytes([f.name for f in FIGURES_FIELDS], [])
"""BOM, the header line, CRLF: what every file of lines starts with."""
HEADER_GZ = gzip_bytes(HEADER)


def year_figures_path(year: int, part: int) -> str:
    return f"{DOWNLOADS}/years/{year}-figures-{part}.csv"


@dataclass(frozen=True)
class Share:
    """One disclosure's lines, compressed and stored: where (`name`) and how long."""

    unit: str
    year: int
    name: str
    """SHA-256 of the compressed member: its name in the store."""
    size: int
    """Its lines' length, uncompressed."""


class Store(Protocol):
    def put(self, name: str, member: bytes) -> None: ...

    def get(self, name: str) -> bytes: ...


class MemoryStore(dict[str, bytes]):
    def put(self, name: str, member: bytes) -> None:
        self[name] = member

    def get(self, name: str) -> bytes:  # type: ignore[override]
        return self[name]


class DiskStore:
    """Members as files named by their hash: a member once written never changes, so a
    failed or concurrent build cannot spoil one another build relies on."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.gz"

    def put(self, name: str, member: bytes) -> None:
        path = self.path(name)
        if path.exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(member)
            os.rename(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, name: str) -> bytes:
        return self.path(name).read_bytes()

    def has(self, names: Iterable[str]) -> bool:
        return all(self.path(n).is_file() for n in names)

    def take(self, other: DiskStore) -> None:
        """Move every member of `other` here (each a rename: they are on one disk). Best
        effort: a unit whose members are missing is built anew next time."""
        try:
            found = sorted(other.folder.glob("*.gz"))
            if found:
                self.folder.mkdir(parents=True, exist_ok=True)
            for path in found:
                os.rename(path, self.folder / path.name)
        except OSError:
            pass

    def keep_only(self, names: set[str]) -> None:
        """Remove the members no build output uses any more (best effort)."""
        try:
            found = list(self.folder.iterdir())
        except OSError:
            return
        for path in found:
            if path.name.removesuffix(".gz") not in names:
                path.unlink(missing_ok=True)


class BuildStore:
    """A build's store: new members go to `new` (inside the staging folder, gone with it
    when the build fails); members are read from there or from `kept` (the build
    cache's, from earlier builds). After a successful build `new`'s move into `kept`."""

    def __init__(self, new: DiskStore, kept: DiskStore) -> None:
        self.new, self.kept = new, kept

    def put(self, name: str, member: bytes) -> None:
        if not self.kept.path(name).exists():
            self.new.put(name, member)

    def get(self, name: str) -> bytes:
        path = self.new.path(name)
        return path.read_bytes() if path.exists() else self.kept.get(name)


def lines(table_bytes: bytes) -> bytes:
    """A long-format CSV's lines after its header."""
    if not table_bytes.startswith(HEADER):
        raise ValueError("not a long-format CSV of the portal's columns")
    return table_bytes[len(HEADER):]


def share(store: Store, unit: str, year: int, body: bytes) -> Share:
    """Compress and store one disclosure's lines."""
    member = gzip_bytes(body)
    name = hashlib.sha256(member).hexdigest()
    store.put(name, member)
    return Share(unit, year, name, len(body))


@dataclass(frozen=True)
class LongFile:
    """One file of lines: its path, which shares it holds, plain or compressed."""

    path: str
    shares: tuple[Share, ...]
    compressed: bool
    year: int | None
    part: int
    parts: int

    @property
    def key(self) -> str:
        """Its content is the same as the last build's when this is."""
        return digest((self.path, self.compressed, [s.name for s in self.shares]))

    def title(self) -> Text:
        if self.year is None:
            return Text(zh="全部单位、全部年度数字(gzip 压缩)",
                        en="Every figure of every unit and year (gzip-compressed)")
        of_zh, of_en = csvfile.part_label(self.part, self.parts)
        zh = f"{self.year}年度全部数字{of_zh}"
        en = f"Every figure, {self.year}{of_en}"
        if self.compressed:
            zh += "(gzip 压缩)"
            en += " (gzip-compressed)"
        return Text(zh=zh, en=en)

    def write(self, store: Store, stream: BinaryIO) -> Written:
        """Write the file to `stream`, its members read from `store` one at a time."""
        out = _Counted(stream)
        if self.compressed:
            out.write(HEADER_GZ)
            for s in self.shares:
                out.write(store.get(s.name))
        else:
            out.write(HEADER)
            for s in self.shares:
                out.write(_decompress(store.get(s.name)))
        return Written(out.size, out.sha.hexdigest())


def _decompress(member: bytes) -> bytes:
    return zlib.decompress(member, wbits=31)  # 31: a gzip member (header and trailer)


@dataclass(frozen=True)
class Written:
    """A file written piece by piece: its size and SHA-256 (for its data package)."""

    size: int
    sha256: str


class _Counted:
    def __init__(self, stream: BinaryIO) -> None:
        self.stream, self.size, self.sha = stream, 0, hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.stream.write(data)
        self.sha.update(data)
        self.size += len(data)


def files(shares: Sequence[Share], limit: int | None = None) -> Iterator[LongFile]:
    """Every file of lines for these shares (in unit order, each unit's years in order):
    each year's parts (of at most `limit` bytes, default `PART_BYTES`), plain then
    compressed, oldest year first (as the years' units files); then the whole-portal archive."""
    limit = PART_BYTES if limit is None else limit
    by_year: dict[int, list[Share]] = {}
    for s in shares:
        by_year.setdefault(s.year, []).append(s)
    for year in sorted(by_year):
        parts = csvfile.by_size(by_year[year], lambda s: s.size, len(HEADER), limit)
        for n, part in enumerate(parts, 1):
            for compressed in (False, True):
                path = year_figures_path(year, n) + (".gz" if compressed else "")
                yield LongFile(path, tuple(part), compressed, year, n, len(parts))
    if shares:
        yield LongFile(PORTAL_ALL_GZ_PATH, tuple(shares), True, None, 1, 1)
