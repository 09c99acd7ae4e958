"""One unit's share of a build, the unit of work that can run in a worker process: load
its folder, check it, write its pages and downloads into the staging folder, and hand
back only what the pages that span units need (`UnitResult`). Nothing of the unit stays
in memory once its job is done.

A worker gets the portal-wide content, the site and the renderer once (`start`), then
jobs that name a unit folder: it reads the unit itself, so no process copies the whole
content.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..compute.audit.report import records
from ..compute.charts import disclosure_charts
from ..content.contentfs import ContentFS
from ..content.findings import Finding, Findings
from ..content.load import load_unit
from ..content.model.content import Content, Unit
from ..content.model.types import Text
from ..content.validate import validate_unit
from ..data.downloads import unit_downloads
from ..data.export import DownloadEntry
from ..data.longformat import Store
from ..search.records import disclosure_records, put
from ..site import names
from ..site.compare_views import UnitComparison
from ..site.urls import Page, Site
from .summary import UnitSummary, summarize
from .write import FileWriter

if TYPE_CHECKING:  # `portal check` runs jobs without loading Jinja
    from ..site.render import Renderer


@dataclass(frozen=True)
class UnitJob:
    folder: Path
    unit: Unit | None = None
    """Already loaded (an in-memory build); None: the job reads `folder`."""


@dataclass
class UnitResult:
    """What a unit's job hands back: all the build keeps of the unit."""

    slug: str
    findings: list[Finding] = field(default_factory=list)
    files: list[tuple[str, int]] = field(default_factory=list)
    """Every file written, with its size, in the order written."""
    pages: list[Page] = field(default_factory=list)
    summary: UnitSummary | None = None
    files_read: int = 0
    ignored: list[str] = field(default_factory=list)
    pinyin: dict[str, str] = field(default_factory=dict)
    """Names the job turned into pinyin (`names.take_new`), for the build's memo."""
    audit: list[dict[str, Any]] = field(default_factory=list)
    """Every check of the consistency audit as plain data (checking only: `portal audit`);
    a build keeps only counts, in the summary."""
    key: str | None = None
    """The unit's key, when the job made it (`Worker.unit_key`)."""
    digests: dict[str, Any] = field(default_factory=dict)
    """The digests of the files the key was made from, for the build's manifest (which
    takes them out: they are kept there once, not in each result)."""


@dataclass
class Worker:
    """The portal-wide state of a process that runs unit jobs."""

    portal: Content
    site: Site | None
    renderer: Renderer | None
    """None: check only, write nothing."""
    stage: Path | None = None
    out: Path | None = None
    store: Store | None = None
    """Where the long-format shares go (the build cache)."""
    unit_key: Callable[..., str | None] | None = None
    """Set when the build has no keys yet (a cold build): each job hashes its own unit's
    folder (`cache.unit_key`, its digests into `seen`), in parallel, instead of
    the build reading every unit before the first job starts."""


class _Sink:
    """Writes each download as it is made and keeps only its entry."""

    def __init__(self, writer: FileWriter) -> None:
        self.writer = writer
        self.entries: list[DownloadEntry] = []

    def add(self, path: str, data: bytes, title: Text, kind: str, fmt: str,
            unit: str | None = None, year: int | None = None) -> None:
        size = self.writer.write(path, data)
        self.entries.append(DownloadEntry(path, title, kind, fmt, size, unit, year))


_WORKER: Worker | None = None


def start(worker: Worker) -> None:
    """Set this process's state (in the parent before forking, so workers inherit it)."""
    global _WORKER
    _WORKER = worker


def run(job: UnitJob) -> UnitResult:
    """Load, check and (unless only checking) write one unit."""
    w = _WORKER
    assert w is not None, "unitjob.start() was not called"
    result = _run(w, job)
    if w.renderer is not None:
        # The unit goes now, not when the next one comes: the renderer lets it go, and
        # what is left of it in reference cycles is collected while it is young. Left to
        # the collector's thresholds (GC_YOUNG), the cycles of unit after unit were
        # promoted and stayed until a full collection: a build in one process of 100
        # units peaked at 183 MB (41 MB over one of 10 units); it peaks at 133 MB (11 MB
        # over) with this. `use(portal)`: the renderer back to the portal without units.
        w.renderer.use(w.portal)
        gc.collect(1)
    return result


