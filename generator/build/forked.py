"""One call run in a forked process of its own, so that it uses the other core while this
process goes on (the search index, made while the portal pages are). The child inherits
everything it needs; only its result (or its error) comes back, through a pipe."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Forked(Generic[T]):
    """`fn()` in a child process, started at once; `result` waits for it."""

    def __init__(self, fn: Callable[[], T], name: str) -> None:
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self.name = name

        def child() -> None:
            try:
                outcome: tuple[bool, Any] = (True, fn())
            except BaseException as exc:  # handed to the parent, raised there
                outcome = (False, exc)
            try:
                send.send(outcome)
            except Exception as exc:  # an error that does not pickle: its text
                send.send((False, RuntimeError(f"{name}: {outcome[1]!r} ({exc})")))

        self._process = context.Process(target=child, name=name, daemon=True)
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
