"""A call in a forked process (generator/build/forked.py): its result, its error, and a
child stopped when the parent gives up on it."""

from __future__ import annotations

import os
import time

import pytest

from generator.build.forked import Forked


def test_the_result_comes_from_another_process() -> None:
    assert Forked(os.getpid, "pid").result() != os.getpid()
    assert Forked(lambda: [("a", 1)], "list").result() == [("a", 1)]


def test_an_error_in_the_child_is_raised_in_the_parent() -> None:
    def fail() -> None:
        raise ValueError("no index")

    with pytest.raises(ValueError, match="no index"):
        Forked(fail, "fails").result()


def test_an_error_that_does_not_pickle_comes_back_as_its_text() -> None:
    class Local(Exception):  # a local class: pickle cannot find it
        pass

    def fail() -> None:
        raise Local("odd")

    with pytest.raises(RuntimeError, match="odd"):
        Forked(fail, "odd").result()


def test_a_cancelled_child_is_stopped(tmp_path) -> None:  # type: ignore[no-untyped-def]
    marker = tmp_path / "done"

    def slow() -> None:
        time.sleep(5)
        marker.write_text("x")

    started = time.monotonic()
    pending = Forked(slow, "slow")
    pending.cancel()
    assert time.monotonic() - started < 4
    time.sleep(0.2)
    assert not marker.exists()
