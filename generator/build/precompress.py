"""`portal build --precompress`: a gzip (`.gz`) and a brotli (`.br`) copy beside every
text file of the site worth compressing, for web servers that serve them as they are
(nginx `gzip_static` / `brotli_static`, see docs/publishing.md): the server compresses
nothing per request, and at the highest levels.

The copies are deterministic (no time or name in the gzip header), so two builds stay
byte-identical. An incremental build compresses only the files it wrote; a kept file
keeps its copies.
"""

from __future__ import annotations

import gzip
import multiprocessing
import os
from collections.abc import Iterable
from pathlib import Path

SUFFIXES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt")
"""Text: worth compressing (ZIP, gzip and images are compressed already)."""
MIN_BYTES = 1024
"""Smaller files gain less than a request's headers."""
BROTLI_MAX_QUALITY_BYTES = 2**20
"""Brotli's best quality (11) is slow; larger files get quality 9 (still smaller than gzip)."""
EXTENSIONS = (".gz", ".br")


def wanted(rel: str, size: int) -> bool:
    return size >= MIN_BYTES and rel.endswith(SUFFIXES)


def compress(path: str) -> list[tuple[str, int]]:
    """Write `path`.gz and `path`.br (each unless it exists: the portal's long-format
    `.csv.gz` files are such copies already); returns the suffixes written and sizes."""
    with open(path, "rb") as stream:
        data = stream.read()
    out = []
    if not os.path.exists(path + ".gz"):
        packed = gzip.compress(data, 9, mtime=0)
        with open(path + ".gz", "wb") as stream:
            stream.write(packed)
        out.append((".gz", len(packed)))
    quality = 11 if len(data) <= BROTLI_MAX_QUALITY_BYTES else 9
    import brotli  # only a build with --precompress needs it

    packed = brotli.compress(data, quality=quality)
    with open(path + ".br", "wb") as stream:
        stream.write(packed)
    out.append((".br", len(packed)))
    return out


def compress_all(root: Path, rels: Iterable[str], processes: int) -> list[tuple[str, int]]:
    """Compress each of `rels` (paths under `root`) in `processes` worker processes;
    returns every copy written (path relative to `root`, size), in a fixed order."""
    rels = list(rels)
    paths = [str(root / rel) for rel in rels]
    if processes > 1 and len(paths) > 1:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            made = pool.map(compress, paths, chunksize=16)
    else:
        made = [compress(p) for p in paths]
    return [(rel + suffix, size) for rel, copies in zip(rels, made, strict=True)
            for suffix, size in copies]
