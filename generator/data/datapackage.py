"""Frictionless Data Package descriptors (v1 tabular-data-package) for the CSV downloads.

A `CsvTable` is the single description of one CSV: its fields (name = the exact header
cell, type, description, constraints) and rows. The CSV bytes and the resource descriptor
are both made from it, so the data package can never disagree with the file it describes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

import orjson

from .csvfile import LINE_END, Cell, csv_bytes, neutralise, plain

FieldType = Literal["string", "number", "integer", "boolean"]

STATUSES = ("stated", "computed", "unknown", "not-transcribed")

CSV_DIALECT: dict[str, Any] = {
    "delimiter": ",",
    "lineTerminator": LINE_END,
    "quoteChar": '"',
    "doubleQuote": True,
    "header": True,
}


@dataclass(frozen=True)
class Field:
    """One column: `name` is the header cell exactly as written in the CSV."""

    name: str
    type: FieldType
    description: str = ""
    required: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None

    def descriptor(self) -> dict[str, Any]:
        """The field's entry in a schema: made once per field (a unit's data packages list
        1,470 fields, 327 of them different); never changed afterwards."""
        return _descriptor(self)


@lru_cache(maxsize=4096)  # bounded: a field can come from a unit's content
def _descriptor(f: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"name": neutralise(f.name), "type": f.type}
    if f.description:
        out["description"] = f.description
    if f.type == "boolean":
        out["trueValues"] = ["true"]
        out["falseValues"] = ["false"]
    constraints: dict[str, Any] = {}
    if f.required:
        constraints["required"] = True
    if f.enum is not None:
        constraints["enum"] = list(f.enum)
    if f.pattern is not None:
        constraints["pattern"] = f.pattern
    if constraints:
        out["constraints"] = constraints
    return out


@dataclass
class CsvTable:
    """One CSV download and what the data package says about it."""

    name: str
    """Resource name: lower-case letters, digits, '-', '.', '_' (unique in a package)."""
    title: str
    description: str
    fields: list[Field]
    rows: list[list[Cell]]
    primary_key: list[str] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: two columns have the same header")
        missing = [k for k in self.primary_key if k not in names]
        if missing:
            raise ValueError(f"{self.name}: primary key {missing} is not a column")

    @property
    def header(self) -> list[str]:
        return [f.name for f in self.fields]

    def to_bytes(self) -> bytes:
        return csv_bytes(self.header, self.rows)

    def resource(self, path: str, data: bytes) -> dict[str, Any]:
        """The resource descriptor for this table written at `path` (relative to the
        data package) with content `data`; `bytes` and `hash` let a validator check it."""
        return self.resource_of(path, len(data), hashlib.sha256(data).hexdigest())

    def resource_of(self, path: str, size: int, sha256: str) -> dict[str, Any]:
        """`resource` for a file written elsewhere (streamed), of this size and hash."""
        out: dict[str, Any] = {
            "name": self.name,
            "path": path,
            "profile": "tabular-data-resource",
            "title": self.title,
            "description": self.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": size,
            "hash": "sha256:" + sha256,
            "dialect": CSV_DIALECT,
            "schema": {
                "fields": [f.descriptor() for f in self.fields],
                "missingValues": [""],
            },
        }
        if self.primary_key:
            out["schema"]["primaryKey"] = [neutralise(k) for k in self.primary_key]
        if self.sources:
            out["sources"] = self.sources
        return out


def package_bytes(name: str, title: str, description: str,
                  resources: Sequence[dict[str, Any]], **extra: Any) -> bytes:
    """`datapackage.json`: UTF-8 (no BOM), sorted keys, compact, final newline."""
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": description,
        "resources": list(resources),
        **extra,
    }
    return dump_json(descriptor)


def _decimal(value: Any) -> str:
    """orjson's fallback: a Decimal as written (`'1.20'`, never a float), as `to_jsonable`
    writes it; anything else it cannot write is an error."""
    if isinstance(value, Decimal):
        return plain(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dump_json(data: Any) -> bytes:
    """Stable JSON by orjson (C): UTF-8 with non-ASCII kept as is (never \\u escapes), keys
    sorted, compact (no indent, no spaces), one final newline. Keys must be `str`."""
    return orjson.dumps(data, default=_decimal, option=orjson.OPT_SORT_KEYS) + b"\n"
