"""The year pages: every unit side by side in one year, on its headline figures, and the
latest-year page (each unit in its own latest year) when the units' latest years differ.
Made from the units' summaries only (`build/summary.py`), never from their content."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..build import summary
from ..build.summary import UnitSummary
from ..compute import compare
from ..compute.compare import Cell, Presence
from .compare_views import ValueSpec
from .urls import Kind, Page, compare_units_page
from .views import incomplete


@dataclass(frozen=True)
class UnitRow:
    unit: UnitSummary
    cells: list[ValueSpec]
    partial: bool
    """The year shown is an incomplete record (`views.incomplete`)."""
    year: int
    """The year shown (on the latest-year page, each unit's own)."""


@dataclass(frozen=True)
class UnitsInYear:
    year: int | None
    """None on the latest-year page: each unit in its own latest year."""
    keys: list[str]
    """Headline keys shown (those some unit states)."""
    rows: list[UnitRow]
    missing: int = 0
    """Units with disclosures but none of this year (0 on the latest-year page)."""


def _units_view(year: int | None, found: list[tuple[UnitSummary, int, dict[str, Cell]]],
                every_key: bool, missing: int = 0) -> UnitsInYear:
    keys = [h.key for h in compare.HEADLINES if every_key
            or any(cells[h.key].presence is Presence.PRESENT for _, _, cells in found)]
    rows = []
    for unit, y, cells in found:
        d = unit.disclosure(y)
        assert d is not None
        rows.append(UnitRow(unit, [ValueSpec(y, cells[k]) for k in keys],
                            incomplete(d) is not None, y))
    rows.sort(key=lambda r: (r.unit.profile.name.zh, r.unit.slug))
    return UnitsInYear(year, keys, rows, missing)


def units_in_year(units: Sequence[UnitSummary], year: int,
                  every_key: bool = False) -> UnitsInYear:
    """Every unit with a disclosure of `year`, by Chinese name, on the headline figures
    some unit states (`every_key`: on all of them)."""
    found = [(unit, year, cells) for unit, cells in summary.units_in_year(units, year)]
    with_years = sum(1 for u in units if u.disclosures)
    return _units_view(year, found, every_key, with_years - len(found))


def latest_years(units: Sequence[UnitSummary]) -> dict[str, int]:
    """Each unit's latest year, by slug (units without a disclosure are left out)."""
    return {u.slug: u.disclosures[-1].year for u in units if u.disclosures}


def latest_years_differ(units: Sequence[UnitSummary]) -> bool:
    """The units' latest years are not all the same year: the year pages cannot show
    every unit at once, so the latest-year page does."""
    return len(set(latest_years(units).values())) > 1


def units_latest(units: Sequence[UnitSummary], every_key: bool = False) -> UnitsInYear:
    """Every unit with a disclosure, each in its latest year, by Chinese name."""
    latest = latest_years(units)
    found = [(unit, year, cells) for year in sorted(set(latest.values()))
             for unit, cells in summary.units_in_year(units, year)
             if latest[unit.slug] == year]
    return _units_view(None, found, every_key)


def latest_years_page() -> Page:
    """The units side by side, each in its latest year (`years/latest/`)."""
    return Page(Kind.COMPARE_UNITS)


def latest_page_of(units: Sequence[UnitSummary]) -> Page | None:
    """The latest-year page, when the portal has one."""
    return latest_years_page() if latest_years_differ(units) else None


def year_pages(units: Sequence[UnitSummary]) -> list[Page]:
    """A page per year, then the latest-year page when the latest years differ."""
    latest = latest_page_of(units)
    return [*(compare_units_page(y) for y in summary.years(units)),
            *([latest] if latest is not None else [])]


def year_context(units: Sequence[UnitSummary], page: Page) -> dict[str, Any]:
    """What a year page's template gets."""
    view = units_latest(units) if page.year == 0 else units_in_year(units, page.year)
    return {"view": view, "years": summary.years(units), "latest_page": latest_page_of(units)}
