"""Cold builds of this checkout against another commit, interleaved: the one sound way to
see a change's effect on a machine whose own speed drifts (here by up to a quarter between
hours, so two runs an hour apart do not compare).

    python -m benchmarks.against REV [--disclosures 500] [--jobs 2] [--rounds 2] [--same]
    python -m benchmarks.against REV --as-then [--then SECONDS] ...
    python -m benchmarks.against REV --python PATH ...

Takes the tree of REV with `git archive` (the repository is left as it is), makes one
synthetic portal (`bench.synthetic`), then runs cold builds in fresh processes in the
order A B B A, A B B A, ... (A: this checkout, B: REV), so that a steady drift weighs on
both alike. Reports each build's wall time and CPU time (the build and its workers), the
ratio A / B of each round, and the median ratio; `--same` also says whether the two
outputs are byte-identical.

`--as-then` builds REV as it was built then, for a commit older than today's content
format or command line: from its own synthetic portal (its `bench.synthetic` over its
shipped content, the same number of disclosures) and with only the options its `build`
command knows (`--jobs`, `--clean`). `--then SECONDS`: REV's time when it was measured
(issue 9: 125 s at 500 disclosures, 808952e); the report then gives this checkout's
time at that hour's speed, SECONDS × the median ratio.

`--python PATH`: the interpreter that runs this checkout's builds (REV's stay with the one
running this script), with this project's dependencies installed: to see what the
interpreter itself gives, e.g. a CPython built with PGO and LTO (`REV` = `HEAD --same`).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.bench import ROOT, children_cpu, generator_form, spread, synthetic
from generator.build.cache import cache_dir


@dataclass(frozen=True)
class Run:
    side: str
    wall: float
    cpu: float


def checkout(rev: str, target: Path) -> Path:
    """The tracked files of `rev`, written under `target` (`git archive` into `tar`:
    tarfile's safe extraction filter is missing from early Python 3.11 releases)."""
    target.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-f", "-", "-C", str(target)], input=archive, check=True)
    return target


def _env(tree: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(tree)
    return env


def build_options(tree: Path, jobs: int, python: str = sys.executable) -> list[str]:
    """`--clean --jobs N`, or those of them that the `build` command of `tree` knows."""
    usage = subprocess.run([python, "-m", "generator", "build", "--help"], cwd=tree,
                           env=_env(tree), check=True, capture_output=True, text=True).stdout
    return [*(["--clean"] if "--clean" in usage else []),
            *(["--jobs", str(jobs)] if "--jobs" in usage else [])]


def own_synthetic(tree: Path, target: Path, disclosures: int) -> Path:
    """The synthetic portal of `tree`'s own benchmark over its own shipped content."""
    code = ("import sys; from pathlib import Path; from benchmarks.bench import synthetic; "
            f"print(synthetic(Path(sys.argv[1]), {max(1, disclosures // 2)}))")
    made = subprocess.run([sys.executable, "-c", code, str(target)], cwd=tree, env=_env(tree),
                          check=True, capture_output=True, text=True).stdout
    return Path(made.strip().splitlines()[-1])


def cold_build(tree: Path, content: Path, out: Path, options: list[str],
               python: str = sys.executable) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the build and its workers) of a cold build run by
    `python` from `tree`, whose `generator` package it imports, with `options`
    (`build_options`)."""
    before = sum(children_cpu())
    start = time.perf_counter()
    subprocess.run([python, "-m", "generator", "build", "--content", str(content),
                    "--out", str(out), *options],
                   cwd=tree, env=_env(tree), check=True, capture_output=True)
    wall = time.perf_counter() - start
    return wall, sum(children_cpu()) - before


def order(rounds: int) -> list[str]:
    """A B B A per round: each side runs first as often as second."""
    return [side for _ in range(rounds) for side in ("A", "B", "B", "A")]


def differing(a: Path, b: Path) -> list[str]:
    """Files that differ between two trees, or stand in only one of them."""
    out: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        out.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files,
                                               shallow=False)
        out.extend(prefix + name for name in mismatch + errors)
        for name, sub in sorted(cmp.subdirs.items()):
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return sorted(out)


def report(rev: str, runs: list[Run], same: list[str] | None,
           then: float | None = None, how: str = "", python: str | None = None,
           form: str = "") -> str:
    """The runs as a table with each round's ratios; `python`: the interpreter that ran
    this checkout's builds, when not the one running this script; `form`: how they ran
    the generator (`bench.generator_form`)."""
    run_by = f" run by {python}" if python else ""
    lines = [f"A: this checkout{run_by}; B: {rev}{how}. "
             "Cold builds, fresh processes, order A B B A."
             + (f" This checkout's generator ran {form}." if form else ""),
             "",
             "| round | A wall (s) | B wall (s) | A / B | A CPU (s) | B CPU (s) | A / B |",
             "|---|---|---|---|---|---|---|"]
    wall_ratios, cpu_ratios = [], []
    for n in range(len(runs) // 4):
        chunk = runs[4 * n:4 * n + 4]
        a = [r for r in chunk if r.side == "A"]
        b = [r for r in chunk if r.side == "B"]
        aw, bw = sum(r.wall for r in a) / 2, sum(r.wall for r in b) / 2
        ac, bc = sum(r.cpu for r in a) / 2, sum(r.cpu for r in b) / 2
        wall_ratios.append(aw / bw)
        cpu_ratios.append(ac / bc)
        lines.append(f"| {n + 1} | {aw:.1f} | {bw:.1f} | {aw / bw:.3f} | {ac:.1f} | {bc:.1f} "
                     f"| {ac / bc:.3f} |")
    lines += ["", f"Median A / B: wall {statistics.median(wall_ratios):.3f}, "
              f"CPU {statistics.median(cpu_ratios):.3f} (below 1: A is faster).",
              "Each build, in order (wall s / CPU s): "
              + ", ".join(f"{r.side} {r.wall:.1f}/{r.cpu:.1f}" for r in runs) + "."]
    if then is not None:
        lines.append(f"B took {then:g} s when it was measured: at that hour's speed, A would "
                     f"take {then * statistics.median(wall_ratios):.1f} s "
                     f"({then:g} s × {statistics.median(wall_ratios):.3f}).")
    if same is not None:
        lines.append("Outputs byte-identical." if not same else
                     f"Outputs differ in {len(same)} files, e.g. {', '.join(same[:5])}.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rev", help="the commit to compare with (e.g. HEAD~3, a hash)")
    parser.add_argument("--disclosures", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--same", action="store_true",
                        help="also compare the two outputs byte for byte")
    parser.add_argument("--as-then", action="store_true",
                        help="build REV from its own synthetic portal, with the options "
                             "its build command knows")
    parser.add_argument("--then", type=float, default=None, metavar="SECONDS",
                        help="REV's time when it was measured: report this checkout's "
                             "time at that speed")
    parser.add_argument("--python", default=sys.executable, metavar="PATH",
                        help="the interpreter for this checkout's builds (default: this one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        spread(Path(tmp))  # each output is made anew: not beside the one just deleted
        base = checkout(args.rev, Path(tmp) / "rev")
        content = synthetic(Path(tmp), max(1, args.disclosures // 2))
        trees = {"A": ROOT, "B": base}
        contents = {"A": content, "B": content}
        pythons = {"A": args.python, "B": sys.executable}
        options = {"A": build_options(ROOT, args.jobs, args.python),
                   "B": build_options(base, args.jobs)}
        if args.as_then:
            contents["B"] = own_synthetic(base, Path(tmp) / "portal-B", args.disclosures)
        runs = []
        for side in order(args.rounds):
            out = Path(tmp) / f"out-{side}"
            for old in (out, cache_dir(out)):  # one output a side: 1.2 GB at 500
                shutil.rmtree(old, ignore_errors=True)
            wall, cpu = cold_build(trees[side], contents[side], out, options[side],
                                   pythons[side])
            runs.append(Run(side, wall, cpu))
        same = differing(Path(tmp) / "out-A", Path(tmp) / "out-B") if args.same else None
        how = (" as it was built then (its own synthetic portal; "
               + (f"`build {' '.join(options['B'])}`)" if options["B"] else
                  "`build`, which had neither --clean nor --jobs)")
               if args.as_then else "")
        python = None if args.python == sys.executable else args.python
        print(report(args.rev, runs, same, args.then, how, python, generator_form()), end="")


if __name__ == "__main__":
    main()
