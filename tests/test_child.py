"""A call in a process of its own (generator/build/child.py): its result, its error,
and a child stopped when the parent gives up on it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator.build.child import Child


def _fail(message: str) -> None:
    raise ValueError(message)


class _Local(Exception):
    def __init__(self, a: str, b: str) -> None:  # does not unpickle from its args
        super().__init__(f"{a} {b}")


def _odd() -> None:
    raise _Local("odd", "error")


def _slow(marker: str) -> None:
    time.sleep(5)
    Path(marker).write_text("x")


def test_the_result_comes_from_another_process() -> None:
    assert Child(os.getpid, "pid").result() != os.getpid()
    assert Child(sorted, "sorted", [("b", 2), ("a", 1)]).result() == [
        ("a", 1), ("b", 2)]


def test_an_error_in_the_child_is_raised_in_the_parent() -> None:
    with pytest.raises(ValueError, match="no index"):
        Child(_fail, "fails", "no index").result()


def test_an_error_that_does_not_come_back_whole_comes_back_as_its_text() -> None:
    with pytest.raises(Exception, match="odd"):
        Child(_odd, "odd").result()


def test_a_cancelled_child_is_stopped(tmp_path: Path) -> None:
    marker = tmp_path / "done"
    started = time.monotonic()
    pending = Child(_slow, "slow", str(marker))
    pending.cancel()
    assert time.monotonic() - started < 4
    time.sleep(0.2)
    assert not marker.exists()
