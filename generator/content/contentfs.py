"""The content folder as a closed world.

Every content file is read through `ContentFS`, so that nothing outside `content/` is ever
read or published: a symbolic link is followed only when its target stays inside the
content root; only regular files are read (a directory, device or named pipe where a file
should be is refused, and a pipe is never opened in a way that could block); a size cap
is checked before reading and enforced while reading. Editor and OS litter is skipped and
remembered for `--verbose`. Every refusal is a located finding, never an exception.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from .findings import Findings

LITTER = (".DS_Store", "Thumbs.db", "desktop.ini", "*.swp", "*.swo", "*~", ".#*", "._*",
          ".git*", "#*#")
"""Names of files that editors, version control and operating systems leave behind."""


_LITTER_RE = re.compile("|".join(fnmatch.translate(pattern) for pattern in LITTER))
"""One match for all the patterns: called for every file of the content and the output."""


def is_litter(name: str) -> bool:
    return _LITTER_RE.match(name) is not None


class Kind(Enum):
    """What a content path is, after following a link that stays inside the root."""

    FILE = "file"
    DIR = "dir"
    MISSING = "missing"
    REFUSED = "refused"  # a finding was added


_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _describe(mode: int) -> str:
    for test, name in _SPECIAL:
        if test(mode):
            return name
    return "not a regular file"


class NotRegular(Exception):
    def __init__(self, mode: int) -> None:
        super().__init__(_describe(mode))
        self.mode = mode


class TooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file at `path`: never blocks (a pipe swapped in is not
    waited on), never reads past `limit` (the file may grow while read). Raises
    `NotRegular`, `TooLarge` or `OSError`."""
    # O_NONBLOCK: if the file was swapped for a pipe since it was looked at, open must not wait.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular(st.st_mode)
        if st.st_size > limit:
            raise TooLarge(st.st_size)
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise TooLarge(len(data))
    return data


@dataclass
class ContentFS:
    """Reads under one content root and reports every refusal to `findings`."""

    root: Path
    findings: Findings
    ignored: list[Path] = field(default_factory=list)
    """Litter skipped while listing folders, in the order met."""
    files_read: int = 0
    _real_root: Path = field(init=False)
    _reported: set[str] = field(default_factory=set, init=False)
    _real_folders: dict[str, Path] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self._real_root = Path(os.path.realpath(self.root))

    def _refuse(self, path: Path, code: str, message: str, hint: str) -> Kind:
        key = f"{path}\0{code}"
        if key not in self._reported:  # a path may be asked about more than once
            self._reported.add(key)
            self.findings.add(path, 1, 1, "", code, message, hint)
        return Kind.REFUSED

    def _real_folder(self, folder: Path) -> Path:
        """`realpath` of a folder, remembered: a build asks about every file of it."""
        key = str(folder)
        real = self._real_folders.get(key)
        if real is None:
            real = self._real_folders[key] = Path(os.path.realpath(folder))
        return real

    def _inside(self, real: Path) -> bool:
        text, root = str(real), str(self._real_root)
        return text == root or text.startswith(root.rstrip(os.sep) + os.sep)

    def kind(self, path: Path) -> Kind:
        """Classify `path` without reading it or following a link out of the root."""
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return Kind.MISSING
        except OSError as exc:
            return self._unreadable(path, exc)
        if not stat.S_ISLNK(st.st_mode):
            # A folder on the way may itself be a link out of the root: not a link itself,
            # `path` is really where its folder really is.
            if not self._inside(self._real_folder(path.parent) / path.name):
                return self._outside(path)
        else:
            try:
                real = Path(os.path.realpath(path, strict=True))
            except FileNotFoundError:
                return self._refuse(path, "content.dangling-link",
                                    f"'{path.name}' is a symbolic link to nothing",
                                    "replace the link with the file itself, or delete it")
            except (OSError, RuntimeError):  # a loop of links
                return self._refuse(path, "content.link-loop",
                                    f"'{path.name}' is a loop of symbolic links",
                                    "replace the link with the file itself")
            if not self._inside(real):
                return self._outside(path)
            try:
                st = os.stat(real)
            except OSError as exc:
                return self._unreadable(path, exc)
        if stat.S_ISDIR(st.st_mode):
            return Kind.DIR
        if stat.S_ISREG(st.st_mode):
            return Kind.FILE
        return self._refuse(path, "content.not-a-file",
                            f"'{path.name}' is {_describe(st.st_mode)}, not a file",
                            "content holds only ordinary files and folders; remove it")

    def _outside(self, path: Path) -> Kind:
        return self._refuse(path, "content.link-outside",
                            f"'{path.name}' leads outside the content folder through a "
                            "symbolic link",
                            "copy what it points to into content/: the portal reads "
                            "and publishes nothing outside content/")

    def _unreadable(self, path: Path, exc: OSError) -> Kind:
        reason = "permission denied" if exc.errno in (errno.EACCES, errno.EPERM) \
            else (exc.strerror or type(exc).__name__).lower()
        return self._refuse(path, "file.unreadable", f"cannot read '{path.name}': {reason}",
                            "check the file's permissions (it must be readable by the user "
                            "who runs portal)")

    def listdir(self, folder: Path) -> list[Path]:
        """The entries of a content folder in name order, litter left out (and noted)."""
        try:
            names = sorted(os.listdir(folder))
        except OSError as exc:
            self._unreadable(folder, exc)
            return []
        entries = []
        for name in names:
            path = folder / name
            if is_litter(name):
                self.ignored.append(path)
            else:
                entries.append(path)
        return entries

    def read(self, path: Path, limit: int) -> bytes | None:
        """The bytes of the regular file at `path`, at most `limit` of them; None (with a
        finding) for anything else. A missing file is reported by the caller."""
        kind = self.kind(path)
        if kind is Kind.MISSING:
            return None
        if kind is Kind.DIR:
            self._refuse(path, "content.not-a-file", f"'{path.name}' is a folder, not a file",
                         "a file is expected here; move the folder's contents elsewhere")
            return None
        if kind is Kind.REFUSED:
            return None
        try:
            data = read_regular(path, limit)
        except NotRegular as exc:
            self._refuse(path, "content.not-a-file",
                         f"'{path.name}' is {_describe(exc.mode)}, not a file",
                         "content holds only ordinary files and folders; remove it")
            return None
        except TooLarge as exc:
            self._too_large(path, exc.size, limit)
            return None
        except OSError as exc:
            self._unreadable(path, exc)
            return None
        self.files_read += 1
        return data

    def _too_large(self, path: Path, size: int, limit: int) -> None:
        self._refuse(path, "file.too-large",
                     f"'{path.name}' is over the {limit:,} byte limit ({size:,} bytes)",
                     "content files are small; split it into several files")
