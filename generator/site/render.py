"""Render stage: one page in one language -> HTML text.

`Renderer.render(page, lang)` is a pure function of the content, the page and the
language (plus the fixed templates and catalogues), so pages can be rendered in any
order, in parallel or from a cache. The Jinja environment is strict: autoescape on,
undefined variables are errors, and every filter is registered in one place
(`templating.register`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .. import PROJECT
from ..build import summary
from ..build.digest import Unhashable, digest
from ..build.summary import UnitSummary
from ..compute import charts
from ..compute.audit import UnitAudit, audit_unit
from ..compute.audit import html as audit_html
from ..compute.audit import portal as audit_portal
from ..content.model.content import Content, Disclosure, Unit
from ..content.model.portal import GlossaryTerm
from ..content.model.types import Text
from ..data import downloads
from ..data.export import DownloadEntry
from . import (
    cards,
    compare_views,
    glossary,
    home,
    markdown,
    views,
    years,
)
from .i18n import LOCALES, Catalogue, load_catalogues
from .markup import PageCtx, _esc, safe, term_anchor
from .templating import make_environment, register
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
        self._glossary_index: dict[str, tuple[object, tuple[Any, Any]]] = {}
        """Each language's glossary pattern (`GlossaryLinks.index`), with the glossary it
        was made from (every unit's content holds the portal's one)."""
        self.env = make_environment(templates, bytecode)
        register(self.env, self)
        self.use(content)

    def load_templates(self) -> None:
        """Compile (or take from the bytecode cache) every template now: workers forked
        afterwards inherit them instead of each compiling its own."""
        for name in self.env.list_templates(extensions=["html"]):
            self.env.get_template(name)

    def use(self, content: Content,
            downloads: dict[str, Sequence[DownloadEntry]] | None = None,
            audit: UnitAudit | None = None,
            charted: dict[tuple[str, int], list[charts.Chart]] | None = None) -> None:
        """Render the pages of `content`'s units next (same portal, other units), with
        their `downloads` by unit slug, the `audit` of the unit and its disclosures' charts
        (`charted`, by unit slug and year), when made already."""
        self.content = content
        if downloads is not None:
            self.unit_downloads = downloads
        self.audits: dict[str, UnitAudit] = {audit.unit: audit} if audit is not None else {}
        self.charted = charted or {}
        self.terms: dict[str, GlossaryTerm] = {t.id: t for t in content.glossary.terms}
        self.comparisons = compare_views.ComparePages(content)
        self._shared: dict[Page, dict[str, Any]] = {}
        """What a unit page's context holds in every language (sections, charts,
        comparison grids: data, no text), made for its first language."""

    # --- the page list ---------------------------------------------------------------
    def portal_pages(self) -> list[Page]:
        """The pages that span units, in a stable order."""
        return [*SITE_PAGES, *years.year_pages(self.units)]

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
        return [*SITE_PAGES, *unit_pages, *years.year_pages(self.units)]

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
        found = self._glossary_index.get(text_lang)
        if found is None or found[0] is not self.content.glossary:
            found = self._glossary_index[text_lang] = (self.content.glossary, links.index())
        links.found = found[1]
        html = markdown.render(self.md, source, glossary=links, heading_offset=offset,
                               mark_zh=text_lang != "zh")
        # f-strings, every piece escaped or already Markup: Markup.format runs Python's
        # string.Formatter, a tenth of a millisecond a call.
        if text_lang == ctx.lang:
            return safe(f'<div class="prose">{html}</div>')
        return safe(f'<div class="prose-fallback"><p class="fallback-note">{ctx.flag()} '
                    f'{_esc(ctx.cat("fallback.prose"))}</p>'
                    f'<div class="prose" lang="zh">{html}</div></div>')

    @staticmethod
    def _tooltip(ctx: PageCtx, term: GlossaryTerm) -> Markup:
        """A term's definition as its tooltips show it (made once a page: the same term
        is linked in several sections)."""
        key = ("tip", term.id)
        made = ctx.memo.get(key)
        if made is None:
            sep = _esc(ctx.cat("punct.colon"))
            made = f'<strong>{ctx.text(term.term)}</strong>{sep}{ctx.text(term.definition)}'
            if term.plain is not None:
                made += (f'<span class="tip-plain"><strong>'
                         f'{_esc(ctx.cat("glossary_tools.plain"))}</strong>{sep}'
                         f'{ctx.text(term.plain)}</span>')
            ctx.memo[key] = made
        return safe(made)

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
                        "latest_page": years.latest_page_of(self.units)}
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
                return years.year_context(self.units, page)
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
                made = self.charted.get((unit.slug, d.year))
                if made is None:
                    made = charts.disclosure_charts(unit, d)
                at: dict[str, list[charts.Chart]] = {}  # each section's own charts, found
                for chart in made:  # once, not by a filter over every chart per section
                    at.setdefault(chart.place, []).append(chart)
                shared = {"unit": unit, "d": d, "sections": self._sections(d),
                          "table_views": {t.id: views.table_view(t) for t in d.tables},
                          "cards": cards.headline_cards(d, lines),
                          "audit_card": cards.audit_card(audit.counts),
                          "parts": views.page_parts(d),
                          "terms": [self.terms[t] for t in d.meta.glossary if t in self.terms],
                          "charts": made, "charts_at": at, "audit": audit}
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
