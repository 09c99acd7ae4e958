"""Layouts applied: each disclosure gets its parts, sections and tables numbered and
titled as published.

The shipped layouts (`generator/layouts/`) and the portal's own (`content/layouts/`) are
loaded once. For each disclosure, what its files leave out (a section's kind, number or
title, a table's number, title or kind) is filled in from its layout; what they say wins.
"""

from __future__ import annotations

from ..site.formatting import numeral_value
from .findings import Findings
from .model.content import Disclosure
from .model.explanations import Explanations, Section
from .model.layout import Layout, SectionKind
from .model.tables import Table
from .yamlload import Doc, key_path


def _fill_section(section: Section, layout: Layout, doc: Doc | None,
                  loc: tuple[str | int, ...], findings: Findings) -> Section:
    known = layout.section(section.id)
    subs = [_fill_section(sub, layout, doc, loc + ("sections", i), findings)
            for i, sub in enumerate(section.sections)]
    update: dict[str, object] = {"sections": subs}
    if section.kind is None:
        update["kind"] = known.kind if known else SectionKind.OTHER
    if section.number is None and known is not None:
        update["number"] = known.number
    if section.title is None:
        if known is not None:
            update["title"] = known.title
        elif doc is not None:
            line, col = doc.where(loc)
            findings.add(doc.path, line, col, key_path(loc), "content.section-title",
                         f"section '{section.id}' has no title, and layout '{layout.id}' has "
                         "no section of that id",
                         "write its title as published (title: …), or use the layout's id "
                         f"for it: {', '.join(s.id for s in layout.sections)}")
    return section.model_copy(update=update)


def _fill_table(table: Table, layout: Layout, doc: Doc | None, findings: Findings) -> Table:
    known = layout.table(table.id)
    update: dict[str, object] = {}
    if table.kind is None and known is not None:
        update["kind"] = known.kind
    if table.number is None and "number" not in table.model_fields_set and known is not None:
        update["number"] = known.number
    if table.title is None:
        if known is not None:
            update["title"] = known.title
        elif doc is not None:
            line, col = doc.where(("id",))
            findings.add(doc.path, line, col, "id", "content.table-title",
                         f"table '{table.id}' has no title, and layout '{layout.id}' has no "
                         "table of that id",
                         "write its title as published (title: …), or use the layout's id: "
                         f"{', '.join(t.id for t in layout.tables) or '(none)'}")
    return table.model_copy(update=update) if update else table


def apply_layout(d: Disclosure, layouts: dict[str, Layout], default: str | None,
                 findings: Findings) -> None:
    """Give `d` its layout and fill what its files leave out; findings say what cannot be
    filled."""
    meta_doc = d.docs.get("meta")
    name = d.meta.layout or default
    layout = layouts.get(name) if name else None
    if layout is None:
        if meta_doc is not None:
            line, col = meta_doc.where(("layout",)) if d.meta.layout else meta_doc.where(())
            choices = ", ".join(sorted(layouts))
            message = (f"no layout '{name}'" if name else
                       "no layout named (in meta.yaml or portal.yaml)")
            findings.add(meta_doc.path, line, col, "layout", "content.unknown-layout", message,
                         f"name one of: {choices}; or define it in content/layouts/")
        return
    d.layout = layout
    if d.explanations is not None:
        doc = d.docs.get("explanations")
        sections = [_fill_section(s, layout, doc, ("sections", i), findings)
                    for i, s in enumerate(d.explanations.sections)]
        d.explanations = Explanations.model_construct(sections=sections)
    d.tables = [_fill_table(t, layout, d.docs.get(f"table:{t.id}"), findings)
                for t in d.tables]
    d.tables.sort(key=lambda t: (t.number is None, t.number or 0))


def section_paths(explanations: Explanations | None) -> dict[str, tuple[int, ...]]:
    """Each section's number path as published (八 -> (8,), (一) under 十 -> (10, 1)); a
    section without a readable number takes its position."""
    out: dict[str, tuple[int, ...]] = {}

    def visit(sections: list[Section], prefix: tuple[int, ...]) -> None:
        for i, section in enumerate(sections, 1):
            path = (*prefix, numeral_value(section.number) or i)
            out[section.id] = path
            visit(section.sections, path)

    visit(explanations.sections if explanations else [], ())
    return out
