"""Output-folder failures: every one is an `OutputError` with a readable one-line message,
leaves no temporary folder behind and keeps the previous output byte for byte; and the
lock that keeps two builds into one folder from interleaving."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.build.write import OutputError, StagedOutput
from tests.buildutil import tree

ROOT = Path(__file__).resolve().parent.parent
MINIMAL_CONTENT = ROOT / "tests" / "fixtures" / "minimal-content"


def make_previous(out: Path, text: str = "old") -> dict[str, bytes]:
    """A small committed output to check that failures leave alone."""
    with StagedOutput(out) as stage:
        stage.write("index.html", f"<p>{text}</p>")
        stage.write("data/table.csv", b"a,b\n1,2\n")
    return tree(out)


def litter(parent: Path) -> list[str]:
    """Staging folders, moved-aside outputs and lock files left in `parent`."""
    return sorted(p.name for p in parent.iterdir() if ".tmp-" in p.name or p.name.endswith(".lock"))


def one_line(error: pytest.ExceptionInfo[OutputError], *words: str) -> str:
    message = str(error.value)
    assert type(error.value) is OutputError
    assert "\n" not in message
    for word in words:
        assert word in message, message
    return message


# --- real failures -----------------------------------------------------------------------

@pytest.mark.parametrize("below", ["site", "sub/site"])
def test_out_under_a_regular_file(tmp_path: Path, below: str) -> None:
    previous = tmp_path / "site"
    before = make_previous(previous)
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    out = blocker / below
    with pytest.raises(OutputError) as error:
        StagedOutput(out)
    one_line(error, str(out), "file", "--out")
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    assert tree(previous) == before
    assert litter(tmp_path) == []


def test_out_name_too_long(tmp_path: Path) -> None:
    previous = tmp_path / "site"
    before = make_previous(previous)
    out = tmp_path / ("x" * 300)
    with pytest.raises(OutputError) as error:
        StagedOutput(out)
    one_line(error, str(out), "too long", "shorter")
    assert tree(previous) == before
    assert litter(tmp_path) == []


def test_file_name_too_long(tmp_path: Path) -> None:
    out = tmp_path / "site"
    before = make_previous(out)
    with pytest.raises(OutputError) as error, StagedOutput(out) as stage:
        stage.write("index.html", "new")
        stage.write("a" * 300 + ".html", "new")
    one_line(error, str(out), "too long")
    assert tree(out) == before
    assert litter(tmp_path) == []


def test_unwritable_parent_as_another_user(tmp_path: Path) -> None:
    """Real permissions: the parent belongs to root and the build runs as `nobody`."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to run as another user")
    parent = Path(tempfile.mkdtemp(prefix="portal-perm-"))  # tmp_path is private to root
    try:
        os.chmod(parent, 0o755)
        out = parent / "site"
        before = make_previous(out)
        script = ("import sys\nfrom pathlib import Path\nfrom generator.build.write import "
                  "OutputError, StagedOutput\ntry:\n    StagedOutput(Path(sys.argv[1]))\n"
                  "except OutputError as exc:\n    print(exc)\n")
        run = subprocess.run(
            ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
             sys.executable, "-c", script, str(out)],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True, text=True, timeout=60, check=False)
        if "Operation not permitted" in run.stderr and "setpriv" in run.stderr:
            pytest.skip("setpriv is not allowed here")
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr
        message = run.stdout.strip()
        assert str(out) in message and "permission denied" in message, message
        assert tree(out) == before
        assert litter(parent) == []
    finally:
        shutil.rmtree(parent, ignore_errors=True)


# --- simulated failures ------------------------------------------------------------------

def fail_for(path: Path, code: int, real: Callable[..., object]) -> Callable[..., object]:
    """A stand-in for `real` that fails with `code` for anything directly in `path`."""
    def fake(target: object, *args: object, **kwargs: object) -> object:
        if Path(str(target)).parent == path:
            raise OSError(code, os.strerror(code), str(target))
        return real(target, *args, **kwargs)
    return fake


@pytest.mark.parametrize("step", ["lock", "mkdtemp"])
def test_unwritable_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    out = tmp_path / "site"
    before = make_previous(out)
    if step == "lock":
        monkeypatch.setattr(os, "open", fail_for(tmp_path, errno.EACCES, os.open))
    else:
        monkeypatch.setattr(os, "mkdir", fail_for(tmp_path, errno.EACCES, os.mkdir))
    with pytest.raises(OutputError) as error:
        StagedOutput(out)
    one_line(error, str(out), "permission denied", "permissions")
    monkeypatch.undo()
    assert tree(out) == before
    assert litter(tmp_path) == []
    make_previous(out, "new")  # the lock was released


