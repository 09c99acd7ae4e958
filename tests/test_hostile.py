"""Hostile content: whatever a content author puts under content/, `portal check` and
`portal build` answer with a located finding (or one clear line), never a traceback, never
hang, never read or publish a byte from outside content/, and a failed build leaves the
previous output as it was.

Each case edits a copy of the minimal fixture, then runs check and build in-process (an
uncaught exception would fail the test; the CLI's last-resort handler exits 70, which the
cases reject too). A few cases also run as a subprocess, to see exactly what a terminal
would get.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli.main import main

FIXTURE = Path(__file__).parent / "fixtures" / "minimal-content"
YEAR = "units/demo-unit/2024"
META = f"{YEAR}/meta.yaml"
EXPL = f"{YEAR}/explanations.yaml"
TABLE = f"{YEAR}/tables/05-general-budget-expenditure.yaml"
PROSE = f"{YEAR}/prose/main-work.zh.md"
SECRET = "OUTSIDE-CONTENT-SECRET-7f3a9c"
"""Written into every file outside content/ that a case points at."""


@dataclass
class Env:
    root: Path
    """The content folder (a copy of the fixture)."""
    outside: Path
    """A folder beside content/ holding SECRET, in a file and in a copy of a unit."""


Edit = Callable[[Env], None]


def _replace(rel: str, old: str, new: str) -> Edit:
    def edit(env: Env) -> None:
        path = env.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def _write(rel: str, data: str | bytes) -> Edit:
    def edit(env: Env) -> None:
        path = env.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            path.unlink()
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return edit


def _link(rel: str, target: Callable[[Env], Path | str]) -> Edit:
    def edit(env: Env) -> None:
        path = env.root / rel
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target(env))
    return edit


def _as_dir(rel: str) -> Edit:
    def edit(env: Env) -> None:
        (env.root / rel).unlink()
        (env.root / rel).mkdir()
    return edit


def _fifo(rel: str) -> Edit:
    def edit(env: Env) -> None:
        path = env.root / rel
        if path.exists():
            path.unlink()
        os.mkfifo(path)
    return edit


def _copy_year(name: str) -> Edit:
    def edit(env: Env) -> None:
        shutil.copytree(env.root / YEAR, env.root / "units/demo-unit" / name)
    return edit


@dataclass
class Case:
    name: str
    edit: Edit
    file: str
    """Where the finding must point (relative to content/)."""
    line: int
    column: int
    code: str
    words: str = ""
    """A fragment the message or hint must contain."""


CASES = [
    # --- content is a closed world ---------------------------------------------------
    Case("symlink-out-file", _link(f"{YEAR}/prose/main-work.en.md",
                                   lambda e: e.outside / "secret.md"),
         f"{YEAR}/prose/main-work.en.md", 1, 1, "content.link-outside", "outside"),
    Case("symlink-out-etc-passwd", _link(EXPL, lambda e: "/etc/passwd"),
         EXPL, 1, 1, "content.link-outside", "outside"),
    Case("symlink-out-dev-zero", _link(f"{YEAR}/prose/main-work.en.md", lambda e: "/dev/zero"),
         f"{YEAR}/prose/main-work.en.md", 1, 1, "content.link-outside", "outside"),
    Case("symlink-out-unit-folder", _link("units/evil-unit", lambda e: e.outside / "evil-unit"),
         "units/evil-unit", 1, 1, "content.link-outside", "outside"),
    Case("symlink-out-units", _link("units", lambda e: e.outside / "units"),
         "units", 1, 1, "content.link-outside", "outside"),
    Case("symlink-out-through-dotdot",
         _link(f"{YEAR}/tables/06-x.yaml", lambda e: "../../../../../outside/secret.yaml"),
         f"{YEAR}/tables/06-x.yaml", 1, 1, "content.link-outside", "outside"),
    Case("directory-as-file", _as_dir(META), META, 1, 1, "content.not-a-file", "folder"),
    Case("dangling-link", _link(EXPL, lambda e: "no-such-file.yaml"),
         EXPL, 1, 1, "content.dangling-link", "nothing"),
    Case("link-loop", _link(EXPL, lambda e: "explanations.yaml"),
         EXPL, 1, 1, "content.link-loop", "loop"),
    Case("fifo-yaml", _fifo(EXPL), EXPL, 1, 1, "content.not-a-file", "named pipe"),
    Case("fifo-prose", _fifo(PROSE), PROSE, 1, 1, "content.not-a-file", "named pipe"),
    Case("oversize-yaml", _write(EXPL, "sections: []\n" + "#" * 1_100_000 + "\n"),
         EXPL, 1, 1, "file.too-large", "limit"),
    # --- numbers are bounded ----------------------------------------------------------
    Case("40-digit-table-cell", _replace(TABLE, "total: 100.00", "total: " + "9" * 40),
         TABLE, 12, 14, "model.number-too-long", "at most 15 digits"),
    Case("30-digit-amount", _replace(EXPL, "amount: 100.00", "amount: " + "1" * 30),
         EXPL, 7, 17, "model.number-too-long", "15 digits"),
    Case("5000-digit-share", _replace(EXPL, "share: 40.00", "share: 0." + "4" * 5000),
         EXPL, 12, 20, "model.number-too-long", "6 after"),
    Case("huge-exponent", _replace(EXPL, "amount: 100.00", "amount: 1e999999999"),
         EXPL, 7, 17, "model.value_error", "exponent"),
    # --- ASCII digits only ------------------------------------------------------------
    Case("fullwidth-year-folder", _copy_year("20２３"), "units/demo-unit/20２３", 1, 1,
         "content.bad-year", "U+FF12 FULLWIDTH DIGIT TWO"),
    Case("arabic-indic-year-folder", _copy_year("20٢٤"), "units/demo-unit/20٢٤", 1, 1,
         "content.bad-year", "U+0662 ARABIC-INDIC DIGIT TWO"),
    Case("devanagari-year-folder", _copy_year("२०२३"), "units/demo-unit/२०२३", 1, 1,
         "content.bad-year", "DEVANAGARI DIGIT TWO"),
    Case("fullwidth-figure", _replace(EXPL, "amount: 100.00", "amount: １００.００"),
         EXPL, 7, 17, "model.non-ascii-digit", "U+FF11 FULLWIDTH DIGIT ONE"),
    Case("math-bold-figure", _replace(EXPL, "amount: 100.00", "amount: 𝟏00.00"),
         EXPL, 7, 17, "model.non-ascii-digit", "MATHEMATICAL BOLD DIGIT ONE"),
    Case("fullwidth-code", _replace(TABLE, 'code: "208"', 'code: "２０８"'),
         TABLE, 9, 11, "model.non-ascii-digit", "U+FF12"),
    Case("fullwidth-year", _replace(META, "year: 2024", "year: ２０２４"),
         META, 2, 7, "model.non-ascii-digit", "type digits 0-9"),
    # --- control characters are refused at load ---------------------------------------
    Case("escape-in-text", _replace(META, "    title: {zh: 示例来源",
                                    '    title: {zh: "示例\\e[31m来源"'),
         META, 6, 17, "text.control-char", "U+001B (ESCAPE)"),
    Case("nul-in-text", _replace(META, "    title: {zh: 示例来源",
                                 '    title: {zh: "示例\\0来源"'),
         META, 6, 17, "text.control-char", "U+0000 (NUL)"),
    Case("bell-in-key", _replace(EXPL, "amount: 40.00", '"amo\\aunt": 40.00'),
         EXPL, 11, 13, "text.control-char", "in a key"),
    Case("bidi-override-in-text", _replace(META, "    title: {zh: 示例来源",
                                           '    title: {zh: "示例\\u202e来源"'),
         META, 6, 17, "text.control-char", "RIGHT-TO-LEFT OVERRIDE"),
    # Written as the character itself, not an escape (the loader scans such a file's
    # every scalar; in a file without one, only double-quoted scalars).
    Case("raw-bidi-override-in-plain-text",
         _replace(META, "    title: {zh: 示例来源", "    title: {zh: 示例\u202e来源"),
         META, 6, 17, "text.control-char", "RIGHT-TO-LEFT OVERRIDE"),
    Case("raw-bidi-isolate-in-plain-key",
         _replace(EXPL, "amount: 40.00", "amo\u2067unt: 40.00"),
         EXPL, 11, 13, "text.control-char", "in a key"),
    Case("escape-in-markdown", _write(PROSE, "第一行\n第二行\x1b[2J清屏\n"),
         PROSE, 2, 4, "text.control-char", "U+001B"),
    # --- findings point at the offending line -----------------------------------------
    Case("duplicate-glossary-id",
         _replace("glossary.yaml", "terms:\n",
                  "terms:\n  - id: basic-expenditure\n    term: 基本支出\n    definition: 重复\n"),
         "glossary.yaml", 5, 9, "model.duplicate-id", "used twice"),
    Case("default-language-not-listed",
         _replace("portal.yaml", "languages: [zh, en]\ndefault_language: zh",
                  "languages: [zh]\ndefault_language: en"),
         "portal.yaml", 4, 19, "model.value_error", "add en to languages"),
    Case("language-listed-twice", _replace("portal.yaml", "languages: [zh, en]",
                                           "languages: [zh, en, zh]"),
         "portal.yaml", 3, 21, "model.value_error", "listed twice"),
]


def _tree(root: Path) -> dict[str, str]:
    """Every file under `root` by relative path, with its digest."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the untouched fixture: each case starts from a copy of it."""
    out = tmp_path_factory.mktemp("previous") / "output"
    assert main(["build", "--content", str(FIXTURE), "--out", str(out)]) == 0
    return out


