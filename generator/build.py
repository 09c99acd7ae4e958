"""Build stage: plan every output, render each page, write them atomically.

Stages stay separate so they can later be parallelised or cached: `plan` lists
(page, language, path) without rendering anything; `Renderer.render` turns one of them
into text; `StagedOutput` writes and swaps. Everything iterates in a fixed order and no
output holds a timestamp or random id, so two builds of the same content are identical.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .charts import plotly_asset
from .export import build_export
from .model.content import Content
from .render import HTML_LANG, LOCALES, PROJECT, TEMPLATES, Renderer
from .urls import STATIC, Kind, Page, Site
from .write import DuplicatePathError, StagedOutput, output_error

SITE_SRC = PROJECT / "site_src"

Progress = Callable[[int, int, str], None]
"""Called after each page with (done, total, path)."""


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

    def summary(self) -> str:
        return (f"built {self.pages} pages, {self.files} files, {self.bytes} bytes "
                f"in {self.seconds:.2f} s")


def plan(site: Site, pages: list[Page]) -> list[Output]:
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


VENDOR = "vendor"
"""Folder of site_src/ not copied as it is: its plotly.js bundle is written once, under
its versioned name (`charts.plotly_asset`), and its JSON record is not for the site."""


def copy_assets(stage: StagedOutput, site_src: Path) -> None:
    """Copy site_src/ to static/ (hidden files left out, as `copy_tree` does), all but
    vendor/."""
    try:
        children = sorted(p for p in site_src.iterdir()
                          if not p.name.startswith(".") and p.name != VENDOR)
    except OSError as exc:
        raise output_error(exc, "list the files to copy from", site_src) from exc
    for child in children:
        if child.is_dir():
            stage.copy_tree(child, f"{STATIC}/{child.name}")
        else:
            try:
                data = child.read_bytes()
            except OSError as exc:
                raise output_error(exc, "read", child) from exc
            stage.write(f"{STATIC}/{child.name}", data)


def build_site(content: Content, out: Path, *, base_url: str | None = None,
               templates: Path = TEMPLATES, locales: Path = LOCALES,
               site_src: Path = SITE_SRC, progress: Progress | None = None,
               on_wait: Callable[[], None] | None = None) -> BuildResult:
    """Render the whole site into `out`, replacing it only if everything succeeded."""
    started = time.perf_counter()
    settings = content.settings
    site = Site(tuple(settings.languages), settings.default_language, base_url)
    exported = build_export(content)  # CSV/JSON/ZIP, shared by both languages
    renderer = Renderer(content, site, templates=templates, locales=locales,
                        downloads=exported)
    outputs = plan(site, renderer.pages())
    downloads = exported.files
    with StagedOutput(out, protect=[content.root, templates, locales, site_src],
                      on_wait=on_wait) as stage:
        for done, item in enumerate(outputs, 1):
            stage.write(item.path, renderer.render(item.page, item.lang))
            if progress is not None:
                progress(done, len(outputs), item.path)
        copy_assets(stage, site_src)
        plotly_js = plotly_asset()  # for the charts: site_src/vendor/'s bundle, renamed
        stage.write(plotly_js.path, plotly_js.data)
        for path in sorted(downloads):
            stage.write(path, downloads[path])
        if base_url is not None:
            stage.write("sitemap.xml", sitemap(site, outputs))
    return BuildResult(len(outputs), stage.files, stage.bytes,
                       time.perf_counter() - started)
