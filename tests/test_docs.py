"""Documentation is a contract: the publishers' reference is generated from the model and
every field a publisher can write is explained."""

from __future__ import annotations

from pathlib import Path

from generator.cli import docgen
from generator.compute.audit import layoutdoc

ROOT = Path(__file__).resolve().parents[1]


def test_content_format_doc_is_current() -> None:
    doc = (ROOT / "docs" / "content-format.md").read_text(encoding="utf-8")
    assert doc == docgen.generate(), "run: python -m generator.cli.docgen > docs/content-format.md"


def test_every_field_is_explained() -> None:
    undocumented = [line.split("|")[1].strip() for line in docgen.generate().splitlines()
                    if line.startswith("| `") and line.rstrip().endswith("|  |")]
    assert undocumented == []


def test_layout_identities_doc_is_current() -> None:
    doc = (ROOT / "docs" / "layouts.md").read_text(encoding="utf-8")
    table = layoutdoc.generate(layoutdoc.shipped_layouts())
    assert layoutdoc.rewrite(doc, table) == doc, "run: python -m generator.compute.audit.layoutdoc"


def test_layout_identities_follow_the_layouts_kinds() -> None:
    """A layout without a table kind (or section kind) does not imply its identities."""
    layouts = layoutdoc.shipped_layouts()
    rows = {line.split(" | ")[0].lstrip("| "): line.rstrip(" |").split(" | ")[1:]
            for line in layoutdoc.generate(layouts).splitlines()[2:]}
    project = next(cells for said, cells in rows.items()
                   if said.startswith("table `general-budget-project-expenditure`"))
    for layout, cell in zip(layouts, project, strict=True):
        has = any(t.kind == "general-budget-project-expenditure" for t in layout.tables)
        assert (cell != "—") == has, layout.id
        if has:
            number = next(t.number for t in layout.tables
                          if t.kind == "general-budget-project-expenditure")
            assert cell == f"表{number}"
