"""What the audit finds: each identity it checked, the figures it took (with where each
stands in the content and on the page), the intervals and the verdict.

Plain data: the audit of a unit is computed once in its build job and used by its pages,
its downloads and `portal check`; only counts per disclosure go on to the portal-wide
audit page (`Counts`, carried in the unit's summary)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from ...content.model.types import Figure, Text
from ...once import once
from .intervals import SHOWN, Interval


class Verdict(StrEnum):
    """The classes of a check, in the order the pages list them (worst first)."""

    INCONSISTENT = "inconsistent"
    """No values inside the rounding intervals of the figures satisfy the identity."""
    TRUNCATED = "truncated"
    """A stated rate that is the truncation, not the rounding, of the true ratio."""
    UNKNOWN = "unknown"
    """A figure the identity needs is unknown or not given: it cannot be checked."""
    ROUNDING = "rounding"
    """The figures differ from the identity only as much as their rounding explains."""
    CONSISTENT = "consistent"
    """The figures satisfy the identity as published (to the stated precision)."""


VERDICTS = tuple(Verdict)
FLAGGED = (Verdict.INCONSISTENT, Verdict.TRUNCATED)
"""The verdicts `portal check` warns of and `portal audit --strict` fails on (only the first)."""


class Kind(StrEnum):
    """What an identity is about (the catalogue's `audit.kind.<value>` names it)."""

    SUM = "sum"
    """Lines add up to their total (items of a section, 款 to 类, 类 to the total)."""
    COLUMNS = "columns"
    """Columns of a table add up (basic + project = total)."""
    BALANCE = "balance"
    """收入总计 equals 支出总计."""
    SAME = "same"
    """One figure stated in two places (the text and a table, two sections)."""
    SHARE = "share"
    """A share equals the ratio of its figures."""
    RATE = "rate"
    """An execution rate equals final / budget."""
    BUDGET_CHANGE = "budget-change"
    """与年初预算相比: the stated difference equals final − initial budget."""
    BUDGET_GROWTH = "budget-growth"
    """与年初预算相比: the stated rate equals that difference / initial budget."""
    CHANGE = "change"
    """与上年决算相比: the stated change equals the difference of the two years."""
    GROWTH = "growth"
    """The stated growth rate equals change / previous year."""
    CARRY_OVER = "carry-over"
    """A year's opening carry-over equals the previous year's closing one."""


@dataclass(frozen=True)
class Ref:
    """Where a figure stands: in the content (file key, key path) and on the page (the
    section or table, its published number, the line and which of its figures)."""

    year: int
    doc: str
    """`explanations` or `table:<id>` (a key of `Disclosure.docs`)."""
    loc: tuple[str | int, ...]
    """Key path inside that file."""
    place: Text
    """The section's or table's title."""
    number: str | None
    """Its published number (八, 5), if any."""
    block: str
    """`section` or `table`."""
    anchor: str
    """The block's anchor on the disclosure page (`s-overall`, `t-income`)."""
    line: Text
    """The item's label or the row's name."""
    code: str | None
    field: Text | str
    """Which figure of the line: a table column's label, or a catalogue key."""
    field_id: str
    """The same as an id: the item's field (`amount`, `vs_previous.change`) or column id."""


@dataclass(frozen=True)
class Operand:
    ref: Ref
    figure: Figure | None
    """None: the record does not give this figure at all."""
    sign: int = 1

    @property
    def value(self) -> Decimal | None:
        return self.figure.value if self.figure is not None else None

    @once
    def interval(self) -> Interval | None:
        """The values that round to the figure (made once: the audit, its CSV and its
        rows on the page in each language all ask)."""
        v = self.value
        return None if v is None else Interval.of(v)


@dataclass(frozen=True)
class Check:
    """One identity judged: `stated` = Σ sign × terms (÷ `whole` × 100 for a rate)."""

    key: str
    """Stable id of the identity within the disclosure (for CSV rows and tests)."""
    kind: Kind
    year: int
    stated: Operand
    terms: tuple[Operand, ...]
    whole: Operand | None = None
    """The denominator of a rate (None for sums and equalities)."""
    verdict: Verdict = Verdict.CONSISTENT
    computed: Decimal | None = None
    """Σ terms (÷ whole × 100) from the figures as published; None when one is unknown."""
    bounds: Interval | None = None
    """What the identity allows the stated figure to be, from the terms' intervals."""
    why: str = ""
    """Catalogue key of a detail (`audit.why.<...>`): why it cannot be checked, or how a
    figure was taken; empty when the verdict says all."""

    @once
    def computed_shown(self) -> Decimal | None:
        """The computed value, to four decimals when it has more (a ratio): made once, as
        the CSV and the rows in each language show it."""
        value = self.computed
        if value is None:
            return None
        exponent = value.as_tuple().exponent
        return value.quantize(SHOWN) if isinstance(exponent, int) and exponent < -4 else value

    @property
    def operands(self) -> tuple[Operand, ...]:
        return (self.stated, *self.terms, *((self.whole,) if self.whole else ()))

    @property
    def stated_interval(self) -> Interval | None:
        return self.stated.interval


@dataclass
class Counts:
    """How many checks of each class one disclosure has (all the portal page needs)."""

    by_verdict: dict[str, int] = field(default_factory=lambda: {v.value: 0 for v in VERDICTS})

    def add(self, verdict: Verdict) -> None:
        self.by_verdict[verdict.value] += 1

    @property
    def total(self) -> int:
        return sum(self.by_verdict.values())

    def __getitem__(self, verdict: Verdict | str) -> int:
        return self.by_verdict[str(verdict)]


@dataclass
class DisclosureAudit:
    unit: str
    year: int
    checks: list[Check] = field(default_factory=list)

    @property
    def counts(self) -> Counts:
        counts = Counts()
        for c in self.checks:
            counts.add(c.verdict)
        return counts

    def of(self, verdict: Verdict) -> list[Check]:
        return [c for c in self.checks if c.verdict is verdict]

    def findings(self) -> list[Check]:
        """Every check that is not plainly consistent, worst first, in content order."""
        order = {v: i for i, v in enumerate(VERDICTS)}
        return sorted((c for c in self.checks if c.verdict is not Verdict.CONSISTENT),
                      key=lambda c: order[c.verdict])

    def flagged_figures(self) -> set[int]:
        """`id()` of every figure involved in a real inconsistency: the page marks them
        where it shows them (valid while this disclosure's model is in memory)."""
        return {id(o.figure) for c in self.of(Verdict.INCONSISTENT) for o in c.operands
                if o.figure is not None}


@dataclass
class UnitAudit:
    unit: str
    disclosures: dict[int, DisclosureAudit] = field(default_factory=dict)

    def year(self, year: int) -> DisclosureAudit:
        return self.disclosures.setdefault(year, DisclosureAudit(self.unit, year))

    def checks(self) -> list[Check]:
        return [c for y in sorted(self.disclosures) for c in self.disclosures[y].checks]
