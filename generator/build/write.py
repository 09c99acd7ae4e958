"""Atomic output: the site is written into a temporary folder beside the output folder
(same filesystem, so renames are atomic) and swapped in only when everything succeeded.
On any error the temporary folder is removed and the previous output is left untouched.

A lock file beside the output folder serialises builds into the same folder, and every
filesystem failure becomes an `OutputError` with a one-line message: the CLI prints it
instead of a traceback."""

from __future__ import annotations

import errno
import fcntl
import os
import posixpath
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from . import inplace, precompress

MARKER = ".portal-output"
"""Written into every build. A non-empty folder without it is not ours to replace."""
MARKER_TEXT = b"Built by `portal build`; this whole folder is replaced on every build.\n"
LOCK_POLL = 0.1
"""Seconds between attempts to take a lock held by another build."""


class OutputError(Exception):
    """The output folder cannot be written or replaced."""


class DuplicatePathError(OutputError):
    """Two outputs map to one path (compared case-insensitively: the site may be copied
    to a case-insensitive filesystem)."""


# errno -> (cause, what to do), in plain words for people who never saw an errno.
_CAUSES: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("the disk is full", "free some space and build again"),
    errno.EDQUOT: ("the disk quota is used up", "free some space and build again"),
    errno.EROFS: ("the filesystem is read-only", "choose an --out on a writable disk"),
    errno.EACCES: ("permission denied",
                   "check the folder's owner and permissions or choose another --out"),
    errno.EPERM: ("the operation is not permitted (the folder may be immutable or "
                  "protected)", "check its attributes (lsattr) and permissions "
                  "or choose another --out"),
    errno.ENOTDIR: ("part of the path is a file, not a folder",
                    "choose an --out that is not inside a file"),
    errno.EEXIST: ("a file is in the way where a folder is needed",
                   "remove it or choose another --out"),
    errno.ENOTEMPTY: ("another program put files there during the build",
                      "remove them and build again"),
    errno.ENAMETOOLONG: ("a name is too long for the filesystem", "choose a shorter --out"),
    errno.ENOENT: ("a folder on the way is missing (removed during the build?)",
                   "build again"),
    errno.EBUSY: ("the folder is in use (a mount point, or open in another program)",
                  "close it or choose another --out"),
    errno.EIO: ("the disk reported an input/output error", "check the disk"),
    errno.ELOOP: ("the path has too many symbolic links", "pass the real folder"),
    errno.EXDEV: ("it is on another filesystem than its parent folder",
                  "choose an --out that is not a mount point"),
}


def describe(exc: OSError) -> tuple[str, str]:
    """(cause, what to do) for an OSError; unknown ones keep the system's own words."""
    if exc.errno in _CAUSES:
        return _CAUSES[exc.errno]
    name = errno.errorcode.get(exc.errno or 0, "")
    cause = exc.strerror or str(exc) or type(exc).__name__
    return (f"{cause} [{name}]" if name else cause,
            "check the output folder and its disk, or choose another --out")


def output_error(exc: OSError, action: str, path: Path, at: bool = True) -> OutputError:
    """`cannot <action> '<path>': <cause> (at '<file>'); <what to do>`, chained to `exc`.
    `at=False` hides the file when it is in the staging folder, which is about to go."""
    cause, hint = describe(exc)
    shown = at and exc.filename and str(exc.filename) != str(path)
    where = f" (at '{exc.filename}')" if shown else ""
    error = OutputError(f"cannot {action} '{path}': {cause}{where}; {hint}")
    error.__cause__ = exc
    return error


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


