"""The compared cells of the comparison pages as HTML in a page's language: one year's
figure, our change and growth rate with the formula as a note, the text's own change
beside ours, line tags; and the bodies of the comparison grids and the budget table
(templates/_compare_grid.html, _compare_budget.html), one call per table.

Each piece is an f-string over escaped values, wrapped once in `Markup` (as in
`markup.py`): the same HTML as `Markup.format` gave."""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from ..compute.compare import Presence, stated_verdict
from . import formatting
from .compare_views import (
    BudgetGroup,
    Grid,
    StatedSpec,
    StepSpec,
    Tag,
    ValueSpec,
)
from .markup import Fmt, Notes, PageCtx, _esc, page_ctx, safe


def _na(ctx: PageCtx, notes: Notes, why: str) -> Markup:
    return safe(f'<span class="fig fig-na">—<span class="vh"> {_esc(ctx.cat("compare.na"))}'
                f'</span></span>{ctx.note_text(why, notes)}')


def value_html(ctx: PageCtx, spec: ValueSpec, notes: Notes) -> Markup:
    cell = spec.cell
    if cell.presence is Presence.PRESENT:
        if spec.unit is not None:
            return ctx.figure(cell.figure, notes, Fmt.NUMBER, unit=spec.unit)
        return ctx.figure(cell.figure, notes, Fmt.MONEY)
    if cell.presence is Presence.ABSENT and spec.line_kind == "row":
        return safe(f'<span class="absent">{_esc(ctx.cat("compare.absent"))}</span>')
    key = ("compare.why.not_stated" if cell.presence is Presence.NOT_STATED
           else "compare.why.not_in_text")
    return ctx.unknown(ctx.cat(key, year=spec.year), notes)


def _missing_reason(ctx: PageCtx, spec: StepSpec) -> str:
    """Why no change can be computed: which year lacks the figure."""
    step = spec.step
    if spec.basis == "budget":
        if spec.old.value is None:
            return ctx.cat("compare.why.no_budget", year=step.to_year)
        return ctx.cat("compare.why.no_final", year=step.to_year)
    for year, cell in ((step.from_year, spec.old), (step.to_year, spec.new)):
        if cell.presence is Presence.ABSENT and cell.figure is None:
            return ctx.cat("compare.why.no_line", year=year)
        if cell.value is None:
            return ctx.cat("compare.why.no_change", year=year)
    return ctx.cat("compare.na")


def step_html(ctx: PageCtx, spec: StepSpec, notes: Notes) -> Markup:
    step, old, new = spec.step, spec.old.value, spec.new.value
    budget = spec.basis == "budget"
    if spec.what == "change":
        if step.change is None:
            return _na(ctx, notes, _missing_reason(ctx, spec))
        assert old is not None and new is not None
        key = "compare.formula.budget_change" if budget else "compare.formula.change"
        formula = (ctx.cat(key, old=formatting.money(old), new=formatting.money(new),
                           result=formatting.money(step.change, True))
                   if spec.detailed else ctx.cat(key + "_generic"))
        if spec.unit is not None:
            return ctx.computed(step.change, formula, notes, Fmt.NUMBER, True, spec.unit)
        return ctx.computed(step.change, formula, notes, Fmt.MONEY, True)
    if step.growth is None:
        if step.change is None:
            return _na(ctx, notes, _missing_reason(ctx, spec))
        return _na(ctx, notes, ctx.cat("compare.why.from_zero"))
    assert old is not None and step.change is not None
    key = "compare.formula.budget_growth" if budget else "compare.formula.growth"
    formula = (ctx.cat(key, change=formatting.money(step.change, True),
                       old=formatting.money(old), result=formatting.percent(step.growth, True))
               if spec.detailed else ctx.cat(key + "_generic"))
    return ctx.computed(step.growth, formula, notes, Fmt.PERCENT, True)


def stated_html(ctx: PageCtx, spec: StatedSpec, notes: Notes) -> Markup:
    """The text's own change and growth rate, and whether they agree with ours."""
    stated = spec.step.stated
    if stated is None or (stated.change is None and stated.growth_rate is None):
        return Markup("")
    old, new = spec.old.value, spec.new.value
    parts = []
    if stated.change is not None:
        parts.append(ctx.figure(stated.change, notes, Fmt.MONEY, signed=True))
    if stated.growth_rate is not None:
        parts.append(ctx.figure(stated.growth_rate, notes, Fmt.PERCENT, signed=True))
    html = " / ".join(parts)
    verdict = stated_verdict(spec.step, old, new)
    if verdict is None:
        return safe(html)
    ref = "" if verdict == "same" else ctx.note_text(ctx.cat(f"compare.why.{verdict}"), notes)
    return safe(f'{html} <span class="agree agree-{verdict}">'
                f'{_esc(ctx.cat(f"compare.agree.{verdict}"))}{ref}</span>')


