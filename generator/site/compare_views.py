"""Presentation structures for the comparison pages, built from the compute stage
(`compare.py`): grids of years and changes, the labels of lines that were added, removed,
renamed, split or merged. Pure data: nothing here chooses a language; `compare_cells.py`
turns a cell spec into HTML with the page's catalogue (so a note can say "2023 does not
state this figure" in Chinese or English).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations, pairwise
from typing import Any

from ..compute import charts, compare
from ..compute.compare import Cell, Line, Presence, Step
from ..content.model.content import Content, Unit
from ..content.model.crosswalk import Change, Crosswalk
from ..content.model.layout import SectionKind
from ..content.model.types import Figure, Text
from ..once import once
from .markup import section_anchor, table_anchor
from .urls import Kind, Page, compare_page, compare_pair_page

HUNDRED = Decimal(100)

Label = Text | str
"""Content text, or a catalogue key (resolved in the template)."""


# --- cell specs (language-independent) ----------------------------------------------------

@dataclass(frozen=True)
class ValueSpec:
    """One year's figure of a line."""

    year: int
    cell: Cell
    line_kind: str = "item"
    """`item` (a figure the text quotes: absent means not stated) or `row` (a table line:
    absent means the year's table has no such line)."""
    unit: Text | None = None
    """When not 万元 (a count of vehicles): written as a number with its unit."""


@dataclass(frozen=True)
class StepSpec:
    """The change (or growth rate) between two years of a line, computed by us."""

    step: Step
    old: Cell
    new: Cell
    what: str
    """`change` or `growth`."""
    detailed: bool = True
    """Name the figures the result comes from (else a generic note, for long tables)."""
    basis: str = "previous"
    """`previous` (a year against an earlier one) or `budget` (final against budget)."""
    unit: Text | None = None


@dataclass(frozen=True)
class StatedSpec:
    """What the later year's text states of the change, beside ours."""

    step: Step
    old: Cell
    new: Cell


# --- line tags --------------------------------------------------------------------------

@dataclass(frozen=True)
class Tag:
    """A label on a compared line: `compare.tag.<kind>` filled with `values`."""

    kind: str
    values: dict[str, str]
    note: Text | None = None


def line_tags(line: Line, first: int, last: int) -> list[Tag]:
    """What happened to `line` between `first` and `last` (inclusive of `last`): crosswalk
    changes that took effect, then additions and removals not explained by them."""
    tags: list[Tag] = []
    mapped_years: set[int] = set()
    for m, role in line.mapping:
        if not first < m.year <= last:
            continue
        mapped_years.add(m.year)
        kind = {Change.RENAMED: "renamed", Change.SPLIT: "split", Change.MERGED: "merged"}[
            m.change]
        if m.change is not Change.RENAMED:
            kind += "_into" if role == "old" else "_from"
        tags.append(Tag(kind, {"year": str(m.year), "old": "、".join(m.old),
                               "new": "、".join(m.new),
                               "old_en": ", ".join(m.old), "new_en": ", ".join(m.new)},
                        m.note))
    cells = {y: c for y, c in line.cells.items() if first <= y <= last}
    years = sorted(cells)
    for a, b in pairwise(years):
        before, after = cells[a].presence, cells[b].presence
        if b in mapped_years:
            continue
        if before is Presence.ABSENT and after is Presence.PRESENT:
            tags.append(Tag("added", {"year": str(b)}))
        elif before is Presence.PRESENT and after is Presence.ABSENT:
            tags.append(Tag("removed", {"year": str(b)}))
    return tags


# --- grids ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class GridRow:
    key: str
    label: Label
    code: str | None
    depth: int
    tags: list[Tag]
    cells: list[ValueSpec | StepSpec | StatedSpec]
    reason: Text | None = None
    """The stated reason for the change (two-year grids only)."""
    total: bool = False


@dataclass(frozen=True)
class GridHeader:
    """Header of a grid: the year columns (each later year with its change columns)."""

    years: list[int]
    steps: bool
    """Each later year has change and growth columns."""
    stated: bool
    """Two-year grids with what the text states and why (headlines and sections)."""


