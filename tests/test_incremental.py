"""The streaming build: worker processes give the same site as one process, and a build
into an existing output reuses the units that did not change, with a result byte for byte
the same as a cold build after every kind of change (issue 9)."""

from __future__ import annotations

import errno
import os
import pickle
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import cache, inplace
from generator.build.cache import cache_dir
from generator.build.run import Outcome, build_from
from generator.build.write import OutputError, StagedOutput
from tests.buildutil import tree


def build(inputs: dict[str, Path], out: Path, **options: object) -> Outcome:
    outcome = build_from(inputs["content"], out, templates=inputs["templates"],
                         locales=inputs["locales"], site_src=inputs["site_src"],
                         **options)  # type: ignore[arg-type]
    assert outcome.result is not None, outcome.findings.format_text()
    return outcome


def units(inputs: dict[str, Path]) -> list[Path]:
    return sorted(p for p in (inputs["content"] / "units").iterdir() if p.is_dir())


def test_two_worker_processes_build_the_same_site(inputs: dict[str, Path],
                                                  tmp_path: Path) -> None:
    one = build(inputs, tmp_path / "one", jobs=1, clean=True)
    two = build(inputs, tmp_path / "two", jobs=2, clean=True)
    assert one.result is not None and two.result is not None
    assert two.result.rebuilt == len(units(inputs)) >= 2
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_a_second_build_reuses_every_unit(inputs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(inputs, out)
    before = tree(out)
    again = build(inputs, out).result
    assert again is not None
    assert (again.rebuilt, again.reused) == (0, len(units(inputs)))
    assert tree(out) == before
    assert not (out / cache_dir(out).name).exists()  # the cache is beside, never published
    assert cache_dir(out).is_dir()


def test_compiled_templates_are_kept_per_generator_version(
        inputs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Jinja keys a compiled template on its source only: one compiled against another
    version of the generator's filters is never used, and is removed."""
    out = tmp_path / "out"
    build(inputs, out)
    build(inputs, out, clean=True)  # the cache folder exists: templates compile into it
    folder = cache_dir(out) / "templates"
    (first,) = folder.iterdir()
    assert any(first.iterdir())
    monkeypatch.setattr(cache, "_generator_key", lambda: "f" * 64)
    assert cache.template_cache(out) == folder / ("f" * 16)
    assert list(folder.iterdir()) == [folder / ("f" * 16)]


def test_a_first_build_keeps_its_compiled_templates(inputs: dict[str, Path],
                                                   tmp_path: Path) -> None:
    """The first build into a new output compiles every template it renders: the next
    build takes them from the cache instead of compiling them again; none is published."""
    out = tmp_path / "out"
    build(inputs, out)
    (folder,) = (cache_dir(out) / "templates").iterdir()
    kept = sorted(p.name for p in folder.iterdir())
    assert kept and all(name.endswith(".cache") for name in kept)
    assert not any(p.name.endswith(".cache") for p in out.rglob("*"))
    assert not (out / ".templates").exists()
    build(inputs, out)  # nothing to compile: the same files, none added
    assert sorted(p.name for p in folder.iterdir()) == kept


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _first(folder: Path, pattern: str) -> Path:
    return sorted(folder.rglob(pattern))[0]


def change_figure(p: dict[str, Path]) -> None:
    table = _first(p["content"] / "units" / "golden-unit" / "2024" / "tables", "*.yaml")
    text = table.read_text(encoding="utf-8")
    digit = next(c for c in text.split("rows:", 1)[1] if c in "123456789")
    _edit(table, digit, str(int(digit) % 9 + 1))


def change_prose(p: dict[str, Path]) -> None:
    prose = _first(p["content"] / "units" / "golden-unit", "*.zh.md")
    prose.write_text(prose.read_text(encoding="utf-8") + "\n增加一句说明。\n", encoding="utf-8")


def change_template(p: dict[str, Path]) -> None:
    _edit(p["templates"] / "base.html", "</footer>", "<p>模板已改</p></footer>")


def change_locale(p: dict[str, Path]) -> None:
    _edit(_first(p["locales"], "en.*"), "Glossary", "Terms")


def change_static(p: dict[str, Path]) -> None:
    css = _first(p["site_src"], "*.css")
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")


def change_glossary(p: dict[str, Path]) -> None:
    path = p["content"] / "glossary.yaml"
    text = path.read_text(encoding="utf-8")
    zh = text.index("zh: ", text.index("definition"))
    path.write_text(text[:zh + 4] + "(已修订)" + text[zh + 4:], encoding="utf-8")


def add_unit(p: dict[str, Path]) -> None:
    source = units(p)[-1]
    target = source.with_name("added-unit")
    shutil.copytree(source, target)
    for meta in target.glob("*/meta.yaml"):
        _edit(meta, f"unit: {source.name}", "unit: added-unit")


def remove_unit(p: dict[str, Path]) -> None:
    shutil.rmtree(units(p)[-1])


CHANGES: dict[str, tuple[Callable[[dict[str, Path]], None], bool]] = {
    # change -> (the change, whether the units it does not touch are reused)
    "figure": (change_figure, True),
    "prose": (change_prose, True),
    "template": (change_template, False),
    "locale": (change_locale, False),
    "static file": (change_static, False),
    "glossary": (change_glossary, False),
    "unit added": (add_unit, True),
    "unit removed": (remove_unit, True),
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_incremental_build_equals_a_cold_build(name: str, inputs: dict[str, Path],
                                                tmp_path: Path) -> None:
    change, reuses = CHANGES[name]
    out = tmp_path / "out"
    build(inputs, out)
    before = tree(out)
    change(inputs)
    result = build(inputs, out).result
    assert result is not None
    cold = build(inputs, tmp_path / "cold", clean=True).result
    assert cold is not None and cold.reused == 0
    after = tree(out)
    assert after == tree(tmp_path / "cold")
    assert after != before  # the change shows
    if reuses:
        assert result.reused >= 1 and result.rebuilt <= 1
    else:
        assert result.reused == 0


def test_a_failed_incremental_build_leaves_the_output_and_its_cache(
        inputs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(inputs, out)
    before = tree(out)
    meta = inputs["content"] / "units" / "golden-unit" / "2024" / "meta.yaml"
    good = meta.read_text(encoding="utf-8")
    meta.write_text(good + "\nnot a key\n", encoding="utf-8")
    failed = build_from(inputs["content"], out, templates=inputs["templates"],
                        locales=inputs["locales"], site_src=inputs["site_src"])
    assert failed.result is None and failed.findings.errors
    assert tree(out) == before
    meta.write_text(good, encoding="utf-8")
    again = build(inputs, out).result
    assert again is not None and again.rebuilt == 0
    assert tree(out) == before


def test_clean_rebuilds_everything(inputs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(inputs, out)
    result = build(inputs, out, clean=True).result
    assert result is not None and (result.rebuilt, result.reused) == (len(units(inputs)), 0)


def test_an_output_changed_by_hand_is_not_reused(inputs: dict[str, Path],
                                                 tmp_path: Path) -> None:
    """A unit's files are reused only if they are all still there, as written."""
    out = tmp_path / "out"
    build(inputs, out)
    before = tree(out)
    page = out / "units" / "golden-unit" / "index.html"
    page.unlink()
    result = build(inputs, out).result
    assert result is not None and result.rebuilt == 1
    assert tree(out) == before


def _changed_build(inputs: dict[str, Path], out: Path) -> dict[str, bytes]:
    """A build into `out`, then a figure changed: returns the output before the next
    build."""
    build(inputs, out)
    change_figure(inputs)
    remove_unit(inputs)  # the update also deletes files
    return tree(out)


def test_a_failure_while_updating_in_place_undoes_every_step(
        inputs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    before = _changed_build(inputs, out)
    real = os.replace
    calls = {"n": 0}

    def replace(src: object, dst: object) -> None:
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        real(src, dst)  # type: ignore[arg-type]

    class Disk:  # `os` as the in-place update sees it (Jinja's cache and others keep theirs)
        def __getattr__(self, name: str) -> object:
            return replace if name == "replace" else getattr(os, name)

    monkeypatch.setattr(inplace, "os", Disk())
    with pytest.raises(OutputError, match="disk is full"):
        build_from(inputs["content"], out, templates=inputs["templates"],
                   locales=inputs["locales"], site_src=inputs["site_src"])
    monkeypatch.undo()
    assert calls["n"] > 5  # it failed midway, then undid what it had done
    assert tree(out) == before
    assert [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name] == []


def test_an_update_killed_midway_is_undone_by_the_next_build(
        inputs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    before = _changed_build(inputs, out)
    real = inplace._step
    calls = {"n": 0}

    def step(*args: object) -> None:
        calls["n"] += 1
        if calls["n"] == 7:
            raise SystemExit("killed")  # stands for SIGKILL: no clean-up at all
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(inplace, "_step", step)
    # A kill undoes nothing and leaves the staging folder with the journal.
    monkeypatch.setattr(inplace, "_undo", lambda *args: None)
    monkeypatch.setattr(inplace.Path, "unlink", lambda *args, **kwargs: None)
    with pytest.raises(SystemExit):
        build_from(inputs["content"], out, templates=inputs["templates"],
                   locales=inputs["locales"], site_src=inputs["site_src"])
    monkeypatch.undo()
    assert tree(out) != before  # half updated
    # The next build (here: into the same output, with nothing to write) puts it back first.
    stage = StagedOutput(out)
    assert tree(out) == before
    stage.abort()
    assert [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name] == []
    assert build(inputs, out).result is not None  # and builds on as usual


def test_unchanged_files_are_not_read_again(inputs: dict[str, Path], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Like git's index: a content file whose size, times and inode are those of the last
    build is taken as unchanged, unless it changed within two seconds of that build."""
    time.sleep(2.1)  # the copied content is now older than the racy window
    out = tmp_path / "out"
    build(inputs, out)
    opened: list[str] = []
    real = os.open

    units_dir = str(inputs["content"] / "units")

    def counting_open(path: str, *args: object) -> int:
        if str(path).startswith(units_dir):
            opened.append(str(path))
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr("generator.build.cache.os.open", counting_open)
    assert build(inputs, out).result.rebuilt == 0  # type: ignore[union-attr]
    assert opened == []
    change_figure(inputs)  # same size, new bytes: its ctime is new
    again = build(inputs, out).result
    assert again is not None and again.rebuilt == 1
    changed = inputs["content"] / "units" / "golden-unit"
    assert opened and all(path.startswith(str(changed)) for path in opened)  # none else


@pytest.mark.parametrize("manifest", ["garbage", "other code"])
def test_a_manifest_it_cannot_use_means_a_cold_build(manifest: str, inputs: dict[str, Path],
                                                     tmp_path: Path) -> None:
    """A manifest left by other code (or damaged) is never trusted, and never crashes."""
    out = tmp_path / "out"
    build(inputs, out)
    before = tree(out)
    path = cache_dir(out) / "manifest.pickle"
    if manifest == "garbage":
        path.write_bytes(b"not a pickle")
    else:  # pickled by an older version: another code hash, fields it did not have then
        old = pickle.loads(path.read_bytes())
        old.shared = "0" * 64
        del old.files
        path.write_bytes(pickle.dumps(old))
    result = build(inputs, out).result
    assert result is not None and result.reused == 0
    assert tree(out) == before


def test_a_reused_unit_keeps_its_pickled_result(inputs: dict[str, Path],
                                                tmp_path: Path) -> None:
    """The manifest holds each unit's result pickled on its own, which a rebuild unpickles
    to what the unit's job made."""
    out = tmp_path / "out"
    build(inputs, out)
    path = cache_dir(out) / "manifest.pickle"
    first = pickle.loads(path.read_bytes())
    assert first.units and all(isinstance(blob, bytes) for _, blob in first.units.values())
    change_figure(inputs)
    again = build(inputs, out).result
    assert again is not None and again.rebuilt == 1 and again.reused >= 1
    second = pickle.loads(path.read_bytes())
    assert second.units.keys() == first.units.keys()
    assert second.units["golden-unit"][0] != first.units["golden-unit"][0]
    result = pickle.loads(second.units["golden-unit"][1])
    assert result.slug == "golden-unit" and result.files and result.summary is not None


def test_a_damaged_unit_in_the_manifest_is_made_again(inputs: dict[str, Path],
                                                      tmp_path: Path) -> None:
    """A unit's pickled result that no longer unpickles (the manifest itself still does)
    means that unit is made again, never a crash or a wrong page."""
    out = tmp_path / "out"
    build(inputs, out)
    before = tree(out)
    path = cache_dir(out) / "manifest.pickle"
    manifest = pickle.loads(path.read_bytes())
    key, _ = manifest.units["golden-unit"]
    manifest.units["golden-unit"] = (key, b"not a pickle")
    path.write_bytes(pickle.dumps(manifest))
    result = build(inputs, out).result
    assert result is not None and result.rebuilt == 1
    assert result.reused == len(units(inputs)) - 1
    assert tree(out) == before


def test_pack_units_pickles_only_the_units_it_made() -> None:
    """A unit the build reused keeps the last manifest's bytes; a unit it made (even with
    the key it had) is pickled anew; a unit without a key is left out."""
    from generator.build.unitjob import UnitResult

    previous = cache.Manifest("s", {"a": ("k1", b"old a"), "b": ("k2", b"old b"),
                                    "c": ("k3", b"old c")})
    results = {slug: UnitResult(slug) for slug in "abcd"}
    keys: dict[str, str | None] = {"a": "k1", "b": "k2 new", "c": "k3", "d": None}
    packed = cache.pack_units(keys, results, previous, reused={"a"})
    assert packed["a"] == ("k1", b"old a")
    assert packed["b"][0] == "k2 new" and pickle.loads(packed["b"][1]) == results["b"]
    assert packed["c"][0] == "k3" and pickle.loads(packed["c"][1]) == results["c"]
    assert "d" not in packed


def test_the_collector_is_paused_only_while_a_manifest_is_read() -> None:
    import gc

    assert gc.isenabled()
    with cache.paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with cache.paused_gc():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
