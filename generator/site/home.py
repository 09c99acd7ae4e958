"""The home page's list of units, for one unit or five hundred: grouped by supervising
department (主管部门) and, within a department whose units are in several regions, by
region; each unit with its years (latest first) and whether each year is complete.

Each unit also carries what the filter box (`site_src/js/unitfilter.js`) matches a query
against: its Chinese and English names and the pinyin of its Chinese name (initials and
full syllables), computed here at build time with `pypinyin`, so the page needs no
dictionary. Without JavaScript the page is the plain grouped list.

Pure data, one language at a time: the order follows the page's language (pinyin of the
Chinese names on the Chinese site, the English names on the English site). A department
or region that is absent or `not stated` is a group of its own, listed last, so every
unit is always listed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..build.summary import UnitSummary
from ..content.model.types import Text, stated
from .names import fold, natural, pinyin_keys
from .views import incomplete

OPEN_UP_TO = 12
"""With this many units or fewer the groups start open and there is no filter box; with
more, the groups start folded, so the page opens on a short list of departments, and the
filter box (or a click) opens them."""



@dataclass(frozen=True)
class YearEntry:
    year: int
    incomplete: bool


@dataclass(frozen=True)
class UnitEntry:
    unit: UnitSummary
    region: Text | None
    years: list[YearEntry]
    """Latest first."""
    match_zh: str
    """Chinese name and short name, for the filter (data-zh)."""
    match_en: str
    """English name and short name, lower case (data-en)."""
    match_py: str
    """Pinyin of the Chinese name: initials, then the full syllables (data-py)."""


@dataclass(frozen=True)
class RegionGroup:
    region: Text | None
    """None: the region is not stated."""
    units: list[UnitEntry]


@dataclass(frozen=True)
class DepartmentGroup:
    department: Text | None
    """None: the supervising department is not stated."""
    regions: list[RegionGroup]

    @property
    def count(self) -> int:
        return sum(len(r.units) for r in self.regions)

    @property
    def region(self) -> Text | None:
        """The one region of all its units, if they share one."""
        return self.regions[0].region if len(self.regions) == 1 else None


@dataclass(frozen=True)
class HomeView:
    groups: list[DepartmentGroup]
    count: int
    open: bool
    """Few units: the groups start open, and there is no filter box."""

    @property
    def filter(self) -> bool:
        return not self.open


# --- entries ------------------------------------------------------------------------------

def unit_entry(unit: UnitSummary) -> UnitEntry:
    years = [YearEntry(d.year, incomplete(d) is not None) for d in reversed(unit.disclosures)]
    return UnitEntry(unit, stated(unit.profile.region), years, match_zh=unit.names.zh,
                     match_en=unit.names.en, match_py=unit.names.py)


# --- order and groups ---------------------------------------------------------------------------

def _sort_key(text: Text | None, lang: str) -> tuple[int, str, str]:
    """Named groups first, in the page language's order (pinyin for Chinese), then the
    group of those not stated."""
    if text is None:
        return (1, "", "")
    if lang != "zh" and text.en:
        return (0, natural(fold(text.en)), text.zh)
    return (0, pinyin_keys(text.zh).partition(" ")[2] or fold(text.zh), text.zh)


def _group(items: Iterable[UnitEntry], key: Callable[[UnitEntry], Text | None],
           lang: str) -> list[tuple[Text | None, list[UnitEntry]]]:
    """Items grouped by a text (by its Chinese, which identifies it), groups in order."""
    groups: dict[str | None, tuple[Text | None, list[UnitEntry]]] = {}
    for item in items:
        text = key(item)
        ident = text.zh if text is not None else None
        groups.setdefault(ident, (text, []))[1].append(item)
    return sorted(groups.values(), key=lambda g: _sort_key(g[0], lang))


def _unit_key(entry: UnitEntry, lang: str) -> tuple[str, str, str]:
    name = entry.unit.profile.name
    if lang != "zh" and name.en:
        return (natural(fold(name.en)), name.zh, entry.unit.slug)
    syllables = entry.match_py.split(" ")[1] if " " in entry.match_py else ""
    return (syllables or entry.match_zh, name.zh, entry.unit.slug)


def home_view(units: Sequence[UnitSummary], lang: str) -> HomeView:
    """Every unit, grouped for the home page in `lang`."""
    entries = sorted((unit_entry(u) for u in units), key=lambda e: _unit_key(e, lang))
    groups = [DepartmentGroup(dept, [RegionGroup(region, units) for region, units in
                                     _group(members, lambda e: e.region, lang)])
              for dept, members in _group(
                  entries, lambda e: stated(e.unit.profile.supervising_department), lang)]
    return HomeView(groups, len(entries), len(entries) <= OPEN_UP_TO)
