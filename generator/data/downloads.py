"""The downloads, assembled: one unit's (every year's CSVs, JSON, data package and ZIP,
its all-years CSV, its comparisons and its data package), then the portal's (each year's
units side by side, the long-format files of every figure (`longformat`), and a catalogue
data package that points at every unit's and disclosure's package instead of repeating
them).

Files go to a `Sink` as they are made: the build writes them to disk and keeps only their
entries; `build_export` keeps them in memory, for tests and small tools. This module sits
above `export` (one disclosure's files), `figures` (its long-format lines), `compare_export`
(a unit's comparison files) and `year_units` (a year's units side by side), which do not
import it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any, Protocol

from ..build.summary import UnitSummary, summarize, years
from ..compute.audit import UnitAudit, audit_unit
from ..compute.audit.download import audit_download
from ..compute.charts import Chart
from ..content.model.content import Content, Unit
from ..content.model.types import Text
from ..site.compare_views import UnitComparison
from . import longformat
from .cells import both
from .compare_export import compare_csvs
from .csvfile import csv_bytes, part_label
from .datapackage import dump_json, package_bytes
from .deflate import zip_bytes
from .export import (
    DownloadEntry,
    Export,
    disclosure_csvs,
    disclosure_data,
    disclosure_readme,
)
from .figures import figure_rows, figures_csv, unit_figures_csv
from .longformat import (
    HEADER,
    PORTAL_ALL_GZ_PATH,
    LongFile,
    MemoryStore,
    Share,
    Store,
    Written,
    lines,
    share,
)
from .paths import (
    DATAPACKAGE_PATH,
    DOWNLOADS,
    disclosure_archive_path,
    disclosure_datapackage_path,
    disclosure_dir,
    disclosure_json_path,
    unit_all_years_csv_path,
    year_units_csv_path,
)
from .year_units import year_units_csvs

LONG_DESCRIPTION = ("Every figure of every unit of one year, one line per figure (long "
                    "format), in parts of whole disclosures, each part under 10 MB.")


class Sink(Protocol):
    def add(self, path: str, data: bytes, title: Text, kind: str, fmt: str,
            unit: str | None = None, year: int | None = None) -> None: ...


def unit_datapackage_path(unit: str) -> str:
    """Site path of the data package of a unit's all-years and comparison CSVs."""
    return f"{DOWNLOADS}/units/{unit}/datapackage.json"


def _under(path: str, folder: str) -> str:
    return path.removeprefix(folder + "/")


def package_description(content: Content) -> str:
    parts = [both(content.settings.description) if content.settings.description else "",
             "CSV: UTF-8 with BOM, CRLF; amounts in 万元 with two decimals; status stated / "
             "computed / unknown (an unknown value is empty, never 0)."]
    if content.settings.licence is not None:
        parts.append("Licence: " + both(content.settings.licence))
    return " ".join(p for p in parts if p)


def _disclosure_files(content: Content, unit: Unit, sink: Sink, audit: UnitAudit,
                      charts: dict[int, list[Chart]]) -> None:
    for d in unit.disclosures:
        folder = disclosure_dir(unit.slug, d.year)
        top = f"{unit.slug}-{d.year}"
        csvs = (disclosure_csvs(unit, d, charts.get(d.year))
                + [audit_download(unit, d, audit.year(d.year))])
        archive: dict[str, bytes] = {}
        resources: list[dict[str, Any]] = []
        for c in csvs:
            data = c.table.to_bytes()
            resources.append(c.table.resource(c.rel, data))
            archive[f"{top}/{c.rel}"] = data
            sink.add(f"{folder}/{c.rel}", data, c.title, c.kind, "csv", unit.slug, d.year)
        json_data = dump_json(disclosure_data(content, unit, d))
        json_name = f"{unit.slug}-{d.year}.json"
        archive[f"{top}/{json_name}"] = json_data
        sink.add(disclosure_json_path(unit.slug, d.year), json_data, d.meta.title, "json", "json",
                 unit.slug, d.year)
        archive[f"{top}/README.txt"] = disclosure_readme(
            content, unit, d, [(c.rel, c.title) for c in csvs]
            + [(json_name, Text(zh="全部内容(JSON)", en="Everything, as JSON")),
               ("datapackage.json", Text(zh="数据包描述", en="Data package descriptor"))])
        package = package_bytes(name=top, title=both(d.meta.title),
                                description=package_description(content),
                                resources=resources)
        archive[f"{top}/datapackage.json"] = package
        sink.add(disclosure_datapackage_path(unit.slug, d.year), package,
                 Text(zh=f"{d.meta.title.zh}:数据包描述",
                      en=f"{d.meta.title.en}: data package descriptor"
                      if d.meta.title.en else None),
                 "datapackage", "json", unit.slug, d.year)
        sink.add(disclosure_archive_path(unit.slug, d.year), zip_bytes(archive),
                 d.meta.title, "archive", "zip", unit.slug, d.year)


