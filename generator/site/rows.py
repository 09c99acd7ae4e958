"""The bodies of the data tables (standard tables, section items, chart data, comparison
grids), their captions, header rows and notes lists, as HTML made in Python: one call per
table instead of a Jinja loop with a filter call per cell, or an include per table. Each
function gives exactly what its template loop gave (templates/_table.html, _section.html,
_chart.html, _compare_grid.html), cell by cell in the same order, so notes keep their
numbers.

Every value is escaped (`escape`, or `_esc` for a plain `str`); a `Markup` is kept."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from .markup import Notes, PageCtx, _esc, safe

if TYPE_CHECKING:
    from ..compute.charts import Chart
    from ..content.model.content import Unit
    from ..content.model.types import Text
    from .views import HeaderCell, SectionView, TableView


def _code(code: Any) -> str:
    return str(escape(code)) if code else ""


def _unit_suffix(ctx: PageCtx, unit: Text | None) -> str:
    """The unit a row or column is in, after its label (` (辆)`); nothing without one."""
    if not unit:
        return ""
    return (' <span class="col-unit">'
            f'{_esc(ctx.cat("table.unit_suffix", unit=ctx.plain(unit)))}</span>')


def caption(ctx: PageCtx, unit: Unit, year: int, cap_id: str, title: str,
            unit_key: str) -> Markup:
    """A table's caption, which stands alone when printed: the unit and the year, then the
    title, then the unit of the amounts (catalogue key `unit_key`)."""
    return safe(f'<caption id="{_esc(cap_id)}"><span class="cap-context">'
                f'{ctx.text(unit.profile.name)} · {_esc(ctx.cat("year.label", year=year))}'
                f'</span> <span class="cap-title">{escape(title)}</span> '
                f'<span class="cap-unit">{_esc(ctx.cat(unit_key))}</span></caption>\n')


def thead(ctx: PageCtx, rows: list[list[HeaderCell]]) -> Markup:
    """A table's header rows: catalogue keys or content texts, with their spans."""
    out = ["<thead>\n"]
    for row in rows:
        out.append("<tr>\n")
        for h in row:
            spans = (f' colspan="{h.colspan}"' if h.colspan > 1 else "") + \
                (f' rowspan="{h.rowspan}"' if h.rowspan > 1 else "")
            label = _esc(ctx.cat(h.label)) if isinstance(h.label, str) else ctx.text(h.label)
            out.append(f'<th scope="{"colgroup" if h.group else "col"}"{spans}>{label}'
                       f'{_unit_suffix(ctx, h.unit)}</th>\n')
        out.append("</tr>\n")
    out.append("</thead>\n")
    return safe("".join(out))


def table_rows(ctx: PageCtx, tv: TableView, notes: Notes) -> Markup:
    """The <tbody> rows of a standard table (templates/_table.html)."""
    figure, text, note = ctx.figure, ctx.text, ctx.note
    has_code = tv.has_code
    out: list[str] = []
    for r in tv.rows:
        row = r.row
        out.append(f'<tr class="depth-{r.depth}{" total" if row.total else ""}">\n')
        if has_code:
            out.append(f'<td class="code">{_code(row.code)}</td>\n')
        out.append(f'<th scope="row" class="label">{text(row.name)}'
                   f'{_unit_suffix(ctx, row.unit)}{note(row.note, notes)}</th>\n')
        for c in r.cells:
            out.append(f'<td class="num">{figure(c.figure, notes, c.fmt)}</td>\n')
        out.append("</tr>\n")
    return safe("".join(out))


def section_rows(ctx: PageCtx, sv: SectionView, notes: Notes) -> Markup:
    """The <tbody> rows of a section's items (templates/_section.html)."""
    figure, text = ctx.figure, ctx.text
    has_code = sv.has_code
    out: list[str] = []
    for r in sv.rows:
        item = r.item
        out.append(f'<tr class="depth-{r.depth}">\n')
        if has_code:
            out.append(f'<td class="code">{_code(item.code)}</td>\n')
        out.append(f'<th scope="row" class="label">{text(item.label)}</th>\n')
        for c in r.cells:
            if c.value is None:
                out.append("<td></td>\n")
            elif c.fmt:
                out.append(f'<td class="num">{figure(c.value, notes, c.fmt, c.signed, c.unit)}'
                           "</td>\n")
            else:
                out.append(f'<td class="text">{text(c.value)}</td>\n')
        out.append("</tr>\n")
    return safe("".join(out))


def chart_rows(ctx: PageCtx, chart: Chart, notes: Notes) -> Markup:
    """The <tbody> rows of a chart's data table (templates/_chart.html)."""
    figure, text = ctx.figure, ctx.text
    has_code = chart.has_code
    parents = {r.key: r.parent for r in chart.rows}
    columns = [(c.key, c.fmt) for c in chart.columns]
    out: list[str] = []
    for r in chart.rows:
        depth, parent = 1, r.parent
        while parent is not None and parent in parents:
            depth, parent = depth + 1, parents[parent]
        out.append(f'<tr class="depth-{depth}{" total" if r.total else ""}">\n')
        if has_code:
            out.append(f'<td class="code">{_code(r.code)}</td>\n')
        out.append(f'<th scope="row" class="label">{text(r.label)}</th>\n')
        cells = r.cells
        for key, fmt in columns:
            out.append(f'<td class="num">{figure(cells.get(key), notes, fmt)}</td>\n')
        out.append("</tr>\n")
    return safe("".join(out))


FOLD_NOTES = 3
"""More notes than this fold behind a toggle (on a phone a table's notes can run to
screens); site.js opens the fold when a note reference is followed."""


def notes_list(ctx: PageCtx, notes: Notes) -> Markup:
    """The numbered notes of a block, after its table: computed figures, unknown figures,
    sources. Called straight from the templates (`{{ notes_list(ctx, notes) -}}`), not
    through an include: a unit's pages list some hundred blocks' notes. No aria-label:
    screen readers ignore names on lists (vnu warns); each note says its kind."""
    if not notes.items:
        return Markup("")
    cat = ctx.cat
    colon = _esc(cat("punct.colon"))
    kinds: dict[str, str] = {}
    fold = len(notes.items) > FOLD_NOTES
    out = [f'<details class="notes-fold"><summary>'
           f'{_esc(cat("fold.notes", n=len(notes.items)))}</summary>\n' if fold else "",
           '<ol class="fig-notes">\n']
    for n in notes.items:
        kind = kinds.get(n.kind)
        if kind is None:
            kind = kinds[n.kind] = _esc(cat("notes.kind." + n.kind))
        mark = "†" if n.kind == "computed" else ""
        out.append(f'<li id="{_esc(n.id)}"><span class="note-mark">{mark}{n.number}</span> '
                   f'<span class="note-kind">{kind}</span>{colon}{escape(n.body)}</li>\n')
    out.append("</ol>\n</details>\n" if fold else "</ol>\n")
    if notes.has_unknown:
        out.append(f'<p class="fig-notes-help"><a href="{_esc(ctx.about_figures())}">'
                   f'{_esc(cat("notes.what_unknown"))}</a></p>\n')
    return safe("".join(out))


HELPERS = {f.__name__: f for f in (caption, thead, table_rows, section_rows, chart_rows,
                                    notes_list)}
"""Registered as Jinja globals in templating.py."""
