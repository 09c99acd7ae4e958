"""Render stage: one page in one language -> HTML text.

`Renderer.render(page, lang)` is a pure function of the content, the page and the
language (plus the fixed templates and catalogues), so pages can be rendered in any
order, in parallel or from a cache. The Jinja environment is strict: autoescape on,
undefined variables are errors, and every filter is registered in `_register`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from markupsafe import Markup

from .. import PROJECT
from ..build import summary
from ..build.digest import Unhashable, digest
from ..build.summary import UnitSummary
from ..compute import charts
from ..compute.audit import UnitAudit, audit_unit
from ..compute.audit import download as audit_download
from ..compute.audit import html as audit_html
from ..compute.audit import portal as audit_portal
from ..content.model.content import MAIN_WORK, Content, Disclosure, Unit
from ..content.model.portal import GlossaryTerm, PortalSettings
from ..content.model.types import Figure, Text
from ..data import downloads, paths
from ..data.export import DownloadEntry
from . import (
    cards,
    compare_cells,
    compare_views,
    formatting,
    glossary,
    home,
    markdown,
    rows,
    views,
)
from .i18n import LOCALES, Catalogue, load_catalogues
from .markup import ID_HELPERS, Fmt, Notes, PageCtx, tel_href, term_anchor, web_href
from .urls import (
    ABOUT,
    AUDIT,
    DOWNLOADS,
    GLOSSARY,
    HOME,
    NOT_FOUND,
    SEARCH,
    Kind,
    Linker,
    Page,
    Site,
    compare_page,
    compare_pair_page,
    compare_units_page,
    disclosure_page,
    unit_downloads_page,
    unit_page,
)

TEMPLATES = PROJECT / "templates"
TEMPLATE_OF = {Kind.COMPARE_PAIR: "compare"}
"""Pages drawn by another kind's template: a pair's comparison is the comparison page
with that pair chosen (one template, compare.html)."""

SITE_PAGES = (HOME, GLOSSARY, ABOUT, DOWNLOADS, NOT_FOUND, AUDIT, SEARCH)
"""The pages every site has, whatever its units."""

HTML_LANG = {"zh": "zh-CN", "en": "en"}
"""<html lang> and hreflang values: the content is Simplified Chinese of the mainland."""


def _ctx(context: Context) -> PageCtx:
    ctx = context["ctx"]
    assert isinstance(ctx, PageCtx)
    return ctx


def _credit(settings: PortalSettings, cat: Catalogue) -> str:
    """Who republishes the figures and on what terms: the footer of a chart's PNG."""
    parts = [settings.name, settings.licence]
    return " · ".join(text.get(cat.lang) or text.zh for text in parts if text is not None)


