"""Validate stage: checks that span files or need the whole content (each document has
already passed its own model). Findings point at the YAML location of the problem."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, nodes

from .. import PROJECT
from ..compute.audit import UnitAudit, audit_unit
from ..compute.audit.report import add_findings
from ..site.markup import term_anchor, unit_downloads_anchor
from .arith import check_disclosure
from .findings import Findings, Severity
from .load import did_you_mean
from .model.content import MAIN_WORK, Content, Disclosure, Unit
from .model.explanations import Item, located_sections
from .model.tables import Classification
from .todo import report_todos
from .yamlload import Doc, key_path


def _at(findings: Findings, doc: Doc, loc: tuple[str | int, ...], code: str, message: str,
        hint: str = "", *, key: bool = False, severity: Severity = Severity.ERROR) -> None:
    line, col = doc.where(loc, key=key)
    findings.add(doc.path, line, col, key_path(loc), code, message, hint, severity)


def _check_identity(d: Disclosure, findings: Findings) -> None:
    doc = d.docs["meta"]
    if d.meta.year != d.year:
        _at(findings, doc, ("year",), "content.year-mismatch",
            f"meta.yaml says year {d.meta.year} but its folder is {d.year}",
            f"set year: {d.year}, or move the files to a folder named {d.meta.year}")
    if d.meta.unit != d.unit:
        _at(findings, doc, ("unit",), "content.unit-mismatch",
            f"meta.yaml says unit '{d.meta.unit}' but its folder is '{d.unit}'",
            f"set unit: {d.unit}")


def _check_glossary_refs(content: Content, d: Disclosure, findings: Findings) -> None:
    ids = [t.id for t in content.glossary.terms]
    for i, ref in enumerate(d.meta.glossary):
        if ref not in ids:
            _at(findings, d.docs["meta"], ("glossary", i), "content.unknown-term",
                f"glossary term '{ref}' does not exist in glossary.yaml",
                did_you_mean(ref, ids))


def _check_items(items: Iterable[Item], doc: Doc, loc: tuple[str | int, ...],
                 findings: Findings) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            _at(findings, doc, loc + (i, "id"), "content.duplicate-id",
                f"item id '{item.id}' is used twice here", "give each item its own id")
        seen.add(item.id)
        _check_items(item.items, doc, loc + (i, "items"), findings)


def _check_tables(d: Disclosure, findings: Findings) -> None:
    numbers: dict[int, str] = {}
    for table in d.tables:
        doc = d.docs[f"table:{table.id}"]
        if table.number is not None and table.number in numbers:
            _at(findings, doc, ("number",), "content.duplicate-table",
                f"table number {table.number} is also used by '{numbers[table.number]}'")
        numbers[table.number] = table.id
        columns = [c.id for c in table.columns]
        for r, row in enumerate(table.rows):
            if row.code is not None:
                if table.classification is Classification.ECONOMIC and len(row.code) > 5:
                    _at(findings, doc, ("rows", r, "code"), "content.code-level",
                        f"economic classification code '{row.code}' has {len(row.code)} digits",
                        "economic codes have 3 (类) or 5 (款) digits")
                if table.classification is Classification.NONE:
                    _at(findings, doc, ("rows", r, "code"), "content.code-level",
                        "this table has no classification, so its rows take no code",
                        "set classification: function or economic, or remove the code")
            for cell in row.cells:
                if cell not in columns:
                    _at(findings, doc, ("rows", r, "cells", cell), "content.unknown-column",
                        f"no column '{cell}' in this table", did_you_mean(cell, columns),
                        key=True)


def _check_evaluations(d: Disclosure, findings: Findings) -> None:
    if d.performance is None:
        return
    seen: set[str] = set()
    for e, evaluation in enumerate(d.performance.evaluations):
        if evaluation.id in seen:
            _at(findings, d.docs["performance"], ("evaluations", e, "id"),
                "content.duplicate-id", f"evaluation id '{evaluation.id}' is used twice",
                "each evaluation needs its own id: it names its anchor and download")
        seen.add(evaluation.id)


# --- ids that render bare --------------------------------------------------------------
# Most content ids render with their family's prefix and cannot equal a fixed id of a
# template (see "HTML ids" in generator/markup.py). Glossary term ids (glossary page) and
# unit slugs (downloads page) render bare, as stable anchors: one of them must not equal an
# id the page's templates write themselves, such as the `<main id="main">` landmark.

TEMPLATES = PROJECT / "templates"
"""The site's templates (render.TEMPLATES; not imported, to keep `portal check` light)."""

_LITERAL_ID = re.compile(r'(?<![\w-])id="([^"{}]*)"')


@cache
def _parsed(templates: Path, name: str) -> nodes.Template:
    env = Environment(loader=FileSystemLoader(templates))
    source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    return env.parse(source, name)


def literal_ids(name: str, templates: Path = TEMPLATES) -> dict[str, str]:
    """The ids written literally (`id="main"`, no `{{ }}`) in template `name` and in every
    template it extends or includes, each with the first template that writes it. Every
    branch counts, and a parent's block the page overrides too: a superset of the page."""
    return dict(_literal_ids(templates, name))


