"""Compute stage for the cross-year comparison of one unit (and across units).

Exact (Decimal) and honest: a year that does not state a figure gives "not stated", never
zero; no change or growth rate is computed from an unknown; lines that appear or vanish
are labelled; a crosswalk lets a line follow its code through renames, splits and merges.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from itertools import pairwise

from ..content.model.content import Disclosure, Unit
from ..content.model.crosswalk import Change, Crosswalk, Mapping
from ..content.model.explanations import Comparison, Item, Section
from ..content.model.layout import SectionKind
from ..content.model.tables import Table
from ..content.model.types import Figure, Text
from .audit.intervals import Interval, change_bounds, growth_bounds

CENT = Decimal("0.01")


class Presence(StrEnum):
    PRESENT = "present"
    """The year gives the line (its figure may still be unknown)."""
    NOT_STATED = "not-stated"
    """The year's record does not say (an incomplete year, or a part it does not have)."""
    ABSENT = "absent"
    """The year's table or section is there but has no such line."""


@dataclass(frozen=True)
class Cell:
    """One year's value of a compared line."""

    presence: Presence
    figure: Figure | None = None

    @property
    def value(self) -> Decimal | None:
        return self.figure.value if self.figure is not None else None


@dataclass(frozen=True)
class Step:
    """The change between two years of one line, computed from the model."""

    from_year: int
    to_year: int
    change: Decimal | None
    """to − from; None when either is unknown or not stated."""
    growth: Decimal | None
    """change / from × 100, to 0.01; None when the change is unknown or `from` is zero."""
    stated: Comparison | None = None
    """What the later year's text says of its change against the previous year: the stated
    change and growth (which may differ from ours by rounding) and the reason."""

    @property
    def reason(self) -> Text | None:
        return self.stated.reason if self.stated else None


@dataclass
class Line:
    """One line followed across years."""

    key: str
    label: Text
    code: str | None = None
    cells: dict[int, Cell] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    mapping: list[tuple[Mapping, str]] = field(default_factory=list)
    """Crosswalk entries that touch this line, with the role it plays ('old' or 'new')."""
    depth: int = 1
    unit: Text | None = None
    """When the line is not in 万元 (e.g. vehicles in 辆)."""

    @property
    def added_in(self) -> int | None:
        """First year the line is present after a year whose record had no such line."""
        return _transition(self.cells, Presence.ABSENT, Presence.PRESENT)

    @property
    def removed_in(self) -> int | None:
        """First year the line is absent after a year in which it was present."""
        return _transition(self.cells, Presence.PRESENT, Presence.ABSENT)


def _transition(cells: dict[int, Cell], before: Presence, after: Presence) -> int | None:
    years = sorted(cells)
    for a, b in pairwise(years):
        if cells[a].presence is before and cells[b].presence is after:
            return b
    return None


