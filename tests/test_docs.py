"""Documentation is a contract: the publishers' reference is generated from the model and
every field a publisher can write is explained."""

from __future__ import annotations

from pathlib import Path

from generator import docgen

ROOT = Path(__file__).resolve().parents[1]


def test_content_format_doc_is_current() -> None:
    doc = (ROOT / "docs" / "content-format.md").read_text(encoding="utf-8")
    assert doc == docgen.generate(), "run: python -m generator.docgen > docs/content-format.md"


def test_every_field_is_explained() -> None:
    undocumented = [line.split("|")[1].strip() for line in docgen.generate().splitlines()
                    if line.startswith("| `") and line.rstrip().endswith("|  |")]
    assert undocumented == []
