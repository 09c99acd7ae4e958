"""The whole content tree, assembled from the validated documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..yamlload import Doc
from .crosswalk import Crosswalk
from .explanations import Explanations
from .layout import Layout
from .performance import Performance
from .portal import Glossary, PortalSettings
from .tables import Table
from .types import Text
from .unit import Meta, Overview, UnitProfile

MAIN_WORK = "main-work"
"""Prose id of Part 1's main-work narrative; the other prose ids are section ids."""


@dataclass
class Disclosure:
    """One unit's disclosure for one year."""

    unit: str
    year: int
    folder: Path
    meta: Meta
    overview: Overview | None = None
    explanations: Explanations | None = None
    tables: list[Table] = field(default_factory=list)
    performance: Performance | None = None
    prose: dict[str, Text] = field(default_factory=dict)
    """Markdown by prose id (`main-work` or a section id), zh required, en optional."""
    docs: dict[str, Doc] = field(default_factory=dict)
    """The YAML each part came from (`meta`, `overview`, `table:<id>`...), for locations."""
    layout: Layout | None = None
    """The layout it follows (set once loaded: see `generator/structure.py`)."""

    def section_prose(self, section_id: str) -> Text | None:
        return self.prose.get(section_id)

    def table(self, key: str) -> Table | None:
        """The table of this kind (a `TableKind`), else the one with this id."""
        return next((t for t in self.tables if t.kind == key), None) or \
            next((t for t in self.tables if t.id == key), None)


@dataclass
class Unit:
    slug: str
    folder: Path
    profile: UnitProfile
    disclosures: list[Disclosure] = field(default_factory=list)
    """Sorted by year, oldest first."""


@dataclass
class Content:
    root: Path
    settings: PortalSettings
    glossary: Glossary
    units: list[Unit] = field(default_factory=list)
    crosswalk: Crosswalk = field(default_factory=Crosswalk)
    docs: dict[str, Doc] = field(default_factory=dict)
    layouts: dict[str, Layout] = field(default_factory=dict)

    def disclosures(self) -> list[Disclosure]:
        return [d for u in self.units for d in u.disclosures]
