"""The instruction-count benchmark (benchmarks/instructions.py): callgrind's counts of every
process of a run, added up; a unit's cost as the difference of two builds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.instructions import Side, callgrind_command, report, total


def test_every_process_file_is_added(tmp_path: Path) -> None:
    (tmp_path / "callgrind.101").write_bytes(b"# callgrind format\nevents: Ir\nsummary: 700\n")
    (tmp_path / "callgrind.102").write_bytes(b"events: Ir\nfn=x\n1 5\ntotals: 42\n")
    (tmp_path / "other.txt").write_bytes(b"summary: 1000000\n")
    assert total(tmp_path) == 742


def test_a_process_without_a_count_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "callgrind.7").write_bytes(b"events: Ir\n")
    with pytest.raises(ValueError, match=r"callgrind\.7: no instruction count"):
        total(tmp_path)


def test_a_unit_costs_the_difference_over_the_units_added() -> None:
    ours = Side("this checkout", one=8_000_000_000, more=14_000_000_000, units=3)
    theirs = Side("abc", one=8_000_000_000, more=14_300_000_000, units=3)
    assert ours.per_unit == 2e9
    text = report([ours, theirs])
    assert "| this checkout | 8.000 G | 14.000 G | 3 | 2.0000 G |" in text
    assert "| abc | 8.000 G | 14.300 G | 3 | 2.1000 G |" in text
    assert "A unit of this checkout costs 0.9524 × one of abc (-4.76%)." in text
    assert "costs" not in report([ours])


def test_a_real_run_counts_its_child_processes_too(tmp_path: Path) -> None:
    """valgrind (installed by scripts/test.sh) counts a process and the one it starts: the
    two together count more than the parent alone."""
    child = "import subprocess, sys; subprocess.run([sys.executable, '-c', 'pass'])"
    counts = []
    for name, code in (("alone", "pass"), ("with-child", child)):
        files = tmp_path / name
        files.mkdir()
        subprocess.run(callgrind_command(files, sys.executable, ["-S", "-c", code]),
                       check=True, capture_output=True)
        counts.append((len(list(files.glob("callgrind.*"))), total(files)))
    (one, alone), (two, both) = counts
    assert (one, two) == (1, 2)
    assert both > alone > 0
