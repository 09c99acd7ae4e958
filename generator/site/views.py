"""Presentation structures derived from the content model, so templates stay simple:
header rows with spans, rows with their depth, indicator groups, headline figures.
Pure functions of the model; nothing here knows about HTML or languages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Protocol

from ..build.summary import UnitSummary
from ..compute import compare
from ..content.model.content import Disclosure
from ..content.model.explanations import Item, Section
from ..content.model.performance import Indicator, Level1, Level2
from ..content.model.tables import Classification, Column, Row, Table
from ..content.model.types import Figure, Text
from ..content.model.unit import Meta
from ..data.export import DownloadEntry
from .markup import Fmt

UNKNOWN = Figure.model_validate("unknown")
"""A table cell the content does not give: unknown, never zero."""

Label = Text | str
"""A header label: a content text, or a catalogue key (resolved in the template)."""


@dataclass(frozen=True)
class HeaderCell:
    label: Label
    colspan: int = 1
    rowspan: int = 1
    group: bool = False
    """Spans several columns (scope="colgroup")."""
    unit: Text | None = None


def header_rows(lead: Sequence[Label],
                columns: Sequence[tuple[Label, Label | None, Text | None]]
                ) -> tuple[list[list[HeaderCell]], list[int]]:
    """Header rows for leading row-header columns plus data columns (label, group, unit).
    Consecutive columns with the same group get one spanning cell above them; with no
    groups there is one header row. Also returns the colgroup spans (none without groups)."""
    grouped = any(group is not None for _, group, _ in columns)
    top: list[HeaderCell] = [HeaderCell(label, rowspan=2 if grouped else 1) for label in lead]
    spans: list[int] = [len(lead)] if lead else []
    second: list[HeaderCell] = []
    for group, run in groupby(columns, key=lambda c: c[1]):
        cols = list(run)
        if group is None:
            top.extend(HeaderCell(label, rowspan=2 if grouped else 1, unit=unit)
                       for label, _, unit in cols)
            spans.extend(1 for _ in cols)
        else:
            top.append(HeaderCell(group, colspan=len(cols), group=True))
            second.extend(HeaderCell(label, unit=unit) for label, _, unit in cols)
            spans.append(len(cols))
    if not grouped:
        return [top], []  # <colgroup> only matters for scope="colgroup" headers
    return [top, second], spans


# --- standard tables -------------------------------------------------------------------

@dataclass(frozen=True)
class TableCell:
    figure: Figure
    fmt: Fmt


@dataclass(frozen=True)
class TableRow:
    row: Row
    depth: int
    cells: list[TableCell]


@dataclass(frozen=True)
class TableView:
    table: Table
    has_code: bool
    header: list[list[HeaderCell]]
    colgroups: list[int]
    rows: list[TableRow]

    @property
    def column_count(self) -> int:
        return sum(self.colgroups)


def table_view(table: Table) -> TableView:
    has_code = (table.classification is not Classification.NONE
                or any(r.code is not None for r in table.rows))
    lead = (["table.code"] if has_code else []) + ["table.item"]
    header, spans = header_rows(lead, [(c.label, c.group, c.unit) for c in table.columns])
    rows = [TableRow(row, row.depth, [_cell(row, col) for col in table.columns])
            for row in table.rows]
    return TableView(table, has_code, header, spans, rows)


def _cell(row: Row, col: Column) -> TableCell:
    fmt = Fmt.NUMBER if (col.unit is not None or row.unit is not None) else Fmt.MONEY
    return TableCell(row.cells.get(col.id, UNKNOWN), fmt)


# --- explanatory sections -------------------------------------------------------------

@dataclass(frozen=True)
class ItemColumn:
    key: str
    """Catalogue key of the header (`section.col.<key>`) and name of the value."""
    group: str | None
    fmt: Fmt | None
    """None for a text column (reasons, notes)."""
    signed: bool = False


ITEM_COLUMNS: list[ItemColumn] = [
    ItemColumn("amount", None, Fmt.MONEY),
    ItemColumn("share", None, Fmt.PERCENT),
    ItemColumn("initial_budget", None, Fmt.MONEY),
    ItemColumn("full_year_budget", None, Fmt.MONEY),
    ItemColumn("execution_rate", None, Fmt.PERCENT),
    ItemColumn("vs_budget.change", "section.group.vs_budget", Fmt.MONEY, True),
    ItemColumn("vs_budget.growth_rate", "section.group.vs_budget", Fmt.PERCENT, True),
    ItemColumn("vs_budget.reason", "section.group.vs_budget", None),
    ItemColumn("previous", "section.group.vs_previous", Fmt.MONEY),
    ItemColumn("vs_previous.change", "section.group.vs_previous", Fmt.MONEY, True),
    ItemColumn("vs_previous.growth_rate", "section.group.vs_previous", Fmt.PERCENT, True),
    ItemColumn("vs_previous.reason", "section.group.vs_previous", None),
    ItemColumn("note", None, None),
]


def item_value(item: Item, key: str) -> Figure | Text | None:
    first, _, second = key.partition(".")
    value = getattr(item, first)
    if second and value is not None:
        value = getattr(value, second)
    return value


@dataclass(frozen=True)
class ItemCell:
    value: Figure | Text | None
    fmt: Fmt | None
    """None for a text cell."""
    signed: bool = False
    unit: Text | None = None


@dataclass(frozen=True)
class ItemRow:
    item: Item
    depth: int
    cells: list[ItemCell]


@dataclass(frozen=True)
class SectionView:
    section: Section
    number: str | None
    """Its number as published (八, or 一 for the sub-section (一)); None when it has none."""
    depth: int
    has_code: bool
    header: list[list[HeaderCell]]
    colgroups: list[int]
    rows: list[ItemRow]


def section_view(section: Section, depth: int = 1) -> SectionView:
    flat: list[tuple[Item, int]] = []

    def walk(items: list[Item], depth: int) -> None:
        for item in items:
            flat.append((item, depth))
            walk(item.items, depth + 1)

    walk(section.items, 1)
    # Only the columns this section uses: most sections quote two or three kinds of figure.
    used = [c for c in ITEM_COLUMNS if any(item_value(i, c.key) is not None for i, _ in flat)]
    has_code = any(i.code is not None for i, _ in flat)
    lead = (["table.code"] if has_code else []) + ["table.item"]
    header, spans = header_rows(lead, [(f"section.col.{c.key}", c.group, None) for c in used])
    rows = [ItemRow(i, d, [_item_cell(i, c) for c in used]) for i, d in flat]
    return SectionView(section, section.number, depth, has_code, header, spans, rows)


def _item_cell(item: Item, col: ItemColumn) -> ItemCell:
    value = item_value(item, col.key)
    if col.fmt is Fmt.MONEY and item.unit is not None:
        # An item counted in its own unit (vehicles in 辆) is not money.
        return ItemCell(value, Fmt.NUMBER, col.signed, item.unit)
    return ItemCell(value, col.fmt, col.signed)


# --- performance ------------------------------------------------------------------------

@dataclass(frozen=True)
class Level2Run:
    level2: Level2
    indicators: list[Indicator]


@dataclass(frozen=True)
class Level1Group:
    level1: Level1
    runs: list[Level2Run]

    @property
    def size(self) -> int:
        return sum(len(r.indicators) for r in self.runs)


def indicator_groups(indicators: list[Indicator]) -> list[Level1Group]:
    """Consecutive indicators grouped by 一级 then 二级 level, in the order given."""
    return [Level1Group(l1, [Level2Run(l2, list(run2))
                             for l2, run2 in groupby(run1, key=lambda i: i.level2)])
            for l1, run1 in groupby(indicators, key=lambda i: i.level1)]


FUNDING_LINES = ["total", "appropriation", "carry_over", "other"]
FUNDING_COLUMNS: list[tuple[str, Fmt]] = [
    ("initial_budget", Fmt.MONEY), ("full_year_budget", Fmt.MONEY), ("execution", Fmt.MONEY),
    ("weight", Fmt.NUMBER), ("execution_rate", Fmt.PERCENT), ("score", Fmt.NUMBER),
]


# --- headline figures -----------------------------------------------------------------

HEADLINES = [("income-total", "headline.income_total"),
             ("expenditure-total", "headline.expenditure_total")]
"""The headline figures (compare.HEADLINES keys) that home and unit pages show."""


def headlines(d: Disclosure) -> list[tuple[str, Figure]]:
    """(catalogue key, figure) of the year's totals, found as the comparison finds them."""
    items = [(catalogue_key, compare.headline_item(d, key)) for key, catalogue_key in HEADLINES]
    return [(catalogue_key, item.amount) for catalogue_key, item in items
            if item is not None and item.amount is not None]


