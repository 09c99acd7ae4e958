"""The editors' JSON Schemas (schema/*.json): current with the model, and they accept every
content file the project ships or tests with and mark the common mistakes, as VS Code's
YAML extension would (YAML 1.2: a date is text, a number a number)."""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from generator.cli import schema
from generator.cli.docgen import DOCUMENTS

ROOT = Path(__file__).resolve().parent.parent
CONTENTS = [ROOT / "content", *sorted((ROOT / "tests" / "fixtures").iterdir())]


class _Yaml12(yaml.SafeLoader):
    """PyYAML without its YAML 1.1 dates: what the editor's YAML 1.2 parser reads."""


_Yaml12.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _load(text: str) -> Any:
    return yaml.load(text, Loader=_Yaml12)  # a SafeLoader subclass: no tags, no code


def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((schema.SCHEMA_DIR / name).read_text("utf-8")))


def _schema_for(rel: str) -> str | None:
    for path, _ in DOCUMENTS:
        pattern = schema.glob(path)
        if fnmatch.fnmatchcase(rel, pattern) and rel.count("/") == pattern.count("/"):
            return schema.file_name(path)
    return None


def test_schemas_are_current() -> None:
    expected = schema.generate()
    on_disk = {p.name: p.read_text("utf-8") for p in schema.SCHEMA_DIR.glob("*.json")}
    assert on_disk == expected, "run: python -m generator.cli.schema"
    for text in expected.values():
        Draft202012Validator.check_schema(json.loads(text))


def test_every_content_file_kind_has_a_schema() -> None:
    assert len(schema.generate()) == len(DOCUMENTS)


def test_every_shipped_and_fixture_file_is_valid() -> None:
    checked: dict[str, int] = {}
    for root in CONTENTS:
        for path in sorted(root.rglob("*.yaml")):
            name = _schema_for("content/" + path.relative_to(root).as_posix())
            if name is None:
                continue
            errors = [f"{path}: {list(e.absolute_path)}: {e.message}"
                      for e in _validator(name).iter_errors(_load(path.read_text("utf-8")))]
            assert errors == []
            checked[name] = checked.get(name, 0) + 1
    # Every kind but the optional crosswalk and custom layouts appears in the shipped files.
    assert set(checked) >= {"portal.schema.json", "glossary.schema.json", "unit.schema.json",
                            "meta.schema.json", "overview.schema.json", "table.schema.json",
                            "explanations.schema.json", "performance.schema.json"}


META = """unit: demo-unit
year: 2024
title: 2024年度决算公开
sources:
  - id: text
    title: {zh: 决算公开, en: Disclosure}
"""


@pytest.mark.parametrize(("edit", "where"), [
    (("title:", "titel:"), []),
    (("year: 2024", "year: 二〇二四"), ["year"]),
    (("unit: demo-unit", "unit: Demo Unit"), ["unit"]),
    (("id: text", "id: text\n    format: paper"), ["sources", 0, "format"]),
    (("en: Disclosure", "fr: Publication"), ["sources", 0, "title"]),
])
def test_meta_mistakes_are_marked(edit: tuple[str, str], where: list[object]) -> None:
    validator = _validator("meta.schema.json")
    assert list(validator.iter_errors(_load(META))) == []
    errors = list(validator.iter_errors(_load(META.replace(*edit, 1))))
    assert {tuple(e.absolute_path) for e in errors} == {tuple(where)}


@pytest.mark.parametrize(("amount", "valid"), [
    ("1958.13", True), ('"7.80"', True), ("unknown", True), ("not transcribed", True),
    ("{value: 1.5, computed: 1 + 0.5}", True), ("{not_transcribed: 见附表}", True),
    ("1,958.13", False), ("1e3", False), ("{value: 1, unknown: x}", False),
    ("{valeu: 1}", False), ("lots", False),
])
def test_figures(amount: str, valid: bool) -> None:
    doc = f"sections:\n  - id: overall\n    items:\n      - id: total\n        label: 总计\n" \
          f"        amount: {amount}\n"
    errors = list(_validator("explanations.schema.json").iter_errors(_load(doc)))
    assert (errors == []) is valid, [e.message for e in errors]


def test_vscode_mapping_in_the_guides_is_current() -> None:
    settings = schema.vscode_settings()
    for guide in ("guide.en.md", "guide.zh.md"):
        assert settings in (ROOT / "docs" / guide).read_text("utf-8"), \
            f"docs/{guide}: paste `python -m generator.cli.schema --vscode`'s settings"
