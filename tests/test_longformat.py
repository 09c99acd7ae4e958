"""The portal's long-format files (issue 9): each year's lines in parts that stay small,
a gzip copy beside each, the whole portal in one gzip file; made from each disclosure's
compressed share, and kept by an incremental build when their shares did not change."""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
from pathlib import Path

import pytest

from generator.data import longformat
from generator.data.longformat import HEADER, PORTAL_ALL_GZ_PATH, MemoryStore, Share, share
from tests.buildutil import tree
from tests.test_incremental import build, units


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _body(unit: str, year: int, lines: int) -> bytes:
    return b"".join(f"{unit},{year},{n},\u6570\u5b57{n}\r\n".encode() for n in range(lines))


def _write(f: longformat.LongFile, store: MemoryStore) -> bytes:
    stream = io.BytesIO()
    written = f.write(store, stream)
    data = stream.getvalue()
    assert written.size == len(data)
    return data


def test_parts_hold_whole_disclosures_in_order_and_stay_under_the_limit() -> None:
    store = MemoryStore()
    shares = [share(store, f"u{i}", year, _body(f"u{i}", year, 5 + i))
              for i in range(6) for year in (2023, 2024)]
    limit = len(HEADER) + 3 * shares[-1].size
    made = list(longformat.files(shares, limit))
    for year in (2024, 2023):
        plain = [f for f in made if f.year == year and not f.compressed]
        assert len(plain) > 1 and [f.part for f in plain] == list(range(1, len(plain) + 1))
        assert all(f.parts == len(plain) for f in plain)
        lines = b""
        for f in plain:
            data = _write(f, store)
            assert len(data) <= limit or len(f.shares) == 1
            assert data.startswith(HEADER)
            lines += data[len(HEADER):]
            beside = next(g for g in made if g.path == f.path + ".gz")
            assert gzip.decompress(_write(beside, store)) == data  # several members, one file
        ours = [s for s in shares if s.year == year]
        assert lines == b"".join(_body(s.unit, year, 0) or
                                 gzip.decompress(store.get(s.name)) for s in ours)
    archive = made[-1]
    assert archive.path == PORTAL_ALL_GZ_PATH and archive.shares == tuple(shares)
    assert _rows(gzip.decompress(_write(archive, store)))[1:] == [
        row for s in shares for row in _rows(gzip.decompress(store.get(s.name)))]


def test_a_disclosure_larger_than_a_part_is_a_part_of_its_own() -> None:
    store = MemoryStore()
    shares = [share(store, "big", 2024, _body("big", 2024, 50)),
              share(store, "small", 2024, _body("small", 2024, 1))]
    parts = [f for f in longformat.files(shares, limit=100) if not f.compressed and f.year]
    assert [[s.unit for s in f.shares] for f in parts] == [["big"], ["small"]]


def test_keys_change_with_the_shares_only() -> None:
    store = MemoryStore()
    a = [share(store, "a", 2024, _body("a", 2024, 3))]
    b = [share(store, "a", 2024, _body("a", 2024, 4))]
    assert [f.key for f in longformat.files(a)] == [f.key for f in longformat.files(list(a))]
    assert all(x.key != y.key for x, y in zip(longformat.files(a), longformat.files(b),
                                                strict=True))


def test_a_share_is_stored_once_by_its_hash(tmp_path: Path) -> None:
    store = longformat.DiskStore(tmp_path / "figures")
    s: Share = share(store, "a", 2024, _body("a", 2024, 3))
    again = share(store, "b", 2024, _body("a", 2024, 3))
    assert s.name == again.name and store.has([s.name])
    store.keep_only(set())
    assert not store.has([s.name])


