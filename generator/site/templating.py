"""The templates' Jinja environment (strict: autoescape on, undefined variables are
errors) and every filter and global the templates use, registered in one place
(`register`); the filters take the page's `PageCtx` from the template's context."""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from datetime import date
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from types import FunctionType, MethodType
from typing import TYPE_CHECKING, Any

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    Template,
    pass_context,
    select_autoescape,
)
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from markupsafe import Markup, escape

from ..build import summary
from ..compute import charts
from ..compute.audit import download as audit_download
from ..compute.audit import html as audit_html
from ..content.model.content import MAIN_WORK
from ..content.model.portal import PortalSettings
from ..content.model.types import Figure, Text
from ..data import paths
from . import compare_cells, compare_views, formatting, glossary, markdown, rows, views
from .i18n import Catalogue
from .markup import ID_HELPERS, Fmt, Notes, escape_output, page_ctx, tel_href, web_href
from .urls import (
    ABOUT,
    AUDIT,
    DOWNLOADS,
    GLOSSARY,
    HOME,
    SEARCH,
    Kind,
    compare_page,
    compare_pair_page,
    compare_units_page,
    disclosure_page,
    unit_downloads_page,
    unit_page,
)

if TYPE_CHECKING:
    from .render import Renderer


def _credit(settings: PortalSettings, cat: Catalogue) -> str:
    """Who republishes the figures and on what terms: the footer of a chart's PNG."""
    parts = [settings.name, settings.licence]
    return " · ".join(text.get(cat.lang) or text.zh for text in parts if text is not None)


def register(env: Environment, renderer: Renderer) -> None:
    """Every filter and global the templates use, in one place."""

    @pass_context
    def tx(context: Context, value: Text | str | None) -> Markup:
        return page_ctx(context).text(value)

    @pass_context
    def plain(context: Context, value: Text | str | None) -> str:
        return page_ctx(context).plain(value)

    @pass_context
    def figure(context: Context, value: Figure | None, notes: Notes, fmt: str = "money",
               signed: bool = False, unit: Text | None = None) -> Markup:
        return page_ctx(context).figure(value, notes, Fmt(fmt), signed, unit)

    @pass_context
    def prose(context: Context, value: Text | None, scope: str, offset: int = 3) -> Markup:
        return renderer.prose(page_ctx(context), value, scope, offset)

    @pass_context
    def t_md(context: Context, key: str, **values: object) -> Markup:
        """An interface string that is Markdown (trusted, from locales/); `values` are
        content, inserted as escaped text after the Markdown is rendered, never as Markdown.
        There is no filter that renders any other text as Markdown (only `prose`)."""
        marks = {name: markdown.placeholder(i) for i, name in enumerate(values)}
        source = page_ctx(context).cat(key, **marks)
        return markdown.render_filled(renderer.md, source,
                                      {marks[name]: v for name, v in values.items()},
                                      heading_offset=1, mark_zh=page_ctx(context).lang != "zh")

    @pass_context
    def note(context: Context, value: Text | None, notes: Notes) -> Markup:
        return page_ctx(context).note(value, notes)

    @pass_context
    def date_filter(context: Context, value: date) -> str:
        return page_ctx(context).date(value)

    @pass_context
    def numeral(context: Context, value: int | str) -> str:
        return page_ctx(context).numeral(value)

    @pass_context
    def ordinal(context: Context, number: str | int | None, depth: int = 1) -> str:
        """A section's number as its heading shows it: 八、/ 8. for a section, (一) / (1)
        for a sub-section; nothing when it has no number."""
        if number is None:
            return ""
        ctx = page_ctx(context)
        return ctx.cat("section.ordinal" if depth <= 1 else "section.ordinal_sub",
                       n=ctx.numeral(number))

    @pass_context
    def marked(context: Context, text: str) -> Markup:
        return page_ctx(context).marked(text)

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
                       indicator_groups=views.indicator_groups,
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
        ctx = page_ctx(context)
        return Markup(charts.spec_json(chart, ctx.cat, _credit(context["settings"], ctx.cat)))

    @pass_context
    def chart_zero_text(context: Context, chart: charts.Chart) -> str:
        return charts.zero_text(chart, page_ctx(context).cat)

    @pass_context
    def chart_summary(context: Context, chart: charts.Chart) -> str:
        return charts.summary_text(chart, page_ctx(context).cat)

    @pass_context
    def chart_small_text(context: Context, chart: charts.Chart, row: charts.Row,
                         fig: Figure, share: Decimal) -> str:
        return charts.small_text(chart, row, fig, share, page_ctx(context).cat)

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


