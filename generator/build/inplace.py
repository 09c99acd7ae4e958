"""An incremental build's commit: the files that changed move into the live output one
by one, with a journal that undoes them.

A cold build swaps a whole new folder in (`StagedOutput._swap`). An incremental build
keeps most files where they are, so it writes only what changed into the staging folder;
here each of those files replaces its live copy (an atomic rename each), and the files
the new site no longer has are removed. Every live file about to be replaced or removed
is first hard-linked (or moved) into the staging folder's `.backup/`, and the plan is
written to a journal beforehand: a failure rolls every step back, and a build killed
midway is rolled back by the next build (`recover`), so the output is always either the
previous site or the new one, never a mix that stays.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

JOURNAL = ".journal"
BACKUP = ".backup"

ADD, REPLACE, DELETE = "add", "replace", "delete"


def _makedirs(path: str, made: set[str]) -> None:
    folder = os.path.dirname(path)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)


def live_files(out: Path) -> set[str]:
    """Every file under `out`, as POSIX paths relative to it (a link is listed, never
    followed)."""
    found: set[str] = set()

    def walk(folder: str, prefix: str) -> None:
        try:
            scan = os.scandir(folder)
        except OSError:
            return
        with scan:
            for entry in scan:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, f"{prefix}{entry.name}/")
                else:
                    found.add(prefix + entry.name)

    walk(str(out), "")
    return found


def plan(out: Path, written: Iterable[str], kept: set[str],
         live: set[str] | None = None) -> list[tuple[str, str]]:
    """The steps that turn the live output into the new site: each written file added or
    replacing its live copy, then each live file the new site lacks deleted (`live`: the
    files now in `out`, if already listed)."""
    live = live_files(out) if live is None else live
    written = list(written)
    steps = [(REPLACE if rel in live else ADD, rel) for rel in written]
    wanted = kept.union(written)
    steps += [(DELETE, rel) for rel in sorted(live - wanted)]
    return steps


def _step(op: str, rel: str, tmp: Path, out: Path, made: set[str]) -> None:
    live, staged, backup = str(out / rel), str(tmp / rel), str(tmp / BACKUP / rel)
    if op in (REPLACE, DELETE):
        _makedirs(backup, made)
        if op == REPLACE:
            os.link(live, backup)
        else:
            os.replace(live, backup)
    if op in (ADD, REPLACE):
        _makedirs(live, made)
        os.replace(staged, live)


def _undo(op: str, rel: str, tmp: Path, out: Path) -> None:
    """Undo one step, whether or not it was done (so a journal can be replayed)."""
    live, staged, backup = out / rel, tmp / rel, tmp / BACKUP / rel
    if op in (REPLACE, DELETE):
        if backup.exists():
            os.replace(backup, live)
    elif not staged.exists() and live.exists():  # ADD, done: the file moved out
        live.unlink()


def _prune(out: Path, rels: Iterable[str]) -> None:
    """Remove the folders that deleting files left empty (a removed unit's)."""
    folders = sorted({os.path.dirname(rel) for rel in rels if "/" in rel},
                     key=lambda f: f.count("/"), reverse=True)
    for folder in folders:
        path = out / folder
        while path != out:
            try:
                path.rmdir()
            except OSError:
                break  # not empty (or gone): its parents are not empty either
            path = path.parent


def update(tmp: Path, out: Path, written: Iterable[str], kept: set[str],
           live: set[str] | None = None) -> None:
    """Apply the staged files to the live output; on any error, undo what was done and
    raise."""
    steps = plan(out, written, kept, live)
    journal = tmp / JOURNAL
    with open(journal, "w", encoding="utf-8") as stream:
        stream.writelines(f"{op}\t{rel}\n" for op, rel in steps)
        stream.flush()
        os.fsync(stream.fileno())
    made: set[str] = set()
    done = 0
    try:
        for op, rel in steps:
            _step(op, rel, tmp, out, made)
            done += 1
    except BaseException:
        undone = True
        for op, rel in reversed(steps[:done + 1]):
            try:
                _undo(op, rel, tmp, out)
            except OSError:
                undone = False  # keep undoing the others; `recover` retries from the journal
        if undone:
            journal.unlink()
        raise
    _prune(out, (rel for op, rel in steps if op == DELETE))
    journal.unlink()


def recover(tmp: Path, out: Path) -> bool:
    """Roll back an update that was killed midway (its journal is still in `tmp`).
    True when the output is whole again (or nothing was to be done)."""
    journal = tmp / JOURNAL
    try:
        lines = journal.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    steps = [tuple(line.split("\t", 1)) for line in lines if "\t" in line]
    try:
        for op, rel in reversed(steps):
            _undo(op, rel, tmp, out)
    except OSError:
        return False
    journal.unlink()
    return True
