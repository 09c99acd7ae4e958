"""A call in a process of its own (generator/build/child.py): its result, its error,
and a child stopped when the parent gives up on it; a call fed items one at a time."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build.child import Child, Feed


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


def _scaled(items: Iterator[int], factor: int) -> list[tuple[int, int]]:
    return [(os.getpid(), factor * item) for item in items]


def _first_fails(items: Iterator[int]) -> None:
    for item in items:
        raise ValueError(f"bad item {item}")


def test_a_fed_call_gets_the_items_in_the_order_sent_and_only_those() -> None:
    fed = Feed(_scaled, "scaled", 10)
    for item in (3, 1, 2):
        fed.send(item)
    fed.end()
    fed.send(4)  # after the end: never read
    got = fed.result()
    assert [value for _, value in got] == [30, 10, 20]
    assert {pid for pid, _ in got} != {os.getpid()}


def test_the_first_items_come_with_the_call_before_those_sent() -> None:
    fed = Feed(_scaled, "scaled", 1, first=range(20_000))  # far more than a pipe holds
    fed.send(-1)
    assert [value for _, value in fed.result()] == [*range(20_000), -1]


def test_a_fed_call_with_nothing_sent_gets_no_items() -> None:
    assert Feed(_scaled, "scaled", 10).result() == []


def test_a_fed_call_that_fails_raises_in_the_parent_even_if_more_is_sent() -> None:
    fed = Feed(_first_fails, "fails")
    fed.send(7)
    time.sleep(0.5)  # the child has stopped: sending to it must not fail here
    for item in range(100):
        fed.send(item)
    with pytest.raises(ValueError, match="bad item 7"):
        fed.result()


def test_a_cancelled_fed_call_is_stopped() -> None:
    fed = Feed(_scaled, "scaled", 1)
    fed.send(1)
    started = time.monotonic()
    fed.cancel()
    assert time.monotonic() - started < 4
    assert not fed._process.is_alive()
