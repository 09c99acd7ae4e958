"""The consistency audit: every identity a disclosure's layout implies, judged with
interval arithmetic over the published precision, each finding classed (consistent, a
difference rounding explains, truncated instead of rounded, a real inconsistency, cannot
be checked) and located.

A compute stage of its own: `audit_unit` is a pure function of one unit's content, run
once in the unit's job (`generator/unitjob.py`) and handed to its pages, its downloads
and `portal check`; only counts per disclosure go on to the portal-wide audit page.

    intervals  the rounding intervals and their arithmetic (shared with `compare_views`)
    model      checks, operands, verdicts, counts
    classify   the verdict of one identity
    refs       where an operand stands (content location, page block and line)
    identities within one year: sums, shares, rates, balances, the same figure twice
    crossyear  across years: stated changes and growth rates, carry-over
    report     findings for `portal check`, `portal audit` text/JSON, the CSV
"""

from __future__ import annotations

from ...content.model.content import Unit
from .crossyear import across_years
from .identities import within_year
from .model import Check, Counts, DisclosureAudit, UnitAudit, Verdict

__all__ = ["Check", "Counts", "DisclosureAudit", "UnitAudit", "Verdict", "audit_unit"]


def audit_unit(unit: Unit) -> UnitAudit:
    """Every check of every year of `unit`: within the year, then against the year before."""
    audit = UnitAudit(unit.slug)
    across = across_years(unit)
    for d in unit.disclosures:
        audit.year(d.year).checks = within_year(d) + across.get(d.year, [])
    return audit
