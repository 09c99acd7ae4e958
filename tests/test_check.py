"""`portal check` on bad input: each case gives one clear finding at the right file and line,
exits 1, and never prints a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli.main import main

FIXTURE = Path(__file__).parent / "fixtures" / "minimal-content"
YEAR = "units/demo-unit/2024"
EXPL = f"{YEAR}/explanations.yaml"
TABLE = f"{YEAR}/tables/05-general-budget-expenditure.yaml"
META = f"{YEAR}/meta.yaml"


@dataclass
class Case:
    name: str
    file: str
    """File to overwrite (relative to the content root)."""
    edit: object
    """New content (str or bytes), or a (old, new) pair replaced in the fixture file."""
    line: int
    code: str
    words: str
    """A fragment the message or hint must contain."""
    at: str | None = None
    """File the finding must name, when it differs from `file`."""


CASES = [
    Case("thousands-separator", EXPL, ("amount: 100.00", "amount: 1,000.00"), 7,
         "model.value_error", "without commas"),
    Case("exponent", EXPL, ("amount: 100.00", "amount: 1e3"), 7,
         "model.value_error", "exponent"),
    Case("nan", EXPL, ("amount: 100.00", "amount: .nan"), 7, "model.value_error", "not a number"),
    Case("not-a-number", EXPL, ("amount: 100.00", "amount: abc"), 7,
         "model.value_error", "not a number"),
    Case("duplicate-key", EXPL, ("amount: 100.00", "amount: 100.00\n        amount: 90.00"), 8,
         "yaml.duplicate-key", "duplicate key 'amount'"),
    Case("misspelt-key", EXPL, ("amount: 40.00", "amout: 40.00"), 11,
         "model.extra_forbidden", "did you mean 'amount'"),
    Case("anchor-alias", EXPL, ("amount: 100.00", "amount: &a 100.00"), 7,
         "yaml.anchor", "anchors"),
    Case("python-tag", EXPL, ("amount: 100.00", "amount: !!python/object:os.system x"), 7,
         "yaml.tag", "tags"),
    Case("tab-indentation", EXPL, ("    title:", "\ttitle:"), 3, "yaml.tab", "tab"),
    Case("empty-file", EXPL, "", 1, "file.empty", "empty"),
    Case("two-documents", EXPL, ("sections:", "a: 1\n---\nsections:"), 2,
         "yaml.multiple-documents", "one document"),
    Case("code-leading-zero", TABLE, ('code: "208"', 'code: "0123"'), 9,
         "model.value_error", "3 digits"),
    Case("code-eight-digits", TABLE, ('code: "208"', 'code: "20801090"'), 9,
         "model.value_error", "7 digits"),
    Case("year-mismatch", META, ("year: 2024", "year: 2023"), 2,
         "content.year-mismatch", "says year 2023"),
    Case("invalid-utf8", EXPL, b"sections:\n  - id: \xd6\xa7\xb3\xf6\n", 2,
         "file.encoding", "UTF-8"),
    Case("nested-lists", EXPL, "sections: " + "[" * 1000 + "]" * 1000 + "\n", 1,
         "yaml.too-deep", "nesting"),
    Case("unknown-glossary-term", META, ("- basic-expenditure", "- basic-expenses"), 8,
         "content.unknown-term", "did you mean 'basic-expenditure'"),
    Case("unknown-source", EXPL, ("amount: 40.00", "amount: {value: 40.00, cite: txt}"), 11,
         "content.unknown-source", "did you mean 'text'"),
    # A key spelt with an escape is still a `cite:` (a file is only skipped when its text
    # can spell no `cite` at all).
    Case("unknown-source-escaped-key", EXPL,
         ("amount: 40.00", 'amount: {value: 40.00, "ci\\x74e": txt}'), 11,
         "content.unknown-source", "did you mean 'text'"),
]


def _content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    return root


def _apply(root: Path, case: Case) -> None:
    path = root / case.file
    if isinstance(case.edit, tuple):
        old, new = case.edit
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture no longer contains {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    elif isinstance(case.edit, bytes):
        path.write_bytes(case.edit)
    else:
        path.write_text(str(case.edit), encoding="utf-8")


def _check_json(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict]]:
    code = main(["check", "--content", str(root), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_fixture_is_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, findings = _check_json(_content(tmp_path), capsys)
    # Only the audit's information (its project figure is unknown: a sum it cannot check).
    assert (code, [f for f in findings if f["severity"] != "info"]) == (0, [])
    assert {(f["code"], f["key"]) for f in findings} == {
        ("audit.unknown", "sections[0].items[0].amount")}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _content(tmp_path)
    _apply(root, case)
    code, findings = _check_json(root, capsys)
    assert code == 1
    errors = [f for f in findings if f["severity"] == "error"]
    assert len(errors) == 1, errors
    (error,) = errors
    assert error["file"] == f"content/{case.at or case.file}"
    assert (error["line"], error["code"]) == (case.line, case.code), error
    assert case.words in error["message"] + " " + error["hint"], error


def test_unit_folder_not_a_slug(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _content(tmp_path)
    (root / "units" / "demo-unit").rename(root / "units" / "Demo Unit")
    code, findings = _check_json(root, capsys)
    assert code == 1
    assert [(f["file"], f["code"]) for f in findings] == [
        ("content/units/Demo Unit", "content.bad-slug")]
    assert "lower-case" in findings[0]["hint"]


def test_all_problems_reported_in_one_run(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = _content(tmp_path)
    for case in (CASES[0], CASES[11], CASES[13]):
        _apply(root, case)
    code, findings = _check_json(root, capsys)
    assert code == 1
    assert sorted(f["code"] for f in findings) == [
        "content.year-mismatch", "model.value_error", "model.value_error"]


def test_text_format_and_no_traceback(tmp_path: Path) -> None:
    root = _content(tmp_path)
    _apply(root, CASES[5])
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(root)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert (f"content/{EXPL}:11:13: sections[0].items[0].items[0].amout: error: "
            "unknown key 'amout'") in result.stderr
    assert "hint: did you mean 'amount'?" in result.stderr
    assert result.stdout.startswith("portal check failed:")


def test_usage_error_exits_2() -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--format", "xml"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2


def test_missing_content_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, findings = _check_json(tmp_path / "nowhere", capsys)
    assert code == 1
    assert findings[0]["code"] == "content.missing"


def test_duplicate_table_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _content(tmp_path)
    table = root / TABLE
    (table.parent / "06-copy.yaml").write_text(
        table.read_text(encoding="utf-8").replace("number: 5", "number: 6"), encoding="utf-8")
    code, findings = _check_json(root, capsys)
    assert code == 1
    assert [(f["file"], f["line"], f["code"]) for f in findings] == [
        (f"content/{YEAR}/tables/06-copy.yaml", 1, "content.duplicate-id")]


def test_duplicate_evaluation_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _content(tmp_path)
    evaluation = """  - id: demo-project
    project: 示例项目
    department: 示例局
    implementing_unit: 示例单位
    funding: {total: {}, appropriation: {}, carry_over: {}, other: {}}
    goal: 目标
    achieved: 完成
    indicators: []
    total_weight: 0
    total_score: 0
"""
    (root / YEAR / "performance.yaml").write_text("evaluations:\n" + evaluation * 2,
                                                  encoding="utf-8")
    code, findings = _check_json(root, capsys)
    assert code == 1
    assert [(f["line"], f["code"], f["key"]) for f in findings] == [
        (12, "content.duplicate-id", "evaluations[1].id")]