class PageContext(Context):
    """Jinja's context, but the set of the global names is made only when asked: only
    `{% import %}` reads it, and each `{% include %}` made it anew (a hundred names, five
    hundred times a unit). The rest is Jinja 3.1's `Context.__init__`, line for line
    (tests/test_render.py compares the two)."""

    def __init__(self, environment: Environment, parent: dict[str, Any], name: str | None,
                 blocks: dict[str, Callable[[Context], Iterator[str]]],
                 globals: MutableMapping[str, Any] | None = None) -> None:
        self.parent = parent
        self.vars: dict[str, Any] = {}
        self.environment = environment
        self.eval_ctx = EvalContext(self.environment, name)
        self.exported_vars: set[str] = set()
        self.name = name
        self._globals = globals
        self.blocks = {k: [v] for k, v in blocks.items()}

    @property  # type: ignore[override]
    def globals_keys(self) -> set[str]:
        return set() if self._globals is None else set(self._globals)

    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """`Context.call`, with the common case first: a function, a method or a
        catalogue that takes no context is called as it is (Jinja asks three attributes
        of every callable first, for some ten thousand calls a unit)."""
        kind = type(__obj)
        if kind is FunctionType or kind is MethodType or kind is Catalogue:
            # A function's own attribute, a method's function's; a catalogue has none.
            if kind is Catalogue or getattr(__obj, "jinja_pass_arg", None) is None:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
                try:
                    return __obj(*args, **kwargs)
                except StopIteration:
                    return __self.environment.undefined(
                        "value was undefined because a callable raised a StopIteration "
                        "exception")
        return Context.call(__self, __obj, *args, **kwargs)


class PageTemplate(Template):
    """Jinja's template, whose output is escaped by `markup.escape_output`: MarkupSafe's
    escaping, without its Python constructor for every `{{ }}` (the compiled template
    takes `escape` from its namespace, set here once it is loaded)."""

    @classmethod
    def _from_namespace(cls, environment: Environment, namespace: MutableMapping[str, Any],
                        globals: MutableMapping[str, Any]) -> Template:
        if namespace.get("escape") is escape:  # (a test checks that it is)
            namespace["escape"] = escape_output
        return super()._from_namespace(environment, namespace, globals)


class PageEnvironment(Environment):
    """Jinja's environment, whose loaded templates are found in a plain dict: every
    `{% include %}` asks for its template again (some 350 times a unit), and Jinja's own
    cache takes a lock and reorders its LRU list each time. Templates do not change during
    a build (`auto_reload` is off), so a template once loaded is the one to use."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._loaded: dict[str, Template] = {}

    def get_template(self, name: str | Template, parent: str | None = None,
                     globals: MutableMapping[str, Any] | None = None) -> Template:
        # `join_path` is Jinja's identity here: `name` is the template's own name.
        if globals is None and type(name) is str:
            found = self._loaded.get(name)
            if found is None:
                found = self._loaded[name] = super().get_template(name, parent)
            return found
        return super().get_template(name, parent, globals)


def make_environment(templates: Path, bytecode: Path | None = None) -> Environment:
    """The templates' environment; with `bytecode`, compiled templates are kept in that
    folder (keyed by each template's source checksum and Jinja's version), so a rebuild
    does not compile them again."""
    env = PageEnvironment(
        loader=FileSystemLoader(templates),
        bytecode_cache=FileSystemBytecodeCache(str(bytecode)) if bytecode else None,
        autoescape=select_autoescape(["html", "xml"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a build: no stat per include
    )
    env.context_class = PageContext
    env.template_class = PageTemplate
    return env
