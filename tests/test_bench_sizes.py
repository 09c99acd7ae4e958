"""The benchmark's output measure (benchmarks/bench.py `output_sizes`): the bytes in all,
and the largest file but the whole-portal archives (issue 9: none other past 10 MB)."""

from __future__ import annotations

import os
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


def test_peak_memory_counts_a_child_started_by_a_thread() -> None:
    """A child a thread of the build starts is the build's too (the search indexer's
    process was, until the index was made in Python). (Linux
    lists a child under the thread that started it while that thread lives.)"""
    import subprocess
    import sys
    import threading
    import time

    from benchmarks.bench import PeakMemory

    started: list[subprocess.Popen[bytes]] = []
    done = threading.Event()

    def spawn() -> None:
        started.append(subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]))
        done.wait(30)

    thread = threading.Thread(target=spawn)
    thread.start()
    try:
        while not started:
            time.sleep(0.01)
        assert started[0].pid in PeakMemory._tree(os.getpid())
    finally:
        done.set()
        thread.join()
        for child in started:
            child.kill()
            child.wait()


def test_children_cpu_counts_a_waited_child_and_its_own_children() -> None:
    """A build's CPU is read after it is waited for: its workers' count too (they are
    waited for by the build)."""
    import subprocess
    import sys

    from benchmarks.bench import children_cpu

    busy = ("import subprocess, sys; subprocess.run([sys.executable, '-c', "
            "'sum(range(30_000_000))'], check=True)")  # the CPU is spent by a grandchild
    user, system = children_cpu()
    subprocess.run([sys.executable, "-c", busy], check=True)
    user_after, system_after = children_cpu()
    assert user_after - user > 0.2
    assert system_after >= system
