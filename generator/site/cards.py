"""The headline cards that open a disclosure page (templates/_headlines.html): the totals,
appropriations, 三公, agency operating expenses and procurement, each with its change from
the previous year and the reason the text gives, then the audit's verdict.

Made from what the page has already: the year's items (a lookup by path, as the comparison
finds them) and the unit's compared headline lines (computed once per unit, shared with the
comparison pages and downloads). A change the text states is shown as stated; one computed
from the previous year's figure says so and from what (compare_cells' notes); a figure the
text does not give is "not stated", never zero.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..compute.audit.model import Verdict
from ..compute.compare import HEADLINES, Line, headline_item
from ..content.model.content import Disclosure
from ..content.model.explanations import Comparison
from ..content.model.types import Figure, Text
from .compare_views import StepSpec

CARDS = ("income-total", "expenditure-total", "appropriations", "three-official",
         "agency-operating-expenses", "procurement")
"""The headline figures (compare.HEADLINES keys) a disclosure page opens with, in order;
each is labelled by `cards.label.<key>`."""

_SECTIONS = {h.key: h.section for h in HEADLINES}
PASSED = (Verdict.CONSISTENT, Verdict.ROUNDING)


@dataclass(frozen=True)
class Card:
    key: str
    anchor: str | None
    """Id of the section the figure is from (where its full text is), None without one."""
    amount: Figure | None
    """None: the year's text does not give it."""
    stated: Comparison | None = None
    """What the text says of the change from the previous year (与上年决算相比): the
    change, or only its reason."""
    computed: tuple[StepSpec, StepSpec] | None = None
    """When the text states no change: ours (change, growth) from the previous year's
    figure in the portal."""

    @property
    def states_change(self) -> bool:
        return _states_change(self.stated)

    @property
    def reason(self) -> Text | None:
        return self.stated.reason if self.stated is not None else None


@dataclass(frozen=True)
class AuditCard:
    checks: int
    flagged: list[tuple[Verdict, int]]
    """The verdicts other than "adds up" and "rounding explains it" (does not add up,
    truncated, cannot be checked) with how many checks gave each; empty when none did."""


def headline_cards(d: Disclosure, lines: list[Line]) -> list[Card]:
    """The year's cards; `lines`: the unit's compared headline lines (empty with one year)."""
    by_key = {line.key: line for line in lines}
    cards = []
    for key in CARDS:
        section = d.explanations.section(_SECTIONS[key]) if d.explanations else None
        item = headline_item(d, key)
        comparison = item.vs_previous if item is not None else None
        computed = None if _states_change(comparison) else _computed(by_key.get(key), d.year)
        cards.append(Card(key, section.id if section is not None else None,
                          item.amount if item is not None else None, comparison, computed))
    return cards


def _states_change(comparison: Comparison | None) -> bool:
    return comparison is not None and (comparison.change is not None
                                       or comparison.growth_rate is not None)


def _computed(line: Line | None, year: int) -> tuple[StepSpec, StepSpec] | None:
    """Our change into `year` from the unit's year before it, when both figures are known."""
    step = next((s for s in line.steps if s.to_year == year), None) if line else None
    if line is None or step is None or step.change is None:
        return None
    old, new = line.cells[step.from_year], line.cells[year]
    return StepSpec(step, old, new, "change"), StepSpec(step, old, new, "growth")


def audit_card(counts: list[tuple[Verdict, int]]) -> AuditCard:
    """The audit's verdict in one line, from the page audit's counts."""
    return AuditCard(sum(n for _, n in counts),
                     [(v, n) for v, n in counts if v not in PASSED and n])