def growth(old: Decimal | None, new: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    """(change, growth %) from two figures, or None where it cannot be known."""
    if old is None or new is None:
        return None, None
    change = new - old
    if old == 0:
        return change, None
    return change, (change / old * 100).quantize(CENT, rounding=ROUND_HALF_UP)


def agreement(ours: Decimal | None, stated: Figure | None, bounds: Interval | None) -> str:
    """How the text's figure compares with ours: `same`, `rounding` (differs, but the
    rounding of the published figures explains it), `differs`, or `none` (nothing to
    compare)."""
    if ours is None or stated is None or stated.value is None:
        return "none"
    if stated.value == ours:
        return "same"
    if bounds is not None and Interval.of(stated.value).meets(bounds):
        return "rounding"
    return "differs"


VERDICTS_WORST_FIRST = ("differs", "rounding", "same")


def stated_verdict(step: Step, old: Decimal | None, new: Decimal | None) -> str | None:
    """How the change and growth the text states agree with ours (`agreement`), as one
    verdict, the worse of the two: None when neither can be compared (nothing stated, or a
    year's figure unknown)."""
    stated = step.stated
    if stated is None or old is None or new is None:
        return None
    found = {agreement(step.change, stated.change, change_bounds(old, new)),
             agreement(step.growth, stated.growth_rate, growth_bounds(old, new))}
    return next((v for v in VERDICTS_WORST_FIRST if v in found), None)


def _steps(line: Line, stated: dict[int, Comparison | None]) -> list[Step]:
    years = sorted(line.cells)
    steps = []
    for a, b in pairwise(years):
        change, rate = growth(line.cells[a].value, line.cells[b].value)
        steps.append(Step(a, b, change, rate, stated.get(b) if b - a == 1 else None))
    return steps


def step_between(line: Line, a: int, b: int) -> Step:
    """The change between any two years (not only consecutive ones)."""
    for step in line.steps:
        if (step.from_year, step.to_year) == (a, b):
            return step
    change, rate = growth(line.cells[a].value, line.cells[b].value)
    return Step(a, b, change, rate)


# --- headline figures -----------------------------------------------------------------

@dataclass(frozen=True)
class Headline:
    key: str
    section: SectionKind
    path: tuple[str, ...]
    """Item ids from the section's top level down (docs/content-ids.md)."""


HEADLINES = [
    Headline("income-total", SectionKind.OVERALL, ("income-total",)),
    Headline("income", SectionKind.OVERALL, ("income-total", "income")),
    Headline("expenditure-total", SectionKind.OVERALL, ("expenditure-total",)),
    Headline("expenditure", SectionKind.OVERALL, ("expenditure-total", "expenditure")),
    Headline("appropriations", SectionKind.APPROPRIATIONS, ("total",)),
    Headline("general-budget", SectionKind.GENERAL_BUDGET, ("total",)),
    Headline("basic", SectionKind.EXPENDITURE, ("total", "basic")),
    Headline("project", SectionKind.EXPENDITURE, ("total", "project")),
    Headline("personnel", SectionKind.BASIC_EXPENDITURE, ("total", "personnel")),
    Headline("public", SectionKind.BASIC_EXPENDITURE, ("total", "public")),
    Headline("three-official", SectionKind.THREE_OFFICIAL, ("total",)),
    Headline("public-expenses", SectionKind.OPERATING_EXPENSES, ("public-expenses",)),
    Headline("agency-operating-expenses", SectionKind.OPERATING_EXPENSES,
             ("agency-operating-expenses",)),
    Headline("procurement", SectionKind.PROCUREMENT, ("total",)),
]


def find_item(d: Disclosure, section: SectionKind, path: Iterable[str]) -> Item | None:
    """The item at `path` of `section`, or None if the year's record does not have it."""
    sec = d.explanations.section(section) if d.explanations else None
    items = sec.items if sec else []
    found: Item | None = None
    for part in path:
        found = next((i for i in items if i.id == part), None)
        if found is None:
            return None
        items = found.items
    return found


def headline_item(d: Disclosure, key: str) -> Item | None:
    """The item of headline figure `key` (a HEADLINES key) in the year's text, or None."""
    h = next(h for h in HEADLINES if h.key == key)
    return find_item(d, h.section, h.path)


def item_cell(d: Disclosure, section: SectionKind,
               path: tuple[str, ...]) -> tuple[Cell, Item | None]:
    item = find_item(d, section, path)
    if item is not None and item.amount is not None:
        return Cell(Presence.PRESENT, item.amount), item
    has_section = d.explanations is not None and d.explanations.section(section) is not None
    if item is not None or d.meta.incomplete is not None or not has_section:
        return Cell(Presence.NOT_STATED), item
    return Cell(Presence.ABSENT), None


def headlines(unit: Unit) -> list[Line]:
    """The headline figures of every year of `unit`, with changes between years."""
    lines = []
    for h in HEADLINES:
        line = Line(key=h.key, label=Text(zh=h.key))
        stated: dict[int, Comparison | None] = {}
        for d in unit.disclosures:
            cell, item = item_cell(d, h.section, h.path)
            line.cells[d.year] = cell
            if item is not None:
                line.label = item.label
                stated[d.year] = item.vs_previous
        if any(c.presence is Presence.PRESENT for c in line.cells.values()):
            line.steps = _steps(line, stated)
            lines.append(line)
    return lines


# --- initial budget against final accounts ---------------------------------------------

@dataclass(frozen=True)
class BudgetCell:
    """One year of a line's initial budget against its final accounts."""

    budget: Cell
    """年初预算."""
    final: Cell
    """决算数."""
    difference: Decimal | None
    """final − budget; None when either is unknown or not stated."""
    rate: Decimal | None
    """difference / budget × 100, to 0.01; None when unknown or the budget is zero."""
    stated: Comparison | None = None
    """What the text says of the difference (与年初预算相比) and why (差异原因)."""

    @property
    def reason(self) -> Text | None:
        return self.stated.reason if self.stated else None


@dataclass
class BudgetLine:
    key: str
    label: Text
    code: str | None = None
    depth: int = 1
    cells: dict[int, BudgetCell] = field(default_factory=dict)


def _budget_cell(d: Disclosure, section: SectionKind, path: tuple[str, ...]) -> BudgetCell:
    final, item = item_cell(d, section, path)
    if item is not None and item.initial_budget is not None:
        budget = Cell(Presence.PRESENT, item.initial_budget)
    else:
        budget = Cell(Presence.NOT_STATED if final.presence is not Presence.ABSENT
                      else Presence.ABSENT)
    difference, rate = growth(budget.value, final.value)
    return BudgetCell(budget, final, difference, rate, item.vs_budget if item else None)


def budget_lines(unit: Unit) -> list[BudgetLine]:
    """The headline figures, then the general-budget lines, each year's initial budget
    against its final accounts; only lines that state an initial budget in some year."""
    specs: list[tuple[str, SectionKind, tuple[str, ...]]] = [
        (h.key, h.section, h.path) for h in HEADLINES]
    for d in unit.disclosures:
        sec = d.explanations.section(SectionKind.GENERAL_BUDGET) if d.explanations else None
        for path, _ in _flatten(sec.items if sec else []):
            key = "general-budget/" + "/".join(path)
            if path != ("total",) and key not in {k for k, _, _ in specs}:
                specs.append((key, SectionKind.GENERAL_BUDGET, path))
    lines = []
    for key, section, path in specs:
        line = BudgetLine(key=key, label=Text(zh=path[-1]), depth=len(path) if "/" in key
                          else 1)
        for d in unit.disclosures:
            line.cells[d.year] = _budget_cell(d, section, path)
            item = find_item(d, section, path)
            if item is not None:
                line.label, line.code = item.label, item.code
        if any(c.budget.presence is Presence.PRESENT for c in line.cells.values()):
            lines.append(line)
    return lines


def section_key(section: Section) -> str:
    """What matches a section across years: its kind, or its id for a section of no
    standard kind (numbers differ between layouts and years)."""
    if section.kind is None or section.kind is SectionKind.OTHER:
        return section.id
    return section.kind.value


@dataclass(frozen=True)
class SectionRef:
    """A section followed across a unit's years, as its latest year publishes it."""

    key: str
    title: Text
    number: str | None
    depth: int


def section_refs(unit: Unit) -> list[SectionRef]:
    """Every section any year has, in the latest year's order (then earlier years' new
    ones), numbered and titled as the latest year that has it publishes it."""
    found: dict[str, SectionRef] = {}
    order: list[str] = []
    for d in reversed(unit.disclosures):
        for section, depth in d.explanations.walk() if d.explanations else []:
            key = section_key(section)
            if key not in found:
                found[key] = SectionRef(key, section.title or Text(zh=section.id),
                                        section.number, depth)
                order.append(key)
    return [found[k] for k in order]


def table_ids(unit: Unit) -> list[tuple[str, Text]]:
    """Every table id any year of `unit` has, in table-number order, with its latest title."""
    found: dict[str, tuple[int, Text]] = {}
    for d in unit.disclosures:
        for t in d.tables:
            found[t.id] = (t.number if t.number is not None else 999,
                           t.title or Text(zh=t.id))
    return [(tid, title) for tid, (_, title) in sorted(found.items(),
                                                       key=lambda kv: (kv[1][0], kv[0]))]


# --- explanation items and table lines -------------------------------------------------

def _flatten(items: list[Item], prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Item]]:
    out = []
    for item in items:
        path = (*prefix, item.id)
        out.append((path, item))
        out.extend(_flatten(item.items, path))
    return out


