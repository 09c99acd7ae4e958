"""Build benchmark: cold build, one-figure rebuild and peak memory as the portal grows.

    python -m benchmarks.bench [--disclosures 100 500] [--jobs 1 2] [--lighthouse]
                               [--out docs/benchmarks.md]

Makes synthetic portals by copying the shipped unit (two years each) until there are N
disclosures, then for each number of worker processes runs `portal build` in a fresh
process: cold (`--clean`), then three times after one figure of one unit changed, each
followed by a build with nothing changed; peak memory counts the build and its workers
together (PSS). Machines here are
noisy, so read the ratios within one run, not the absolute seconds.

The portals and their outputs go under `--work` (default: `.bench-work/` in the
repository, where a project's own `output/` would be), all kept until the run ends: on
this machine's disk (ext4 without a journal) making a file costs twenty times more in a
folder near many files deleted in the last minutes (the kernel skips their inodes one by
one), and the system's temporary folder is such a place, as is the work folder of the
run before. So the work folder gets ext4's "top of a directory tree" flag (`chattr +T`,
where the filesystem has it), which spreads the folders made in it over the disk instead
of beside the last run's; and the table gives what making a file cost in it at the start.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator import PACKAGE
from generator.cli.main import check_content
from generator.compiled import PURE, built, stale
from generator.data.longformat import PORTAL_ALL_GZ_PATH
from generator.site.formatting import filesize

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
WORK = ROOT / ".bench-work"


def synthetic(target: Path, copies: int) -> Path:
    """A content folder holding `copies` copies of every shipped unit."""
    root = target / "content"
    shutil.copytree(CONTENT, root, ignore=shutil.ignore_patterns("units"))
    for unit_dir in sorted((CONTENT / "units").iterdir()):
        for i in range(copies):
            slug = f"{unit_dir.name}-{i:04d}"
            shutil.copytree(unit_dir, root / "units" / slug)
            for meta in (root / "units" / slug).glob("*/meta.yaml"):
                text = meta.read_text(encoding="utf-8")
                meta.write_text(text.replace(f"unit: {unit_dir.name}", f"unit: {slug}"),
                                encoding="utf-8")
    return root


def spread(folder: Path) -> None:
    """Give `folder` ext4's top-of-tree flag, where the filesystem has it: the folders made
    in it are spread over the disk, not made beside files deleted minutes before (see the
    module's docstring)."""
    subprocess.run(["chattr", "+T", str(folder)], capture_output=True)


def file_cost(folder: Path, files: int = 2000) -> float:
    """Microseconds to make one small file in `folder` (the files stay: deleting them
    would make the next files dearer)."""
    folder.mkdir(parents=True)
    data = b"x" * 8192
    start = time.perf_counter()
    for i in range(files):
        (folder / f"{i}.html").write_bytes(data)
    return (time.perf_counter() - start) / files * 1e6


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def yaml_parsers() -> tuple[float, float]:
    """Seconds to parse every shipped YAML file 20 times with the C and the Python loader."""
    texts = [p.read_text(encoding="utf-8") for p in CONTENT.rglob("*.yaml")]
    out = []
    for loader in (yaml.CSafeLoader, yaml.SafeLoader):
        seconds, _ = timed(lambda loader=loader: [yaml.load(t, Loader=loader)
                                                   for _ in range(20) for t in texts])
        out.append(seconds)
    return out[0], out[1]


def chart_specs(repeat: int = 20) -> tuple[int, float, float]:
    """(charts, seconds for plain-dict specs + json, seconds for the same through
    plotly.graph_objects) over the shipped 2024 disclosure's charts, `repeat` times."""
    import plotly.graph_objects as go

    from generator.compute import charts

    content, findings = check_content(CONTENT)
    assert content is not None, findings.format_text()
    unit = content.units[0]
    cat = charts._catalogues()["zh"]
    made = [c for d in unit.disclosures for c in charts.disclosure_charts(unit, d)]
    specs = [charts.spec(c, cat) for c in made]
    t_dict, _ = timed(lambda: [charts.spec_json(c, cat) for _ in range(repeat) for c in made])
    t_go, _ = timed(lambda: [go.Figure(data=s["data"], layout=s["layout"]).to_json()
                             for _ in range(repeat) for s in specs])
    return len(made) * repeat, t_dict, t_go


SAMPLE_SECONDS = 0.25


class PeakMemory:
    """Peak memory of a process and all its children (the build and its worker processes
    together), sampled from /proc every quarter second: the sum of their proportional set
    sizes (PSS: a page shared by the forked workers counts once in all, not once in each,
    as their resident sizes would count it). Reading a process's PSS walks its page
    tables (about 2 ms for 150 MB): sampled more often, the sampling would slow the build
    it measures."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    @staticmethod
    def _tree(pid: int) -> list[int]:
        """`pid` and its descendants. A process's children are listed per thread
        (`/proc/PID/task/TID/children`): a child started by a thread of the build (as
        the search indexer's process once was) is listed under that thread, so every
        thread's list is read, not only the main one's."""
        pids, i = [pid], 0
        while i < len(pids):
            for children in Path(f"/proc/{pids[i]}/task").glob("*/children"):
                try:
                    pids += [int(c) for c in children.read_text().split()]
                except OSError:
                    pass
            i += 1
        return pids

    def _watch(self) -> None:
        while not self._stop.is_set():
            total = 0
            for pid in self._tree(self.pid):
                try:
                    status = Path(f"/proc/{pid}/smaps_rollup").read_text()
                except OSError:
                    continue
                match = re.search(r"^Pss:\s+(\d+) kB", status, re.M)
                total += int(match.group(1)) * 1024 if match else 0
            self.peak = max(self.peak, total)
            time.sleep(SAMPLE_SECONDS)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def children_cpu() -> tuple[float, float]:
    """(user, system) CPU seconds of this process's children that have ended: a build's
    own with its workers', once it is waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime, usage.ru_stime


@dataclass(frozen=True)
class BuildRun:
    seconds: float
    peak: int
    """Bytes (PSS, the build and its children)."""
    user: float
    system: float
    """CPU seconds, the build and its children. System time is mostly making files,
    whose cost on this machine's disk varies tenfold from hour to hour (docs/benchmarks.md)."""
    line: str


def portal_build(content: Path, out: Path, *args: str) -> BuildRun:
    """`portal build` in a fresh process: its time, peak memory, CPU and summary line."""
    # As Python runs for a user: compiled modules cached (this workplace's machines set
    # PYTHONDONTWRITEBYTECODE, which makes every build compile the generator anew, 0.5 s).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    user, system = children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", "--content",
                             str(content), "--out", str(out), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    memory = PeakMemory(proc.pid)
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    peak = memory.stop()
    if proc.returncode != 0:
        raise RuntimeError(f"build failed: {stderr[-2000:]}")
    user_after, system_after = children_cpu()
    return BuildRun(seconds, peak, user_after - user, system_after - system,
                    stdout.strip().splitlines()[-1])


def edit_one_figure(content: Path) -> Path:
    """Change one figure of one table of one unit (the middle one); returns the file."""
    units = sorted((content / "units").iterdir())
    table = sorted(units[len(units) // 2].glob("*/tables/*.yaml"))[0]
    text = table.read_text(encoding="utf-8")
    match = re.search(r"^(\s+\w+: )(\d+)\.(\d+)$", text.split("rows:", 1)[1], re.M)
    assert match, f"no figure in {table}"
    old = match.group(0)
    new = f"{match.group(1)}{int(match.group(2)) + 1}.{match.group(3)}"
    head, rows = text.split("rows:", 1)
    table.write_text(head + "rows:" + rows.replace(old, new, 1), encoding="utf-8")
    return table


REBUILDS = 3
"""Each kind of rebuild is run this many times after a cold build; the table gives the
median, then every run."""


def _runs(seconds: list[float]) -> str:
    runs = ", ".join(f"{s:.2f}" for s in seconds)
    return f"{statistics.median(seconds):.2f} ({runs})"


ARCHIVES = frozenset({PORTAL_ALL_GZ_PATH})
"""The compressed whole-portal archives: the only files issue 9 lets grow past 10 MB."""


def output_sizes(out: Path) -> tuple[int, tuple[int, str]]:
    """The output's bytes in all, and its largest file but the whole-portal archives
    (size, path relative to `out`)."""
    total, largest = 0, (0, "")
    for path in out.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            rel = path.relative_to(out).as_posix()
            if rel not in ARCHIVES:
                largest = max(largest, (size, rel))
    return total, largest


def run(disclosures: list[int], jobs: list[int], work: Path) -> list[str]:
    """The table's rows; every portal and output under `work`, kept until the end."""
    rows = ["| disclosures | jobs | cold build (s) | cold build CPU: user + system (s) "
            "| peak memory, cold (MB) "
            "| one-figure rebuild (s): median (runs) | rebuild, nothing changed (s): median "
            "(runs) | peak memory, rebuild (MB) "
            "| output | largest file |", "|---|---|---|---|---|---|---|---|---|---|"]
    for n in disclosures:
        tmp = Path(tempfile.mkdtemp(prefix=f"{n}-", dir=work))
        root = synthetic(tmp, max(1, n // 2))  # the shipped unit has two years
        for j in jobs:
            out = tmp / f"out-{j}"
            cold = portal_build(root, out, "--clean", "--jobs", str(j))
            ones, sames, peaks = [], [], []
            for _ in range(REBUILDS):  # a rebuild takes seconds: one run is too noisy
                edit_one_figure(root)
                one = portal_build(root, out, "--jobs", str(j))
                assert "1 built" in one.line, one.line
                same = portal_build(root, out, "--jobs", str(j))
                assert " 0 built" in same.line, same.line
                ones.append(one.seconds)
                sames.append(same.seconds)
                peaks += [one.peak, same.peak]
            size, (top, top_path) = output_sizes(out)
            rows.append(f"| {n} | {j} | {cold.seconds:.1f} | {cold.user:.1f} + "
                        f"{cold.system:.1f} | {cold.peak / 2**20:.0f} | "
                        f"{_runs(ones)} | {_runs(sames)} | {max(peaks) / 2**20:.0f} | "
                        f"{filesize(size)} | {filesize(top)} (`{top_path}`) |")
    return rows


def _how_built() -> str:
    """What the interpreter's build says of itself: PGO and LTO are worth a fifth of a
    build's time (docs/publishing.md), so a table says which interpreter made it.
    Debian's `CONFIG_ARGS` name neither flag, though its changelog says it is built with
    both; its program, unlike pyenv's, does not link libpython (`ldd`)."""
    config = sysconfig.get_config_var("CONFIG_ARGS") or ""
    flags = [f for f in ("--enable-optimizations", "--with-lto") if f in config]
    shared = "libpython" in _linked()
    return ("configured with " + " ".join(flags) if flags
            else "no PGO or LTO flag among its configure arguments") + (
        "; the interpreter in a shared library" if shared
        else "; the interpreter linked into the program")


def generator_form() -> str:
    """How this checkout's builds run the generator: compiled (scripts/compile.py, about a
    tenth faster) or from its sources. A table says which."""
    extensions = built(PACKAGE)
    if os.environ.get(PURE) or not extensions:
        return "from its sources"
    late = stale(PACKAGE, extensions)
    return (f"compiled (`scripts/compile.py`: {len(extensions)} modules"
            + (f", {len(late)} of them from source, changed since" if late else "") + ")")


def _linked() -> str:
    """The shared libraries the running program links (`ldd`), or "" where unknown."""
    try:
        return subprocess.run(["ldd", sys.executable], capture_output=True, text=True,
                              check=False).stdout
    except OSError:
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--disclosures", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--work", type=Path, default=WORK,
                        help="where the portals and outputs go, removed at the end "
                        f"(default: {WORK.relative_to(ROOT)}/ in the repository)")
    parser.add_argument("--lighthouse", action="store_true",
                        help="append page weight and Lighthouse (benchmarks/lighthouse.py)")
    args = parser.parse_args()
    c_seconds, py_seconds = yaml_parsers()
    n_charts, t_dict, t_go = chart_specs()
    args.work.mkdir(parents=True, exist_ok=True)
    spread(args.work)
    work = Path(tempfile.mkdtemp(prefix="bench-", dir=args.work))
    try:
        cost = file_cost(work / "probe")
        rows = run(args.disclosures, args.jobs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = ["# Benchmarks", "", "Made by `python -m benchmarks.bench`; one run, one machine "
             "(2 cores). Compare ratios within the run.", "",
             "## Build (`portal build`, a fresh process each time)", "",
             f"Python {platform.python_version()} (`{sys.executable}`: {_how_built()}). "
             f"The generator ran {generator_form()}. Making a file in the work folder "
             f"cost {cost:.0f} µs at the start of the run (see the module's docstring).",
             "", *rows, "",
             "## YAML parsing (all shipped files × 20)", "",
             "| parser | seconds | ratio |", "|---|---|---|",
             f"| libyaml (CSafeLoader) | {c_seconds:.2f} | 1.0 |",
             f"| pure Python (SafeLoader) | {py_seconds:.2f} | {py_seconds / c_seconds:.1f} |",
             "", f"## Chart specs ({n_charts} charts)", "",
             "| method | seconds | ratio |", "|---|---|---|",
             f"| plain dicts + json (the build) | {t_dict:.2f} | 1.0 |",
             f"| plotly.graph_objects (tests only) | {t_go:.2f} | {t_go / t_dict:.0f} |"]
    text = "\n".join(lines) + "\n"
    if args.lighthouse:
        from benchmarks.lighthouse import measure

        text += "\n" + measure()
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    print(text, end="")


if __name__ == "__main__":
    main()