class OutputLock:
    """An exclusive `flock` on `.<name>.lock` beside the output folder.

    The holder deletes the file before releasing it so nothing is left beside the
    output. That is race-free because a taker re-checks, once it holds the lock, that
    the path still names the file it locked, and starts over if not."""

    def __init__(self, out: Path, timeout: float, on_wait: Callable[[], None] | None) -> None:
        self.path = out.parent / f".{out.name}.lock"
        self.fd: int | None = None
        deadline = time.monotonic() + timeout
        waited = False
        while True:
            fd = self._open(out)
            try:
                while not self._try_lock(fd):
                    if not waited and on_wait is not None:
                        on_wait()
                    waited = True
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise OutputError(
                            f"another portal build is writing to '{out}' (still busy after "
                            f"{timeout:g} s; lock file '{self.path}'); wait for it to finish "
                            "or choose another --out")
                    time.sleep(min(LOCK_POLL, left))
                if self._is_current(fd):
                    self.fd = fd
                    return
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)  # the previous holder deleted it: lock the current file instead

    def _open(self, out: Path) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise output_error(exc, "create the lock file for", out) from exc

    @staticmethod
    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _is_current(self, fd: int) -> bool:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return False
        own = os.fstat(fd)
        return (st.st_dev, st.st_ino) == (own.st_dev, own.st_ino)

    def release(self) -> None:
        if self.fd is None:
            return
        fd, self.fd = self.fd, None
        try:
            if self._is_current(fd):
                os.unlink(self.path)  # still holding it, so no one else can be using it
        except OSError:
            pass  # a leftover lock file is harmless
        finally:
            os.close(fd)


_WRITE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC


class FileWriter:
    """Writes files under a build's staging folder and lists them; a worker process
    writes one unit's files with its own, and the build records them (`StagedOutput.record`)."""

    def __init__(self, root: Path, out: Path) -> None:
        self.root = root
        self.out = out
        """The output folder, for messages (the staging folder is about to go)."""
        self.written: list[tuple[str, int]] = []
        self._made: set[str] = set()

    def _target(self, rel: str) -> str:
        target = os.path.join(self.root, check_rel_path(rel))
        folder = os.path.dirname(target)
        if folder not in self._made:  # one mkdir per folder, not per file
            os.makedirs(folder, exist_ok=True)
            self._made.add(folder)
        return target

    def write(self, rel: str, data: str | bytes) -> int:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        try:
            # The file in one system call or a few, without `open`'s buffered object (its
            # isatty and seek on every file): the same bytes, the same mode as `open`'s.
            fd = os.open(self._target(rel), _WRITE, 0o666)
            try:
                view = memoryview(raw)
                while view:
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)
        except OSError as exc:
            raise output_error(exc, f"write '{rel}' for", self.out, at=False) from exc
        self.written.append((rel, len(raw)))
        return len(raw)

    @contextmanager
    def stream(self, rel: str) -> Iterator[BinaryIO]:
        """A file to write piece by piece (one too large to hold in memory)."""
        try:
            with open(self._target(rel), "wb") as stream:
                yield stream
        except OSError as exc:
            raise output_error(exc, f"write '{rel}' for", self.out, at=False) from exc