@dataclass(frozen=True)
class Grid:
    id: str
    """Anchor and note scope on the page."""
    header: GridHeader
    rows: list[GridRow]
    has_code: bool
    title: Label | None = None
    column: Text | None = None
    """For a table: the column compared (the table's first)."""

    @property
    def width(self) -> int:
        """Number of figure columns (value, change, growth, stated, reason)."""
        n = len(self.header.years)
        if self.header.steps:
            n += 2 * (len(self.header.years) - 1)
        if self.header.stated:
            n += 2
        return n


def _row(line: Line, years: list[int], *, label: Label | None = None, kind: str = "item",
         detailed: bool = True, stated: bool = False, key: str | None = None) -> GridRow:
    u = line.unit
    cells: list[ValueSpec | StepSpec | StatedSpec] = [
        ValueSpec(years[0], line.cells[years[0]], kind, u)]
    step: Step | None = None
    for a, b in pairwise(years):
        step = compare.step_between(line, a, b)
        old, new = line.cells[a], line.cells[b]
        cells += [ValueSpec(b, new, kind, u),
                  StepSpec(step, old, new, "change", detailed, unit=u),
                  StepSpec(step, old, new, "growth", detailed, unit=u)]
    reason = None
    if stated and step is not None and len(years) == 2:
        cells.append(StatedSpec(step, line.cells[years[0]], line.cells[years[1]]))
        reason = step.reason
    return GridRow(key or line.key, label if label is not None else line.label, line.code,
                   line.depth, line_tags(line, years[0], years[-1]), cells, reason)


def _relevant(line: Line, years: list[int]) -> bool:
    """A line is shown when some year of the page gives it or does not say."""
    return any(line.cells[y].presence is not Presence.ABSENT for y in years)


# --- budget against final accounts ----------------------------------------------------------

@dataclass(frozen=True)
class BudgetRow:
    year: int
    budget: ValueSpec
    final: ValueSpec
    difference: StepSpec
    rate: StepSpec
    stated: StatedSpec
    reason: Text | None


@dataclass(frozen=True)
class BudgetGroup:
    key: str
    label: Label
    code: str | None
    depth: int
    rows: list[BudgetRow]


def budget_groups(unit: Unit, years: list[int]) -> list[BudgetGroup]:
    groups = []
    headline_keys = {h.key for h in compare.HEADLINES}
    for line in compare.budget_lines(unit):
        rows = []
        for y in years:
            c = line.cells[y]
            step = Step(y, y, c.difference, c.rate, c.stated)
            rows.append(BudgetRow(y, ValueSpec(y, c.budget), ValueSpec(y, c.final),
                                  StepSpec(step, c.budget, c.final, "change", basis="budget"),
                                  StepSpec(step, c.budget, c.final, "growth", basis="budget"),
                                  StatedSpec(step, c.budget, c.final), c.reason))
        if not any(r.budget.cell.presence is Presence.PRESENT for r in rows):
            continue
        label: Label = (f"compare.headline.{line.key}" if line.key in headline_keys
                        else line.label)
        groups.append(BudgetGroup(line.key, label, line.code, line.depth, rows))
    return groups


# --- the unit comparison ---------------------------------------------------------------------

@dataclass(frozen=True)
class Part:
    """A section or table compared: a grid, or why there is none."""

    id: str
    title: Text
    number: int | str | None
    """A table's number, a section's as published (八); None when not stated."""
    grid: Grid | None
    years_with: list[int]
    """The years (of the page) whose record has this section or table."""
    kind: str
    """`section` or `table`."""
    depth: int = 1
    """2 for a sub-section."""


def stated_years(years: list[int]) -> bool:
    """Two consecutive years: the later year's text compares itself with the earlier."""
    return len(years) == 2 and years[1] - years[0] == 1


