"""What the pages that span units need of each unit, and nothing more.

The build renders one unit at a time and then lets it go; the home page, the year pages,
the about and downloads pages are made from these summaries, which stay small (a unit's
names, its years' meta.yaml, the headline figures and its list of downloads), so memory
grows with the number of units only by this much. Summaries cross process boundaries
(pickled) and are kept between builds, so they hold plain data only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..compute.audit import UnitAudit, audit_unit
from ..compute.compare import HEADLINES, Cell, item_cell
from ..content.model.content import Unit
from ..content.model.unit import Meta, UnitProfile
from ..data.export import DownloadEntry
from ..data.longformat import Share
from ..site.names import NameKeys, name_keys
from .digest import DIGEST, Digested


@dataclass(frozen=True)
class DisclosureSummary(Digested):
    unit: str
    year: int
    meta: Meta
    headlines: dict[str, Cell]
    """Each headline figure's cell (`compare.HEADLINES`), by key."""
    audit: dict[str, int]
    """How many of the consistency audit's checks have each verdict (`audit.Verdict`)."""


_UNREAD = {DIGEST: False}
"""Not read by the pages that span units through a summary (`digest.DIGEST`)."""


@dataclass(frozen=True)
class UnitSummary(Digested):
    slug: str
    profile: UnitProfile
    disclosures: list[DisclosureSummary]
    """Sorted by year, oldest first."""
    download_files: int = field(metadata=_UNREAD)
    download_bytes: int = field(metadata=_UNREAD)
    """How many downloads the unit has and their size (its own downloads page, made with
    the unit, lists them; the portal's downloads page has them in its own data,
    `views.UnitDownloads`)."""
    names: NameKeys
    """Its names as the home page matches and sorts them (pinyin computed once, here)."""
    figures: tuple[Share, ...] = field(default=(), metadata=_UNREAD)
    """Each year's share of the portal's long-format files (`longformat`, which keys
    its files on them)."""
    search: str = field(default="", metadata=_UNREAD)
    """The store member of its search records (`search.records`); the search index is
    keyed on it."""

    def disclosure(self, year: int) -> DisclosureSummary | None:
        return next((d for d in self.disclosures if d.year == year), None)


def summarize(unit: Unit, downloads: list[DownloadEntry],
              figures: Sequence[Share] = (), audit: UnitAudit | None = None,
              search: str = "") -> UnitSummary:
    audit = audit or audit_unit(unit)
    return UnitSummary(
        unit.slug, unit.profile,
        [DisclosureSummary(d.unit, d.year, d.meta,
                           {h.key: item_cell(d, h.section, h.path)[0] for h in HEADLINES},
                           audit.year(d.year).counts.by_verdict)
         for d in unit.disclosures],
        len(downloads), sum(e.size for e in downloads), name_keys(unit.profile),
        tuple(figures), search)


def years(units: Sequence[UnitSummary]) -> list[int]:
    """Every year some unit has a disclosure of, latest first."""
    return sorted({d.year for u in units for d in u.disclosures}, reverse=True)


def units_in_year(units: Sequence[UnitSummary],
                  year: int) -> list[tuple[UnitSummary, dict[str, Cell]]]:
    """For `year`, each unit that has a disclosure of it with its headline cells by key."""
    out = []
    for unit in units:
        d = unit.disclosure(year)
        if d is not None:
            out.append((unit, d.headlines))
    return out
