"""Part 5, the standard tables (公开表): one file per table, `<year>/tables/<nn>-<id>.yaml`.

Layouts differ between years and regions, so a table declares its own columns; rows are
keyed by classification code where the table has codes. A cell that is absent or
`unknown` is unknown, never zero.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, model_validator

from .layout import TableKind
from .types import (
    Bool,
    Code,
    Figure,
    HintedValueError,
    Int,
    Slug,
    Strict,
    Text,
    gap_form,
    parse_int,
)


def _table_number(value: Any) -> int | None:
    """A published table number, or None for `not stated`."""
    if value is None or gap_form(value) is not None:
        return None
    return parse_int(value)


TableNumber = Annotated[int | None, BeforeValidator(_table_number)]


class Classification(StrEnum):
    FUNCTION = "function"
    """支出功能分类: 类 3 digits > 款 5 > 项 7."""
    ECONOMIC = "economic"
    """部门预算支出经济分类: 类 3 digits > 款 5."""
    NONE = "none"


class Column(Strict):
    """A column of figures."""

    id: Slug
    """Stable name, used as the cell key in rows and in CSV headers."""
    label: Text
    """The column header."""
    group: Text | None = None
    """A spanning header above this column (e.g. 本年支出 over 基本支出, 项目支出)."""
    unit: Text | None = None
    """When the column is not in 万元 (e.g. a count)."""


class Row(Strict):
    """A line of the table."""

    code: Code | None = None
    """Classification code (text), when the table is classified."""
    name: Text
    """科目名称 or line name."""
    level: Int | None = None
    """Indentation level for rows without a code (1 = top). Coded rows derive it."""
    total: Bool = False
    """A total or subtotal row (合计, 总计): shown emphasised."""
    unit: Text | None = None
    """When this row is not in 万元 (e.g. vehicles in 辆)."""
    cells: dict[Slug, Figure] = {}
    """Column id -> figure. A column missing here is unknown."""
    note: Text | None = None
    """A remark on this row."""

    @property
    def depth(self) -> int:
        if self.code is not None:
            return {3: 1, 5: 2, 7: 3}[len(self.code)]
        return self.level or 1


class Table(Strict):
    """`<year>/tables/<nn>-<id>.yaml`."""

    id: Slug
    """Stable name in URLs and download file names, e.g. `income-expenditure-summary`."""
    number: TableNumber = None
    """Its number as published (公开01表, 表一 = 1), or `not stated`; the layout's number
    for this table id when left out."""
    title: Text | None = None
    """The table's name as published; the layout's title for this table id when left out."""
    kind: TableKind | None = None
    """What the table is (its layout's kind for this id when left out)."""
    cite: Slug | None = None
    """Id of the source (meta.yaml `sources`) the table was read from (an Excel file…)."""
    classification: Classification = Classification.NONE
    """Which classification its row codes follow."""
    columns: list[Column]
    """Figure columns, left to right (the code and name columns are implicit)."""
    rows: list[Row]
    """Lines, top to bottom."""
    note: Text | None = None
    """What the reconstruction rests on: which cells are stated, computed, unknown."""
    reconstructed: Bool = False
    """True when the table was rebuilt from the text rather than copied from the source table."""

    @model_validator(mode="after")
    def _columns_unique(self) -> Table:
        ids = [c.id for c in self.columns]
        if len(set(ids)) != len(ids):
            raise HintedValueError("a column id is used twice")
        return self