def tag_html(ctx: PageCtx, tag: Tag, notes: Notes) -> Markup:
    values = dict(tag.values)
    if ctx.lang != "zh":
        values["old"], values["new"] = values.get("old_en", ""), values.get("new_en", "")
    text = ctx.cat(f"compare.tag.{tag.kind}", **values)
    note = ctx.note(tag.note, notes) if tag.note is not None else ""
    return safe(f'<span class="tag tag-{_esc(tag.kind.split("_")[0])}">{_esc(text)}</span>'
                f'{note}')


def cell_html(ctx: PageCtx, spec: Any, notes: Notes) -> Markup:
    if isinstance(spec, ValueSpec):
        return value_html(ctx, spec, notes)
    if isinstance(spec, StepSpec):
        return step_html(ctx, spec, notes)
    if isinstance(spec, StatedSpec):
        return stated_html(ctx, spec, notes)
    raise TypeError(f"not a comparison cell: {spec!r}")


@pass_context
def cmp_cell(context: Context, spec: Any, notes: Notes) -> Markup:
    return cell_html(page_ctx(context), spec, notes)


@pass_context
def cmp_tag(context: Context, tag: Tag, notes: Notes) -> Markup:
    return tag_html(page_ctx(context), tag, notes)


FILTERS = {"cmp_cell": cmp_cell, "cmp_tag": cmp_tag}


# --- table bodies ----------------------------------------------------------------------

def grid_rows(ctx: PageCtx, g: Grid, notes: Notes) -> Markup:
    """The <tbody> rows of a comparison grid (templates/_compare_grid.html)."""
    has_code, stated = g.has_code, g.header.stated
    out: list[str] = []
    for r in g.rows:
        out.append(f'<tr class="depth-{r.depth}" data-line="{_esc(r.key)}">\n')
        if has_code:
            out.append(f'<td class="code">{escape(r.code) if r.code else ""}</td>\n')
        label = _esc(ctx.cat(r.label)) if isinstance(r.label, str) else ctx.text(r.label)
        tags = ""
        if r.tags:
            tags = ('<span class="tags">'
                    f'{"".join([tag_html(ctx, t, notes) for t in r.tags])}</span>')
        out.append(f'<th scope="row" class="label">{label}{tags}</th>\n')
        for c in r.cells:
            out.append(f'<td class="num">{cell_html(ctx, c, notes)}</td>\n')
        if stated:
            out.append(f'<td class="text reason">{ctx.text(r.reason)}</td>\n')
        out.append("</tr>\n")
    return safe("".join(out))


def budget_bodies(ctx: PageCtx, budget: list[BudgetGroup], notes: Notes) -> Markup:
    """The <tbody> groups of the budget table (templates/_compare_budget.html)."""
    cat = ctx.cat
    out: list[str] = []
    for group in budget:
        out.append("<tbody>\n")
        for i, r in enumerate(group.rows):
            out.append(f'<tr class="depth-{group.depth}">\n')
            if i == 0:
                code = f'<span class="code">{escape(group.code)}</span> ' if group.code else ""
                label = (_esc(cat(group.label)) if isinstance(group.label, str)
                         else ctx.text(group.label))
                out.append(f'<th scope="rowgroup" rowspan="{len(group.rows)}" class="label">'
                           f'{code}{label}</th>\n')
            out.append(f'<th scope="row">{_esc(cat("year.label", year=r.year))}</th>\n'
                       f'<td class="num">{cell_html(ctx, r.budget, notes)}</td>\n'
                       f'<td class="num">{cell_html(ctx, r.final, notes)}</td>\n'
                       f'<td class="num">{cell_html(ctx, r.difference, notes)}</td>\n'
                       f'<td class="num">{cell_html(ctx, r.rate, notes)}</td>\n'
                       f'<td class="num">{cell_html(ctx, r.stated, notes)}</td>\n'
                       f'<td class="text reason">{ctx.text(r.reason)}</td>\n'
                       "</tr>\n")
        out.append("</tbody>\n")
    return safe("".join(out))


HELPERS = {"grid_rows": grid_rows, "budget_bodies": budget_bodies}
"""Registered as Jinja globals in templating.py."""