def test_disk_full_while_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    before = make_previous(out)
    real_open, real_write = os.open, os.write
    full: set[int] = set()

    def fake_open(path: str, flags: int, *args: Any, **kwargs: Any) -> int:
        fd = real_open(path, flags, *args, **kwargs)
        if str(path).endswith("page-2.html"):
            full.add(fd)
        return fd

    def fake_write(fd: int, data: Any) -> int:
        if fd in full:  # the disk fills up while the third page is written: it is
            real_write(fd, bytes(data)[:1])  # left half-written in the staging folder
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "write", fake_write)
    with pytest.raises(OutputError) as error, StagedOutput(out) as stage:
        for n in range(5):
            stage.write(f"page-{n}.html", "new")
    one_line(error, str(out), "page-2.html", "disk is full", "free some space")
    assert tree(out) == before
    assert litter(tmp_path) == []


def fail_rename(monkeypatch: pytest.MonkeyPatch, out: Path,
                failures: dict[str, int]) -> None:
    """Make the commit's renames fail: "aside" (previous output moved away), "in" (new
    site moved in), "back" (previous output moved back)."""
    real = os.rename

    def rename(src: os.PathLike[str] | str, dst: os.PathLike[str] | str) -> None:
        src, dst = Path(src), Path(dst)
        kind = ("aside" if src == out else "back" if src.name.endswith(".old")
                else "in" if dst == out else "")
        if kind in failures:
            raise OSError(failures[kind], os.strerror(failures[kind]), str(src), str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)


@pytest.mark.parametrize(("kind", "code", "words"), [
    ("in", errno.EROFS, "read-only"),
    ("in", errno.EPERM, "immutable"),
    ("aside", errno.EPERM, "immutable"),
    ("aside", errno.EBUSY, "in use"),
    ("in", errno.EUCLEAN, "check the output folder"),  # no plain words: the generic ones
])
def test_commit_rename_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             kind: str, code: int, words: str) -> None:
    out = tmp_path / "site"
    before = make_previous(out)
    fail_rename(monkeypatch, out, {kind: code})
    with pytest.raises(OutputError) as error, StagedOutput(out) as stage:
        stage.write("index.html", "new")
    message = one_line(error, str(out), words)
    if code == errno.EUCLEAN:
        assert os.strerror(code) in message
    assert tree(out) == before
    assert litter(tmp_path) == []


def test_commit_cannot_move_the_previous_output_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    before = make_previous(out)
    fail_rename(monkeypatch, out, {"in": errno.EROFS, "back": errno.EROFS})
    with pytest.raises(OutputError) as error, StagedOutput(out) as stage:
        stage.write("index.html", "new")
    one_line(error, str(out), "read-only", ".old", "rename it")
    monkeypatch.undo()
    assert not out.exists()
    [aside] = litter(tmp_path)  # only the previous output, not the staging folder
    assert aside.endswith(".old")
    assert tree(tmp_path / aside) == before
    StagedOutput(out).abort()  # the next build puts it back
    assert tree(out) == before
    assert litter(tmp_path) == []