@cache
def _literal_ids(templates: Path, name: str) -> tuple[tuple[str, str], ...]:
    tree = _parsed(templates, name)
    found: dict[str, str] = {}
    for data in tree.find_all(nodes.TemplateData):
        for ident in _LITERAL_ID.findall(data.data):
            found.setdefault(ident, name)
    for node in tree.find_all((nodes.Extends, nodes.Include)):
        target = node.template
        if isinstance(target, nodes.Const) and isinstance(target.value, str):
            for ident, where in _literal_ids(templates, target.value):
                found.setdefault(ident, where)
    return tuple(found.items())


def _bare_collision(ident: str, page: str, what: str, rename: str) -> tuple[str, str] | None:
    """(message, hint) when content id `ident`, rendered bare on template `page`, equals
    one of that page's fixed ids."""
    fixed: Mapping[str, str] = literal_ids(page)
    if ident not in fixed:
        return None
    return (f"{what} '{ident}' renders as HTML id '{ident}', which "
            f"templates/{fixed[ident]} also uses",
            f"{rename}; ids the {page.removesuffix('.html')} page uses itself: "
            f"{', '.join(sorted(fixed))}")


def _check_bare_ids(content: Content, findings: Findings) -> None:
    doc = content.docs["glossary"]
    for i, term in enumerate(content.glossary.terms):
        clash = _bare_collision(term_anchor(term.id), "glossary.html", "glossary id",
                                "rename the term (its id is the anchor of its entry on the "
                                "glossary page) and the references to it in meta.yaml")
        if clash:
            _at(findings, doc, ("terms", i, "id"), "content.id-collision", *clash)


def _check_unit_id(unit: Unit, findings: Findings) -> None:
    for page in ("downloads.html", "unit_downloads.html"):
        clash = _bare_collision(unit_downloads_anchor(unit.slug), page, "unit folder name",
                                "rename the unit folder (and `unit:` in its meta.yaml files)")
        if clash:
            findings.add(unit.folder, 1, 1, "", "content.id-collision", *clash)
            return


def _check_prose(d: Disclosure, findings: Findings) -> None:
    """Every prose file belongs to Part 1 or to a section the year has."""
    ids = [MAIN_WORK] + [s.id for s, _ in d.explanations.walk()] if d.explanations else \
        [MAIN_WORK]
    for prose_id in sorted(d.prose):
        if prose_id not in ids:
            findings.add(d.folder / "prose" / f"{prose_id}.zh.md", 1, 1, "",
                         "content.unknown-section",
                         f"prose '{prose_id}' belongs to no section of this year",
                         did_you_mean(prose_id, ids) + "; or add the section to "
                         "explanations.yaml")


def _check_cites(d: Disclosure, findings: Findings) -> None:
    """Every `cite:` names one of the year's sources."""
    ids = [s.id for s in d.meta.sources]
    for key, doc in d.docs.items():
        if key in ("meta", "unit") or not doc.may_cite:
            continue
        for loc, value in _cites(doc.data, ()):
            if value not in ids:
                _at(findings, doc, loc, "content.unknown-source",
                    f"no source '{value}' in meta.yaml", did_you_mean(value, ids))


def _cites(data: object, loc: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], str]]:
    found: list[tuple[tuple[str | int, ...], str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "cite" and isinstance(value, str):
                found.append((loc + (key,), value))
            else:
                found.extend(_cites(value, loc + (key,)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found.extend(_cites(value, loc + (i,)))
    return found


def validate_portal(content: Content, findings: Findings) -> None:
    """The checks of the portal-wide files (every unit is checked by `validate_unit`)."""
    _check_bare_ids(content, findings)


def validate_unit(content: Content, unit: Unit, findings: Findings) -> UnitAudit | None:
    """Every cross-file check of one unit; `content` gives the portal-wide files. Returns
    the unit's consistency audit (its findings added to `findings`), or None when the
    unit has errors (an audit of broken content would mislead)."""
    _check_unit_id(unit, findings)
    for d in unit.disclosures:
        _check_identity(d, findings)
        _check_glossary_refs(content, d, findings)
        if d.explanations is not None:
            doc = d.docs["explanations"]
            for section, loc in located_sections(d.explanations.sections, ("sections",)):
                _check_items(section.items, doc, loc + ("items",), findings)
        _check_tables(d, findings)
        _check_evaluations(d, findings)
        _check_prose(d, findings)
        _check_cites(d, findings)
        check_disclosure(d, findings)
    report_todos(unit, findings)
    if findings.errors:
        return None
    audit = audit_unit(unit)
    for d in unit.disclosures:
        add_findings(d, audit.year(d.year), findings)
    return audit


def validate(content: Content, findings: Findings) -> None:
    """Run every cross-file check, appending to `findings`."""
    validate_portal(content, findings)
    for unit in content.units:
        validate_unit(content, unit, findings)
