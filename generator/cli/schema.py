"""JSON Schemas of the content files, generated from the content model, for editors: with
them VS Code's YAML extension completes keys, shows each key's meaning and marks a wrong
key or value as you type (see docs/guide.en.md, "Editor support").

Run `python -m generator.cli.schema` to rewrite `schema/`; a test checks it is current. The
schemas describe what an editor sees, where YAML has numbers and booleans (`1958.13`,
`true`); `portal check` stays the judge: it reads every scalar as text and checks more
(sums, cross-file references) than a schema can.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from .. import PROJECT
from ..content.model.fielddocs import describe_fields
from ..content.model.tables import _table_number
from ..content.model.types import (
    _PLAIN_DECIMAL,
    _SLUG,
    GAP_KEYS,
    GAP_WORDS,
    Figure,
    Text,
    check_code,
    check_slug,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
)
from .docgen import DOCUMENTS

SCHEMA_DIR = PROJECT / "schema"
"""Committed beside generator/: `portal new` points each file it writes at one of them."""
DRAFT = "https://json-schema.org/draft/2020-12/schema"

_DECIMAL = {"type": ["number", "string"], "pattern": f"^{_PLAIN_DECIMAL.pattern}$",
            "description": "A plain decimal as published (1958.13), no separators."}
_INT = {"type": ["integer", "string"], "pattern": "^[0-9]{1,15}$"}
_FUNCTIONS: dict[Any, dict[str, Any]] = {
    parse_decimal: _DECIMAL,
    parse_int: _INT,
    parse_bool: {"type": "boolean"},
    parse_date: {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                 "description": "A date, YYYY-MM-DD."},
    check_slug: {"type": "string", "pattern": f"^{_SLUG.pattern}$", "maxLength": 80},
    # Quoted as the guide asks ("208"); unquoted digits are read as text too.
    check_code: {"type": ["string", "integer"], "pattern": "^[0-9]{3}([0-9]{2}){0,2}$"},
    _table_number: {"anyOf": [_INT, {"const": "not stated"}]},
}
_GAP_WORDS = sorted(GAP_WORDS)


_PLAIN_TEXT = {"anyOf": [
    {"type": "string", "minLength": 1},
    {"type": "object", "properties": {"zh": {"type": "string", "minLength": 1},
                                      "en": {"type": "string"}},
     "required": ["zh"], "additionalProperties": False}]}
"""A text as written: Chinese, or {zh, en} (inlined: pydantic owns the `$defs` refs)."""


def _gap_mapping(key: str) -> dict[str, Any]:
    return {"type": "object", "properties": {key: _PLAIN_TEXT},
            "required": [key], "additionalProperties": False}


def _text_schema() -> dict[str, Any]:
    return {
        "description": "A text: plain Chinese, {zh: …, en: …}, or `not stated` (the source "
                       "does not give it) / `not transcribed` (still to be entered).",
        "anyOf": [*_PLAIN_TEXT["anyOf"], *(_gap_mapping(key) for key in sorted(GAP_KEYS))]}


def _figure_schema() -> dict[str, Any]:
    text = _PLAIN_TEXT
    return {
        "description": "A figure: a number as published (1958.13), `unknown` / `not stated`, "
                       "`not transcribed`, or {value, computed, source, cite} or "
                       "{unknown: why} / {not_transcribed: why}.",
        "anyOf": [
            _DECIMAL,
            {"enum": ["unknown", *_GAP_WORDS]},
            {"type": "object",
             "properties": {"value": _DECIMAL, "computed": text, "unknown": text,
                            "not_stated": text, "not_transcribed": text, "source": text,
                            "cite": _FUNCTIONS[check_slug]},
             "additionalProperties": False,
             "oneOf": [{"required": ["value"]}, {"required": ["unknown"]},
                       {"required": ["not_stated"]}, {"required": ["not_transcribed"]}]},
        ]}


_SPECIAL: dict[type[BaseModel], Any] = {Text: _text_schema, Figure: _figure_schema}


class _ContentSchema(GenerateJsonSchema):
    """Pydantic's schema, with each field type as a publisher writes it in YAML."""

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema
                               ) -> JsonSchemaValue:
        known = _FUNCTIONS.get(schema["function"]["function"])
        return dict(known) if known is not None else super().function_before_schema(schema)

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        special = _SPECIAL.get(schema["cls"])
        return special() if special is not None else super().model_schema(schema)

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        # An optional key is left out, never written empty.
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])


def file_name(path: str) -> str:
    """`content/units/<slug>/<year>/meta.yaml` -> `meta.schema.json`."""
    stem = path.split()[0].rsplit("/", 1)[-1].removesuffix(".yaml")
    return {"<nn>-<table-id>": "table", "<layout-id>": "layout"}.get(stem, stem) + \
        ".schema.json"


def glob(path: str) -> str:
    """The content files a schema is for, as a glob relative to the project."""
    return path.split()[0].replace("<slug>", "*").replace("<year>", "*") \
        .replace("<nn>-<table-id>", "*").replace("<layout-id>", "*")


def generate() -> dict[str, str]:
    """Every schema file's name and text."""
    describe_fields()
    out = {}
    for path, model in DOCUMENTS:
        schema = model.model_json_schema(schema_generator=_ContentSchema)
        schema = {"$schema": DRAFT, "title": f"{path.split()[0]} ({model.__name__})",
                  **{k: v for k, v in schema.items() if k != "title"}}
        out[file_name(path)] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out


def vscode_settings() -> str:
    """The `yaml.schemas` setting that maps every content file to its schema."""
    mapping = {f"./schema/{file_name(path)}": glob(path) for path, _ in DOCUMENTS}
    return json.dumps({"yaml.schemas": mapping}, indent=2) + "\n"


def write(folder: Path = SCHEMA_DIR) -> list[Path]:
    folder.mkdir(exist_ok=True)
    written = []
    for name, text in generate().items():
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
        written.append(folder / name)
    return written


if __name__ == "__main__":
    for path in write():
        print(f"wrote schema/{path.name}")
    if "--vscode" in sys.argv:
        print(vscode_settings(), end="")
