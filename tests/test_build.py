"""The build as a whole: deterministic, atomic, refuses bad content and clashing paths."""

from __future__ import annotations

import gc
import io
from pathlib import Path

import pytest

from generator.build import unitjob
from generator.build.run import build_from, plan_outputs
from generator.build.write import MARKER, DuplicatePathError, OutputError, StagedOutput
from generator.cli import main as cli
from generator.site.formatting import filesize
from generator.site.render import Renderer
from generator.site.urls import HOME, Page, Site, disclosure_page
from tests.buildutil import GOLDEN_CONTENT, build, copy_content, tree

SITE = Site(("zh", "en"), "zh")


def test_build_is_deterministic(tmp_path: Path) -> None:
    build(GOLDEN_CONTENT, tmp_path / "a")
    build(GOLDEN_CONTENT, tmp_path / "b")
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_rebuild_replaces_output_and_leaves_no_temporary_folders(tmp_path: Path) -> None:
    out = tmp_path / "output"
    build(GOLDEN_CONTENT, out)
    (out / "stale.html").write_text("from an older build", encoding="utf-8")
    build(GOLDEN_CONTENT, out)
    assert not (out / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_failed_build_leaves_previous_output_untouched(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "output"
    build(GOLDEN_CONTENT, out)
    before = tree(out)
    real_render = Renderer.render
    calls = {"n": 0}

    def failing_render(self: Renderer, page: Page, lang: str) -> str:
        calls["n"] += 1
        if calls["n"] > 3:  # some pages were already written to the temporary folder
            raise RuntimeError("renderer broke")
        return real_render(self, page, lang)

    monkeypatch.setattr(Renderer, "render", failing_render)
    with pytest.raises(RuntimeError, match="renderer broke"):
        build(GOLDEN_CONTENT, out)
    assert calls["n"] == 4
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_content_errors_stop_the_build_and_write_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = copy_content(tmp_path)
    meta = content / "units/golden-unit/2024/meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("year: 2024", "year: 2025"),
                    encoding="utf-8")
    out = tmp_path / "output"
    code = cli.main(["build", "--content", str(content), "--out", str(out)])
    assert code == 1
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]
    err = capsys.readouterr().err
    assert "content.year-mismatch" in err
    assert "nothing was written" in err


def test_content_errors_leave_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "output"
    build(GOLDEN_CONTENT, out)
    before = tree(out)
    content = copy_content(tmp_path)
    (content / "glossary.yaml").write_text("terms: [\n", encoding="utf-8")
    assert cli.main(["build", "--content", str(content), "--out", str(out)]) == 1
    assert tree(out) == before


def test_cli_build_prints_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    code = cli.main(["build", "--content", str(GOLDEN_CONTENT), "--out", str(out)])
    assert code == 0
    line = capsys.readouterr().out.strip()
    files = tree(out)
    pages = [name for name in files if name.endswith(".html")]
    size = filesize(sum(len(b) for b in files.values()))
    assert line.startswith(f"built {len(pages)} pages, {len(files)} files ({size}) in ")
    units = [u for u in (GOLDEN_CONTENT / "units").iterdir() if u.is_dir()]
    disclosures = [m for u in units for m in u.glob("*/meta.yaml")]
    assert line.endswith(f"; units: {len(units)} built, 0 reused; disclosures: "
                         f"{len(disclosures)} built, 0 reused")
    assert cli.main(["build", "--content", str(GOLDEN_CONTENT), "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip().endswith(
        f"; units: 0 built, {len(units)} reused; disclosures: 0 built, "
        f"{len(disclosures)} reused")


def test_progress_counts_units_and_the_disclosures_they_hold(tmp_path: Path) -> None:
    calls: list[tuple[int, int, int, str]] = []
    result = build_from(GOLDEN_CONTENT, tmp_path / "site",
                        progress=lambda *call: calls.append(call)).result
    assert result is not None
    units = sorted(u.name for u in (GOLDEN_CONTENT / "units").iterdir() if u.is_dir())
    held = [len(list((GOLDEN_CONTENT / "units" / u).glob("*/meta.yaml"))) for u in units]
    assert calls == [(n, len(units), sum(held[:n]), u) for n, u in enumerate(units, 1)]
    assert result.disclosures_rebuilt == sum(held)
    stream = io.StringIO()
    show = cli.tty_progress(stream)
    show(1, len(units), held[0], units[0])
    assert stream.getvalue().startswith(
        f"\r\033[K[1/{len(units)} units, {held[0]} disclosures, 0 s] {units[0]}")


def test_cli_rejects_a_relative_base_url(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["build", "--base-url", "portal/"])
    assert "absolute http(s) URL" in capsys.readouterr().err


def test_two_pages_on_one_path_is_an_error() -> None:
    page = disclosure_page("unit-a", 2024)
    with pytest.raises(DuplicatePathError, match=r"units/unit-a/2024/index\.html"):
        plan_outputs(SITE, [HOME, page, page])


def test_writer_refuses_a_second_file_on_the_same_path(tmp_path: Path) -> None:
    with pytest.raises(DuplicatePathError), StagedOutput(tmp_path / "out") as stage:
        stage.write("units/a/index.html", "one")
        stage.write("units/A/index.html", "two")  # clashes on case-insensitive disks
    assert not (tmp_path / "out").exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("path", ["../x.html", "/etc/passwd", "a/../../x", "a\\b.html", ""])
def test_writer_refuses_paths_outside_the_output(tmp_path: Path, path: str) -> None:
    with pytest.raises(OutputError), StagedOutput(tmp_path / "out") as stage:
        stage.write(path, "x")


def test_refuses_to_replace_a_folder_it_did_not_build(tmp_path: Path) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.docx").write_text("precious", encoding="utf-8")
    with pytest.raises(OutputError, match=MARKER):
        build(GOLDEN_CONTENT, out)
    assert (out / "thesis.docx").read_text(encoding="utf-8") == "precious"


def test_refuses_to_write_over_the_content(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    with pytest.raises(OutputError, match="contains"):
        build(content, tmp_path)
    assert (content / "portal.yaml").exists()


def test_units_are_built_with_a_lazier_collector_that_is_put_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[int, int, int]] = []
    run = unitjob.run

    def recording(job: unitjob.UnitJob) -> unitjob.UnitResult:
        seen.append(gc.get_threshold())
        return run(job)

    monkeypatch.setattr(unitjob, "run", recording)
    before = gc.get_threshold()
    build(GOLDEN_CONTENT, tmp_path / "out")
    assert seen and all(t == (unitjob.GC_YOUNG, *before[1:]) for t in seen)
    assert gc.get_threshold() == before != seen[0]
