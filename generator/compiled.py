"""The optional compiled modules (`scripts/compile.py`): Cython turns most of the package's
modules into extension modules beside their sources, and Python imports an extension
module before a source of the same name. The compiled code is the same program, about a
tenth faster; the sources stay the truth.

So that a compiled module never runs code its source no longer has, `scripts/compile.py`
records each compiled source's hash in `STAMP`, and `use_sources_where_needed` (run when
the package is imported, before any compiled module loads) makes Python import the source
of every module whose source changed since, or of every module when `PORTAL_PURE` is set.
This module and the package's `__init__` files are never compiled.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

STAMP = ".compiled.json"
"""In the package folder: {"modules": {<source, relative to the package>: <sha256>}}."""

PURE = "PORTAL_PURE"
"""Set (to anything but empty) to run every module from its source."""

NOT_COMPILED = ("__init__.py", "__main__.py", "compiled.py")
"""Run as sources always: the check runs before any compiled module may load."""

MODELS = "content/model"
"""Pydantic models: pydantic reads their classes' plain functions and annotations, which
a compiled class does not carry as pydantic expects; they stay sources."""


def _dotted(rel: str) -> str:
    """'data/csvfile.py' -> 'data.csvfile'."""
    return rel.removesuffix(".py").replace("/", ".")


def compilable(package: Path) -> list[Path]:
    """The sources `scripts/compile.py` compiles, in a fixed order."""
    return sorted(p for p in package.rglob("*.py")
                  if p.name not in NOT_COMPILED and "__pycache__" not in p.parts
                  and not p.relative_to(package).as_posix().startswith(MODELS + "/"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compiled_products(package: Path) -> list[Path]:
    """Every extension module under the package (for any Python), and the C sources
    Cython wrote."""
    return sorted(p for p in package.rglob("*")
                  if p.suffix in (".so", ".pyd", ".c") and p.is_file())


def built(package: Path) -> list[Path]:
    """The extension modules under the package that this Python would import."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    return sorted(p for p in package.rglob("*") if p.name.endswith(suffixes))


def stale(package: Path, extensions: list[Path] | None = None) -> list[str]:
    """The modules (dotted, under the package) that have an extension module for this
    Python (`extensions`, when the caller has them: `built`) but must run from their
    source: not in `STAMP`, or their source changed since it was compiled."""
    extensions = built(package) if extensions is None else extensions
    if not extensions:
        return []
    try:
        recorded = json.loads((package / STAMP).read_text(encoding="utf-8"))["modules"]
    except (OSError, ValueError, KeyError, TypeError):
        recorded = {}
    out = []
    for ext in extensions:
        stem = ext.name.split(".", 1)[0]
        source = ext.with_name(stem + ".py")
        rel = source.relative_to(package).as_posix()
        if not source.is_file() or recorded.get(rel) != digest(source):
            out.append(_dotted(rel))
    return sorted(out)


def all_modules(package: Path) -> list[str]:
    return [_dotted(p.relative_to(package).as_posix()) for p in compilable(package)]


class SourceFinder:
    """A meta path finder that gives the source loader for the named modules."""

    def __init__(self, package: str, folder: Path, modules: Sequence[str]) -> None:
        self.files = {f"{package}.{m}": folder.joinpath(*m.split(".")).with_suffix(".py")
                      for m in modules}

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        source = self.files.get(fullname)
        if source is None or not source.is_file():
            return None
        return importlib.util.spec_from_file_location(fullname, source)


def use_sources_where_needed(package: str, folder: Path) -> None:
    """Install a `SourceFinder` for the modules that must run from source (`stale`, or all
    of them under `PORTAL_PURE`); say so on stderr when a compiled module is stale."""
    if os.environ.get(PURE):
        modules = all_modules(folder)
    else:
        modules = stale(folder)
        if modules:
            print(f"portal: {len(modules)} compiled module(s) no longer match their source "
                  f"({', '.join(modules[:3])}{' ...' if len(modules) > 3 else ''}) and run "
                  "from it; run `python scripts/compile.py` again, or "
                  "`python scripts/compile.py --clean`", file=sys.stderr)
    if modules:
        sys.meta_path.insert(0, SourceFinder(package, folder, modules))  # type: ignore[arg-type]
