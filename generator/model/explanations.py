"""Part 2, 单位决算情况说明: the fourteen explanatory sections (`<year>/explanations.yaml`).

Prose is Markdown in `prose/<section-id>.<lang>.md`; the figures each section quotes are
data here, as a tree of items, so that they can be checked, charted and compared.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import model_validator

from .types import Code, Figure, HintedValueError, Slug, Strict, Text


class SectionId(StrEnum):
    """The fourteen fixed sections, in their national order."""

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


class Comparison(Strict):
    """A comparison the text makes: the change (signed: 减少 is negative), the growth rate
    in percent (signed), and the stated reason (变动原因 / 差异原因)."""

    change: Figure | None = None
    """增加/减少, in the item's unit."""
    growth_rate: Figure | None = None
    """增长/下降, in percent."""
    reason: Text | None = None
    """变动原因 or 差异原因 as stated."""


class Item(Strict):
    """One figure a section quotes, with what the text says about it."""

    id: Slug
    """Stable within the section; the cross-year comparison matches items by it."""
    label: Text
    """What the figure is, as the text names it."""
    code: Code | None = None
    """Classification code when the item is a budget line (e.g. 2080109 or 30201)."""
    amount: Figure | None = None
    """决算数: the final-accounts figure (in `unit`, 万元 by default)."""
    unit: Text | None = None
    """Unit of `amount` when it is not 万元 (e.g. 辆 for vehicles)."""
    share: Figure | None = None
    """占 %: share of the section's whole, in percent."""
    initial_budget: Figure | None = None
    """年初预算."""
    full_year_budget: Figure | None = None
    """全年预算."""
    execution_rate: Figure | None = None
    """完成(年初)预算的 %."""
    vs_budget: Comparison | None = None
    """与年初预算相比."""
    vs_previous: Comparison | None = None
    """与上年决算相比."""
    previous: Figure | None = None
    """上年决算 when the text gives it or it follows from the change."""
    note: Text | None = None
    """Other facts the text states about this item (e.g. 结余分配事项: 无)."""
    items: list[Item] = []
    """Sub-items (款 under 类, 项 under 款, details of a total)."""

    def walk(self) -> list[Item]:
        out = [self]
        for child in self.items:
            out.extend(child.walk())
        return out


class Section(Strict):
    """One of the fourteen sections; its prose is `prose/<id>.<lang>.md`."""

    id: SectionId
    """Which section (national order)."""
    title: Text
    """The section title without its number."""
    items: list[Item] = []
    """The figures the section quotes."""


class Explanations(Strict):
    """`<year>/explanations.yaml`."""

    sections: list[Section]
    """The sections this year has, in order."""

    @model_validator(mode="after")
    def _unique(self) -> Explanations:
        seen: set[str] = set()
        for section in self.sections:
            if section.id in seen:
                raise HintedValueError(f"section '{section.id.value}' appears twice")
            seen.add(section.id)
        return self

    def section(self, section_id: SectionId | str) -> Section | None:
        for section in self.sections:
            if section.id == section_id:
                return section
        return None