# --- the home page and the units side by side ---------------------------------------

class HasMeta(Protocol):
    @property
    def meta(self) -> Meta: ...


def incomplete(d: HasMeta) -> Text | None:
    """What makes the year an incomplete record (meta.yaml says what is missing), or None
    for a complete one. The only place the home page and the units side by side read it."""
    return d.meta.incomplete


@dataclass(frozen=True)
class DownloadGroup:
    """Downloads listed together on a unit's downloads page: its all-years files (year
    None), or one year's."""

    year: int | None
    entries: list[DownloadEntry]


_FORMAT_ORDER = {"zip": 0, "json": 1, "csv": 2, "csv.gz": 2}


def _ordered(entries: Iterable[DownloadEntry]) -> list[DownloadEntry]:
    """The archive and JSON first (what most readers want), then the CSVs (stable)."""
    return sorted(entries, key=lambda e: _FORMAT_ORDER.get(e.format, 3))


def portal_downloads(entries: Iterable[DownloadEntry]) -> list[DownloadEntry]:
    return _ordered(entries)


def unit_download_groups(entries: Sequence[DownloadEntry]) -> list[DownloadGroup]:
    """A unit's all-years files first, then each year's, latest year first."""
    years = sorted({e.year for e in entries if e.year is not None}, reverse=True)
    groups = [DownloadGroup(None, _ordered(e for e in entries if e.year is None)),
              *(DownloadGroup(y, _ordered(e for e in entries if e.year == y)) for y in years)]
    return [g for g in groups if g.entries]


