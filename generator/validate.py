"""Validate stage: checks that span files or need the whole content (each document has
already passed its own model). Findings point at the YAML location of the problem."""

from __future__ import annotations

from collections.abc import Iterable

from .arith import check_arithmetic
from .findings import Findings, Severity
from .load import did_you_mean
from .model.content import Content, Disclosure
from .model.explanations import Item
from .model.tables import Classification
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
        if table.number in numbers:
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


def validate(content: Content, findings: Findings) -> None:
    """Run every cross-file check, appending to `findings`."""
    for d in content.disclosures():
        _check_identity(d, findings)
        _check_glossary_refs(content, d, findings)
        if d.explanations is not None:
            doc = d.docs["explanations"]
            for s, section in enumerate(d.explanations.sections):
                _check_items(section.items, doc, ("sections", s, "items"), findings)
        _check_tables(d, findings)
        _check_evaluations(d, findings)
    check_arithmetic(content, findings)
