"""To-do findings: every placeholder still to be filled in (`not transcribed`, as
`portal new` writes them), located, so that `portal check` lists what is left to enter.

A placeholder is not an error: a scaffolded or half-entered disclosure checks and builds
(its pages say 尚未录入 / not yet transcribed), but each one stays on the list until filled.
`not stated` is a final answer (the source does not give it) and is never a to-do.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from .findings import Findings, Severity
from .model.content import Disclosure, Unit
from .model.types import Figure, Gap, Text, field_names
from .yamlload import Doc, key_path

Loc = tuple[str | int, ...]
PLACEHOLDER = "not transcribed"
"""What `portal new` writes where a text or figure is still to be entered (a Chinese prose
file holding only this is a placeholder too: see `load.prose_text`)."""
HINT = ("replace `not transcribed` with the text or figure as the source gives it "
        "(`not stated` when the source does not give it)")


def placeholders(value: object, loc: Loc = ()) -> Iterator[Loc]:
    """The key path of every `not transcribed` text or figure in a validated document."""
    if isinstance(value, Text):
        if value.gap is Gap.NOT_TRANSCRIBED:
            yield loc
    elif isinstance(value, Figure):
        if value.not_transcribed is not None:
            yield loc
    elif isinstance(value, BaseModel):
        for name in field_names(type(value)):
            yield from placeholders(getattr(value, name, None), (*loc, name))
    elif isinstance(value, list | tuple):
        for i, child in enumerate(value):
            yield from placeholders(child, (*loc, i))
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from placeholders(child, (*loc, key))


def _report(findings: Findings, doc: Doc, model: object) -> None:
    if not doc.may_hold_todo:
        return
    for loc in placeholders(model):
        line, col = doc.where(loc)
        findings.add(doc.path, line, col, key_path(loc), "todo.not-transcribed",
                     "not entered yet", HINT, Severity.TODO)


def _prose_file(folder: Path, prose_id: str, findings: Findings) -> None:
    findings.add(folder / "prose" / f"{prose_id}.zh.md", 1, 1, "", "todo.not-transcribed",
                 "this text is not entered yet",
                 "replace `not transcribed` with the text as published (Markdown)",
                 Severity.TODO)


def report_todos(unit: Unit, findings: Findings) -> None:
    """A to-do finding for each placeholder of the unit's files."""
    unit_doc = next((d.docs["unit"] for d in unit.disclosures if "unit" in d.docs), None)
    if unit_doc is not None:
        _report(findings, unit_doc, unit.profile)
    for d in unit.disclosures:
        _disclosure_todos(d, findings)


def _disclosure_todos(d: Disclosure, findings: Findings) -> None:
    parts: list[tuple[str, object]] = [
        ("meta", d.meta), ("overview", d.overview), ("explanations", d.explanations),
        ("performance", d.performance), *((f"table:{t.id}", t) for t in d.tables)]
    for key, model in parts:
        doc = d.docs.get(key)
        if doc is not None and model is not None:
            _report(findings, doc, model)
    for prose_id, text in sorted(d.prose.items()):
        if text.gap is Gap.NOT_TRANSCRIBED:
            _prose_file(d.folder, prose_id, findings)
