"""Generate docs/content-format.md from the content model, so that the publishers'
reference can never drift from what `portal check` accepts.

Run `python -m generator.cli.docgen > docs/content-format.md`; a test checks it is current.
"""

from __future__ import annotations

import enum
import types
import typing
from typing import Any

from pydantic import BaseModel

from ..content.model.crosswalk import Crosswalk
from ..content.model.explanations import Explanations
from ..content.model.fielddocs import describe_fields
from ..content.model.layout import Layout
from ..content.model.performance import Performance
from ..content.model.portal import Glossary, PortalSettings
from ..content.model.tables import Table
from ..content.model.types import Figure, Text
from ..content.model.unit import Meta, Overview, UnitProfile

DOCUMENTS: list[tuple[str, type[BaseModel]]] = [
    ("content/portal.yaml", PortalSettings),
    ("content/glossary.yaml", Glossary),
    ("content/crosswalk.yaml (optional)", Crosswalk),
    ("content/units/<slug>/unit.yaml", UnitProfile),
    ("content/units/<slug>/<year>/meta.yaml", Meta),
    ("content/units/<slug>/<year>/overview.yaml", Overview),
    ("content/units/<slug>/<year>/explanations.yaml", Explanations),
    ("content/units/<slug>/<year>/tables/<nn>-<table-id>.yaml", Table),
    ("content/units/<slug>/<year>/performance.yaml", Performance),
    ("content/layouts/<layout-id>.yaml (optional; see docs/layouts.md)", Layout),
]

_VALIDATOR_NAMES = {
    "parse_decimal": "number",
    "parse_int": "whole number",
    "parse_bool": "true or false",
    "parse_date": "date (YYYY-MM-DD)",
    "check_slug": "slug",
    "check_code": "code (3, 5 or 7 digits)",
}


def type_name(tp: Any, seen: list[type[BaseModel]]) -> str:
    """A publisher-readable name for a field type; models met are appended to `seen`."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        for meta in typing.get_args(tp)[1:]:
            func = getattr(meta, "func", None)
            if func is not None and func.__name__ in _VALIDATOR_NAMES:
                return _VALIDATOR_NAMES[func.__name__]
        return type_name(typing.get_args(tp)[0], seen)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(type_name(a, seen) for a in typing.get_args(tp) if a is not type(None))
    if origin is list:
        return f"list of {type_name(typing.get_args(tp)[0], seen)}"
    if origin is dict:
        key, value = typing.get_args(tp)
        return f"mapping of {type_name(key, seen)} to {type_name(value, seen)}"
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in typing.get_args(tp))
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "one of " + ", ".join(f"`{m.value}`" for m in tp)
    if tp is Text:
        return "text"
    if tp is Figure:
        return "figure"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        if tp not in seen:
            seen.append(tp)
        return f"[{tp.__name__}](#{tp.__name__.lower()})"
    return getattr(tp, "__name__", str(tp))


def _model_section(model: type[BaseModel], seen: list[type[BaseModel]]) -> list[str]:
    lines = [f"### {model.__name__}", "", (model.__doc__ or "").strip().split("\n\n")[0], "",
             "| key | type | required | meaning |", "|---|---|---|---|"]
    for name, field in model.model_fields.items():
        required = "yes" if field.is_required() else "no"
        meaning = " ".join((field.description or "").split())
        annotation = field.annotation
        if field.metadata:  # pydantic moves a top-level Annotated's validators here
            annotation = typing.Annotated[annotation, *field.metadata]
        lines.append(f"| `{name}` | {type_name(annotation, seen)} | {required} | {meaning} |")
    return [*lines, ""]


INTRO = """# Content format

Generated from the content model by `python -m generator.cli.docgen`: do not edit by hand.

Every scalar is read as the text you wrote; the model decides what it means. Numbers are
plain decimals (`1958.13`: no thousands separators, no exponents); codes are text (quote
them: `"2080109"`). A **text** is a plain Chinese string or `{zh: …, en: …}` (Chinese
required), or `not stated` / `{not_stated: why}` when the source omits it, `not transcribed`
when it is not entered yet. A **figure** is a stated number (`1958.13`, kept as written:
7.8 stays 7.8), `unknown` (or `not stated`), `not transcribed`, or a mapping with `value`
and optionally `computed` (how it was computed), `source` (the sentence it was read from),
`cite` (which of the disclosure's sources), or `unknown` / `not_transcribed` (why) instead
of `value`. Unknown is never zero. Amounts are in 万元 unless a `unit` says otherwise.
`portal check` lists every `not transcribed` as "to do" (never an error) until it is filled.
Layouts, numbering and gaps: [layouts.md](layouts.md). Editors: the JSON Schemas in
`schema/` (see the guide, docs/guide.en.md).
"""


def generate() -> str:
    describe_fields()
    out = [INTRO]
    seen: list[type[BaseModel]] = [Text, Figure]
    for path, model in DOCUMENTS:
        out += [f"## `{path}`", ""]
        out += _model_section(model, seen)
    out += ["## Parts", ""]
    done = {Text, Figure} | {m for _, m in DOCUMENTS}
    index = 0
    while index < len(seen):
        model = seen[index]
        index += 1
        if model not in done:
            done.add(model)
            out += _model_section(model, seen)
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    print(generate(), end="")
