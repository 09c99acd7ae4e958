"""The chart as one plain data object (`Chart`: columns, rows of `Figure`s, where they
come from), from which the drawing, the table and the CSV are all made."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from ... import PROJECT
from ...content.model.types import Figure, Text
from ...site import formatting
from ...site.markup import Fmt

LOCALES = PROJECT / "locales"

WAN = "万元"
PERCENT = "%"
POINTS = "分"

PALETTE = ["#0b5fa5", "#d17a00", "#1a7f5a", "#b8407a", "#5a9bd5", "#8c4a1f", "#6c6f00",
           "#4a4a4a"]
"""Series colours: distinct for colour-blind readers (after Okabe-Ito, darkened so white
text inside a bar keeps 4.5:1)."""

FONT = ('-apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans CJK SC", '
        '"Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif')
FONT_SIZE = 14
SMALL_SHARE = Decimal("5")
"""A part under 5% of the whole is too small to see in a treemap: it is listed in words."""
WRAP = 20
"""Axis and sector labels wrap at about this many Latin characters (a Chinese character
counts as two)."""
HUNDRED = Decimal(100)


def _share(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * HUNDRED).quantize(formatting.CENT, rounding=ROUND_HALF_UP)


class ChartKind(StrEnum):
    BARS = "bars"
    """Horizontal bars, one per row and drawn column (grouped, or stacked)."""
    TREEMAP = "treemap"
    """A hierarchy (rows with parents), drawn as nested boxes: click one to drill down."""
    DOTS = "dots"
    """One dot per row on an axis that need not start at zero (scores all close to full
    marks: a bar from zero would hide their differences)."""


class State(StrEnum):
    DRAW = "draw"
    ALL_ZERO = "all-zero"
    """Every figure is a stated or computed zero: "none this year", no drawing."""
    ALL_UNKNOWN = "all-unknown"
    """The source gives none of the figures: nothing to draw."""
    ZERO_OR_UNKNOWN = "zero-or-unknown"
    """The figures given are all zero and the others are unknown."""
    FEW = "few"
    """Only one row has a figure other than zero, or every row has the same one: a
    drawing would add nothing to the sentence that says it, so the table alone."""


@dataclass(frozen=True)
class Column:
    """A figure each row may have: drawn (a series) or only listed (in hover, table, CSV)."""

    key: str
    label: Text
    fmt: Fmt = Fmt.MONEY
    unit: str = WAN
    """万元, % or 分: written after the value and in the CSV header."""
    drawn: bool = True
    details: tuple[str, ...] = ()
    """Keys of undrawn columns shown with this series in the hover (the score and weight
    of a group's points lost)."""


@dataclass(frozen=True)
class Row:
    key: str
    """Stable within the chart (an item id, a code, an evaluation id)."""
    label: Text
    cells: Mapping[str, Figure | None]
    """Column key -> figure; None (or missing): the row has no such figure at all."""
    code: str | None = None
    parent: str | None = None
    """Key of the parent row (hierarchical charts)."""
    total: bool = False
    """The whole the other rows are parts of (the outer box of a treemap)."""

    def cell(self, key: str) -> Figure | None:
        return self.cells.get(key)


@dataclass(frozen=True)
class Source:
    """Where on the disclosure page the chart's figures come from."""

    kind: str
    """section | table."""
    number: int | str | None
    """The table's number, or the section's as published (八); None when not stated."""
    title: Text
    anchor: str
    depth: int = 1
    """1 for a section, 2 for a sub-section ((一) under 十)."""


@dataclass(frozen=True)
class Chart:
    id: str
    """Stable: anchors (`c-<id>`), the CSV and PNG file names."""
    title: Text
    kind: ChartKind
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    place: str = ""
    """Section id of the disclosure page where it is shown."""
    source: Source | None = None
    none_text: Text | None = None
    """The statement shown instead of a drawing when every figure is zero."""
    subject: Text | None = None
    """Whose and which year (`乌海市… 2024年度`): heads the PNG and the CSV title."""
    name: str = ""
    """File stem of the PNG (`<unit>-<year>-<id>`)."""
    stacked: bool = False
    axis_max: Decimal | None = None
    """A fixed end of the value axis (100 points for scores)."""
    notes: tuple[Text, ...] = field(default=())
    """Sentences added to the summary (what the chart does not show)."""
    zero_note: str = "chart.summary.zero"
    """Catalogue key of the note naming the parts that are zero (`{n}`, `{labels}`)."""
    in_section_table: bool = False
    """Every figure drawn is a line of the table of the section where the chart is shown:
    that table is the chart's table (the page does not repeat it under the chart)."""

    # --- derived -------------------------------------------------------------------
    @property
    def drawn(self) -> list[Column]:
        return [c for c in self.columns if c.drawn]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def figures(self) -> list[tuple[Row, Column, Figure]]:
        """Every drawn-column figure the chart has (known or not), in row order."""
        return [(r, c, f) for r in self.rows for c in self.drawn
                if (f := r.cell(c.key)) is not None]

    @property
    def state(self) -> State:
        """What there is to draw: judged on the parts (the whole is no bar of its own)."""
        figures = [f for r, _, f in self.figures() if not r.total]
        known = [f for f in figures if f.value is not None]
        if not known:
            return State.ALL_UNKNOWN
        if all(f.value == 0 for f in known):
            return State.ALL_ZERO if len(known) == len(figures) else State.ZERO_OR_UNKNOWN
        if self.kind is not ChartKind.TREEMAP:
            shown = self.shown_rows()
            values = {f.value for r in shown for c in self.drawn
                      if (f := r.cell(c.key)) is not None and f.value is not None}
            if len(shown) < 2 or (len(self.drawn) == 1 and len(values) == 1):
                return State.FEW
        return State.DRAW

    def shown_rows(self) -> list[Row]:
        """The parts drawn as bars or dots: a row whose known figures are all zero is no
        bar (it is named in a note beside the chart), an unknown one never drawn."""
        return [r for r in self.rows if not r.total
                and any((f := r.cell(c.key)) is not None and f.value
                        for c in self.drawn)]

    def zero_rows(self) -> list[Row]:
        """Parts whose known drawn figures are all zero (and at least one is known)."""
        out = []
        for r in self.rows:
            known = [f for c in self.drawn if (f := r.cell(c.key)) is not None
                     and f.value is not None]
            if not r.total and known and all(f.value == 0 for f in known):
                out.append(r)
        return out

    def unknown(self) -> list[tuple[Row, Column]]:
        """(row, column) of every drawn figure that is unknown: named, never drawn."""
        return [(r, c) for r, c, f in self.figures() if f.value is None]

    @property
    def has_code(self) -> bool:
        return any(r.code for r in self.rows)

    def depth(self, row: Row) -> int:
        by_key = {r.key: r for r in self.rows}
        depth, parent = 1, row.parent
        while parent is not None and parent in by_key:
            depth, parent = depth + 1, by_key[parent].parent
        return depth

    @property
    def whole(self) -> Figure | None:
        """The total row's first drawn figure, when the chart has one."""
        for r in self.rows:
            if r.total and self.drawn:
                return r.cell(self.drawn[0].key)
        return None

    def small(self) -> list[tuple[Row, Figure, Decimal]]:
        """Treemap parts under SMALL_SHARE % of the whole: (row, figure, share); a part
        that is the whole of its (listed) parent is not listed again."""
        whole = self.whole
        if self.kind is not ChartKind.TREEMAP or whole is None or not whole.value:
            return []
        key = self.drawn[0].key
        out: list[tuple[Row, Figure, Decimal]] = []
        listed: dict[str, Decimal] = {}
        for r in self.rows:
            f = r.cell(key)
            if r.total or f is None or f.value is None:
                continue
            share = _share(f.value, whole.value)
            if share >= SMALL_SHARE:
                continue
            listed[r.key] = f.value
            if r.parent in listed and listed[r.parent] == f.value:
                continue  # all of its parent, already listed: nothing new to read
            out.append((r, f, share))
        return out