def test_previous_output_that_cannot_be_deleted_is_cleared_later(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """EPERM while deleting the replaced output: the new site is live, so the build
    succeeded; the next build removes the leftover."""
    out = tmp_path / "site"
    make_previous(out)
    real = shutil.rmtree

    def rmtree(path: str | os.PathLike[str], ignore_errors: bool = False) -> None:
        if not str(path).endswith(".old"):
            real(path, ignore_errors=ignore_errors)

    monkeypatch.setattr(shutil, "rmtree", rmtree)
    after = make_previous(out, "new")
    assert [name.endswith(".old") for name in litter(tmp_path)] == [True]
    monkeypatch.undo()
    StagedOutput(out).abort()
    assert tree(out) == after
    assert litter(tmp_path) == []


def test_cli_reports_out_under_a_file_in_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x", encoding="utf-8")
    out = blocker / "site"
    run = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(MINIMAL_CONTENT),
         "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("portal build failed: ")
    assert str(out) in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


# --- the lock ----------------------------------------------------------------------------

@pytest.fixture
def previous(tmp_path: Path) -> Iterator[tuple[Path, dict[str, bytes]]]:
    out = tmp_path / "site"
    yield out, make_previous(out)


def staging(parent: Path) -> list[str]:
    return [name for name in litter(parent) if ".tmp-" in name]


def test_second_build_waits_then_fails(previous: tuple[Path, dict[str, bytes]]) -> None:
    out, before = previous
    waits: list[float] = []
    first = StagedOutput(out)
    try:
        first.write("index.html", "first")
        started = time.monotonic()
        with pytest.raises(OutputError) as error:
            StagedOutput(out, lock_timeout=0.3, on_wait=lambda: waits.append(time.monotonic()))
        assert time.monotonic() - started >= 0.3
        one_line(error, f"another portal build is writing to '{out}'", "wait for it to finish")
        assert len(waits) == 1
        assert len(staging(out.parent)) == 1  # the first build's own
    finally:
        first.abort()
    assert tree(out) == before
    assert litter(out.parent) == []


def test_second_build_proceeds_when_the_first_commits(
        previous: tuple[Path, dict[str, bytes]]) -> None:
    out, _ = previous
    waiting = threading.Event()
    first = StagedOutput(out, on_wait=lambda: pytest.fail("the lock was free"))
    first.write("index.html", "first")
    failures: list[BaseException] = []

    def second() -> None:
        try:
            with StagedOutput(out, lock_timeout=30, on_wait=waiting.set) as stage:
                stage.write("index.html", "second")
        except BaseException as exc:
            failures.append(exc)

    thread = threading.Thread(target=second)
    thread.start()
    assert waiting.wait(10)
    assert (out / "index.html").read_text(encoding="utf-8") == "<p>old</p>"
    first.commit()
    thread.join(30)
    assert not thread.is_alive() and failures == []
    assert (out / "index.html").read_text(encoding="utf-8") == "second"
    assert litter(out.parent) == []


def test_lock_holds_across_processes(previous: tuple[Path, dict[str, bytes]]) -> None:
    out, before = previous
    script = ("import sys\nfrom pathlib import Path\n"
              "from generator.build.write import StagedOutput\n"
              "with StagedOutput(Path(sys.argv[1])) as stage:\n    print('ready', flush=True)\n"
              "    sys.stdin.readline()\n    stage.write('index.html', 'other process')\n")
    holder = subprocess.Popen([sys.executable, "-c", script, str(out)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline() == "ready\n"
        with pytest.raises(OutputError, match="another portal build"):
            StagedOutput(out, lock_timeout=0.3)
        assert tree(out) == before
        holder.stdin.write("go\n")
        holder.stdin.close()
        with StagedOutput(out, lock_timeout=30) as stage:
            stage.write("index.html", "this process")
        # It released the lock when it committed, and may still be exiting: wait for it
        # (killed then, a loaded machine once saw it end by the kill, -9).
        assert holder.wait(30) == 0
    finally:
        if holder.poll() is None:  # a failure above: it must not outlive the test
            holder.kill()
            holder.wait(30)
    assert (out / "index.html").read_text(encoding="utf-8") == "this process"
    assert litter(out.parent) == []


def test_concurrent_builds_do_not_interleave(tmp_path: Path) -> None:
    out = tmp_path / "site"
    inside = {"now": 0, "most": 0}
    guard = threading.Lock()
    failures: list[BaseException] = []

    def builds(who: int) -> None:
        try:
            for n in range(5):
                with StagedOutput(out, lock_timeout=60) as stage:
                    with guard:
                        inside["now"] += 1
                        inside["most"] = max(inside["most"], inside["now"])
                    for page in range(3):
                        stage.write(f"{page}.txt", f"{who}-{n}")
                    time.sleep(0.005)
                    with guard:
                        inside["now"] -= 1
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=builds, args=(who,)) for who in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert failures == [] and inside["most"] == 1
    assert len({(out / f"{page}.txt").read_bytes() for page in range(3)}) == 1
    assert litter(tmp_path) == []


def test_leftovers_of_a_killed_build_are_removed(
        previous: tuple[Path, dict[str, bytes]]) -> None:
    out, before = previous
    script = ("import os, signal, sys\nfrom pathlib import Path\n"
              "from generator.build.write import StagedOutput\n"
              "stage = StagedOutput(Path(sys.argv[1]))\nstage.write('index.html', 'killed')\n"
              "os.kill(os.getpid(), signal.SIGKILL)\n")
    run = subprocess.run([sys.executable, "-c", script, str(out)], cwd=ROOT, timeout=60,
                         check=False)
    assert run.returncode == -9
    assert len(staging(out.parent)) == 1  # the kernel released the lock, not the folder
    unrelated = [out.parent / ".site.tmp-abc.tmp-abcdefgh", out.parent / ".other.tmp-abcdefgh",
                 out.parent / ".site.tmp-notours"]
    for path in unrelated:
        path.mkdir()
    StagedOutput(out, lock_timeout=5).abort()
    assert all(path.is_dir() for path in unrelated)
    assert sorted(staging(out.parent)) == sorted(p.name for p in unrelated)
    assert tree(out) == before


def test_output_moved_aside_by_a_killed_build_is_put_back(
        previous: tuple[Path, dict[str, bytes]]) -> None:
    out, before = previous
    tmp = out.parent / ".site.tmp-abcd1234"
    tmp.mkdir()
    os.rename(out, out.parent / ".site.tmp-abcd1234.old")  # killed between the renames
    with pytest.raises(OutputError, match="unsafe"), StagedOutput(out) as stage:
        stage.write("../escape", "x")
    assert tree(out) == before
    assert litter(out.parent) == []
