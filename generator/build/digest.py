"""A stable digest of plain data (dataclasses, pydantic models, containers, scalars), the
same in every process and every build, for keying what a build may reuse.

`pickle` will not do: a pydantic model pickles the set of its fields that were given,
whose order follows the process's string hashing, so two builds of the same content
would pickle it differently."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from ..content.model.types import field_names
from ..once import once

_SCALARS = (str, int, bool, Decimal, date, Enum, type(None))
DIGEST = "digest"
"""A dataclass field with `metadata={DIGEST: False}` is left out of its digest: data that
travels with an object but that the pages keyed by the object's digest never read (each
such field says who reads it, and that reader keys on it itself)."""


# A class may define `__digest__(self) -> str` (see `fields_digest`): its objects are then
# written down as that string, computed as the class sees fit (once, typically).


class Unhashable(TypeError):
    """A value of a type this module does not know how to write down."""


def _feed(h: Any, obj: Any) -> None:
    own = getattr(type(obj), "__digest__", None)
    if own is not None:  # an object that keeps its digest (made once, read by many)
        h.update(f"{type(obj).__qualname__}#{own(obj)}\x00".encode())
    elif isinstance(obj, _SCALARS) or isinstance(obj, float):
        # The type's name tells 1 from '1' and Markup from str; Decimal's str keeps the
        # exponent (1.20 is not 1.2).
        h.update(f"{type(obj).__name__}:{obj!s}\x00".encode("utf-8", "surrogatepass"))
    elif isinstance(obj, (list, tuple)):
        h.update(f"{type(obj).__name__}[{len(obj)}\x00".encode())
        for item in obj:
            _feed(h, item)
    elif isinstance(obj, dict):
        h.update(f"dict{{{len(obj)}\x00".encode())
        for key, value in obj.items():  # built in a fixed order: the order is data too
            _feed(h, key)
            _feed(h, value)
    elif isinstance(obj, (set, frozenset)):
        h.update(f"set{{{len(obj)}\x00".encode())
        for item_digest in sorted(digest(item) for item in obj):
            h.update(item_digest.encode())
    elif isinstance(obj, BaseModel):
        h.update(f"model:{type(obj).__qualname__}\x00".encode())
        for name in field_names(type(obj)):
            h.update(f"{name}=".encode())
            _feed(h, getattr(obj, name))
        if obj.__pydantic_extra__:
            _feed(h, obj.__pydantic_extra__)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        h.update(f"dc:{type(obj).__qualname__}\x00".encode())
        for f in dataclasses.fields(obj):
            if not f.metadata.get(DIGEST, True):
                continue
            h.update(f"{f.name}=".encode())
            _feed(h, getattr(obj, f.name))
    else:
        raise Unhashable(f"cannot digest a {type(obj).__qualname__}")


def fields_digest(obj: Any) -> str:
    """The digest of a dataclass's fields: what a `__digest__` method computes once."""
    h = hashlib.sha256()
    for f in dataclasses.fields(obj):
        if f.metadata.get(DIGEST, True):
            h.update(f"{f.name}=".encode())
            _feed(h, getattr(obj, f.name))
    return h.hexdigest()


class Digested:
    """Mixin for a dataclass digested often (by every page that spans units): its digest
    is made once, from its fields, and kept."""

    @once
    def _digest(self) -> str:
        return fields_digest(self)

    def __digest__(self) -> str:
        return self._digest


def digest(obj: Any) -> str:
    """SHA-256 of `obj`'s canonical form; raises `Unhashable` for a type it does not know
    (an object whose identity, not its data, would be hashed)."""
    h = hashlib.sha256()
    _feed(h, obj)
    return h.hexdigest()