def test_the_build_splits_each_year_and_describes_every_part(
        inputs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(longformat, "PART_BYTES", 12_000)
    out = tmp_path / "out"
    build(inputs, out, jobs=1)
    years = out / "downloads" / "years"
    parts = sorted(years.glob("*-figures-*.csv"))
    assert len(parts) > len({p.name.split("-")[0] for p in parts})  # some year has parts
    package = json.loads((out / "downloads" / "datapackage.json").read_bytes())
    described = {r["path"]: r for r in package["resources"]}
    page = (out / "downloads" / "index.html").read_text(encoding="utf-8")
    everything = gzip.decompress((out / PORTAL_ALL_GZ_PATH).read_bytes())
    header, *all_rows = _rows(everything)
    at = header.index("年度 Year")
    for part in parts:
        data = part.read_bytes()
        assert len(data) <= 12_000 or len(_rows(data)) > 1
        assert gzip.decompress(part.with_name(part.name + ".gz").read_bytes()) == data
        resource = described[f"years/{part.name}"]
        assert resource["bytes"] == len(data)
        assert f'href="years/{part.name}"' in page and f'href="years/{part.name}.gz"' in page
        rows = _rows(data)
        assert rows[0] == header
        year = part.name.split("-")[0]
        assert {r[at] for r in rows[1:]} == {year}
    for year in {p.name.split("-")[0] for p in parts}:
        mine = [r for p in parts if p.name.startswith(year)
                for r in _rows(p.read_bytes())[1:]]
        assert mine == [r for r in all_rows if r[at] == year]


def test_an_incremental_build_keeps_the_pages_and_files_that_did_not_change(
        inputs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(inputs, out, jobs=1)

    def inodes() -> dict[str, int]:
        return {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*")
                if p.is_file()}

    before = inodes()
    first = units(inputs)[0]
    prose = sorted(first.glob("*/prose/*.zh.md"))[0]
    prose.write_text(prose.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    again = build(inputs, out, jobs=1).result
    assert again is not None and again.rebuilt == 1
    after = inodes()
    same = {rel for rel in before if after.get(rel) == before[rel]}
    # Prose is in no summary and in no long-format line: the home page, the year pages,
    # the long-format files and the static files were not written again...
    for rel in ("index.html", "en/index.html", PORTAL_ALL_GZ_PATH):
        assert rel in same, rel
    assert any(rel.startswith("static/") for rel in same)
    assert all(rel in same for rel in before if "-figures-" in rel)
    # ...while the unit's own pages were.
    assert any(rel not in same for rel in before if f"/{first.name}/" in rel)
    # And the result is the cold build's.
    cold = tmp_path / "cold"
    build(inputs, cold, clean=True)
    assert tree(out) == tree(cold)
    shutil.rmtree(cold)


def test_a_years_units_file_too_large_for_one_part_is_split(
        inputs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.data import csvfile
    from generator.data.paths import year_units_csv_path

    out = tmp_path / "out"
    build(inputs, out, jobs=1, clean=True)
    whole = (out / year_units_csv_path(2024)).read_bytes()
    whole_rows = _rows(whole)
    assert len(whole_rows) > 2  # a header and several units
    limit = len(whole) - 1
    monkeypatch.setattr(csvfile, "PART_BYTES", limit)
    build(inputs, out, jobs=1, clean=True)
    parts = [out / year_units_csv_path(2024, n) for n in range(1, len(whole_rows))
             if (out / year_units_csv_path(2024, n)).is_file()]
    assert len(parts) >= 2
    split = [_rows(p.read_bytes()) for p in parts]
    assert all(len(p.read_bytes()) <= limit or len(rows) == 2
               for p, rows in zip(parts, split, strict=True))
    assert all(rows[0] == whole_rows[0] for rows in split)
    assert [r for rows in split for r in rows[1:]] == whole_rows[1:]  # numbered across
    page = (out / "years" / "2024" / "index.html").read_text(encoding="utf-8")
    for p in parts:
        assert f'href="../../downloads/years/{p.name}"' in page
    package = json.loads((out / "downloads" / "datapackage.json").read_bytes())
    assert {f"years/{p.name}" for p in parts} <= {r["path"] for r in package["resources"]}
