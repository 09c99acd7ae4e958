"""Compile the generator with Cython, in place, for faster builds (about a tenth: see
docs/benchmarks.md); `--clean` removes what it made. The output is the same: the test
suite's `tests/test_compiled.py` builds with and without and compares every byte.

Needs Cython (`pip install -e '.[compile]'`), a C compiler and the Python headers
(Debian: `apt install gcc python3-dev`). Which modules, and how a compiled module whose
source changed since falls back to the source: `generator/compiled.py`.

    python scripts/compile.py [--jobs N]
    python scripts/compile.py --clean
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Set before the package is imported, so that it does not warn this process of the stale
# modules it is about to compile again (generator.compiled.PURE).
os.environ["PORTAL_PURE"] = "1"

from generator import PACKAGE  # noqa: E402
from generator.compiled import STAMP, compilable, compiled_products, digest  # noqa: E402

DIRECTIVES = {
    "language_level": 3,
    # Annotations are documentation here, as in CPython: Cython would otherwise reject a
    # StrEnum member where a `str` is annotated.
    "annotation_typing": False,
    "emit_code_comments": False,
}


def clean() -> int:
    removed = compiled_products(PACKAGE)
    for path in removed:
        path.unlink()
    (PACKAGE / STAMP).unlink(missing_ok=True)
    return len(removed)


def compile_all(jobs: int) -> list[Path]:
    from Cython import __version__ as cython_version
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension

    sources = compilable(PACKAGE)
    clean()
    # No debug information, no warnings about Cython's own generated code: a tenth of the
    # size; the machine code is the same.
    extensions = [Extension(".".join(p.relative_to(ROOT).with_suffix("").parts),
                            [str(p.relative_to(ROOT))], extra_compile_args=["-g0", "-w"])
                  for p in sources]
    os.chdir(ROOT)
    modules = cythonize(extensions, compiler_directives=DIRECTIVES, nthreads=jobs,
                        quiet=True)
    with tempfile.TemporaryDirectory() as temp:
        dist = Distribution({"ext_modules": modules})
        command = dist.get_command_obj("build_ext")
        command.inplace = True
        command.build_temp = temp
        command.parallel = jobs
        command.ensure_finalized()
        command.run()
    for path in sources:
        path.with_suffix(".c").unlink(missing_ok=True)
    stamp = {"cython": cython_version,
             "modules": {p.relative_to(PACKAGE).as_posix(): digest(p) for p in sources}}
    (PACKAGE / STAMP).write_text(json.dumps(stamp, indent=1, sort_keys=True) + "\n",
                                 encoding="utf-8")
    return sources


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clean", action="store_true",
                        help="remove the compiled modules: run from the sources")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="compile this many modules at once (default: every core)")
    args = parser.parse_args(argv)
    if args.clean:
        print(f"removed {clean()} compiled file(s)")
        return 0
    try:
        sources = compile_all(args.jobs)
    except ImportError:
        print("compile: Cython is not installed: pip install -e '.[compile]'",
              file=sys.stderr)
        return 2
    except Exception as error:  # the compiler's, in setuptools' words; nothing half-made stays
        clean()
        print(f"compile: {type(error).__name__}: {error}\n  hint: it needs a C compiler and "
              "the Python headers (Debian: apt install gcc python3-dev); the generator "
              "runs from its sources meanwhile", file=sys.stderr)
        return 1
    print(f"compiled {len(sources)} modules of {PACKAGE.name}/ "
          f"(python scripts/compile.py --clean to run from the sources)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
