"""The downloads page lists every download the build writes, with its real size, in both
languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.site.formatting import filesize
from tests.buildutil import build

EXPORT_CONTENT = Path(__file__).parent / "fixtures" / "export-content"
ROW = re.compile(r'<th scope="row"><a href="(?P<href>[^"]+)">(?:(?!</a>).)*</a><br>'
                 r'<span class="dl-path">(?P<path>[^<]+)</span></th>\s*'
                 r'<td>(?P<fmt>[A-Z.]+)</td>\s*<td class="num">(?P<size>[^<]+)</td>',
                 re.S)


UNIT_ROW = re.compile(r'<tr id="[^"]+">\s*<th scope="row"><a href="(?P<href>[^"]+)">')


@pytest.mark.parametrize("lang_root", ["", "en/"])
def test_downloads_pages_list_every_file_with_its_size(tmp_path: Path, lang_root: str) -> None:
    """The portal page lists the portal's files and links each unit's page, which lists
    the unit's: together, every file the build wrote under downloads/."""
    out = tmp_path / "site"
    build(EXPORT_CONTENT, out)
    portal = out / lang_root / "downloads" / "index.html"
    html = portal.read_text(encoding="utf-8")
    unit_pages = [(portal.parent / m["href"]).resolve() for m in UNIT_ROW.finditer(html)]
    assert unit_pages and all(p.name == "index.html" and p.is_file() for p in unit_pages)
    rows = []
    for page in [portal, *unit_pages]:
        for row in ROW.finditer(page.read_text(encoding="utf-8")):
            rows.append(row)
            target = (page.parent / row["href"]).resolve()
            assert target == (out / row["path"]).resolve()
            assert row["size"] == filesize(target.stat().st_size)
            assert row["fmt"].lower() == "".join(target.suffixes[-2:] if target.name.endswith(
                ".csv.gz") else target.suffixes[-1:]).lstrip(".")
    written = [p.relative_to(out).as_posix() for p in (out / "downloads").rglob("*")
               if p.is_file() and p.name != "index.html"]
    assert sorted(r["path"] for r in rows) == sorted(written)


def test_every_page_links_the_downloads_page(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(EXPORT_CONTENT, out)
    for page in (out / "index.html", out / "en" / "glossary" / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert re.search(r'href="(\.\./)*downloads/index\.html"', html)


@pytest.mark.parametrize(("size", "text"), [(0, "0 B"), (1023, "1023 B"), (1024, "1.0 KB"),
                                            (1536, "1.5 KB"), (3 * 1024**2, "3.0 MB")])
def test_filesize(size: int, text: str) -> None:
    assert filesize(size) == text
