"""Build stage: plan every output, render each page, write them atomically.

Stages stay separate so they can later be parallelised or cached: `plan` lists
(page, language, path) without rendering anything; `Renderer.render` turns one of them
into text; `StagedOutput` writes and swaps. Everything iterates in a fixed order and no
output holds a timestamp or random id, so two builds of the same content are identical.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..content.check import open_portal
from ..content.contentfs import ContentFS
from ..content.findings import Findings
from ..content.load import unit_dirs
from ..content.model.content import Content
from ..data import longformat
from ..site import glossary, names
from ..site.formatting import filesize
from ..site.render import HTML_LANG, LOCALES, PROJECT, TEMPLATES, Renderer
from ..site.urls import Kind, Page, Site
from . import cache, inplace, unitjob
from .portal import Reuse, SearchIndex, portal_files
from .unitjob import UnitJob, UnitResult, Worker
from .write import DuplicatePathError, StagedOutput

SITE_SRC = PROJECT / "site_src"

Progress = Callable[[int, int, int, str], None]
"""Called after each unit with (units done, units in all, disclosures done, the unit's
folder name)."""


@dataclass(frozen=True)
class Output:
    page: Page
    lang: str
    path: str


@dataclass(frozen=True)
class BuildResult:
    pages: int
    files: int
    bytes: int
    seconds: float
    rebuilt: int = 0
    """Units whose pages and downloads were made."""
    reused: int = 0
    """Units taken unchanged from the previous build."""
    disclosures_rebuilt: int = 0
    """The disclosures those units hold (each year of a unit is one)."""
    disclosures_reused: int = 0

    def summary(self) -> str:
        units = (f"; units: {self.rebuilt} built, {self.reused} reused; disclosures: "
                 f"{self.disclosures_rebuilt} built, {self.disclosures_reused} reused"
                 if self.rebuilt + self.reused else "")
        return (f"built {self.pages} pages, {self.files} files ({filesize(self.bytes)}) "
                f"in {self.seconds:.2f} s{units}")


def plan_outputs(site: Site, pages: list[Page]) -> list[Output]:
    """Every page in every language with its path; two on one path is an error."""
    outputs: list[Output] = []
    taken: dict[str, Output] = {}
    for page in pages:
        for lang in site.languages:
            out = Output(page, lang, site.path(page, lang))
            key = out.path.casefold()
            if key in taken:
                first = taken[key]
                raise DuplicatePathError(
                    f"two pages map to '{out.path}': {first.page} ({first.lang}) "
                    f"and {page} ({lang})")
            taken[key] = out
            outputs.append(out)
    return outputs


def sitemap(site: Site, outputs: list[Output]) -> str:
    """sitemap.xml with each page's language alternates (only with a base URL: the
    sitemap protocol requires absolute URLs)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for out in outputs:
        if out.page.kind is Kind.NOT_FOUND:
            continue
        lines.append(f"<url><loc>{escape(site.absolute(out.path))}</loc>")
        for lang in site.languages:
            href = quoteattr(site.absolute(site.path(out.page, lang)))
            lines.append(f'<xhtml:link rel="alternate" hreflang="{HTML_LANG[lang]}" '
                         f"href={href}/>")
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


class ContentErrors(Exception):
    """The content has errors: nothing was written (the findings say what)."""


@dataclass
class Plan:
    """What a build takes: the portal-wide content, the site, and where things are."""

    portal: Content
    site: Site
    out: Path
    templates: Path = TEMPLATES
    locales: Path = LOCALES
    site_src: Path = SITE_SRC
    jobs: int = 1
    incremental: bool = True
    precompress: bool = False
    """Write .gz and .br copies beside the text files (`generator.build.precompress`)."""
    progress: Progress | None = None
    on_wait: Callable[[], None] | None = None
    findings: Findings = field(default_factory=Findings)
    ignored: list[str] = field(default_factory=list)


def _key_jobs(plan: Plan, folders: list[Path], manifest: cache.Manifest | None,
              seen: cache.FileDigests, live: set[str],
              store: longformat.DiskStore) -> tuple[
                  list[UnitJob], dict[str, str | None], dict[str, UnitResult]]:
    """Each unit's key, and which units the last build's output already has. With no
    manifest there is nothing to reuse: every unit is a job, which keys its own unit
    (`Worker.unit_key`), in parallel."""
    keys: dict[str, str | None] = {}
    reused: dict[str, UnitResult] = {}
    if manifest is None:
        return [UnitJob(folder) for folder in folders], keys, reused
    todo: list[UnitJob] = []
    for folder in folders:
        key = cache.unit_key(plan.portal.root, manifest.shared, folder, manifest.files, seen,
                             manifest.made_ns)
        keys[folder.name] = key
        previous = cache.reusable(manifest, folder.name, key, live, store)
        if previous is not None:
            reused[folder.name] = previous
        else:
            todo.append(UnitJob(folder))
    return todo, keys, reused


