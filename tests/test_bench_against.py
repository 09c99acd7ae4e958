"""The interleaved benchmark (benchmarks/against.py): builds in the order A B B A, each side
from its own tree, ratios per round, outputs compared byte for byte."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from benchmarks.against import (
    Run,
    build_options,
    checkout,
    differing,
    main,
    order,
    own_synthetic,
    report,
)
from benchmarks.bench import ROOT


def test_each_side_runs_first_as_often_as_second() -> None:
    assert order(2) == ["A", "B", "B", "A", "A", "B", "B", "A"]


def test_ratios_per_round_and_their_median() -> None:
    runs = [Run("A", 9, 18), Run("B", 10, 20), Run("B", 12, 24), Run("A", 11, 22),
            Run("A", 20, 30), Run("B", 10, 20), Run("B", 10, 20), Run("A", 20, 30)]
    text = report("abc", runs, [])
    assert "| 1 | 10.0 | 11.0 | 0.909 | 20.0 | 22.0 | 0.909 |" in text
    assert "| 2 | 20.0 | 10.0 | 2.000 | 30.0 | 20.0 | 1.500 |" in text
    assert "Median A / B: wall 1.455, CPU 1.205" in text
    assert "Outputs byte-identical." in text
    assert ("(wall s / CPU s): A 9.0/18.0, B 10.0/20.0, B 12.0/24.0, A 11.0/22.0, "
            "A 20.0/30.0") in text
    assert "differ in 1 files, e.g. x/y.html" in report("abc", runs, ["x/y.html"])
    assert "A would take" not in text


def test_a_time_then_is_scaled_by_the_median_ratio() -> None:
    runs = [Run("A", 2, 4), Run("B", 10, 10), Run("B", 10, 10), Run("A", 2, 4)]
    text = report("abc", runs, None, then=125, how=" as it was built then")
    assert "B: abc as it was built then." in text
    assert "at that hour's speed, A would take 25.0 s (125 s × 0.200)" in text


def _fake_tree(root: Path, usage: str) -> Path:
    (root / "generator").mkdir(parents=True)
    (root / "generator" / "__init__.py").write_text("")
    (root / "generator" / "__main__.py").write_text(f"print({usage!r})\n")
    return root


def test_build_options_are_those_the_tree_knows(tmp_path: Path) -> None:
    assert build_options(ROOT, 3) == ["--clean", "--jobs", "3"]
    old = _fake_tree(tmp_path / "old", "usage: portal build [--content C] [--out O]")
    assert build_options(old, 3) == []
    mid = _fake_tree(tmp_path / "mid", "usage: portal build [--jobs N]")
    assert build_options(mid, 2) == ["--jobs", "2"]


def test_this_checkout_can_run_on_another_interpreter(tmp_path: Path) -> None:
    # A stand-in interpreter whose `build --help` knows only --jobs: the options found
    # are its, so it is the one that ran.
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\necho 'usage: portal build [--jobs N]'\n")
    fake.chmod(0o755)
    assert build_options(ROOT, 2, str(fake)) == ["--jobs", "2"]
    runs = [Run("A", 8, 16), Run("B", 10, 20), Run("B", 10, 20), Run("A", 8, 16)]
    text = report("abc", runs, None, python="/opt/py/bin/python")
    assert text.startswith("A: this checkout run by /opt/py/bin/python; B: abc. Cold builds")
    assert "Median A / B: wall 0.800" in text
    assert "generator ran" not in text
    text = report("abc", runs, None, form="from its sources")
    assert "order A B B A. This checkout's generator ran from its sources.\n" in text


def test_the_report_says_whether_the_generator_ran_compiled(monkeypatch) -> None:
    from benchmarks import bench
    from generator.compiled import PURE

    monkeypatch.setenv(PURE, "1")
    assert bench.generator_form() == "from its sources"
    monkeypatch.delenv(PURE)
    monkeypatch.setattr(bench, "PACKAGE", ROOT / "no-such-package")
    assert bench.generator_form() == "from its sources"  # never compiled


def test_the_report_names_the_compiled_modules_and_any_stale(monkeypatch, tmp_path) -> None:
    import json
    from importlib.machinery import EXTENSION_SUFFIXES

    from benchmarks import bench
    from generator.compiled import PURE, STAMP, digest

    monkeypatch.delenv(PURE, raising=False)
    for name in ("a", "b"):
        (tmp_path / f"{name}.py").write_text(f"{name.upper()} = 1\n", encoding="utf-8")
        (tmp_path / f"{name}{EXTENSION_SUFFIXES[0]}").write_bytes(b"")
    (tmp_path / STAMP).write_text(json.dumps({"modules": {
        p.name: digest(p) for p in tmp_path.glob("*.py")}}), encoding="utf-8")
    monkeypatch.setattr(bench, "PACKAGE", tmp_path)
    assert bench.generator_form() == "compiled (`scripts/compile.py`: 2 modules)"
    (tmp_path / "b.py").write_text("B = 2\n", encoding="utf-8")
    assert bench.generator_form() == ("compiled (`scripts/compile.py`: 2 modules, 1 of them "
                                      "from source, changed since)")


def test_own_synthetic_is_the_trees_own_portal(tmp_path: Path) -> None:
    content = own_synthetic(ROOT, tmp_path / "portal", 4)
    units = sorted(p.name for p in (content / "units").iterdir())
    shipped = sorted(p.name for p in (ROOT / "content" / "units").iterdir())
    assert units == [f"{name}-{i:04d}" for name in shipped for i in range(2)]


def test_differing_finds_changed_added_and_removed_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        (root / "units" / "u").mkdir(parents=True)
        (root / "same.txt").write_bytes(b"1")
    (a / "units" / "u" / "page.html").write_bytes(b"<p>1</p>")
    (b / "units" / "u" / "page.html").write_bytes(b"<p>2</p>")
    (a / "only-a.csv").write_bytes(b"")
    (b / "units" / "only-b.csv").write_bytes(b"")
    assert differing(a, b) == ["only-a.csv", "units/only-b.csv", "units/u/page.html"]
    shutil.copytree(a, tmp_path / "c")
    assert differing(a, tmp_path / "c") == []


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                    reason="needs the repository's history")
def test_a_commit_against_itself_builds_the_same(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    tree = checkout("HEAD", tmp_path / "rev")
    shown = subprocess.run(["git", "-C", str(ROOT), "show", "HEAD:generator/site/render.py"],
                           capture_output=True, check=True).stdout
    assert (tree / "generator" / "site" / "render.py").read_bytes() == shown
    assert not (tree / ".git").exists()
    status = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain"],
                            capture_output=True, text=True, check=True).stdout
    main(["HEAD", "--disclosures", "2", "--jobs", "1", "--rounds", "1", "--same"])
    out = capsys.readouterr().out
    assert "| 1 |" in out and "Median A / B: wall" in out
    # Both sides built the shipped unit: the same when this checkout has no changes
    # to the generator, templates or static files.
    changed = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--",
                              "generator", "templates", "site_src", "locales"],
                             capture_output=True, text=True, check=True).stdout
    if not changed:
        assert "Outputs byte-identical." in out
    # The repository is left as it was (git archive, no worktree).
    assert subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain"],
                          capture_output=True, text=True, check=True).stdout == status
