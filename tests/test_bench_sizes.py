"""The benchmark's output measure (benchmarks/bench.py `output_sizes`): the bytes in all,
and the largest file but the whole-portal archives (issue 9: none other past 10 MB)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.bench import output_sizes


def _file(root: Path, rel: str, size: int) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)


def test_largest_file_leaves_out_the_portal_archive(tmp_path: Path) -> None:
    _file(tmp_path, "downloads/portal-all.csv.gz", 900)
    _file(tmp_path, "years/2023/index.html", 300)
    _file(tmp_path, "downloads/years/2023-units.csv", 500)
    _file(tmp_path, "index.html", 10)
    total, (size, path) = output_sizes(tmp_path)
    assert total == 1710
    assert (size, path) == (500, "downloads/years/2023-units.csv")


def test_empty_output(tmp_path: Path) -> None:
    assert output_sizes(tmp_path) == (0, (0, ""))