def section_lines(unit: Unit, section: SectionKind) -> list[Line]:
    """Every item of `section` followed across the unit's years (matched by id path)."""
    order: list[tuple[str, ...]] = []
    for d in unit.disclosures:
        sec = d.explanations.section(section) if d.explanations else None
        for path, _ in _flatten(sec.items if sec else []):
            if path not in order:
                order.append(path)
    lines = []
    for path in order:
        cells: dict[int, Cell] = {}
        stated: dict[int, Comparison | None] = {}
        named: Item | None = None  # the latest year's item names the line
        for d in unit.disclosures:
            cells[d.year], item = item_cell(d, section, path)
            if item is not None:
                named = item
                stated[d.year] = item.vs_previous
        line = Line(key="/".join(path), depth=len(path), cells=cells,
                    label=Text(zh=path[-1]) if named is None else named.label,
                    code=None if named is None else named.code,
                    unit=None if named is None else named.unit)
        line.steps = _steps(line, stated)
        lines.append(line)
    return lines


def _mappings_for(crosswalk: Crosswalk, code: str) -> list[tuple[Mapping, str]]:
    out = []
    for m in crosswalk.mappings:
        if code in m.old:
            out.append((m, "old"))
        if code in m.new:
            out.append((m, "new"))
    return out


def _canonical(code: str, year: int, crosswalk: Crosswalk) -> str:
    """A renamed code's latest name, so that a renamed line is one line across years."""
    changed = True
    while changed:
        changed = False
        for m in crosswalk.mappings:
            if m.change is Change.RENAMED and m.old[0] == code and year < m.year:
                code, year, changed = m.new[0], m.year, True
    return code


