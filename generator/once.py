"""`once`: `functools.cached_property` without the lock Python 3.11 takes on every first
read (3.12 dropped it): the build reads a few thousand such properties a unit, each made
from frozen data, so two threads making one twice would make the same value."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class once(Generic[T]):
    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> once[T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> T | once[T]:
        if instance is None:
            return self
        # Kept in the instance's dict, which the next read finds before this descriptor
        # (it has no __set__), as cached_property does; a frozen dataclass allows it.
        value = instance.__dict__[self.name] = self.func(instance)
        return value
