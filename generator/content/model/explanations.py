"""Part 2, 决算情况说明: the explanatory sections (`<year>/explanations.yaml`), numbered and
titled as published, with their sub-sections; the layout fills what is left out.

Prose is Markdown in `prose/<section-id>.<lang>.md`; the figures each section quotes are
data here, as a tree of items, so that they can be checked, charted and compared.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property

from pydantic import model_validator

from .layout import SectionKind
from .types import Code, Figure, HintedValueError, Slug, Strict, Text


class Listed(StrEnum):
    """How completely an item's sub-items list its parts."""

    ALL = "all"
    """Every part: the sub-items add up to the item."""
    EXAMPLES = "examples"
    """Examples the text gives (主要包括…等): no sum is asserted."""
    SOME = "some"
    """Only some parts are known (an incomplete record): no sum is asserted."""


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
    cite: Slug | None = None
    """Id of the source (meta.yaml `sources`) the item was read from."""
    listed: Listed = Listed.ALL
    """Whether `items` are all the parts (their sum is checked), examples the text gives
    (…等) or only some parts (neither is summed)."""
    items: list[Item] = []
    """Sub-items (款 under 类, 项 under 款, details of a total)."""

    def walk(self) -> list[Item]:
        out = [self]
        for child in self.items:
            out.extend(child.walk())
        return out


class Section(Strict):
    """A section as published; its prose is `prose/<id>.<lang>.md`."""

    id: Slug
    """Stable id: the layout's id for the section when it has one (e.g. `three-official`);
    the anchor `#s-<id>`, the prose file name and the CSV name use it."""
    kind: SectionKind | None = None
    """What the section is about; taken from the layout when left out. The cross-year
    comparison matches sections by kind, not by number."""
    number: str | None = None
    """Its number as published (七, or 一 for the sub-section (一)); taken from the layout
    when left out."""
    title: Text | None = None
    """The title as published, without its number; taken from the layout when left out."""
    cite: Slug | None = None
    """Id of the source (meta.yaml `sources`) the section was read from."""
    items: list[Item] = []
    """The figures the section quotes."""
    sections: list[Section] = []
    """Sub-sections ((一)(二)… under 十、其他重要事项), in order."""

    def walk(self, depth: int = 1) -> list[tuple[Section, int]]:
        out = [(self, depth)]
        for sub in self.sections:
            out.extend(sub.walk(depth + 1))
        return out


class Explanations(Strict):
    """`<year>/explanations.yaml`."""

    sections: list[Section]
    """The sections this year has, in the published order."""

    @model_validator(mode="after")
    def _unique(self) -> Explanations:
        seen: set[str] = set()
        for section, _ in self.walk():
            if section.id in seen:
                raise HintedValueError(f"section '{section.id}' appears twice",
                                       "each section appears once; sub-sections have ids "
                                       "of their own", code="duplicate-id")
            seen.add(section.id)
        return self

    @cached_property
    def walked(self) -> tuple[tuple[Section, int], ...]:
        """`walk()`, made once: the model is frozen (the layout's sections go into a new
        one, `structure.apply_layout`), and a build looks sections up by the thousand."""
        return tuple(pair for section in self.sections for pair in section.walk())

    @cached_property
    def _found(self) -> tuple[dict[object, Section], dict[str, Section]]:
        kinds: dict[object, Section] = {}
        ids: dict[str, Section] = {}
        for section, _ in self.walked:
            kinds.setdefault(section.kind, section)
            ids.setdefault(section.id, section)
        return kinds, ids

    @cached_property
    def located(self) -> tuple[tuple[Section, tuple[str | int, ...]], ...]:
        """`located_sections` of every section, made once (the audit looks items up by
        section, hundreds of times a disclosure)."""
        return tuple(located_sections(self.sections, ("sections",)))

    @cached_property
    def numbers(self) -> dict[str, tuple[int, ...]]:
        """Each section's number path as published (`structure.section_paths`), made once:
        every section's CSV name and link asks."""
        from ..structure import section_paths  # the numbering rules live with the layouts

        return section_paths(self)

    def walk(self) -> list[tuple[Section, int]]:
        """Every section and sub-section with its depth (1 = a section), in order."""
        return list(self.walked)

    def section(self, kind: SectionKind | str) -> Section | None:
        """The first section of this kind (or with this id), at any depth."""
        kinds, ids = self._found
        found = kinds.get(kind)
        return found if found is not None else ids.get(kind)


def located_sections(sections: list[Section], loc: tuple[str | int, ...]
                     ) -> list[tuple[Section, tuple[str | int, ...]]]:
    """Every section and sub-section with its key path in explanations.yaml."""
    out: list[tuple[Section, tuple[str | int, ...]]] = []
    for i, section in enumerate(sections):
        out.append((section, loc + (i,)))
        out.extend(located_sections(section.sections, loc + (i, "sections")))
    return out