def _run(w: Worker, job: UnitJob) -> UnitResult:
    # A build reports errors and warnings only: the audit's notes (`portal check --format
    # json`, `portal audit`) would only weigh on the results sent back and kept in the cache.
    findings = Findings(root=w.portal.root, notes=w.renderer is None)
    fs = ContentFS(w.portal.root, findings)
    unit = job.unit if job.unit is not None else load_unit(fs, w.portal, job.folder)
    result = UnitResult(job.folder.name)
    if w.unit_key is not None:
        result.key = w.unit_key(job.folder, seen=result.digests)
    audit = validate_unit(w.portal, unit, findings) if unit is not None else None
    result.findings = findings.items
    result.files_read = fs.files_read
    result.ignored = [findings.rel(p) for p in fs.ignored]
    if unit is None or audit is None or findings.errors:
        return result
    if w.renderer is None:
        result.audit = records(unit, audit, findings)
        return result
    assert w.site is not None and w.stage is not None and w.out is not None
    assert w.store is not None
    content = replace(w.portal, units=[unit])
    writer = FileWriter(w.stage, w.out)
    sink = _Sink(writer)
    # Compared and charted once, for the downloads and the pages.
    cmp = UnitComparison(unit, w.portal.crosswalk)
    charts = {d.year: disclosure_charts(unit, d) for d in unit.disclosures}
    shares = unit_downloads(content, unit, sink, w.store, cmp, audit, charts)
    renderer = w.renderer
    renderer.use(content, {unit.slug: sink.entries}, audit,
                 {(unit.slug, year): made for year, made in charts.items()})
    renderer.comparisons.add(cmp)
    result.pages = renderer.unit_pages(unit)
    for page in result.pages:
        for lang in w.site.languages:
            writer.write(w.site.path(page, lang), renderer.render(page, lang))
    result.files = writer.written
    found = [r for d in unit.disclosures for r in disclosure_records(w.site, unit, d)]
    result.summary = summarize(unit, sink.entries, shares, audit, put(w.store, found))
    result.summary.__digest__()  # kept in it: made here, in parallel, not by the portal's
    # pages one unit after another (their keys read every summary's digest)
    result.pinyin = names.take_new()
    return result


GC_YOUNG = 100_000
"""The collector's youngest-generation threshold while units are built (Python's default
is 700): a unit makes some hundred thousand objects, nearly all freed by their reference
counts, and keeps its model alive while it is built, so a collection finds little and
each one walks the unit's model again. At 20,000, a unit's collections took 8.4 ms; at
100,000, 4 ms (`gc.callbacks`, 8 units 4 times)."""


def run_all(worker: Worker, jobs: list[UnitJob], processes: int) -> Iterator[UnitResult]:
    """Each job's result, in the jobs' order, from `processes` worker processes (in this
    process when 1). Close the iterator to stop the workers early."""
    start(worker)
    threshold = gc.get_threshold()
    gc.set_threshold(GC_YOUNG, *threshold[1:])
    try:
        yield from _results(jobs, processes)
    finally:
        gc.set_threshold(*threshold)


def _results(jobs: list[UnitJob], processes: int) -> Iterator[UnitResult]:
    if processes <= 1 or len(jobs) <= 1:
        yield from map(run, jobs)
        return
    # fork: the workers inherit the portal and the compiled templates; each job names a
    # unit folder, which the worker reads itself.
    context = multiprocessing.get_context("fork")
    # Frozen: the state the workers inherit is never walked by their collector, so its
    # pages stay shared with this process instead of being copied on the first collection.
    gc.freeze()
    try:
        with context.Pool(min(processes, len(jobs))) as pool:
            yield from pool.imap(run, jobs, chunksize=1)
    finally:
        gc.unfreeze()
