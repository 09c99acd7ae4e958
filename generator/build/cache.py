"""Incremental builds: what a unit's output depends on, hashed, and what the last build
made of each unit, kept beside the output.

A unit's pages and downloads depend only on its own folder and on the portal-wide inputs
(portal.yaml, glossary.yaml, crosswalk.yaml, layouts, templates, locales, static files,
the generator's code and the libraries that shape its output, the base URL). When none of
these changed since the last build into the same output, the build takes the unit's
files from the previous output (hard links) and its summary from the manifest, without
reading the unit. A page or file that spans units is made again only when its own key (what
it is made from) changed (`PortalFiles`).

The manifest lives in `.<out>.cache/` beside the output folder (never published) and is
replaced only after the new output is in place, so it always describes the output that
is there. It is a pickle: it is read only from that folder, which the build itself
writes; anything unreadable or of another format means a cold build.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path

from .. import PACKAGE
from ..compiled import STAMP, compiled_products
from ..content.contentfs import ContentFS, Kind, NotRegular, TooLarge, is_litter, read_regular
from ..content.findings import Findings
from ..data.longformat import DiskStore
from .unitjob import UnitResult

FORMAT = 6
_READ_LIMIT = 1_000_000
"""As the loaders' caps: a larger file is refused by them anyway (then never reused)."""
_LIBRARIES = ("jinja2", "markupsafe", "markdown-it-py", "pyyaml", "pydantic", "pypinyin")
GENERATOR = PACKAGE


def cache_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.cache"


def figure_store(out: Path) -> DiskStore:
    """The long-format shares of the units in the output (`longformat`)."""
    return DiskStore(cache_dir(out) / "figures")


