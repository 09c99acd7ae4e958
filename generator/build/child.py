"""One call run in a process of its own, so that it uses another core while this one
goes on (the search index, fed each unit's records as the units are built, `Feed`). Only
its result (or its error) comes back, through a pipe.

The child is spawned: a fresh interpreter: the call and its arguments are pickled
(a module-level function), and the child's memory is its own work's, whatever this
process holds. Like any spawned process it imports the program's main module, which must
start its work under `if __name__ == "__main__"` (as `python -m generator` and every
other entry point of the project do). A forked child shares this process's pages until
either writes them, and this process goes on writing its own objects' reference counts:
at 5,000 disclosures a forked search index added 226 MB to the build's peak (754 against
528 MB), copies of pages the two had shared."""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def _run(fn: Callable[..., Any], args: tuple[Any, ...], send: Connection, name: str) -> None:
    try:
        outcome: tuple[bool, Any] = (True, fn(*args))
    except BaseException as exc:  # handed to the parent, raised there
        try:
            pickle.loads(pickle.dumps(exc))
            outcome = (False, exc)
        except Exception:  # one that would not come back whole: its text
            outcome = (False, RuntimeError(f"{name}: {exc!r}"))
    send.send(outcome)


class Child(Generic[T]):
    """`fn(*args)` in a child process, started at once; `result` waits for it."""

    def __init__(self, fn: Callable[..., T], name: str, *args: Any) -> None:
        context = multiprocessing.get_context("spawn")
        self._receive, send = context.Pipe(duplex=False)
        self.name = name
        self._process = context.Process(target=_run, args=(fn, args, send, name),
                                        name=name, daemon=True)
        self._process.start()
        send.close()

    def result(self) -> T:
        try:
            ok, value = self._receive.recv()
        except EOFError:
            raise RuntimeError(f"{self.name} stopped before it finished") from None
        finally:
            self._process.join()
            self._receive.close()
        if not ok:
            raise value
        result: T = value
        return result

    def cancel(self) -> None:
        """Stop the child (the parent failed meanwhile)."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receive.close()


def _items(receive: Connection) -> Iterator[Any]:
    while (item := receive.recv()) is not None:
        yield item
    receive.close()


def _fed(fn: Callable[..., Any], first: list[Any], receive: Connection, *args: Any) -> Any:
    return fn(chain(first, _items(receive)), *args)


class Feed(Child[T]):
    """`fn(items, *args)` in a child process, started at once, `items` an iterator of
    `first` (given with the call: no send waits on the child to read them), then of what
    is sent (`send`) until `result`, which ends it and waits for the child."""

    def __init__(self, fn: Callable[..., T], name: str, *args: Any,
                 first: Iterable[Any] = ()) -> None:
        receive, self._send = multiprocessing.get_context("spawn").Pipe(duplex=False)
        super().__init__(_fed, name, fn, list(first), receive, *args)
        receive.close()  # the child's end: this process only sends

    def send(self, item: Any) -> None:
        try:
            self._send.send(item)
        except OSError:  # the child stopped: `result` says why
            pass

    def end(self) -> None:
        """Nothing more to send: the child goes on to its result."""
        if not self._send.closed:
            self.send(None)
            self._send.close()

    def result(self) -> T:
        self.end()
        return super().result()

    def cancel(self) -> None:
        self._send.close()
        super().cancel()
