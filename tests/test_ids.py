"""HTML ids are unique on every page, whatever ids the content chooses (the "HTML ids"
scheme in generator/markup.py), and `portal check` reports a content id that renders bare
and equals a fixed id of its page."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.cli.main import check_content
from generator.content.findings import Finding
from generator.content.validate import TEMPLATES as VALIDATE_TEMPLATES
from generator.content.validate import literal_ids
from generator.site import markup
from generator.site.markup import derived, tooltip_id
from generator.site.render import TEMPLATES
from tests.buildutil import GOLDEN_CONTENT, build, copy_content

YEAR = "units/golden-unit/2024"
TEMPLATE_FILES = sorted(TEMPLATES.glob("*.html"))

# --- the templates ------------------------------------------------------------------------

_ID_ATTR = re.compile(r'(?<![\w-])id="([^"]*)"')


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_fixed_ids_are_outside_every_content_family(path: Path) -> None:
    """A fixed id can equal neither an anchor made from a content id (family prefix) nor a
    derived id (`_`), so those never collide with it."""
    fixed = [v for v in _ID_ATTR.findall(path.read_text(encoding="utf-8"))
             if "{" not in v]
    for ident in fixed:
        assert not ident.startswith(markup.FAMILY_PREFIXES), (path.name, ident)
        assert markup.DERIVED_SEP not in ident, (path.name, ident)
        assert ident, path.name


# An attribute naming an id, made of an expression plus literal text: such an id is glued
# by hand (`{{ tid }}-h`) instead of by the helpers of markup.py.
_GLUED = re.compile(r'(?<![\w-])(?:id|aria-labelledby|aria-describedby|for|data-plot)='
                    r'"(?:[^"{]+\{\{[^"]*|[^"]*\}\}[^"{]+)"|href="#[^"{]+\{\{')


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_templates_make_ids_with_the_helpers(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert _GLUED.findall(source) == []
    assert not re.search(r'~\s*"[-_]|"[a-z]+-"\s*~', source), "ids are glued with ~"


def test_literal_ids_follow_extends_and_includes() -> None:
    assert literal_ids("glossary.html") == {
        "main": "base.html", "glossary-jump-h": "glossary.html",
        "glossary-filter-input": "glossary.html", "glossary-filter-hint": "glossary.html",
        "glossary-list": "glossary.html"}
    assert literal_ids("downloads.html") == {"portal": "downloads.html", "units": "downloads.html",
                                             "main": "base.html"}
    ids = literal_ids("compare.html")  # every comparison page; it includes partials
    assert ids["why"] == "compare.html" and ids["pick"] == "_compare_picker.html"
    assert ids["main"] == "base.html"
    assert VALIDATE_TEMPLATES == TEMPLATES


def test_derived_ids_are_injective() -> None:
    # Before: table `a` + term `b-c` and table `a-b` + term `c` gave the same tooltip id.
    assert tooltip_id("t-a", "b-c") != tooltip_id("t-a-b", "c")
    # Before: note 1 of table `income` was the anchor of table `income-n1`.
    assert derived(markup.table_anchor("income"), "n1") != markup.table_anchor("income-n1")
    assert derived("t-income", "h") == "t-income_h"
    assert derived("s-overall", "tip", "basic-expenditure") == tooltip_id(
        "s-overall", "basic-expenditure")
    # The anchors people link to stay what they were.
    assert (markup.table_anchor("income"), markup.evaluation_anchor("x"),
            markup.section_anchor("overall"), markup.chart_anchor("y"),
            markup.term_anchor("basic-expenditure")) == (
        "t-income", "e-x", "s-overall", "c-y", "basic-expenditure")


# --- portal check -------------------------------------------------------------------------


def _errors(content: Path) -> list[Finding]:
    _, findings = check_content(content)
    return findings.errors


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


def test_glossary_id_equal_to_a_fixed_id_is_reported(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    glossary = content / "glossary.yaml"
    terms = glossary.read_text(encoding="utf-8").count("\n  - id: ")
    glossary.write_text(glossary.read_text(encoding="utf-8")
                        + "  - id: main\n"
                          "    term: {zh: 主要, en: main}\n"
                          "    definition: {zh: 测试。, en: A test.}\n", encoding="utf-8")
    errors = _errors(content)
    assert [(e.file, e.line, e.column, e.key, e.code) for e in errors] == [
        ("content/glossary.yaml", _line_of(glossary, "id: main"), 9, f"terms[{terms}].id",
         "content.id-collision")]
    assert errors[0].message == ("glossary id 'main' renders as HTML id 'main', "
                                 "which templates/base.html also uses")
    assert "rename" in errors[0].hint


def test_unit_slug_equal_to_a_fixed_id_of_the_downloads_page_is_reported(
        tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    (content / "units/portal").mkdir()
    shutil.copy(content / "units/golden-unit/unit.yaml", content / "units/portal/unit.yaml")
    errors = _errors(content)
    assert [(e.file, e.line, e.key, e.code) for e in errors] == [
        ("content/units/portal", 1, "", "content.id-collision")]
    assert errors[0].message == ("unit folder name 'portal' renders as HTML id 'portal', "
                                 "which templates/downloads.html also uses")


def test_golden_content_has_no_id_collision() -> None:
    assert _errors(GOLDEN_CONTENT) == []


# --- built pages --------------------------------------------------------------------------

_IDREF_ATTRS = ("aria-labelledby", "aria-describedby", "for", "data-plot", "headers")


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.append(value)
            elif name in _IDREF_ATTRS:
                self.refs.extend(value.split())
            elif tag == "a" and name == "href" and value.startswith("#") and len(value) > 1:
                self.refs.append(value[1:])


def id_problems(site: Path) -> list[str]:
    """Every id used twice on a page, and every in-page reference (aria-labelledby,
    aria-describedby, for, data-plot, href="#…") to an id the page does not have."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        parser = _Ids()
        parser.feed(page.read_text(encoding="utf-8"))
        rel = page.relative_to(site).as_posix()
        problems += [f"{rel}: id '{i}' used {n} times"
                     for i, n in Counter(parser.ids).items() if n > 1]
        problems += [f"{rel}: no id '{r}' for a reference" for r in parser.refs
                     if r not in parser.ids]
    return problems