class StagedOutput:
    """Collects the files of one build in a temporary folder; `commit` swaps it in.
    Use as a context manager: it commits on success and cleans up on any exception.

    Holds the output's lock from construction until commit or abort: a second build into
    the same folder waits up to `lock_timeout` seconds (calling `on_wait` once when it
    starts waiting), then fails."""

    def __init__(self, out: Path, protect: list[Path] | None = None, *,
                 lock_timeout: float = 300.0,
                 on_wait: Callable[[], None] | None = None) -> None:
        self.out = out
        self._seen: dict[str, str] = {}
        self.files = 0
        self.bytes = 0
        self._lock: OutputLock | None = None
        self._tmp: Path | None = None
        self._removing: list[threading.Thread] = []
        self._writer: FileWriter | None = None
        self._written: list[str] = []
        self._sizes: dict[str, int] = {}
        self._kept: set[str] = set()
        """Files of the previous build that stay: the commit then updates the output in
        place (`inplace.update`) instead of swapping a whole new folder in."""
        self.live: set[str] | None = None
        """The files now in the output, when the build has listed them (not listed
        again by the commit)."""
        self.before_swap: Callable[[], None] | None = None
        self.after_swap: Callable[[], None] | None = None
        """Run under the lock just before and after the new site goes live (the build
        cache's manifest must never describe another output than the one in place)."""
        try:
            check_replaceable(out, [Path.cwd(), *(protect or [])])
        except OSError as exc:
            raise output_error(exc, "use", out) from exc
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise output_error(exc, "create the folder that holds", out) from exc
        self._lock = OutputLock(out, lock_timeout, on_wait)
        try:
            self._clear_leftovers()
            self._tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
        except BaseException as exc:
            self._lock.release()
            if isinstance(exc, OSError):
                raise output_error(exc, "create a temporary folder beside", out) from exc
            raise

    @property
    def tmp(self) -> Path:
        if self._tmp is None:
            raise OutputError(f"the build into '{self.out}' was already committed or aborted")
        return self._tmp

    def _clear_leftovers(self) -> None:
        """Remove the staging folders of an earlier build into the same output that was
        killed; only safe under the lock. If it was killed mid-swap the previous output
        is still aside in a `.old` folder: move it back first."""
        pattern = re.compile(re.escape(f".{self.out.name}.tmp-") + r"[a-z0-9_]{8}(\.old)?")
        try:
            found = [p for p in self.out.parent.iterdir()
                     if pattern.fullmatch(p.name) and p.is_dir() and not p.is_symlink()]
            found.sort(key=lambda p: p.stat().st_mtime, reverse=True)
            if not os.path.lexists(self.out):
                for old in found:
                    if old.name.endswith(".old") and (old / MARKER).is_file():
                        os.rename(old, self.out)
                        found.remove(old)
                        break
        except OSError:
            return  # best effort: leftovers cost only disk space
        for path in found:
            if not inplace.recover(path, self.out):
                raise OutputError(
                    f"an earlier build was stopped while it updated '{self.out}' and its "
                    f"changes could not be undone (they are listed in '{path}/"
                    f"{inplace.JOURNAL}'); build with --clean into a new --out")
            # Keep a previous output that could not be moved back rather than lose it.
            if path.name.endswith(".old") and not os.path.lexists(self.out):
                continue
            shutil.rmtree(path, ignore_errors=True)

    def record(self, rel: str, size: int, *, kept: bool = False) -> None:
        """Count a file written into the staging folder by someone else (a worker's
        `FileWriter`), or `kept` as it is in the output (an incremental build); two
        outputs on one path (whatever the case) are an error."""
        key = rel.casefold()
        if key in self._seen:
            raise DuplicatePathError(f"two outputs map to '{rel}' (first: '{self._seen[key]}')")
        self._seen[key] = rel
        (self._kept.add if kept else self._written.append)(rel)
        self._sizes[rel] = size
        self.files += 1
        self.bytes += size

    def path_of(self, rel: str) -> Path:
        """Where a file of the new site is now: staged, or kept in the output."""
        return self.out / rel if rel in self._kept else self.tmp / rel

    def writer(self) -> FileWriter:
        if self._writer is None or self._writer.root != self.tmp:
            self._writer = FileWriter(self.tmp, self.out)
        return self._writer

    def stream(self, rel: str) -> AbstractContextManager[BinaryIO]:
        """`FileWriter.stream`; `record` the file once written."""
        return self.writer().stream(rel)

    def write(self, rel: str, data: str | bytes) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        self.record(check_rel_path(rel), len(raw))  # before writing: never overwrite
        self.writer().write(rel, raw)

    def copy_tree(self, src: Path, dest: str) -> list[tuple[str, int]]:
        """Copy every file under `src` to `dest/` in the output, in sorted order; hidden
        files (.gitkeep, editor leftovers) are not part of the site. Returns each file's
        path and size."""
        try:
            files = sorted(p for p in src.rglob("*") if p.is_file() and not any(
                part.startswith(".") for part in p.relative_to(src).parts))
        except OSError as exc:
            raise output_error(exc, "list the files to copy from", src) from exc
        copied = []
        for path in files:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise output_error(exc, "read", path) from exc
            rel = f"{dest}/{path.relative_to(src).as_posix()}"
            self.write(rel, data)
            copied.append((rel, len(data)))
        return copied

    def precompress(self, processes: int) -> None:
        """A `.gz` and a `.br` copy beside every file worth compressing (`precompress`):
        made for the files written, kept for the files kept (whose copies the previous
        build, with the same settings, made)."""
        sizes = self._sizes
        written = [rel for rel in self._written if precompress.wanted(rel, sizes[rel])]
        try:
            made = precompress.compress_all(self.tmp, written, processes)
        except OSError as exc:
            raise output_error(exc, "compress the files of", self.out, at=False) from exc
        for rel, size in made:
            self.record(rel, size)
        for rel in sorted(self._kept):
            if not precompress.wanted(rel, sizes[rel]):
                continue
            for copy in (rel + ext for ext in precompress.EXTENSIONS):
                if copy.casefold() in self._seen:
                    continue
                try:
                    self.record(copy, os.stat(self.out / copy).st_size, kept=True)
                except OSError:
                    pass  # removed by hand: served uncompressed until the file changes

    def commit(self) -> None:
        """Swap the new site in; on failure the previous output stays (or is put back)
        and the temporary folder is removed. Releases the lock either way."""
        try:
            if self.before_swap is not None:
                self.before_swap()
            if self._kept:
                self._update_in_place()
            else:
                self._swap()
        except BaseException:
            self.abort()
            raise
        self._tmp = None
        try:
            if self.after_swap is not None:
                self.after_swap()
        finally:
            for thread in self._removing:
                thread.join()
            self._release()

    def _remove_meanwhile(self, folder: Path) -> None:
        """Remove a folder no longer needed once the new site is live, while the commit
        goes on (deleting is disk-bound, and slow where the disk discards freed blocks at
        once); done before the lock is released."""
        thread = threading.Thread(target=shutil.rmtree, args=(folder,),
                                  kwargs={"ignore_errors": True}, daemon=True)
        thread.start()
        self._removing.append(thread)

    def _update_in_place(self) -> None:
        tmp, out = self.tmp, self.out
        self.write(MARKER, MARKER_TEXT)
        try:
            inplace.update(tmp, out, self._written, self._kept, self.live)
        except OSError as exc:
            raise output_error(exc, "update", out, at=False) from exc
        self._remove_meanwhile(tmp)

    def _swap(self) -> None:
        tmp, out = self.tmp, self.out
        self.write(MARKER, MARKER_TEXT)
        try:
            os.chmod(tmp, 0o755)  # mkdtemp makes it private; a web server must read it
            if not os.path.lexists(out):
                os.rename(tmp, out)
                return
        except OSError as exc:
            raise output_error(exc, "move the new site into", out, at=False) from exc
        old = tmp.with_name(tmp.name + ".old")
        try:
            os.rename(out, old)
        except OSError as exc:
            raise output_error(exc, "move the previous output aside from", out) from exc
        try:
            os.rename(tmp, out)
        except OSError as exc:
            error = output_error(exc, "move the new site into", out, at=False)
            try:
                os.rename(old, out)
            except OSError as back:
                cause, _ = describe(back)
                raise OutputError(
                    f"{error}; moving the previous output back failed too ({cause}): it is "
                    f"at '{old}', rename it to '{out}' (the next build does it)") from exc
            raise error from exc
        # The new site is live: a leftover `.old` is removed by the next build.
        self._remove_meanwhile(old)

    def abort(self) -> None:
        """Remove the temporary folder and release the lock; safe to call twice."""
        if self._tmp is not None:
            # An update in place that could not be undone keeps its journal and backups
            # for the next build to undo (`inplace.recover`).
            if not (self._tmp / inplace.JOURNAL).exists():
                shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> StagedOutput:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is not None:
            self.abort()
            return
        self.commit()  # cleans up itself on failure