def _env(tmp_path: Path) -> Env:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(f"# {SECRET}\n", encoding="utf-8")
    (outside / "secret.yaml").write_text(f"sections: []\n# {SECRET}\n", encoding="utf-8")
    shutil.copytree(FIXTURE / "units", outside / "units")
    shutil.copytree(FIXTURE / "units/demo-unit", outside / "evil-unit")
    (outside / "evil-unit/unit.yaml").write_text(
        f"name: {SECRET}\nsupervising_department: x\nnature: x\n", encoding="utf-8")
    return Env(root, outside)


def _findings(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[int, str]:
    code = main(["check", "--content", str(root)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_content_is_a_located_error(case: Case, tmp_path: Path, previous_output: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    env = _env(tmp_path)
    case.edit(env)
    started = time.perf_counter()
    code, output = _findings(capsys, env.root)
    assert time.perf_counter() - started < 10, "check must not crawl on hostile input"
    assert code == 1, output
    where = f"content/{case.file}:{case.line}:{case.column}:"
    lines = [line for line in output.splitlines() if line.startswith(where)]
    assert any(f"[{case.code}]" in line for line in lines), \
        f"no {case.code} at {where}\n{output}"
    assert case.words in output
    assert "Traceback" not in output and SECRET not in output
    assert "\x1b" not in output and "\x00" not in output and "\x07" not in output
    assert max(len(line) for line in output.splitlines()) < 1000, "messages are bounded"

    out = tmp_path / "output"
    shutil.copytree(previous_output, out)
    before = _tree(out)
    assert main(["build", "--content", str(env.root), "--out", str(out)]) == 1
    build_output = capsys.readouterr().err
    assert "Traceback" not in build_output and SECRET not in build_output
    assert _tree(out) == before, "a failed build must leave the previous output as it was"
    assert [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name] == []


def test_symlink_inside_content_is_followed(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """A link that stays inside content/ is read like the file it points to."""
    env = _env(tmp_path)
    english = "The English text, linked from elsewhere inside content."
    (env.root / "shared-texts").mkdir()
    (env.root / "shared-texts/main-work.en.md").write_text(english, encoding="utf-8")
    (env.root / YEAR / "prose/main-work.en.md").symlink_to(
        Path("../../../../shared-texts/main-work.en.md"))
    code, output = _findings(capsys, env.root)
    assert code == 0, output
    out = tmp_path / "output"
    assert main(["build", "--content", str(env.root), "--out", str(out)]) == 0
    page = (out / "en" / YEAR / "index.html").read_text(encoding="utf-8")
    assert english in page


def test_nothing_from_outside_is_published_even_when_other_files_are_fine(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A refused link fails the build as a whole: no page anywhere carries its text."""
    env = _env(tmp_path)
    _link(f"{YEAR}/prose/main-work.en.md", lambda e: e.outside / "secret.md")(env)
    out = tmp_path / "output"
    assert main(["build", "--content", str(env.root), "--out", str(out)]) == 1
    assert not out.exists()
    assert SECRET not in capsys.readouterr().err


def test_unreadable_file_is_a_located_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Permissions do not bind root (CI runs as root), so the refusal is simulated."""
    env = _env(tmp_path)
    target = os.path.abspath(env.root / EXPL)
    real_open = os.open

    def deny(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if os.path.abspath(path) == target:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr("generator.content.contentfs.os.open", deny)
    code, output = _findings(capsys, env.root)
    assert code == 1
    assert f"content/{EXPL}:1:1: error: cannot read 'explanations.yaml': permission denied " \
           "[file.unreadable]" in output
    assert "Traceback" not in output


def test_editor_and_os_litter_is_ignored_and_listed(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    env = _env(tmp_path)
    litter = [f"{YEAR}/.DS_Store", f"{YEAR}/tables/Thumbs.db", f"{YEAR}/.meta.yaml.swp",
              f"{YEAR}/explanations.yaml~", f"{YEAR}/prose/.gitkeep", "units/.DS_Store",
              "units/demo-unit/desktop.ini", f"{YEAR}/tables/.#05-x.yaml"]
    for rel in litter:
        (env.root / rel).write_bytes(b"\x00\x01 not content")
    (env.root / "units/demo-unit/.git").mkdir()
    code = main(["check", "--content", str(env.root), "--verbose"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    listed = {line.removeprefix("ignored: content/") for line in captured.err.splitlines()
              if line.startswith("ignored: ")}
    assert listed == {*litter, "units/demo-unit/.git"}
    assert "9 ignored" in captured.out
    assert main(["build", "--content", str(env.root), "--out", str(tmp_path / "out")]) == 0


FROM_TERMINAL = [
    ("fifo", _fifo(EXPL), "content.not-a-file"),
    ("escape-sequence-key", _replace(EXPL, "amount: 40.00", '"\\e[2J\\e]0;pwned\\a": 40.00'),
     "text.control-char"),
    ("link-out", _link(EXPL, lambda e: e.outside / "secret.yaml"), "content.link-outside"),
]


@pytest.mark.parametrize(("name", "edit", "code"), FROM_TERMINAL,
                         ids=[c[0] for c in FROM_TERMINAL])
def test_cli_in_a_subprocess_never_hangs_or_traces(tmp_path: Path, name: str, edit: Edit,
                                                   code: str) -> None:
    env = _env(tmp_path)
    edit(env)
    for command in (["check"], ["build", "--out", str(tmp_path / "out")]):
        done = subprocess.run([sys.executable, "-m", "generator", *command,
                               "--content", str(env.root)],
                              capture_output=True, text=True, timeout=60, check=False)
        output = done.stdout + done.stderr
        assert done.returncode == 1, output
        assert f"[{code}]" in output
        assert "Traceback" not in output and SECRET not in output
        assert not any(c in output for c in "\x1b\x07\x00")


def test_unexpected_error_is_one_line_and_debug_shows_the_trace(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A bug is reported in one line that says it is a bug; --debug gives the trace."""
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug \x1b[31m")

    monkeypatch.setattr("generator.content.check.validate_portal", broken)
    assert main(["check", "--content", str(FIXTURE)]) == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "simulated bug \\x1b[31m" in err and "--debug" in err
    with pytest.raises(RuntimeError):
        main(["check", "--content", str(FIXTURE), "--debug"])