def _row_key(row_code: str | None, name: str, year: int, crosswalk: Crosswalk) -> str:
    return _canonical(row_code, year, crosswalk) if row_code else f"name:{name}"


def table_lines(unit: Unit, table_id: str, column: str | None = None,
                crosswalk: Crosswalk | None = None) -> list[Line]:
    """Every row of table `table_id` followed across years by code (by name where a row has
    no code), in one column (default: the table's first). Renamed codes are one line; a
    split or merge gives the sum of the other side as a computed figure where all its
    parts are known."""
    crosswalk = crosswalk or Crosswalk()
    tables: dict[int, Table | None] = {d.year: d.table(table_id) for d in unit.disclosures}
    lines: dict[str, Line] = {}
    for year, table in tables.items():
        if table is None:
            continue
        col = column or table.columns[0].id
        for row in table.rows:
            key = _row_key(row.code, row.name.zh, year, crosswalk)
            line = lines.setdefault(key, Line(key=key, label=row.name, code=row.code,
                                              depth=row.depth))
            line.label, line.code = row.name, (key if row.code else None)
            line.unit = row.unit or next((c.unit for c in table.columns if c.id == col), None)
            line.cells[year] = Cell(Presence.PRESENT, row.cells.get(col) or Figure(
                unknown=Text(zh="来源未给出", en="Not given in the source")))
    for line in lines.values():
        for d in unit.disclosures:
            if d.year not in line.cells:
                absent = tables[d.year] is not None and d.meta.incomplete is None
                line.cells[d.year] = Cell(Presence.ABSENT if absent else Presence.NOT_STATED)
        line.cells = dict(sorted(line.cells.items()))
        if line.code:
            line.mapping = _mappings_for(crosswalk, line.code)
    _bridge(lines, crosswalk)
    for line in lines.values():
        line.steps = _steps(line, {})
    return list(lines.values())


def _bridge(lines: dict[str, Line], crosswalk: Crosswalk) -> None:
    """Fill the years before a merge (and after a split) with the sum of the other side."""
    for m in crosswalk.mappings:
        if m.change is Change.MERGED:
            target, parts, before = m.new[0], m.old, True
        elif m.change is Change.SPLIT:
            target, parts, before = m.old[0], m.new, False
        else:
            continue
        line = lines.get(target)
        sources = [lines.get(p) for p in parts]
        if line is None or any(s is None for s in sources):
            continue
        for year, cell in line.cells.items():
            if (year < m.year) != before or cell.presence is Presence.PRESENT:
                continue
            values = [s.cells[year].value for s in sources if s is not None]
            if all(v is not None for v in values):
                total = sum((v for v in values if v is not None), Decimal(0))
                note = " + ".join(parts)
                line.cells[year] = Cell(Presence.PRESENT, Figure(
                    value=total,
                    computed=Text(zh=f"按科目对照表合计 {note}", en=f"Sum of {note} (crosswalk)")))