@dataclass
class UnitComparison:
    """Everything the comparison pages of one unit show, computed once per unit."""

    unit: Unit
    crosswalk: Crosswalk
    years: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.years = [d.year for d in self.unit.disclosures]

    @once
    def headline_lines(self) -> list[Line]:
        return compare.headlines(self.unit)

    @once
    def section_refs(self) -> list[compare.SectionRef]:
        return compare.section_refs(self.unit)

    @once
    def section_lines(self) -> dict[str, list[Line]]:
        return {r.key: compare.section_lines(self.unit, r.key) for r in self.section_refs}

    @once
    def table_lines(self) -> dict[str, list[Line]]:
        return {tid: compare.table_lines(self.unit, tid, crosswalk=self.crosswalk)
                for tid, _ in compare.table_ids(self.unit)}

    @property
    def partial_years(self) -> list[int]:
        return [d.year for d in self.unit.disclosures if d.meta.incomplete is not None]

    def pairs(self) -> list[tuple[int, int]]:
        return list(combinations(self.years, 2))

    # --- grids for a set of years (all, or two) ---
    def headlines(self, years: list[int], stated: bool = False) -> Grid:
        """The headline figures over `years`; with `stated` (two consecutive years), what
        the later text states and why beside each change."""
        two = stated and stated_years(years)
        rows = [_row(line, years, label=f"compare.headline.{line.key}", stated=two)
                for line in self.headline_lines if _relevant(line, years)]
        return Grid("headlines", GridHeader(years, True, two), rows, False)

    def sections(self, years: list[int], stated: bool = False) -> list[Part]:
        """One part per section any year has, matched across years by kind (not by
        number), titled and numbered as the latest year publishes it."""
        two = stated and stated_years(years)
        parts = []
        for ref in self.section_refs:
            if ref.key == SectionKind.PERFORMANCE or not self.section_lines[ref.key]:
                continue  # performance has its own block; a container quotes no figure
            with_it = [d.year for d in self.unit.disclosures if d.year in years
                       and d.explanations is not None and d.explanations.section(ref.key)]
            if not with_it:
                continue
            grid = None
            if len(with_it) >= 2:
                rows = [_row(line, years, stated=two) for line in self.section_lines[ref.key]
                        if _relevant(line, years)]
                grid = Grid(section_anchor(ref.key), GridHeader(years, True, two), rows,
                            any(r.code for r in rows), title=ref.title)
            parts.append(Part(ref.key, ref.title, ref.number, grid, with_it, "section",
                              ref.depth))
        return parts

    def tables(self, years: list[int]) -> list[Part]:
        parts = []
        for tid, title in compare.table_ids(self.unit):
            with_it = [d.year for d in self.unit.disclosures
                       if d.year in years and d.table(tid) is not None]
            latest = next(d.table(tid) for d in reversed(self.unit.disclosures)
                          if d.table(tid) is not None)
            assert latest is not None
            grid = None
            if len(with_it) >= 2:
                rows = [_row(line, years, kind="row", detailed=False)
                        for line in self.table_lines[tid] if _relevant(line, years)]
                grid = Grid(table_anchor(tid), GridHeader(years, True, False), rows,
                            any(r.code for r in rows), title=title,
                            column=latest.columns[0].label)
            parts.append(Part(tid, title, latest.number, grid, with_it, "table"))
        return parts

    def why(self, a: int, b: int) -> Grid | None:
        """Every line whose later year's text states its change against the year before,
        in section order, with our change beside the text's and the reason."""
        rows = []
        for ref in self.section_refs:
            for line in self.section_lines[ref.key]:
                step = compare.step_between(line, a, b)
                if step.stated is not None:
                    rows.append(_row(line, [a, b], stated=True, key=f"{ref.key}/{line.key}"))
        if not rows:
            return None
        return Grid(f"why-{a}-{b}", GridHeader([a, b], True, True), rows, False)

    def budget(self, years: list[int]) -> list[BudgetGroup]:
        return budget_groups(self.unit, years)


# --- at a glance -------------------------------------------------------------------------------

GLANCE = ["expenditure-total", "income-total"]
"""The headline figures summarised in words at the top of a comparison."""


@dataclass(frozen=True)
class Glance:
    key: str
    old: Decimal
    new: Decimal
    step: Step


def glance(cmp: UnitComparison, a: int, b: int) -> list[Glance]:
    """The totals of years a and b with their change (and the text's reason), for the
    figures both years state."""
    lines = {line.key: line for line in cmp.headline_lines}
    out = []
    for key in GLANCE:
        line = lines.get(key)
        if line is None:
            continue
        old, new = line.cells[a].value, line.cells[b].value
        if old is not None and new is not None:
            out.append(Glance(key, old, new, compare.step_between(line, a, b)))
    return out


