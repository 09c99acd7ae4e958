"""`portal build --precompress`: .gz and .br copies beside the site's text files, the same
bytes as the files, the same every build, kept and remade by incremental builds."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

from generator.build import precompress
from tests.buildutil import tree
from tests.test_incremental import build, change_figure


def test_every_text_file_worth_it_has_both_copies(inputs: dict[str, Path],
                                                  tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(inputs, out, precompress=True)
    files = {p.relative_to(out).as_posix(): p for p in out.rglob("*") if p.is_file()}
    wanted = [rel for rel, p in files.items()
              if precompress.wanted(rel, p.stat().st_size)]
    assert any(rel.endswith(".html") for rel in wanted)
    assert any(rel.endswith(".js") for rel in wanted)
    for rel in wanted:
        data = files[rel].read_bytes()
        assert gzip.decompress(files[rel + ".gz"].read_bytes()) == data, rel
        assert brotli.decompress(files[rel + ".br"].read_bytes()) == data, rel
    for rel in files:  # nothing else compressed
        if rel.endswith((".gz", ".br")) and rel[:-3] in files:
            assert rel[:-3] in wanted or rel.endswith(".csv.gz"), rel


def test_copies_are_deterministic_and_follow_incremental_builds(
        inputs: dict[str, Path], tmp_path: Path) -> None:
    out, cold = tmp_path / "out", tmp_path / "cold"
    build(inputs, out, precompress=True)
    change_figure(inputs)
    again = build(inputs, out, precompress=True).result
    assert again is not None and again.rebuilt == 1
    build(inputs, cold, precompress=True, clean=True)
    assert tree(out) == tree(cold)
    build(inputs, out)  # without: the copies go
    assert not [p for p in out.rglob("*.br")]