def _register(env: Environment, renderer: Renderer) -> None:
    """Every filter and global the templates use, in one place."""

    @pass_context
    def tx(context: Context, value: Text | str | None) -> Markup:
        return _ctx(context).text(value)

    @pass_context
    def plain(context: Context, value: Text | str | None) -> str:
        return _ctx(context).plain(value)

    @pass_context
    def figure(context: Context, value: Figure | None, notes: Notes, fmt: str = "money",
               signed: bool = False, unit: Text | None = None) -> Markup:
        return _ctx(context).figure(value, notes, Fmt(fmt), signed, unit)

    @pass_context
    def prose(context: Context, value: Text | None, scope: str, offset: int = 3) -> Markup:
        return renderer.prose(_ctx(context), value, scope, offset)

    @pass_context
    def t_md(context: Context, key: str, **values: object) -> Markup:
        """An interface string that is Markdown (trusted, from locales/); `values` are
        content, inserted as escaped text after the Markdown is rendered, never as Markdown.
        There is no filter that renders any other text as Markdown (only `prose`)."""
        marks = {name: markdown.placeholder(i) for i, name in enumerate(values)}
        source = _ctx(context).cat(key, **marks)
        return markdown.render_filled(renderer.md, source,
                                      {marks[name]: v for name, v in values.items()},
                                      heading_offset=1, mark_zh=_ctx(context).lang != "zh")

    @pass_context
    def note(context: Context, value: Text | None, notes: Notes) -> Markup:
        return _ctx(context).note(value, notes)

    @pass_context
    def date_filter(context: Context, value: date) -> str:
        return _ctx(context).date(value)

    @pass_context
    def numeral(context: Context, value: int | str) -> str:
        return _ctx(context).numeral(value)

    @pass_context
    def ordinal(context: Context, number: str | int | None, depth: int = 1) -> str:
        """A section's number as its heading shows it: 八、/ 8. for a section, (一) / (1)
        for a sub-section; nothing when it has no number."""
        if number is None:
            return ""
        ctx = _ctx(context)
        return ctx.cat("section.ordinal" if depth <= 1 else "section.ordinal_sub",
                       n=ctx.numeral(number))

    @pass_context
    def marked(context: Context, text: str) -> Markup:
        return _ctx(context).marked(text)

    def money(value: Decimal, signed: bool = False) -> str:
        return formatting.money(value, signed)

    def percent(value: Decimal, signed: bool = False) -> str:
        return formatting.percent(value, signed)

    def number(value: Decimal) -> str:
        return formatting.number(value)

    env.filters.update(tx=tx, plain=plain, figure=figure, prose=prose, note=note,
                       date=date_filter, numeral=numeral, money=money, percent=percent,
                       number=number, count=formatting.count, filesize=formatting.filesize,
                       zh_marked=marked)
    env.globals.update(HOME=HOME, GLOSSARY=GLOSSARY, ABOUT=ABOUT, DOWNLOADS=DOWNLOADS,
                       SEARCH=SEARCH, initial_anchor=glossary.anchor,
                       Kind=Kind,
                       unit_page=unit_page, disclosure_page=disclosure_page,
                       unit_downloads_page=unit_downloads_page,
                       new_notes=Notes, section_view=views.section_view,
                       table_view=views.table_view, indicator_groups=views.indicator_groups,
                       headlines=views.headlines, FUNDING_LINES=views.FUNDING_LINES,
                       FUNDING_COLUMNS=views.FUNDING_COLUMNS, MAIN_WORK=MAIN_WORK,
                       tel_href=tel_href, web_href=web_href, t_md=t_md, ordinal=ordinal,
                       # Download addresses (files written by the export stage).
                       table_csv_path=paths.table_csv_path,
                       section_csv_path=paths.section_csv_path,
                       funding_csv_path=paths.funding_csv_path,
                       indicators_csv_path=paths.indicators_csv_path,
                       disclosure_archive_path=paths.disclosure_archive_path,
                       disclosure_json_path=paths.disclosure_json_path,
                       unit_all_years_csv_path=paths.unit_all_years_csv_path)
    # HTML ids (markup.py): every id made from content comes from these.
    env.globals.update(ID_HELPERS)
    # The consistency audit (generator/audit/): a disclosure's checks, the audit page.
    env.globals.update(audit_html.HELPERS, AUDIT=AUDIT,
                       audit_csv_path=audit_download.audit_csv_path)
    # Table bodies and notes lists made in Python (rows.py): one call per table.
    env.globals.update(rows.HELPERS)
    # Charts (generator/charts/, templates/_chart.html): a chart is a data object; the
    # page's language picks its texts.
    @pass_context
    def chart_spec(context: Context, chart: charts.Chart) -> Markup:
        ctx = _ctx(context)
        return Markup(charts.spec_json(chart, ctx.cat, _credit(context["settings"], ctx.cat)))

    @pass_context
    def chart_zero_text(context: Context, chart: charts.Chart) -> str:
        return charts.zero_text(chart, _ctx(context).cat)

    @pass_context
    def chart_summary(context: Context, chart: charts.Chart) -> str:
        return charts.summary_text(chart, _ctx(context).cat)

    @pass_context
    def chart_small_text(context: Context, chart: charts.Chart, row: charts.Row,
                         fig: Figure, share: Decimal) -> str:
        return charts.small_text(chart, row, fig, share, _ctx(context).cat)

    env.globals.update(chart_spec=chart_spec, chart_summary=chart_summary,
                       chart_zero_text=chart_zero_text,
                       chart_small_text=chart_small_text, chart_csv_path=paths.chart_csv_path,
                       plotly_js_path=lambda: charts.plotly_asset().path,
                       plotly_css_guards=charts.plotly_css_guard_ids)
    # Comparison pages (compare_views.py) and their downloads (compare_export.py).
    env.filters.update(compare_cells.FILTERS)
    env.globals.update(compare_cells.HELPERS)
    env.globals.update(compare_page=compare_page, compare_pair_page=compare_pair_page,
                       compare_units_page=compare_units_page, pairwise=pairwise,
                       has_comparison=compare_views.ComparePages.has_comparison,
                       compare_years=lambda: summary.years(renderer.units),
                       compare_headlines_csv_path=paths.compare_headlines_csv_path,
                       compare_budget_csv_path=paths.compare_budget_csv_path,
                       compare_lines_csv_path=paths.compare_lines_csv_path,
                       compare_pair_csv_path=paths.compare_pair_csv_path,
                       year_units_files=renderer.year_units_files)


