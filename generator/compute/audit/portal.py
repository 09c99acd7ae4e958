"""The portal-wide audit page: every unit and year with its counts of each verdict, made
from the units' summaries (the findings themselves are on each disclosure's page)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...build.summary import UnitSummary
from ...content.model.types import Text
from .model import VERDICTS, Verdict


@dataclass(frozen=True)
class AuditRow:
    unit: str
    name: Text
    year: int
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def __getitem__(self, verdict: Verdict | str) -> int:
        return self.counts.get(str(verdict), 0)


def audit_rows(units: Sequence[UnitSummary]) -> list[AuditRow]:
    """Disclosures with real inconsistencies first (most first), then truncated rates,
    then figures that cannot be checked; then by unit and year (latest first)."""
    rows = [AuditRow(u.slug, u.profile.name, d.year, d.audit)
            for u in units for d in u.disclosures]
    worst = VERDICTS[:3]
    return sorted(rows, key=lambda r: (*(-r[v] for v in worst), r.unit, -r.year))
