"""`portal new unit` and `portal new year`: the files check with nothing but to-dos (one per
placeholder), build, point the editor at their schema, go quiet once filled, and never
overwrite anything."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.content.check import check_portal
from generator.content.findings import Severity

ROOT = Path(__file__).resolve().parent.parent
SLUG = "new-unit"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(ROOT / "content", root)
    return root


def _new(content: Path, *args: str) -> int:
    return main(["new", *args, "--content", str(content)])


def _placeholders(folder: Path) -> int:
    """How many `not transcribed` values the files under `folder` hold (comments aside)."""
    count = 0
    for path in folder.rglob("*"):
        if path.suffix == ".yaml":
            for line in path.read_text("utf-8").splitlines():
                count += "not transcribed" in line.split("#", 1)[0]
        elif path.suffix == ".md":
            count += path.read_text("utf-8").strip() == "not transcribed"
    return count


@pytest.mark.parametrize("layout", ["unit-14-sections", "department-9-tables",
                                    "county-10-sections"])
def test_a_new_unit_and_year_check_with_only_todos_and_build(content: Path, layout: str,
                                                             tmp_path: Path) -> None:
    assert _new(content, "unit", SLUG) == 0
    assert _new(content, "year", SLUG, "2024", "--layout", layout) == 0
    folder = content / "units" / SLUG
    result = check_portal(content)
    findings = result.findings
    # The real unit beside it has one real inconsistency in its source (test_audit_real.py).
    flagged = [f for f in findings.errors + findings.warnings if "new-unit" in f.file]
    assert flagged == [] and not findings.errors, findings.format_text()
    todos = [f for f in findings.items if f.file.startswith(f"content/units/{SLUG}/")]
    assert {(f.severity, f.code) for f in todos} == {(Severity.TODO, "todo.not-transcribed")}
    assert len(todos) == _placeholders(folder) > 0
    prose = {f.file for f in todos if f.file.endswith(".md")}
    assert f"content/units/{SLUG}/2024/prose/main-work.zh.md" in prose
    # Every section of the layout has its placeholder prose, sub-sections included.
    sections = re.findall(r"- id: ([a-z0-9-]+)", (folder / "2024" / "explanations.yaml")
                          .read_text("utf-8"))
    assert {f"content/units/{SLUG}/2024/prose/{s}.zh.md" for s in sections} <= prose
    out = tmp_path / "out"
    assert main(["build", "--content", str(content), "--out", str(out), "-j", "1"]) == 0
    page = (out / "units" / SLUG / "2024" / "index.html").read_text("utf-8")
    assert "尚未录入" in page


def test_filled_in_the_todos_are_gone(content: Path) -> None:
    assert _new(content, "unit", SLUG, "--name", "某某单位") == 0
    assert _new(content, "year", SLUG, "2023") == 0
    folder = content / "units" / SLUG
    for path in folder.rglob("*"):
        if path.suffix == ".yaml":
            path.write_text(path.read_text("utf-8").replace("not transcribed", "某某"), "utf-8")
        elif path.suffix == ".md":
            path.write_text("本单位主要职责是……\n", "utf-8")
    findings = check_portal(content).findings
    assert [f for f in findings.items if SLUG in f.file] == []
    assert 'name: "某某单位"' in (folder / "unit.yaml").read_text("utf-8")


def test_each_yaml_file_names_its_schema(content: Path) -> None:
    assert _new(content, "unit", SLUG) == 0
    assert _new(content, "year", SLUG, "2024") == 0
    files = sorted((content / "units" / SLUG).rglob("*.yaml"))
    assert len(files) == 4
    for path in files:
        first = path.read_text("utf-8").splitlines()[0]
        ref = first.removeprefix("# yaml-language-server: $schema=")
        assert ref != first
        schema = (path.parent / ref).resolve()
        assert schema.is_file(), first
        name = "table" if path.parent.name == "tables" else path.stem
        assert schema.name == f"{name}.schema.json"


def test_nothing_is_overwritten(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unit_yaml = content / "units" / SLUG / "unit.yaml"
    assert _new(content, "unit", SLUG) == 0
    unit_yaml.write_text("name: 已填写\nsupervising_department: 某局\nnature: 行政单位\n", "utf-8")
    assert _new(content, "unit", SLUG) == 1
    assert "already there" in capsys.readouterr().err
    assert unit_yaml.read_text("utf-8").startswith("name: 已填写")
    # A year with one file already there: none of the others is written either.
    meta = content / "units" / SLUG / "2024" / "meta.yaml"
    meta.parent.mkdir()
    meta.write_text("kept\n", "utf-8")
    assert _new(content, "year", SLUG, "2024") == 1
    assert sorted(p.name for p in meta.parent.iterdir()) == ["meta.yaml"]
    assert meta.read_text("utf-8") == "kept\n"
    # The shipped unit is refused too.
    before = (content / "units" / "wuhai-social-insurance-center" / "unit.yaml").read_bytes()
    assert _new(content, "unit", "wuhai-social-insurance-center") == 1
    assert (content / "units" / "wuhai-social-insurance-center" / "unit.yaml").read_bytes() \
        == before


@pytest.mark.parametrize(("args", "words"), [
    (["year", "no-such-unit", "2024"], "portal new unit no-such-unit"),
    (["year", SLUG, "2024", "--layout", "nope"], "no layout 'nope'"),
])
def test_refusals_say_why(content: Path, capsys: pytest.CaptureFixture[str],
                          args: list[str], words: str) -> None:
    assert _new(content, "unit", SLUG) == 0
    capsys.readouterr()
    assert _new(content, *args) == 1
    assert words in capsys.readouterr().err


@pytest.mark.parametrize("args", [["unit", "Bad Slug"], ["year", SLUG, "24"],
                                  ["year", SLUG, "２０２４"]])
def test_bad_arguments_are_usage_errors(content: Path, args: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        _new(content, *args)
    assert exit_.value.code == 2


def test_a_placeholder_spelled_with_escapes_is_still_a_todo(content: Path) -> None:
    """The to-do walk skips a file whose text cannot spell a placeholder; YAML escapes can
    spell one without the word in the text, so a file with an escape is walked."""
    assert _new(content, "unit", SLUG) == 0
    assert _new(content, "year", SLUG, "2024") == 0

    def todos() -> list[tuple[str, str]]:
        found = check_portal(content).findings.items
        return sorted((f.file, f.key) for f in found
                      if f.code == "todo.not-transcribed" and f.file.endswith(".yaml"))

    before = todos()
    path = content / "units" / SLUG / "2024" / "meta.yaml"
    lines = [line for line in path.read_text("utf-8").splitlines()
             if not line.lstrip().startswith("#")]
    spelled = "\n".join(lines).replace(": not transcribed", r': "not\x20tr\x61nscribed"')
    assert "transcribed" not in spelled and r"\x61" in spelled
    path.write_text(spelled + "\n", "utf-8")
    assert todos() == before and any(file.endswith("meta.yaml") for file, _ in before)