def run_build(plan: Plan, units: list[UnitJob] | None = None) -> BuildResult:
    """Build the site: every unit (read from its folder one at a time, or given in
    `units`), then the pages and files that span units. Raises `ContentErrors` (nothing
    written) when the content has errors, `OutputError` when the output cannot be
    written; either way the previous output is left as it was."""
    started = time.perf_counter()
    portal, site = plan.portal, plan.site
    from_disk = units is None
    if units is None:
        fs = ContentFS(portal.root, plan.findings)
        folders = unit_dirs(fs, portal.root)
        plan.ignored.extend(plan.findings.rel(p) for p in fs.ignored)
    else:
        folders = [job.folder for job in units]
    with StagedOutput(plan.out, protect=[portal.root, plan.templates, plan.locales,
                                         plan.site_src], on_wait=plan.on_wait) as stage:
        compiled = cache.template_cache(plan.out)
        new_compiled = None
        if compiled is None and from_disk:  # a first build: its compiled templates are
            compiled = new_compiled = stage.tmp / ".templates"  # kept if it succeeds
            compiled.mkdir()
        renderer = Renderer(portal, site, templates=plan.templates, locales=plan.locales,
                            units=[], portal_downloads=[], bytecode=compiled)
        shared = manifest = None  # read under the lock: no other build changes them now
        if from_disk:  # a clean build reuses nothing but leaves a manifest for the next
            shared = cache.shared_key(portal.root, plan.templates, plan.locales,
                                      plan.site_src, (tuple(site.languages),
                                                      site.default_language, site.base_url,
                                                      plan.precompress))
            if plan.incremental and shared is not None:
                manifest = cache.load(plan.out, shared)
        hashed_ns = time.time_ns()
        seen: cache.FileDigests = {}
        kept_store = cache.figure_store(plan.out)
        new_store = longformat.DiskStore(stage.tmp / ".figures")
        store = longformat.BuildStore(new_store, kept_store)
        live: set[str] = set()
        if manifest is not None:  # listed once: for the units' files, the portal's, the commit
            live = stage.live = inplace.live_files(plan.out)
            names.remember(manifest.pinyin)
        if units is None:
            with cache.paused_gc():  # the last build's unit results, unpickled
                jobs, keys, reused = _key_jobs(plan, folders, manifest, seen, live,
                                               kept_store)
        else:
            jobs, keys, reused = units, {}, {}
        search = SearchIndex(portal, site, renderer, stage, store)
        try:
            # A cold build feeds the index each unit's records as they come, so little is
            # left after the units; started first, it loads on the core idle meanwhile. (A
            # rebuild's reused units would come faster than the index reads them.)
            if jobs and not reused:
                search.start()
            if plan.jobs > 1 and len(jobs) > 1:
                renderer.load_templates()
                glossary.pinyin_ahead(portal.glossary.terms)
                names.take_new()  # in the memo already: not for the workers to hand back
            worker = Worker(portal, site, renderer, stage.tmp, plan.out, store)
            if units is None and manifest is None and shared is not None:
                worker.unit_key = partial(cache.unit_key, portal.root, shared)
            fresh = unitjob.run_all(worker, jobs, plan.jobs)
            try:
                results, made = _collect(plan, stage, folders, reused, fresh, search)
                for slug, result in results.items():
                    if result.key is not None:
                        keys[slug] = result.key
                    seen.update(result.digests)
                    result.digests = {}
            finally:
                fresh.close()  # stops the workers before a failed build's staging goes
            if plan.findings.errors:
                raise ContentErrors()
            summaries = [r.summary for r in results.values() if r.summary is not None]
            unit_pages = [p for r in results.values() for p in r.pages]
            reuse = (Reuse(stage, manifest.portal, live, manifest.portal_downloads)
                     if manifest is not None else Reuse(stage, {}, live))
            portal_files(portal, site, plan.site_src, stage, renderer, summaries, store,
                         reuse, search)
        finally:
            search.cancel()  # (done already unless the build failed)
        outputs = plan_outputs(site, renderer.site_order(unit_pages))
        if site.base_url is not None:
            stage.write("sitemap.xml", sitemap(site, outputs))
        if plan.precompress:
            stage.precompress(plan.jobs)
        new = None if shared is None else cache.Manifest(
            shared, cache.pack_units(keys, results, manifest, set(reused)), seen,
            made_ns=hashed_ns,
            portal=reuse.made, pinyin=names.memo(), portal_downloads=reuse.downloads)
        shares = {s.name for u in summaries for s in u.figures} | \
            {u.search for u in summaries}

        def before_swap() -> None:
            cache.save(plan.out, None)
            if new is not None:  # a build that leaves no manifest keeps no members
                kept_store.take(new_store)
                if new_compiled is not None:
                    cache.keep_templates(plan.out, new_compiled)
            shutil.rmtree(new_store.folder, ignore_errors=True)  # never published
            if new_compiled is not None:
                shutil.rmtree(new_compiled, ignore_errors=True)

        def after_swap() -> None:
            cache.save(plan.out, new)
            kept_store.keep_only(shares)

        stage.before_swap = before_swap
        stage.after_swap = after_swap
    return BuildResult(len(outputs), stage.files, stage.bytes,
                       time.perf_counter() - started, made.units, len(folders) - made.units,
                       made.disclosures, made.all_disclosures - made.disclosures)