# --- charts ---------------------------------------------------------------------------------

CHART_GROUPS: list[tuple[str, list[str]]] = [
    ("totals", ["income-total", "expenditure-total", "appropriations", "basic", "project"]),
    ("costs", ["personnel", "public-expenses", "agency-operating-expenses", "three-official",
               "procurement"]),
]
"""Headline figures drawn together (of a like size), as `compare.chart.<id>`."""


def headline_charts(cmp: UnitComparison, years: list[int]) -> list[charts.Chart]:
    """Bars of the headline figures, one series per year: over all years a trend, over two
    years the two side by side. A year that does not state a figure is named, not drawn."""
    lines = {line.key: line for line in cmp.headline_lines}
    span = f"{years[0]}-{years[-1]}"
    subject = charts.label("compare.chart.subject", unit=cmp.unit.profile.name,
                           a=years[0], b=years[-1])
    columns = tuple(charts.Column(str(y), charts.label("year.label", year=y)) for y in years)
    out = []
    for chart_id, keys in CHART_GROUPS:
        rows = []
        for key in keys:
            line = lines.get(key)
            if line is None:
                continue
            cells: dict[str, Figure | None] = {}
            for y in years:
                cell = line.cells[y]
                cells[str(y)] = cell.figure if cell.presence is Presence.PRESENT else Figure(
                    unknown=charts.label("compare.why.not_stated", year=y))
            rows.append(charts.Row(key, charts.label(f"compare.headline.{key}"), cells))
        if rows:
            out.append(charts.Chart(
                id=f"cmp-{chart_id}", title=charts.label(f"compare.chart.{chart_id}"),
                kind=charts.ChartKind.BARS, columns=columns, rows=tuple(rows),
                subject=subject, name=f"{cmp.unit.slug}-{span}-{chart_id}"))
    return out


# The cells' HTML (filters `cmp_cell`, `cmp_tag`) is in compare_cells.py.


# --- pages ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WhyStep:
    from_year: int
    to_year: int
    grid: Grid | None


class ComparePages:
    """The comparison pages of one unit (or a few) and what each page's template gets.
    Each unit is compared once and shared by all its pages and languages."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._units: dict[str, UnitComparison] = {}

    def add(self, cmp: UnitComparison) -> None:
        """A unit already compared (by its downloads)."""
        self._units[cmp.unit.slug] = cmp

    def unit(self, slug: str) -> UnitComparison:
        if slug not in self._units:
            unit = next(u for u in self.content.units if u.slug == slug)
            self._units[slug] = UnitComparison(unit, self.content.crosswalk)
        return self._units[slug]

    @staticmethod
    def has_comparison(unit: Unit) -> bool:
        """A unit with two or more years has comparison pages."""
        return len(unit.disclosures) >= 2

    def unit_pages(self, unit: Unit) -> list[Page]:
        if not self.has_comparison(unit):
            return []
        years = [d.year for d in unit.disclosures]
        return [compare_page(unit.slug),
                *(compare_pair_page(unit.slug, a, b) for a, b in combinations(years, 2))]

    def context(self, page: Page) -> dict[str, Any]:
        cmp = self.unit(page.unit)
        base: dict[str, Any] = {"unit": cmp.unit, "cmp": cmp, "pairs": cmp.pairs()}
        if page.kind is Kind.COMPARE:
            years = cmp.years
            base["chosen"] = None
            base["why_steps"] = [WhyStep(a, b, cmp.why(a, b))
                                 for a, b in reversed(list(pairwise(years)))]
        else:
            years = [page.year, page.to_year]
            base["chosen"] = (page.year, page.to_year)
            base["consecutive"] = stated_years(years)
        partial = [y for y in cmp.partial_years if y in years]
        pair = page.kind is Kind.COMPARE_PAIR  # the all-years page gives reasons apart
        base["compare_charts"] = headline_charts(cmp, years)
        base["glance_years"] = (years[-2], years[-1])
        base["glance"] = glance(cmp, years[-2], years[-1])
        base.update(years=years, partial=partial, headlines=cmp.headlines(years, pair),
                    budget=cmp.budget(years), sections=cmp.sections(years, pair),
                    tables=cmp.tables(years))
        return base
