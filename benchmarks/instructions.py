"""What a unit costs a cold build, in instructions counted by callgrind: a measure that
this machine's drift does not move. Its wall times drift by half within an hour, so a
change worth 1% cannot be seen in seconds, even interleaved (`benchmarks.against`);
callgrind counts the same instructions for the same program and input, whatever else the
machine is doing.

    python -m benchmarks.instructions [REV] [--units 3] [--jobs 1] [--as-then]

Builds a synthetic portal of one unit and one of 1 + UNITS units (`bench.synthetic`),
each cold, under `valgrind --tool=callgrind --trace-children=yes`: every process of the
build is counted (workers, the search index's process). A unit's cost is the difference
divided by UNITS: what one more unit adds, its pages and downloads and its share of the
pages that span units. With REV, the same for that commit's tree (`--as-then`: from its own
shipped content, with the options its `build` knows) and the ratio.

Instructions are not seconds: a cache miss or a system call costs more than its count
says. They rank changes to the Python work of a build; the seconds are still
`benchmarks.bench`'s and `benchmarks.against`'s. Needs valgrind (Debian: `valgrind`);
about two minutes a side.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from benchmarks.against import _env, build_options, checkout, own_synthetic
from benchmarks.bench import ROOT, synthetic

_TOTALS = re.compile(rb"^(?:summary|totals): (\d+)", re.M)


def callgrind_command(out_files: Path, python: str, args: list[str]) -> list[str]:
    """`python args` under callgrind, every process counted, each into its own file."""
    return ["valgrind", "--tool=callgrind", "--trace-children=yes",
            f"--callgrind-out-file={out_files / 'callgrind.%p'}", python, *args]


def total(out_files: Path) -> int:
    """The instructions of every process whose callgrind file is in `out_files`."""
    count = 0
    for path in sorted(out_files.glob("callgrind.*")):
        found = _TOTALS.search(path.read_bytes())
        if found is None:
            raise ValueError(f"{path}: no instruction count (did the process finish?)")
        count += int(found[1])
    return count


def counted_build(tree: Path, content: Path, out: Path, options: list[str]) -> int:
    """Instructions of a cold build of `content` run from `tree`, all its processes."""
    files = out.parent / f"{out.name}.callgrind"
    shutil.rmtree(files, ignore_errors=True)
    files.mkdir(parents=True)
    shutil.rmtree(out, ignore_errors=True)
    command = callgrind_command(files, sys.executable, [
        "-m", "generator", "build", "--content", str(content), "--out", str(out), *options])
    env = {**_env(tree), "PYTHONHASHSEED": "0"}  # the same string hashes every run
    subprocess.run(command, cwd=tree, env=env, check=True, capture_output=True)
    count = total(files)
    shutil.rmtree(files)
    shutil.rmtree(out, ignore_errors=True)
    return count


@dataclass(frozen=True)
class Side:
    name: str
    one: int
    """Instructions of the build of one unit."""
    more: int
    """Instructions of the build of 1 + `units` units."""
    units: int

    @property
    def per_unit(self) -> float:
        return (self.more - self.one) / self.units


def measure(name: str, tree: Path, portals: tuple[Path, Path], units: int,
            options: list[str], work: Path, pool: ThreadPoolExecutor) -> Side:
    """Both builds of one tree (outputs in `work`), run side by side: a count does not
    depend on what else the machine runs."""
    one = pool.submit(counted_build, tree, portals[0], work / "out-1", options)
    more = pool.submit(counted_build, tree, portals[1], work / "out-n", options)
    return Side(name, one.result(), more.result(), units)


def report(sides: list[Side]) -> str:
    lines = ["| tree | build of 1 unit | build of 1 + n units | n | a unit |",
             "|---|---|---|---|---|"]
    for s in sides:
        lines.append(f"| {s.name} | {s.one / 1e9:.3f} G | {s.more / 1e9:.3f} G | {s.units} "
                     f"| {s.per_unit / 1e9:.4f} G |")
    if len(sides) == 2:
        a, b = sides
        lines += ["", f"A unit of {a.name} costs {a.per_unit / b.per_unit:.4f} × one of "
                  f"{b.name} ({(a.per_unit / b.per_unit - 1) * 100:+.2f}%)."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rev", nargs="?", help="a commit to compare with (e.g. HEAD~3)")
    parser.add_argument("--units", type=int, default=3,
                        help="units added to the one-unit portal (default 3)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--as-then", action="store_true",
                        help="build REV from its own shipped content, with the options its "
                             "build command knows")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        parser.error("valgrind is not installed (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(2) as pool:
        work = Path(tmp)
        portals = (synthetic(work / "p1", 1), synthetic(work / "pn", 1 + args.units))
        trees = [("this checkout", ROOT, portals)]
        if args.rev:
            tree = checkout(args.rev, work / "rev")
            theirs = portals
            if args.as_then:  # (own_synthetic counts disclosures: two a unit)
                theirs = (own_synthetic(tree, work / "r1", 2),
                          own_synthetic(tree, work / "rn", 2 * (1 + args.units)))
            trees.append((args.rev, tree, theirs))
        sides = [measure(name, tree, made, args.units, build_options(tree, args.jobs),
                         work / f"side-{n}", pool) for n, (name, tree, made) in enumerate(trees)]
        print(report(sides), end="")

if __name__ == "__main__":
    main()
