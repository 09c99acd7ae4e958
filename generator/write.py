"""Atomic output: the site is written into a temporary folder beside the output folder
(same filesystem, so renames are atomic) and swapped in only when everything succeeded.
On any error the temporary folder is removed and the previous output is left untouched."""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
from pathlib import Path
from types import TracebackType

MARKER = ".portal-output"
"""Written into every build. A non-empty folder without it is not ours to replace."""
MARKER_TEXT = b"Built by `portal build`; this whole folder is replaced on every build.\n"


class OutputError(Exception):
    """The output folder cannot be written or replaced."""


class DuplicatePathError(OutputError):
    """Two outputs map to one path (compared case-insensitively: the site may be copied
    to a case-insensitive filesystem)."""


def check_rel_path(rel: str) -> str:
    """A safe output path: relative, POSIX, inside the output folder."""
    norm = posixpath.normpath(rel)
    if (not rel or rel != norm or norm.startswith(("../", "/")) or norm == ".."
            or "\\" in rel or "\0" in rel):
        raise OutputError(f"unsafe output path '{rel}'")
    return norm


def check_replaceable(out: Path, protect: list[Path]) -> None:
    """Refuse to replace anything that is not a previous build: a folder holding the
    content, the working directory, a file, a symlink, or a folder of someone's files."""
    resolved = out.resolve()
    for path in protect:
        p = path.resolve()
        if resolved == p or resolved in p.parents:
            raise OutputError(f"refusing to write the site to '{out}': it contains '{path}'")
    if out.is_symlink():
        raise OutputError(f"output '{out}' is a symbolic link; pass the real folder")
    if out.exists():
        if not out.is_dir():
            raise OutputError(f"output '{out}' exists and is not a folder")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise OutputError(
                f"refusing to replace '{out}': it is not empty and was not made by portal "
                f"build (no {MARKER} file); remove it or choose another --out")


class StagedOutput:
    """Collects the files of one build in a temporary folder; `commit` swaps it in.
    Use as a context manager: it commits on success and cleans up on any exception."""

    def __init__(self, out: Path, protect: list[Path] | None = None) -> None:
        self.out = out
        check_replaceable(out, [Path.cwd(), *(protect or [])])
        out.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
        self._seen: dict[str, str] = {}
        self.files = 0
        self.bytes = 0

    def write(self, rel: str, data: str | bytes) -> None:
        rel = check_rel_path(rel)
        key = rel.casefold()
        if key in self._seen:
            raise DuplicatePathError(f"two outputs map to '{rel}' (first: '{self._seen[key]}')")
        self._seen[key] = rel
        raw = data.encode("utf-8") if isinstance(data, str) else data
        target = self.tmp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)
        self.files += 1
        self.bytes += len(raw)

    def copy_tree(self, src: Path, dest: str) -> None:
        """Copy every file under `src` to `dest/` in the output, in sorted order; hidden
        files (.gitkeep, editor leftovers) are not part of the site."""
        files = (p for p in src.rglob("*") if p.is_file()
                 and not any(part.startswith(".") for part in p.relative_to(src).parts))
        for path in sorted(files):
            self.write(f"{dest}/{path.relative_to(src).as_posix()}", path.read_bytes())

    def commit(self) -> None:
        self.write(MARKER, MARKER_TEXT)
        os.chmod(self.tmp, 0o755)  # mkdtemp makes it private; a web server must read it
        if not self.out.exists():
            os.rename(self.tmp, self.out)
            return
        old = self.tmp.with_name(self.tmp.name + ".old")
        os.rename(self.out, old)
        try:
            os.rename(self.tmp, self.out)
        except BaseException:
            os.rename(old, self.out)
            raise
        shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> StagedOutput:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is not None:
            self.abort()
            return
        try:
            self.commit()
        except BaseException:
            self.abort()
            raise
