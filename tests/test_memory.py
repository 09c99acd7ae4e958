"""Peak memory stays flat as the portal grows: the build holds one unit at a time and
small summaries of the others (issue 9). The build it replaced grew by about 6 MB per
disclosure, so ten times the disclosures would have cost about a gigabyte more."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.bench import synthetic

WRAPPER = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
if done.returncode:
    sys.exit(done.stderr[-2000:])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # KiB, the build's peak
"""


def peak_kib(content: Path, out: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, sys.executable, "-m", "generator", "build",
         "--content", str(content), "--out", str(out), "--jobs", "1", "--clean"],
        capture_output=True, text=True, timeout=900, check=True)
    return int(done.stdout.strip())


def test_peak_memory_does_not_grow_with_the_number_of_disclosures(tmp_path: Path) -> None:
    small = synthetic(tmp_path / "small", 10)   # 20 disclosures
    large = synthetic(tmp_path / "large", 100)  # 200 disclosures
    small_peak = peak_kib(small, tmp_path / "small-out")
    large_peak = peak_kib(large, tmp_path / "large-out")
    # Ten times the disclosures: the summaries of 90 more units, a few MB; not 1 GB. (11 MB
    # measured; 39 MB before each unit's cycles were collected when its job ended.)
    assert large_peak - small_peak < 25 * 1024, (small_peak, large_peak)
