"""The files and pages that span units, made after every unit's job from the units' small
summaries: the long-format files, the year units files and the portal's data package, the
portal pages and the static files; and the search index, made in a process of its own
from the units' records as they come. A file whose key did not change since
the last build stays as that build wrote it (`Reuse`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..compute.charts import plotly_asset
from ..content.model.content import Content
from ..data import longformat
from ..data.downloads import long_entry, portal_package, year_units_files
from ..data.export import DownloadEntry, Export
from ..data.longformat import Written
from ..search import index as search_index
from ..search import records as search_records
from ..site.render import Renderer
from ..site.urls import STATIC, Site
from . import cache
from .child import Feed
from .digest import digest
from .summary import UnitSummary
from .write import StagedOutput, output_error

VENDOR = "vendor"
"""Folder of site_src/ not copied as it is: its plotly.js bundle is written once, under
its versioned name (`charts.plotly_asset`), and its JSON record is not for the site."""


def copy_assets(stage: StagedOutput, site_src: Path) -> list[tuple[str, int]]:
    """Copy site_src/ to static/ (hidden files left out, as `copy_tree` does), all but
    vendor/, then the plotly.js bundle under its versioned name; returns their paths and
    sizes."""
    try:
        children = sorted(p for p in site_src.iterdir()
                          if not p.name.startswith(".") and p.name != VENDOR)
    except OSError as exc:
        raise output_error(exc, "list the files to copy from", site_src) from exc
    paths = []
    for child in children:
        if child.is_dir():
            paths += stage.copy_tree(child, f"{STATIC}/{child.name}")
        else:
            try:
                data = child.read_bytes()
            except OSError as exc:
                raise output_error(exc, "read", child) from exc
            stage.write(f"{STATIC}/{child.name}", data)
            paths.append((f"{STATIC}/{child.name}", len(data)))
    plotly_js = plotly_asset()  # for the charts: site_src/vendor/'s bundle, renamed
    stage.write(plotly_js.path, plotly_js.data)
    return [*paths, (plotly_js.path, len(plotly_js.data))]


STATIC_KEY = "static"
YearFile = tuple[DownloadEntry, dict[str, Any]]
"""A year units file's entry and its data package resource."""


class Reuse:
    """The portal-wide files of the last build (by path: key, size, SHA-256) that are
    still in the output: a file whose key is the same is kept, not made again."""

    def __init__(self, stage: StagedOutput, previous: cache.PortalFiles, live: set[str],
                 previous_downloads: tuple[str, list[YearFile]] = ("", [])) -> None:
        self.stage, self.previous, self.live = stage, previous, live
        self.made: cache.PortalFiles = {}
        self.previous_downloads = previous_downloads
        self.downloads: tuple[str, list[YearFile]] = ("", [])

    def kept(self, path: str, key: str | None) -> Written | None:
        old = self.previous.get(path)
        if key is None or old is None or old[0] != key or path not in self.live:
            return None
        self.stage.record(path, old[1], kept=True)
        self.made[path] = old
        return Written(old[1], old[2])

    def kept_group(self, key: str) -> bool:
        """Keep every file the last build made under `key` (files made together: the
        static files, the search index, the year units CSVs), if it made some and all
        are still in the output; False: none is kept."""
        paths = [path for path, entry in self.previous.items() if entry[0] == key]
        if not paths or any(path not in self.live for path in paths):
            return False
        for path in paths:
            self.kept(path, key)
        return True

    def write(self, path: str, key: str, data: bytes) -> None:
        """A file made again, to be kept by the next build while `key` holds."""
        self.stage.write(path, data)
        self.made_now(path, key, Written(len(data), ""))

    def made_now(self, path: str, key: str | None, written: Written) -> None:
        if key is not None:
            self.made[path] = (key, written.size, written.sha256)


def long_format_files(reuse: Reuse, store: longformat.Store,
                summaries: list[UnitSummary]) -> list[tuple[longformat.LongFile, Written]]:
    out = []
    for f in longformat.files([s for u in summaries for s in u.figures]):
        key = f.key
        written = reuse.kept(f.path, key)
        if written is None:
            with reuse.stage.stream(f.path) as stream:
                written = f.write(store, stream)
            reuse.stage.record(f.path, written.size)
            reuse.made_now(f.path, key, written)
        out.append((f, written))
    return out