def make_environment(templates: Path, bytecode: Path | None = None) -> Environment:
    """The templates' environment; with `bytecode`, compiled templates are kept in that
    folder (keyed by each template's source checksum and Jinja's version), so a rebuild
    does not compile them again."""
    return Environment(
        loader=FileSystemLoader(templates),
        bytecode_cache=FileSystemBytecodeCache(str(bytecode)) if bytecode else None,
        autoescape=select_autoescape(["html", "xml"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a build: no stat per include
    )


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    href: str


@dataclass(frozen=True)
class LangSwitch:
    lang: str
    hreflang: str
    href: str
    label: str


class Renderer:
    """Holds what every page shares (templates, catalogues, Markdown parser) and renders
    one page at a time.

    `content` holds the units whose own pages are rendered (the build gives one unit at a
    time, through `use`); the pages that span units (home, years, about, downloads) are
    made from `units`, the summaries of every unit, with `portal_downloads` the entries
    of the portal-wide files. Without summaries, they are made from `content` (tests)."""

    def __init__(self, content: Content, site: Site, *, templates: Path = TEMPLATES,
                 locales: Path = LOCALES, units: Sequence[UnitSummary] | None = None,
                 portal_downloads: Sequence[DownloadEntry] | None = None,
                 bytecode: Path | None = None) -> None:
        self.site = site
        exported = None
        if units is None:
            exported = downloads.build_export(content)
            units = [summary.summarize(u, exported.entries_for(u.slug)) for u in content.units]
            portal_downloads = [e for e in exported.entries if e.unit is None]
        self.units: Sequence[UnitSummary] = units
        self.unit_downloads: dict[str, Sequence[DownloadEntry]] = {
            u.slug: exported.entries_for(u.slug) for u in content.units} if exported else {}
        """Each unit's downloads, for its downloads page (`use` gives a unit's own)."""
        self.portal_downloads: Sequence[DownloadEntry] = portal_downloads or []
        self.catalogues: dict[str, Catalogue] = load_catalogues(locales, list(site.languages))
        self.md = markdown.make_markdown()
        self.env = make_environment(templates, bytecode)
        _register(self.env, self)
        self.use(content)

    def load_templates(self) -> None:
        """Compile (or take from the bytecode cache) every template now: workers forked
        afterwards inherit them instead of each compiling its own."""
        for name in self.env.list_templates(extensions=["html"]):
            self.env.get_template(name)

    def use(self, content: Content,
            downloads: dict[str, Sequence[DownloadEntry]] | None = None,
            audit: UnitAudit | None = None) -> None:
        """Render the pages of `content`'s units next (same portal, other units), with
        their `downloads` by unit slug and the `audit` of the unit, when made already."""
        self.content = content
        if downloads is not None:
            self.unit_downloads = downloads
        self.audits: dict[str, UnitAudit] = {audit.unit: audit} if audit is not None else {}
        self.terms: dict[str, GlossaryTerm] = {t.id: t for t in content.glossary.terms}
        self.comparisons = compare_views.ComparePages(content)
        self._shared: dict[Page, dict[str, Any]] = {}
        """What a unit page's context holds in every language (sections, charts,
        comparison grids: data, no text), made for its first language."""

    # --- the page list ---------------------------------------------------------------
    def portal_pages(self) -> list[Page]:
        """The pages that span units, in a stable order."""
        return [*SITE_PAGES, *compare_views.year_pages(self.units)]

    def unit_pages(self, unit: Unit) -> list[Page]:
        """A unit's own pages: its page, each year's, its comparisons."""
        return [unit_page(unit.slug),
                *(disclosure_page(unit.slug, d.year) for d in unit.disclosures),
                *self.comparisons.unit_pages(unit),
                *([unit_downloads_page(unit.slug)] if self.unit_downloads.get(unit.slug)
                  else [])]

    def site_order(self, unit_pages: list[Page]) -> list[Page]:
        """Every page in the site's stable order (the sitemap's): the fixed pages, the
        units' pages, then the year pages."""
        return [*SITE_PAGES, *unit_pages, *compare_views.year_pages(self.units)]

    def pages(self) -> list[Page]:
        """Every page of the site, in a stable order."""
        return self.site_order([p for u in self.content.units for p in self.unit_pages(u)])

    # --- helpers the filters use --------------------------------------------------------
    def prose(self, ctx: PageCtx, value: Text | None, scope: str, offset: int) -> Markup:
        """Disclosure Markdown with glossary links; untranslated prose is shown in
        Chinese inside a block marked lang="zh" with a visible notice."""
        if value is None:
            return Markup("")
        source = value.get(ctx.lang)
        text_lang = ctx.lang
        if source is None:
            source, text_lang = value.zh, "zh"
        links = markdown.GlossaryLinks(
            terms=list(self.content.glossary.terms), text_lang=text_lang,
            href=lambda term_id: ctx.link.page(GLOSSARY, ctx.lang, term_anchor(term_id)),
            tooltip=lambda term: self._tooltip(ctx, term), scope=scope)
        html = markdown.render(self.md, source, glossary=links, heading_offset=offset,
                               mark_zh=text_lang != "zh")
        if text_lang == ctx.lang:
            return Markup('<div class="prose">{}</div>').format(html)
        return Markup('<div class="prose-fallback"><p class="fallback-note">{flag} {note}</p>'
                      '<div class="prose" lang="zh">{html}</div></div>').format(
            flag=ctx.flag(), note=ctx.cat("fallback.prose"), html=html)

    @staticmethod
    def _tooltip(ctx: PageCtx, term: GlossaryTerm) -> Markup:
        tip = Markup('<strong>{term}</strong>{sep}{definition}').format(
            term=ctx.text(term.term), sep=ctx.cat("punct.colon"),
            definition=ctx.text(term.definition))
        if term.plain is None:
            return tip
        return tip + Markup('<span class="tip-plain"><strong>{label}</strong>{sep}{plain}'
                            '</span>').format(label=ctx.cat("glossary_tools.plain"),
                                              sep=ctx.cat("punct.colon"),
                                              plain=ctx.text(term.plain))

    # --- rendering ----------------------------------------------------------------------
    def _unit(self, slug: str) -> Unit:
        return next(u for u in self.content.units if u.slug == slug)

    def _disclosure(self, slug: str, year: int) -> Disclosure:
        return next(d for d in self._unit(slug).disclosures if d.year == year)

    def _alternates(self, page: Page, link: Linker) -> list[Alternate]:
        """hreflang alternates: absolute with a base URL, else relative to this page."""
        site = self.site

        def href(lang: str) -> str:
            path = site.path(page, lang)
            return site.absolute(path) if site.base_url else link.to(path)

        out = [Alternate(HTML_LANG[lang], href(lang)) for lang in site.languages]
        out.append(Alternate("x-default", href(site.default_language)))
        return out

    def context(self, page: Page, lang: str) -> dict[str, Any]:
        site = self.site
        here = site.path(page, lang)
        link = Linker(site, here, root_relative=page.kind is Kind.NOT_FOUND)
        cat = self.catalogues[lang]
        ctx = PageCtx(lang, cat, link, self._flagged(page))
        base: dict[str, Any] = {
            "ctx": ctx, "t": cat, "lang": lang, "html_lang": HTML_LANG[lang], "page": page,
            "link": link, "settings": self.content.settings, "content": self.content,
            "canonical": None, "alternates": [], "switch": [],
        }
        if page.kind is not Kind.NOT_FOUND:  # served at any URL: no canonical of its own
            if site.base_url:
                base["canonical"] = site.absolute(here)
            if len(site.languages) > 1:
                base["alternates"] = self._alternates(page, link)
        base["switch"] = [
            LangSwitch(other, HTML_LANG[other], link.page(page, other),
                       self.catalogues[other]("lang.name"))
            for other in site.languages if other != lang]
        base.update(self.data(page, lang))
        return base

    def data(self, page: Page, lang: str) -> dict[str, Any]:
        """What a page of this kind is made from besides the portal and the site."""
        match page.kind:
            case Kind.HOME:
                return {"home": home.home_view(self.units, lang),
                        "latest_page": compare_views.latest_page_of(self.units)}
            case Kind.UNIT:
                return {"unit": self._unit(page.unit)}
            case Kind.DISCLOSURE | Kind.COMPARE | Kind.COMPARE_PAIR:
                return self._shared_context(page)
            case Kind.GLOSSARY:
                return {"groups": glossary.groups(list(self.content.glossary.terms), lang)}
            case Kind.ABOUT:
                return {"disclosures": [d for u in self.units for d in u.disclosures]}
            case Kind.DOWNLOADS:
                return {"portal_entries": views.portal_downloads(self.portal_downloads),
                        "unit_rows": views.unit_download_rows(self.units)}
            case Kind.UNIT_DOWNLOADS:
                return {"unit": self._unit(page.unit),
                        "groups": views.unit_download_groups(self.unit_downloads[page.unit])}
            case Kind.COMPARE_UNITS:
                return compare_views.year_context(self.units, page)
            case Kind.AUDIT:
                return {"audit_rows": audit_portal.audit_rows(self.units)}
        return {}

    def portal_key(self, page: Page, lang: str) -> str | None:
        """A page that spans units is the same as the last build's when this is: a digest
        of what `data` makes it from (the portal-wide inputs are in the build cache's
        shared key). None: no key (the page is always made)."""
        units = self.units
        inputs: object
        match page.kind:
            case Kind.GLOSSARY | Kind.NOT_FOUND | Kind.SEARCH:
                inputs = ()
            case Kind.DOWNLOADS:  # the units' downloads are not in their summaries' digest
                inputs = (units, [(u.download_files, u.download_bytes) for u in units],
                          self.portal_downloads)
            case Kind.COMPARE_UNITS:  # links its year's files (`year_units_files`)
                inputs = (units, self.year_units_files(page.year))
            case Kind.HOME | Kind.ABOUT | Kind.AUDIT:
                inputs = units
            case _:
                return None
        try:
            return digest((page, lang, inputs))
        except Unhashable:
            return None

    def year_units_files(self, year: int) -> list[DownloadEntry]:
        """The files of every unit's headline figures in `year` (several in a large
        portal)."""
        return [e for e in self.portal_downloads if e.kind == "year-units" and e.year == year]

    def _audit(self, slug: str) -> UnitAudit:
        """The unit's audit (made once per unit: given by the build's unit job)."""
        if slug not in self.audits:
            self.audits[slug] = audit_unit(self._unit(slug))
        return self.audits[slug]

    def _flagged(self, page: Page) -> frozenset[int]:
        """The figures a disclosure page marks as part of a real inconsistency."""
        if page.kind is not Kind.DISCLOSURE:
            return frozenset()
        return audit_html.flagged(self._audit(page.unit))

    def _shared_context(self, page: Page) -> dict[str, Any]:
        """The language-independent part of a disclosure or comparison page's context,
        made once for all its languages."""
        shared = self._shared.get(page)
        if shared is None:
            if page.kind is Kind.DISCLOSURE:
                d = self._disclosure(page.unit, page.year)
                unit = self._unit(page.unit)
                audit = audit_html.page_audit(self._audit(unit.slug), d.year)
                # The unit's compared headlines: made once per unit (its comparison pages
                # and downloads share them); a single year has none to compare with.
                lines = self.comparisons.unit(unit.slug).headline_lines \
                    if compare_views.ComparePages.has_comparison(unit) else []
                shared = {"unit": unit, "d": d, "sections": self._sections(d),
                          "cards": cards.headline_cards(d, lines),
                          "audit_card": cards.audit_card(audit.counts),
                          "parts": views.page_parts(d),
                          "terms": [self.terms[t] for t in d.meta.glossary if t in self.terms],
                          "charts": charts.disclosure_charts(unit, d),
                          "audit": audit}
            else:
                shared = self.comparisons.context(page)
            self._shared = {page: shared}  # a page's languages are rendered one after another
        return shared

    @staticmethod
    def _sections(d: Disclosure) -> list[views.SectionView]:
        if d.explanations is None:
            return []
        return [views.section_view(s, depth) for s, depth in d.explanations.walk()]

    def render(self, page: Page, lang: str) -> str:
        template = self.env.get_template(f"{TEMPLATE_OF.get(page.kind, page.kind.value)}.html")
        return template.render(self.context(page, lang))