@dataclass
class _Made:
    """What `_collect` counted: the units it had built and the disclosures they hold, and
    the disclosures of every unit (built or reused)."""

    units: int = 0
    disclosures: int = 0
    all_disclosures: int = 0


def _collect(plan: Plan, stage: StagedOutput, folders: list[Path],
             reused: dict[str, UnitResult], fresh: Iterator[UnitResult],
             search: SearchIndex) -> tuple[dict[str, UnitResult], _Made]:
    """Every unit's result, in folder order: a reused unit's files linked from the
    previous output, a rebuilt one's recorded as its job wrote them; its search records
    handed on to `search`."""
    results: dict[str, UnitResult] = {}
    made = _Made()
    for done, folder in enumerate(folders, 1):
        result = reused.get(folder.name)
        built = result is None
        if result is None:
            result = next(fresh)
            names.remember(result.pinyin)
            for rel, size in result.files:
                stage.record(rel, size)
        else:  # its files stay in the output as they are
            for rel, size in result.files:
                stage.record(rel, size, kept=True)
        results[folder.name] = result
        held = 0
        if result.summary is not None:
            search.add(result.summary.search)
            held = len(result.summary.disclosures)
        made.all_disclosures += held
        if built:
            made.units += 1
            made.disclosures += held
        plan.findings.items.extend(result.findings)
        plan.ignored.extend(result.ignored)
        if plan.progress is not None:
            plan.progress(done, len(folders), made.all_disclosures, folder.name)
    return results, made


def build_site(content: Content, out: Path, *, base_url: str | None = None,
               templates: Path = TEMPLATES, locales: Path = LOCALES,
               site_src: Path = SITE_SRC, progress: Progress | None = None,
               on_wait: Callable[[], None] | None = None, jobs: int = 1) -> BuildResult:
    """Render the whole site of already loaded `content` into `out` (tests, tools),
    replacing it only if everything succeeded. Always a cold build."""
    settings = content.settings
    site = Site(tuple(settings.languages), settings.default_language, base_url)
    portal = replace(content, units=[])
    plan = Plan(portal, site, out, templates, locales, site_src, jobs=1, incremental=False,
                progress=progress, on_wait=on_wait)
    return run_build(plan, [UnitJob(u.folder, u) for u in content.units])


@dataclass
class Outcome:
    """What `build_from` did: the build's result (None: the content has errors, nothing
    was written), every finding, and the litter skipped."""

    result: BuildResult | None
    findings: Findings
    ignored: list[str]


def build_from(root: Path, out: Path, *, base_url: str | None = None, jobs: int = 1,
               clean: bool = False, precompress: bool = False, templates: Path = TEMPLATES,
               locales: Path = LOCALES,
               site_src: Path = SITE_SRC, progress: Progress | None = None,
               on_wait: Callable[[], None] | None = None) -> Outcome:
    """`portal build`: read the content under `root` one unit at a time and build the
    site into `out`, reusing the units that did not change since the last build into it
    (unless `clean`). Raises `OutputError` when the output cannot be written."""
    portal, fs = open_portal(root)
    findings = fs.findings
    ignored = [findings.rel(p) for p in fs.ignored]
    if portal is None or findings.errors:
        return Outcome(None, findings, ignored)
    settings = portal.settings
    site = Site(tuple(settings.languages), settings.default_language, base_url)
    plan = Plan(portal, site, out, templates, locales, site_src, jobs=jobs,
                incremental=not clean, precompress=precompress, progress=progress,
                on_wait=on_wait, findings=findings, ignored=ignored)
    try:
        return Outcome(run_build(plan), findings, plan.ignored)
    except ContentErrors:
        return Outcome(None, findings, plan.ignored)