def portal_downloads(portal: Content, stage: StagedOutput, summaries: list[UnitSummary],
                      long_files: list[tuple[longformat.LongFile, Written]],
                      reuse: Reuse) -> list[DownloadEntry]:
    """The portal-wide downloads but the long-format files (`portal_downloads`): the year
    units files kept as the last build wrote them when the summaries are the same (with
    their entries and data package resources, from the manifest), the portal's data
    package made again (small)."""
    key = digest(("year-units", summaries))
    old_key, old_files = reuse.previous_downloads
    if old_key == key and reuse.kept_group(key):
        files = old_files
    else:
        sink = Export()
        resources = year_units_files(summaries, sink)
        for entry in sink.entries:
            reuse.write(entry.path, key, sink.files[entry.path])
        files = list(zip(sink.entries, resources, strict=True))
    reuse.downloads = (key, files)
    package = Export()
    portal_package(portal, summaries, [r for _, r in files], long_files, package)
    for entry in package.entries:
        stage.write(entry.path, package.files[entry.path])
    return [*(e for e, _ in files), *package.entries]


class SearchIndex:
    """The search index, made in a process of its own (`search_index.write_index`) that
    reads each unit's stored records as the build hands them on (`add`, in the units'
    order) and writes its files into the staging folder. In a cold build it is started
    before the units' jobs (`start`): it reads the records while the units are built, and
    its last step (each bucket's chunks) runs while this process makes the other portal
    files. A rebuild starts it once every unit is in (`prepare`), and not at all when none
    of the records changed (the last build's files stay)."""

    def __init__(self, portal: Content, site: Site, renderer: Renderer,
                 stage: StagedOutput, store: longformat.Store) -> None:
        self.glossary = search_records.pages(search_records.glossary_records(
            site, portal.glossary,
            {lang: renderer.catalogues[lang]("glossary.title") for lang in site.languages}))
        self.stage = stage
        self.args = (store, self.glossary, list(site.languages), stage.tmp, stage.out)
        self.members: list[str] = []
        self.child: Feed[list[tuple[str, int]]] | None = None
        self.key: str | None = None

    def start(self) -> None:
        if self.child is None:  # the records added so far go with the call: sent one by
            # one, thousands of them would wait on the index to read them
            self.child = Feed(search_index.write_index, "the search index", *self.args,
                              first=self.members)

    def add(self, member: str) -> None:
        """A unit's stored records (`records.put`), the units in the site's order."""
        self.members.append(member)
        if self.child is not None:
            self.child.send(member)

    def prepare(self, reuse: Reuse) -> None:
        """Once every unit's records were added: start the index unless the last build's
        still holds (the records and the glossary unchanged), then stop it."""
        self.key = search_index.index_key(self.members, self.glossary)
        if reuse.kept_group(self.key):
            self.cancel()
        else:
            self.start()
            assert self.child is not None
            self.child.end()  # its last step, while this process makes the others

    def finish(self, reuse: Reuse) -> None:
        """Wait for the index (`prepare` first) and record its files."""
        if self.child is None:  # kept from the last build
            return
        assert self.key is not None
        child, self.child = self.child, None
        for rel, size in child.result():
            self.stage.record(rel, size)
            reuse.made_now(rel, self.key, Written(size, ""))

    def cancel(self) -> None:
        """Stop the index (kept from the last build, or the build failed: before the
        staging folder goes)."""
        if self.child is not None:
            self.child.cancel()
            self.child = None


def portal_files(portal: Content, site: Site, site_src: Path, stage: StagedOutput,
                 renderer: Renderer, summaries: list[UnitSummary], store: longformat.Store,
                 reuse: Reuse, search: SearchIndex) -> None:
    """The downloads and pages that span units, and the static files; what did not
    change since the last build (by `reuse`'s keys) stays as it is. `search`: the search
    index, every unit's records added; it is made meanwhile in a process of its own."""
    search.prepare(reuse)
    _portal_files(portal, site, stage, renderer, summaries, store, reuse)
    search.finish(reuse)
    # The static files are in the shared key: the last build's are still right.
    if not reuse.kept_group(STATIC_KEY):
        for path, size in copy_assets(stage, site_src):
            reuse.made_now(path, STATIC_KEY, Written(size, ""))


def _portal_files(portal: Content, site: Site, stage: StagedOutput, renderer: Renderer,
                  summaries: list[UnitSummary], store: longformat.Store,
                  reuse: Reuse) -> None:
    long_files = long_format_files(reuse, store, summaries)
    entries = [*portal_downloads(portal, stage, summaries, long_files, reuse),
               *(long_entry(f, w.size) for f, w in long_files)]
    renderer.use(portal)
    renderer.units = summaries
    renderer.portal_downloads = entries
    for page in renderer.portal_pages():
        for lang in site.languages:
            key = renderer.portal_key(page, lang)
            path = site.path(page, lang)
            if reuse.kept(path, key) is None:
                html = renderer.render(page, lang).encode("utf-8")
                if key is None:
                    stage.write(path, html)
                else:
                    reuse.write(path, key, html)