def unit_downloads(content: Content, unit: Unit, sink: Sink, store: Store,
                   cmp: UnitComparison | None = None,
                   audit: UnitAudit | None = None,
                   charts: dict[int, list[Chart]] | None = None) -> list[Share]:
    """Every download of one unit, in a fixed order: each year's, then its all-years CSV,
    its comparisons (`cmp`: the unit compared, when already) and the data package
    describing those. `audit`: the unit's consistency audit, `charts`: each year's charts,
    when the caller has them already. Returns each year's share of the portal's
    long-format files, compressed into `store`."""
    _disclosure_files(content, unit, sink, audit or audit_unit(unit), charts or {})
    if not unit.disclosures:
        return []
    folder = f"{DOWNLOADS}/units/{unit.slug}"
    name = unit.profile.name
    resources: list[dict[str, Any]] = []
    table = unit_figures_csv(unit)
    bodies = [(d.year, lines(csv_bytes(table.header, figure_rows(unit, d))))
              for d in unit.disclosures]
    data = HEADER + b"".join(body for _, body in bodies)
    path = unit_all_years_csv_path(unit.slug)
    resources.append(table.resource(_under(path, folder), data))
    sink.add(path, data, Text(zh=f"{name.zh}:全部年度数字",
                              en=f"{name.en}: every figure, every year" if name.en else None),
             "unit-all-years", "csv", unit.slug)
    for c in compare_csvs(content, unit, cmp):
        data = c.table.to_bytes()
        resources.append(c.table.resource(_under(c.path, folder), data))
        sink.add(c.path, data, c.title, c.kind, "csv", c.unit)
    sink.add(unit_datapackage_path(unit.slug), package_bytes(
        name=unit.slug, title=both(name), description=package_description(content),
        resources=resources),
        Text(zh=f"{name.zh}:数据包描述", en=f"{name.en}: data package descriptor"
             if name.en else None), "datapackage", "json", unit.slug)
    return [share(store, unit.slug, year, body) for year, body in bodies]


def long_entry(f: LongFile, size: int) -> DownloadEntry:
    return DownloadEntry(f.path, f.title(), "portal-all" if f.year is None else "year-figures",
                         "csv.gz" if f.compressed else "csv", size, None, f.year)


def portal_packages(units: Sequence[UnitSummary]) -> list[dict[str, str]]:
    """Where each unit's and each disclosure's data package is, relative to downloads/."""
    out = []
    for unit in units:
        for d in unit.disclosures:
            out.append({"path": _under(disclosure_datapackage_path(unit.slug, d.year),
                                       DOWNLOADS),
                        "title": both(d.meta.title)})
        if unit.disclosures:
            out.append({"path": _under(unit_datapackage_path(unit.slug), DOWNLOADS),
                        "title": both(unit.profile.name)})
    return out


