"""Operands of the audit's identities, each with where it stands: an item of a section
(by its key path in explanations.yaml) or a cell of a table (by row and column)."""

from __future__ import annotations

from ...content.model.content import Disclosure
from ...content.model.explanations import Item, Section
from ...content.model.tables import Row, Table
from ...content.model.types import Text
from ...data.sectioncsv import item_figure
from ...site.markup import section_anchor, table_anchor
from .model import Operand, Ref

ITEM_FIELDS = {"amount", "share", "initial_budget", "full_year_budget", "execution_rate",
               "previous", "vs_budget.change", "vs_budget.growth_rate", "vs_previous.change",
               "vs_previous.growth_rate"}
"""The figures of an item (named on pages by the catalogue's `section.col.<field>`)."""


def _numeral(number: int | None) -> str | None:
    return None if number is None else str(number)


def item_operand(d: Disclosure, section: Section, item: Item, loc: tuple[str | int, ...],
                 field: str, sign: int = 1) -> Operand:
    """The figure `field` of `item` (at key path `loc` in explanations.yaml)."""
    assert field in ITEM_FIELDS, field
    figure = item_figure(item, field)
    ref = Ref(d.year, "explanations", loc + tuple(field.split(".")),
              section.title or Text(zh=section.id), section.number, "section",
              section_anchor(section.id), item.label, item.code, f"section.col.{field}", field)
    return Operand(ref, figure, sign)


def cell_operand(d: Disclosure, table: Table, r: int, column: str, sign: int = 1) -> Operand:
    """The cell of row `r`, column `column` of `table` (None when the row lacks it)."""
    row: Row = table.rows[r]
    col = next(c for c in table.columns if c.id == column)
    ref = Ref(d.year, f"table:{table.id}", ("rows", r, "cells", column),
              table.title or Text(zh=table.id), _numeral(table.number), "table",
              table_anchor(table.id), row.name, row.code, col.label, column)
    return Operand(ref, row.cells.get(column), sign)
