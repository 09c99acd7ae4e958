"""Layouts: how a disclosure is organised, as data.

A finance bureau prescribes the layout its units publish in: 部门决算 or 单位决算, the
parts and their numbering, the sections of the explanations (numbered 一、二、… with
sub-sections (一)(二)…) and the standard tables. The portal ships the layouts it knows
(`generator/layouts/*.yaml`); a portal may define more in `content/layouts/<id>.yaml`
without code changes. A disclosure names its layout in meta.yaml and may still number and
title its own sections as published: the layout only fills what the disclosure leaves out.

Sections and tables have a `kind` from a fixed vocabulary (what they are: the 三公
section, the income table…): charts, arithmetic and the cross-year comparison match on
the kind, never on the number, so a unit that numbers 三公 as 七 compares with one that
numbers it 八.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import model_validator

from .types import HintedValueError, Slug, Strict, Text


class Report(StrEnum):
    """Whose accounts: a department's (consolidating its units) or one unit's."""

    DEPARTMENT = "department"
    """部门决算."""
    UNIT = "unit"
    """单位决算."""


class PartKind(StrEnum):
    """What a part of the disclosure holds."""

    OVERVIEW = "overview"
    """单位概况 / 部门概况."""
    EXPLANATIONS = "explanations"
    """决算情况说明."""
    GLOSSARY = "glossary"
    """名词解释."""
    CONTACT = "contact"
    """联系方式."""
    TABLES = "tables"
    """决算表 / 附表."""
    ATTACHMENTS = "attachments"
    """附件."""


class SectionKind(StrEnum):
    """What an explanatory section is about, whatever its number."""

    OVERALL = "overall"
    INCOME = "income"
    EXPENDITURE = "expenditure"
    APPROPRIATIONS = "appropriations"
    GENERAL_BUDGET = "general-budget"
    BASIC_EXPENDITURE = "basic-expenditure"
    PROJECT_EXPENDITURE = "project-expenditure"
    THREE_OFFICIAL = "three-official"
    GOVERNMENT_FUND = "government-fund"
    STATE_CAPITAL = "state-capital"
    OPERATING_EXPENSES = "operating-expenses"
    PROCUREMENT = "procurement"
    ASSETS = "assets"
    PERFORMANCE = "performance"
    OTHER_MATTERS = "other-matters"
    """其他重要事项的情况说明: usually a container of sub-sections."""
    OTHER = "other"
    """Anything else a layout has."""


class TableKind(StrEnum):
    """What a standard table is, whatever its number."""

    INCOME_EXPENDITURE_SUMMARY = "income-expenditure-summary"
    INCOME = "income"
    EXPENDITURE = "expenditure"
    APPROPRIATIONS_SUMMARY = "appropriations-summary"
    GENERAL_BUDGET_EXPENDITURE = "general-budget-expenditure"
    GENERAL_BUDGET_BASIC_EXPENDITURE = "general-budget-basic-expenditure"
    GENERAL_BUDGET_PROJECT_EXPENDITURE = "general-budget-project-expenditure"
    GOVERNMENT_FUND = "government-fund"
    STATE_CAPITAL = "state-capital"
    THREE_OFFICIAL = "three-official"
    OPERATING_PROCUREMENT_ASSETS = "operating-procurement-assets"
    PROJECT_INCOME_EXPENDITURE = "project-income-expenditure"
    OTHER = "other"


class LayoutPart(Strict):
    """A part (第一部分 …) as the layout numbers and titles it."""

    kind: PartKind
    """What the part holds."""
    number: str
    """Its number as published, e.g. 一 (for 第一部分)."""
    title: Text
    """Its title as published, e.g. 单位概况."""


class LayoutSection(Strict):
    """A section of the explanations, or a sub-section of one."""

    id: Slug
    """The section's id in `explanations.yaml`, its anchor (`#s-<id>`) and its prose file
    (`prose/<id>.<lang>.md`)."""
    kind: SectionKind = SectionKind.OTHER
    """What the section is about."""
    number: str
    """Its number as published: 七 for a section, (一) for a sub-section."""
    title: Text
    """Its title as published, without the number."""
    sections: list[LayoutSection] = []
    """Sub-sections, in order."""


class LayoutTable(Strict):
    """A standard table of the layout."""

    id: Slug
    """The table's id (`tables/<nn>-<id>.yaml`)."""
    kind: TableKind = TableKind.OTHER
    """What the table is."""
    number: int
    """Its number as published (公开01表, 表一 = 1)."""
    title: Text
    """Its title as published."""


class Layout(Strict):
    """`generator/layouts/<id>.yaml` or `content/layouts/<id>.yaml`."""

    id: Slug
    """How disclosures name it (`layout:` in meta.yaml); the file name without .yaml."""
    name: Text
    """What it is, for people (e.g. 单位决算 · 十四节说明 · 十一张表)."""
    report: Report
    """部门决算 or 单位决算."""
    parts: list[LayoutPart]
    """The parts in order."""
    sections: list[LayoutSection]
    """The explanations' sections in order, with their sub-sections."""
    tables: list[LayoutTable] = []
    """The standard tables in order."""

    @model_validator(mode="after")
    def _unique(self) -> Layout:
        seen: dict[str, str] = {}
        for where, section in _walk_sections(self.sections, "sections"):
            if section.id in seen:
                raise HintedValueError(f"section id '{section.id}' is used twice "
                                       f"(first at {seen[section.id]})", loc=())
            seen[section.id] = where
        for i, table in enumerate(self.tables):
            if any(t.id == table.id for t in self.tables[:i]):
                raise HintedValueError(f"table id '{table.id}' is used twice",
                                       loc=("tables", i, "id"))
        return self

    def section(self, section_id: str) -> LayoutSection | None:
        return next((s for _, s in _walk_sections(self.sections, "")
                     if s.id == section_id), None)

    def table(self, table_id: str) -> LayoutTable | None:
        return next((t for t in self.tables if t.id == table_id), None)

    def part(self, kind: PartKind) -> LayoutPart | None:
        return next((p for p in self.parts if p.kind is kind), None)


def _walk_sections(sections: list[LayoutSection],
                   prefix: str) -> list[tuple[str, LayoutSection]]:
    out: list[tuple[str, LayoutSection]] = []
    for i, section in enumerate(sections):
        where = f"{prefix}[{i}]"
        out.append((where, section))
        out.extend(_walk_sections(section.sections, f"{where}.sections"))
    return out