def _ids_of(site: Path, rel: str) -> set[str]:
    parser = _Ids()
    parser.feed((site / rel).read_text(encoding="utf-8"))
    return set(parser.ids)


def test_golden_site_ids_are_unique_and_every_reference_resolves(tmp_path: Path) -> None:
    out = tmp_path / "output"
    build(GOLDEN_CONTENT, out)
    assert id_problems(out) == []


def test_hostile_table_and_evaluation_ids_stay_unique(tmp_path: Path) -> None:
    """Table `expenditure-n1` against note 1 of table `expenditure`, evaluation
    `annual-inspection-n1` against note 1 of `annual-inspection`, `…-h` against headings,
    unit `golden-unit-2024` against year 2024 of unit `golden-unit` (downloads page)."""
    content = copy_content(tmp_path)
    tables = content / YEAR / "tables"
    source = (tables / "03-expenditure.yaml").read_text(encoding="utf-8")
    for number, table_id in [(12, "expenditure-n1"), (13, "expenditure-h"),
                             (14, "expenditure-caption")]:
        (tables / f"{number}-{table_id}.yaml").write_text(
            source.replace("id: expenditure\nnumber: 3\n", f"id: {table_id}\nnumber: {number}\n",
                           1), encoding="utf-8")
    performance = content / YEAR / "performance.yaml"
    text = performance.read_text(encoding="utf-8")
    # A note on the first evaluation: a computed figure.
    text = text.replace("total: {initial_budget: 18,",
                        'total: {initial_budget: {value: 18, computed: "10 + 8"},', 1)
    evaluation = text[text.index("  - id: annual-inspection"):]
    text += "".join(evaluation.replace("id: annual-inspection", f"id: {new}", 1)
                    for new in ("annual-inspection-n1", "annual-inspection-h"))
    performance.write_text(text, encoding="utf-8")
    shutil.copytree(content / "units/golden-unit", content / "units/golden-unit-2024")
    for meta in (content / "units/golden-unit-2024").glob("*/meta.yaml"):
        meta.write_text(meta.read_text(encoding="utf-8").replace(
            "unit: golden-unit\n", "unit: golden-unit-2024\n", 1), encoding="utf-8")
    out = tmp_path / "output"
    build(content, out)
    assert id_problems(out) == []
    ids = _ids_of(out, f"en/{YEAR}/index.html")
    # Both ids of each former collision are on the page, now different.
    assert {"t-expenditure_n1", "t-expenditure-n1", "t-expenditure_h", "t-expenditure-h",
            "t-expenditure_caption", "t-expenditure-caption", "e-annual-inspection_n1",
            "e-annual-inspection-n1", "e-annual-inspection_h", "e-annual-inspection-h"} <= ids
    downloads = _ids_of(out, "downloads/index.html")
    assert {"golden-unit-2024", "golden-unit"} <= downloads
    assert "golden-unit_2024" in _ids_of(out, "downloads/units/golden-unit/index.html")
    assert {"golden-unit-2024", "golden-unit-2024_2024"} <= _ids_of(
        out, "downloads/units/golden-unit-2024/index.html")