def template_cache(out: Path) -> Path | None:
    """Where compiled templates are kept between builds into `out`, once a build into it
    made the cache folder (None: nowhere; templates are then compiled this build). Jinja
    keys a compiled template on its source only, but the code it was compiled against (its
    filters, tests, globals) is the generator's: the folder is the generator's version, and
    another version's folder is removed."""
    if not cache_dir(out).is_dir():
        return None
    parent = cache_dir(out) / "templates"
    folder = parent / _generator_key()[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in parent.iterdir():
            if old != folder:
                shutil.rmtree(old) if old.is_dir() else old.unlink()
    except OSError:
        return None
    return folder


def keep_templates(out: Path, compiled: Path) -> None:
    """Move the templates a first build into `out` compiled (into `compiled`, in its
    staging folder) to where the next builds take them from (`template_cache`). Best
    effort: without them the next build compiles its templates again."""
    try:
        cache_dir(out).mkdir(exist_ok=True)
        folder = template_cache(out)
        if folder is not None:
            for path in compiled.iterdir():
                os.replace(path, folder / path.name)
    except OSError:
        pass


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _folder_hash(h: hashlib._Hash, root: Path, leave: frozenset[Path] = frozenset()) -> None:
    for path in _files(root):
        if path in leave:
            continue
        h.update(f"{path.relative_to(root).as_posix()}\n".encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())


@cache
def _generator_key() -> str:
    """The generator's own files and the versions of the libraries whose behaviour shows
    in the output (fixed for the life of a process)."""
    h = hashlib.sha256(f"format {FORMAT}\n".encode())
    for lib in _LIBRARIES:
        try:
            h.update(f"{lib} {metadata.version(lib)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib} -\n".encode())
    # Compiled modules (scripts/compile.py) are made from the sources hashed here and run
    # only while they match them (generator.compiled): their 16 MB would add nothing.
    _folder_hash(h, GENERATOR, frozenset([*compiled_products(GENERATOR), GENERATOR / STAMP]))
    return h.hexdigest()


def tree_hash(fs: ContentFS, path: Path, h: hashlib._Hash | None = None) -> str | None:
    """A hash of a content file or folder as the loaders see it (closed world, litter
    left out); None when anything in it cannot be read (the loader will say why)."""
    h = h if h is not None else hashlib.sha256()
    kind = fs.kind(path)
    if kind is Kind.MISSING:
        h.update(b"-\n")
    elif kind is Kind.DIR:
        h.update(b"d\n")
        for child in fs.listdir(path):
            h.update(f"{child.name}\n".encode("utf-8", "surrogateescape"))
            if tree_hash(fs, child, h) is None:
                return None
    elif kind is Kind.FILE:
        data = fs.read(path, _READ_LIMIT)
        if data is None:
            return None
        h.update(f"f {len(data)}\n".encode())
        h.update(hashlib.sha256(data).digest())
    else:
        return None
    return h.hexdigest()


def shared_key(root: Path, templates: Path, locales: Path, site_src: Path,
               settings: tuple[object, ...]) -> str | None:
    """What every unit's output depends on besides its own folder; None: cannot tell."""
    fs = ContentFS(root, Findings())
    h = hashlib.sha256(_generator_key().encode())
    for folder in (templates, locales, site_src):  # read anew: they may change any time
        h.update(f"\n{folder.name}\n".encode())
        _folder_hash(h, folder)
    h.update(repr(settings).encode())
    for name in ("portal.yaml", "glossary.yaml", "crosswalk.yaml", "layouts"):
        h.update(f"\n{name}\n".encode())
        if tree_hash(fs, root / name, h) is None:
            return None
    return h.hexdigest()


Stat = tuple[int, int, int, int]
"""What says a file is unchanged without reading it: size, mtime, ctime, inode."""
FileDigests = dict[str, tuple[Stat, bytes]]
"""Each content file's stat and the SHA-256 of its bytes, by path (as git's index does)."""
_RACY_NS = 2_000_000_000
"""A file changed this close to the last build may have changed again within the same
clock tick: it is read, whatever its stat says."""


def _file_digest(path: str, st: os.stat_result, known: FileDigests, seen: FileDigests,
                 since_ns: int) -> bytes | None:
    sig = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    previous = known.get(path)
    if previous is not None and previous[0] == sig and \
            max(st.st_mtime_ns, st.st_ctime_ns) < since_ns - _RACY_NS:
        seen[path] = previous
        return previous[1]
    try:
        data = read_regular(path, _READ_LIMIT)
    except (OSError, NotRegular, TooLarge):
        return None
    digest = hashlib.sha256(data).digest()
    if len(data) == st.st_size:  # else it changed while read: no stat to trust
        seen[path] = (sig, digest)
    return digest


def _fast_hash(folder: str, h: hashlib._Hash, known: FileDigests, seen: FileDigests,
               since_ns: int) -> bool:
    """`tree_hash` for a folder of plain files and folders (no links, nothing special),
    taking a file's digest from `known` when its stat is unchanged: False as soon as it
    meets anything else, for `tree_hash` to judge."""
    h.update(b"d\n")
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    for entry in entries:
        if is_litter(entry.name):
            continue
        h.update(f"{entry.name}\n".encode("utf-8", "surrogateescape"))
        if entry.is_symlink():
            return False
        if entry.is_dir(follow_symlinks=False):
            if not _fast_hash(entry.path, h, known, seen, since_ns):
                return False
        elif entry.is_file(follow_symlinks=False):
            st = entry.stat(follow_symlinks=False)
            digest = _file_digest(entry.path, st, known, seen, since_ns)
            if digest is None:
                return False
            h.update(f"f {st.st_size}\n".encode())
            h.update(digest)
        else:
            return False
    return True


def unit_key(root: Path, shared: str, unit_dir: Path, known: FileDigests | None = None,
             seen: FileDigests | None = None, since_ns: int = 0) -> str | None:
    """A hash of everything a unit's output depends on: `shared` and its folder. Files
    whose stat is in `known` (from the last build, made at `since_ns`) are not read;
    every file's digest goes into `seen`, for the next build."""
    fs = ContentFS(root, Findings())
    if fs.kind(unit_dir) is Kind.DIR and not unit_dir.is_symlink():
        h = hashlib.sha256(shared.encode())
        try:
            if _fast_hash(str(unit_dir), h, known or {}, seen if seen is not None else {},
                          since_ns):
                return h.hexdigest()
        except OSError:
            pass
    return tree_hash(fs, unit_dir, hashlib.sha256(shared.encode()))


@contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cyclic collector paused while a manifest is read or written: unpickling
    makes millions of objects, none of them garbage, and a collection every few hundred
    of them walks all made so far (loading the manifest of 5,000 disclosures: 2.8 s with
    the collector, 0.9 s without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


Packed = tuple[str, bytes]
"""A unit's key and its job's result (`UnitResult`), pickled."""


def pack(key: str, result: UnitResult) -> Packed:
    with paused_gc():
        return key, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def pack_units(keys: dict[str, str | None], results: dict[str, UnitResult],
               previous: Manifest | None, reused: set[str]) -> dict[str, Packed]:
    """Every unit that has a key, packed for the next manifest: a unit taken from the
    last build (`reused`) as the last manifest held it, any other pickled now."""
    packed: dict[str, Packed] = {}
    for slug, key in keys.items():
        if key is None or slug not in results:
            continue
        reused_as = previous.units.get(slug) if previous and slug in reused else None
        packed[slug] = reused_as or pack(key, results[slug])  # reused: its key matched
    return packed


PortalFiles = dict[str, tuple[str, int, str]]
"""The files that span units, by path: the key of what made each, its size, its SHA-256
(or "" where nothing needs it)."""


@dataclass
class Manifest:
    shared: str
    units: dict[str, Packed] = field(default_factory=dict)
    """By unit folder name: the unit's key and what its job made (`pack`)."""
    files: FileDigests = field(default_factory=dict)
    """The content files' digests, so that the next build reads only changed files."""
    made_ns: int = field(default_factory=time.time_ns)
    portal: PortalFiles = field(default_factory=dict)
    pinyin: dict[str, str] = field(default_factory=dict)
    """Names already turned into pinyin (`names.remember`)."""
    portal_downloads: tuple[str, list[object]] = field(default_factory=lambda: ("", []))
    """The key of the year units files (`build.portal.portal_downloads`) and each one's
    `DownloadEntry` and data package resource, which the pages and the portal's data
    package need when the files are kept."""
    format: int = FORMAT


def load(out: Path, shared: str) -> Manifest | None:
    """The manifest of the output now in `out`, if there is one made with the same
    portal-wide inputs (`shared` hashes the generator's code too: a manifest pickled by
    other code is never used, whatever its classes then held)."""
    path = cache_dir(out) / "manifest.pickle"
    try:
        with open(path, "rb") as stream, paused_gc():
            manifest = pickle.load(stream)
    except Exception:  # missing, truncated, or from another version: a cold build
        return None
    if not isinstance(manifest, Manifest) or getattr(manifest, "format", None) != FORMAT \
            or getattr(manifest, "shared", None) != shared:
        return None
    return manifest


def save(out: Path, manifest: Manifest | None) -> None:
    """Replace the manifest (None: remove it). Best effort: without one the next build
    is a cold build, never a wrong one."""
    folder = cache_dir(out)
    path = folder / "manifest.pickle"
    try:
        if manifest is None:
            path.unlink(missing_ok=True)
            return
        folder.mkdir(exist_ok=True)
        tmp = folder / f"manifest.{os.getpid()}.tmp"
        with open(tmp, "wb") as stream, paused_gc():
            pickle.dump(manifest, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


def reusable(manifest: Manifest | None, slug: str, key: str | None, live: set[str],
             store: DiskStore) -> UnitResult | None:
    """The previous build's result for this unit (`load` made sure the portal-wide inputs
    are the same), if its own inputs did not change, its files are all still in the
    output (`live` lists the output's files) and its long-format shares in `store`;
    unpickled here (the caller pauses the collector: `paused_gc`)."""
    if manifest is None or key is None:
        return None
    entry = manifest.units.get(slug)
    if entry is None or entry[0] != key:
        return None
    try:
        result: UnitResult = pickle.loads(entry[1])
    except Exception:  # damaged within the manifest's own bytes: make the unit again
        return None
    if not all(rel in live for rel, _ in result.files):
        return None
    if result.summary is not None and not store.has(
            [*(s.name for s in result.summary.figures), result.summary.search]):
        return None
    return result