@dataclass(frozen=True)
class UnitDownloads:
    """A unit's line on the portal's downloads page."""

    unit: UnitSummary
    years: list[int]
    """Latest first."""
    files: int
    size: int


def unit_download_rows(units: Sequence[UnitSummary]) -> list[UnitDownloads]:
    return [UnitDownloads(u, [d.year for d in reversed(u.disclosures)], u.download_files,
                          u.download_bytes)
            for u in units if u.download_files]


# --- the parts of a disclosure page -------------------------------------------------------

SHOWN_PARTS = ("overview", "explanations", "glossary", "contact", "tables")
"""The parts a disclosure page can show (attachments are not transcribed)."""


@dataclass(frozen=True)
class PartHeading:
    kind: str
    number: str | None
    """As published (二 for 第二部分); None for a part the layout does not number."""
    title: Text | None
    """As published; None: the interface's title for the kind."""


def page_parts(d: Disclosure) -> list[PartHeading]:
    """The page's parts in the order the disclosure (or its layout) publishes them; a part
    the layout lacks but the page shows (contact details…) comes last, unnumbered."""
    published = d.meta.parts if d.meta.parts is not None else \
        (d.layout.parts if d.layout is not None else [])
    parts = [PartHeading(p.kind.value, p.number, p.title) for p in published
             if p.kind.value in SHOWN_PARTS]
    have = {p.kind for p in parts}
    parts += [PartHeading(kind, None, None) for kind in SHOWN_PARTS if kind not in have]
    return parts
