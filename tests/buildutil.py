"""Helpers shared by the build and render tests: build a content folder, read pages,
compare trees."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

from generator.build.run import BuildResult, build_site
from generator.cli.main import check_content

HERE = Path(__file__).resolve().parent
GOLDEN_CONTENT = HERE / "fixtures" / "golden-content"
GOLDEN = HERE / "golden"


def build(content_dir: Path, out: Path, base_url: str | None = None) -> BuildResult:
    content, findings = check_content(content_dir)
    assert content is not None, findings.format_text()
    return build_site(content, out, base_url=base_url)


def copy_content(tmp: Path) -> Path:
    """A writable copy of the golden content, for tests that change it."""
    target = tmp / "content"
    shutil.copytree(GOLDEN_CONTENT, target)
    return target


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` (hidden ones included) by POSIX relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, the text inside <script> (code), and
    the text of <script type="application/json"> data blocks (the charts' specs)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self.json_text: list[str] = []
        self._in_script: list[str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            data = (dict(attrs).get("type") or "").lower() == "application/json"
            self._in_script = self.json_text if data else self.script_text

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None and data.strip():
            self._in_script.append(data)

    def find(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for t, attrs in self.tags if t == tag]


def package_resources(files: dict[str, bytes],
                      descriptor: str = "downloads/datapackage.json") -> dict[str, dict]:
    """Every resource a data package describes, by its site path, following the portal
    catalogue's `packages` to each unit's and disclosure's package."""
    import json
    import posixpath

    package = json.loads(files[descriptor])
    folder = posixpath.dirname(descriptor)
    found = {posixpath.join(folder, r["path"]): r for r in package["resources"]}
    for sub in package.get("packages", []):
        found.update(package_resources(files, posixpath.join(folder, sub["path"])))
    return found
