"""The identities across a unit's years, on the lines the comparison stage follows
(`compare.section_lines`): a stated change equals the difference of the two years'
figures, a stated growth rate their ratio; a year's opening carry-over equals the
previous year's closing one.

The previous year's figure is that year's record's when it gives one, else the figure the
later year's text itself states as 上年决算 (`previous`); neither: the check is `unknown`.
"""

from __future__ import annotations

from itertools import pairwise

from ...content.model.content import Disclosure, Unit
from ...content.model.layout import SectionKind
from .. import compare
from .identities import Collector, find
from .model import Check, Kind, Operand
from .refs import item_operand


def _previous(old: Disclosure | None, new: Disclosure, kind: SectionKind | str,
              path: tuple[str, ...]) -> tuple[Operand, str]:
    """The previous year's figure of the line at `path`, and how it was taken."""
    at_new = find(new, kind, path) if isinstance(kind, SectionKind) else None
    at_old = find(old, kind, path) if old is not None and isinstance(kind, SectionKind) \
        else None
    if at_old is not None and at_old.item.amount is not None:
        return item_operand(old, at_old.section, at_old.item, at_old.loc, "amount"), ""
    assert at_new is not None
    op = item_operand(new, at_new.section, at_new.item, at_new.loc, "previous")
    return op, ("audit.why.previous_stated" if op.figure is not None else
                "audit.why.previous_unknown")


def _kind(key: str) -> SectionKind | None:
    try:
        return SectionKind(key)
    except ValueError:
        return None


def _stated_changes(unit: Unit, collectors: dict[int, Collector]) -> None:
    by_year = {d.year: d for d in unit.disclosures}
    for ref in compare.section_refs(unit):
        kind = _kind(ref.key)
        if kind is None or kind in (SectionKind.OTHER, SectionKind.OTHER_MATTERS):
            continue
        for line in compare.section_lines(unit, kind):
            path = tuple(line.key.split("/"))
            for d in unit.disclosures:
                at = find(d, kind, path)
                stated = at.item.vs_previous if at is not None else None
                if at is None or stated is None:
                    continue
                old = by_year.get(d.year - 1)
                previous, why = _previous(old, d, kind, path)
                c = collectors[d.year]
                amount = item_operand(d, at.section, at.item, at.loc, "amount")
                key = f"{at.section.id}/{line.key}"
                if stated.change is not None:
                    c.add(f"change:{key}", Kind.CHANGE,
                          item_operand(d, at.section, at.item, at.loc, "vs_previous.change"),
                          [amount, _negated(previous)], why=why)
                if stated.growth_rate is not None:
                    c.add(f"growth:{key}", Kind.GROWTH,
                          item_operand(d, at.section, at.item, at.loc,
                                       "vs_previous.growth_rate"),
                          [amount, _negated(previous)], previous, why=why)


def _negated(op: Operand) -> Operand:
    return Operand(op.ref, op.figure, -op.sign)


OPENING = ("income-total", "opening-carry-over")
CLOSING = ("expenditure-total", "closing-carry-over")


def _carry_over(unit: Unit, collectors: dict[int, Collector]) -> None:
    for old, new in pairwise(unit.disclosures):
        if new.year - old.year != 1:
            continue
        opening = find(new, SectionKind.OVERALL, OPENING)
        closing = find(old, SectionKind.OVERALL, CLOSING)
        if opening is None or closing is None:
            continue
        collectors[new.year].add(
            "carry-over:overall", Kind.CARRY_OVER,
            item_operand(new, opening.section, opening.item, opening.loc, "amount"),
            [item_operand(old, closing.section, closing.item, closing.loc, "amount")])


def across_years(unit: Unit) -> dict[int, list[Check]]:
    """The cross-year checks of each year (against the year before it)."""
    collectors = {d.year: Collector(d) for d in unit.disclosures}
    _stated_changes(unit, collectors)
    _carry_over(unit, collectors)
    return {year: c.checks for year, c in collectors.items()}
