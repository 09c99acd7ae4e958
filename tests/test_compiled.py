"""The optional compiled modules (scripts/compile.py, generator/compiled.py).

The mechanism is tested here on small packages made for the test. Whether the compiled
generator builds the same site as its sources is tested when the tree is compiled:
`scripts/test.sh` compiles it after the main suite and runs this file again with
PORTAL_EXPECT_COMPILED set, which turns the skip into a failure."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from generator import PACKAGE, PROJECT
from generator.compiled import (
    PURE,
    STAMP,
    SourceFinder,
    all_modules,
    built,
    compilable,
    digest,
    stale,
)
from tests.buildutil import tree

EXT = EXTENSION_SUFFIXES[0]


def _package(root: Path, modules: dict[str, str]) -> Path:
    for rel, text in modules.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _stamp(package: Path, modules: dict[str, str]) -> None:
    (package / STAMP).write_text(json.dumps({"modules": modules}), encoding="utf-8")


def test_stale_lists_compiled_modules_whose_source_changed_or_is_unrecorded(tmp_path):
    pkg = _package(tmp_path / "pkg", {"__init__.py": "", "a.py": "A = 1\n", "b.py": "B = 1\n",
                                      "sub/__init__.py": "", "sub/c.py": "C = 1\n"})
    assert stale(pkg) == []  # nothing compiled: nothing to check
    for rel in ("a", "b", "sub/c"):
        (pkg / f"{rel}{EXT}").write_bytes(b"not a real extension module")
    assert stale(pkg) == ["a", "b", "sub.c"]  # no stamp: none can be trusted
    _stamp(pkg, {"a.py": digest(pkg / "a.py"), "b.py": digest(pkg / "b.py"),
                 "sub/c.py": digest(pkg / "sub/c.py")})
    assert stale(pkg) == []
    (pkg / "b.py").write_text("B = 2\n", encoding="utf-8")
    assert stale(pkg) == ["b"]
    (pkg / "sub/c.py").unlink()  # an extension module with no source left
    assert stale(pkg) == ["b", "sub.c"]


def test_the_source_finder_imports_the_source_instead_of_the_extension_module(tmp_path,
                                                                              monkeypatch):
    name = "compiled_test_pkg"
    pkg = _package(tmp_path / name, {"__init__.py": "", "m.py": "ANSWER = 42\n"})
    (pkg / f"m{EXT}").write_bytes(b"not a real extension module")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ImportError):  # the extension module comes first, and is broken
        importlib.import_module(f"{name}.m")
    for key in [k for k in sys.modules if k.startswith(name)]:
        del sys.modules[key]
    monkeypatch.setattr(sys, "meta_path", [SourceFinder(name, pkg, ["m"]), *sys.meta_path])
    module = importlib.import_module(f"{name}.m")
    assert module.ANSWER == 42
    assert module.__file__ == str(pkg / "m.py")
    for key in [k for k in sys.modules if k.startswith(name)]:
        del sys.modules[key]


def test_what_is_compiled_leaves_out_the_check_the_package_files_and_the_models():
    rels = [p.relative_to(PACKAGE).as_posix() for p in compilable(PACKAGE)]
    assert rels == sorted(rels) and rels
    assert "compiled.py" not in rels
    assert not [r for r in rels if r.endswith(("__init__.py", "__main__.py"))]
    assert not [r for r in rels if r.startswith("content/model/")]
    models = list((PACKAGE / "content" / "model").glob("*.py"))
    assert models and not set(models) & set(compilable(PACKAGE))
    assert all_modules(PACKAGE) == [r.removesuffix(".py").replace("/", ".") for r in rels]


# --- the compiled generator against its sources ---------------------------------------------

def _compiled() -> bool:
    extensions = built(PACKAGE)
    return bool(extensions) and not stale(PACKAGE, extensions)


needs_compiled = pytest.mark.skipif(
    not _compiled() and not os.environ.get("PORTAL_EXPECT_COMPILED"),
    reason="the generator is not compiled (python scripts/compile.py)")


def _portal(args: list[str], cwd: Path, pure: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != PURE}
    if pure:
        env[PURE] = "1"
    env["PYTHONPATH"] = str(PROJECT)
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


@needs_compiled
def test_the_compiled_modules_are_the_ones_that_run():
    assert _compiled(), "scripts/compile.py did not compile the generator, or it is stale"
    code = "import generator.data.csvfile as m, generator.site.render as r; " \
           "print(m.__file__); print(r.__file__)"
    env = {k: v for k, v in os.environ.items() if k != PURE}
    compiled = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=env,
                              capture_output=True, text=True, check=True).stdout.split()
    assert all(f.endswith(EXT) for f in compiled), compiled
    pure = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env={**env, PURE: "1"},
                          capture_output=True, text=True, check=True).stdout.split()
    assert all(f.endswith(".py") for f in pure), pure


@needs_compiled
def test_compiled_and_source_build_the_same_site_byte_for_byte(tmp_path, inputs):
    content = inputs["content"]
    outs = {}
    for pure in (False, True):
        out = tmp_path / ("pure" if pure else "compiled") / "site"
        done = _portal(["build", "--content", str(content), "--out", str(out), "--jobs", "2",
                        "--base-url", "https://example.org/portal/"], tmp_path, pure)
        assert done.returncode == 0, done.stderr
        outs[pure] = tree(out)
    assert len(outs[False]) > 100
    assert outs[False].keys() == outs[True].keys()
    assert [p for p in outs[False] if outs[False][p] != outs[True][p]] == []


@needs_compiled
def test_compiled_and_source_report_bad_content_alike(tmp_path, inputs):
    content = inputs["content"]
    yamls = sorted((content / "units").rglob("*.yaml"))
    with yamls[0].open("a", encoding="utf-8") as f:
        f.write("\nnot_a_key_of_any_file: [1, 2\n")  # a YAML syntax error
    with yamls[-1].open("a", encoding="utf-8") as f:
        f.write("\nnot_a_key_of_any_file: 1\n")
    results = [_portal(["check", "--content", str(content)], tmp_path, pure)
               for pure in (False, True)]
    assert results[0].returncode == results[1].returncode != 0
    assert "not_a_key_of_any_file" in results[0].stdout + results[0].stderr
    assert (results[0].stdout, results[0].stderr) == (results[1].stdout, results[1].stderr)