def year_units_files(units: Sequence[UnitSummary], sink: Sink) -> list[dict[str, Any]]:
    """Every year's units CSV (in parts when large) into `sink`; returns each file's data
    package resource, in the same order."""
    resources: list[dict[str, Any]] = []
    for year in sorted(years(units)):
        parts = year_units_csvs(units, year)
        for n, c in enumerate(parts, 1):
            data = c.to_bytes()
            path = year_units_csv_path(year, n)
            resources.append(c.resource(_under(path, DOWNLOADS), data))
            of = part_label(n, len(parts))
            sink.add(path, data, Text(zh=f"{year}年度各单位主要数字{of[0]}",
                                      en=f"Every unit's headline figures, {year}{of[1]}"),
                     "year-units", "csv", year=year)
    return resources


def portal_package(content: Content, units: Sequence[UnitSummary],
                   year_units: list[dict[str, Any]],
                   long_files: Sequence[tuple[LongFile, Written]], sink: Sink) -> None:
    """The portal's data package: the year units files (`year_units`: their resources),
    the long-format files (as written) and where each unit's own package is."""
    resources = list(year_units)
    for f, written in long_files:
        if f.compressed:  # the same lines as the plain parts: listed once, as those
            continue
        table = figures_csv(f"{f.year}-figures-{f.part}", both(f.title()),
                            LONG_DESCRIPTION, [])
        resources.append(table.resource_of(_under(f.path, DOWNLOADS), written.size,
                                           written.sha256))
    sink.add(DATAPACKAGE_PATH, package_bytes(
        name="final-accounts-portal", title=both(content.settings.name),
        description=package_description(content) + " Each unit's and each disclosure's "
        "files are described by their own data package, listed under `packages`. "
        f"{LONG_DESCRIPTION} Each part has a gzip-compressed copy beside it (.csv.gz), and "
        f"{_under(PORTAL_ALL_GZ_PATH, DOWNLOADS)} holds every year's lines in one "
        "gzip-compressed file.",
        resources=resources, packages=portal_packages(units)),
        Text(zh="数据包描述(Frictionless)", en="Data package descriptor (Frictionless)"),
        "datapackage", "json")


def portal_downloads(content: Content, units: Sequence[UnitSummary],
                     long_files: Sequence[tuple[LongFile, Written]], sink: Sink) -> None:
    """The portal-wide downloads but the long-format files, which the caller writes
    (`longformat.files`) and gives here, as written, for the data package."""
    portal_package(content, units, year_units_files(units, sink), long_files, sink)


def build_export(content: Content) -> Export:
    """Every download and its entry, in memory, in a fixed order (tests, small tools; the
    build streams them with `unit_downloads` and `portal_downloads`)."""
    export = Export()
    summaries = []
    store = MemoryStore()
    for unit in content.units:
        mine = Export()
        audit = audit_unit(unit)
        shares = unit_downloads(content, unit, mine, store, audit=audit)
        for e in mine.entries:
            export.add(e.path, mine.files[e.path], e.title, e.kind, e.format, e.unit, e.year)
        summaries.append(summarize(unit, mine.entries, shares, audit))
    long_files, made = [], []
    for f in longformat.files([s for u in summaries for s in u.figures]):
        stream = io.BytesIO()
        long_files.append((f, f.write(store, stream)))
        made.append(stream.getvalue())
    portal_downloads(content, summaries, long_files, export)
    for (f, written), data in zip(long_files, made, strict=True):
        entry = long_entry(f, written.size)
        export.add(entry.path, data, entry.title, entry.kind, entry.format, entry.unit,
                   entry.year)
    return export


def export_files(content: Content) -> dict[str, bytes]:
    """Every download, by its path relative to the site root (POSIX, e.g.
    'downloads/units/<slug>/<year>/tables/<nn>-<table-id>.csv'). Pure and deterministic."""
    return build_export(content).files


def download_entries(content: Content, unit: str | None = None,
                     year: int | None = None) -> list[DownloadEntry]:
    """The downloads, optionally only one unit's (and one year's), in a stable order."""
    return build_export(content).entries_for(unit, year)
