"""The audit on a disclosure page (templates/_audit.html): its checks grouped by verdict,
each row with the identity, its figures (where each comes from, linked, with its rounding
interval), what the other figures give and the verdict. HTML made in Python, one call per
table, every value escaped, as in rows.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from markupsafe import Markup

from ...site.markup import Fmt, PageCtx, _esc, safe
from ...site.urls import disclosure_page
from .classify import RATES
from .intervals import Interval
from .model import VERDICTS, Check, Kind, Operand, UnitAudit, Verdict
from .report import shown

CROSS_YEAR = (Kind.CHANGE, Kind.GROWTH, Kind.CARRY_OVER)
PERCENT_FIELDS = frozenset({"share", "execution_rate", "vs_budget.growth_rate",
                            "vs_previous.growth_rate"})


@dataclass
class PageAudit:
    """What one disclosure page shows of its unit's audit."""

    unit: str
    year: int
    checks: list[Check]
    """This year's checks (within the year and against the year before)."""
    later: list[Check] = field(default_factory=list)
    """Checks of the following year that use a figure of this year."""

    @property
    def counts(self) -> list[tuple[Verdict, int]]:
        return [(v, sum(1 for c in self.checks if c.verdict is v)) for v in VERDICTS]

    def of(self, verdict: Verdict) -> list[Check]:
        return [c for c in self.checks if c.verdict is verdict]


def page_audit(audit: UnitAudit, year: int) -> PageAudit:
    later = [c for y, a in audit.disclosures.items() if y > year for c in a.checks
             if c.kind in CROSS_YEAR and any(o.ref.year == year for o in c.operands)]
    return PageAudit(audit.unit, year, audit.year(year).checks, later)


def flagged(audit: UnitAudit) -> frozenset[int]:
    """`id()` of every figure of the unit involved in a real inconsistency (any year)."""
    return frozenset(f for a in audit.disclosures.values() for f in a.flagged_figures())


def _fmt(op: Operand) -> Fmt:
    return Fmt.PERCENT if op.ref.field_id in PERCENT_FIELDS else Fmt.MONEY


def _field(ctx: PageCtx, op: Operand) -> str:
    f = op.ref.field
    if not isinstance(f, str):
        return ctx.plain(f)
    group = op.ref.field_id.partition(".")[0]
    label = ctx.cat(f)
    if group in ("vs_budget", "vs_previous"):
        return f"{ctx.cat('section.group.' + group)} {label}"
    return label


def _interval(ctx: PageCtx, interval: Interval | None, fmt: Fmt) -> str:
    bounds = shown(interval)
    if bounds is None:
        return ""
    return ctx.cat("audit.interval", lo=ctx.value(bounds[0], fmt), hi=ctx.value(bounds[1], fmt))


Memo = dict[tuple[object, ...], str]
"""Pieces of a page's rows already made (a figure is in several checks)."""


def _where(ctx: PageCtx, unit: str, year: int, op: Operand, memo: Memo) -> str:
    """The link to where a figure stands, e.g. `2024年 第五表 … 合计 (决算数)`."""
    r = op.ref
    key = ("where", r.year, r.doc, r.loc, r.field_id)
    made = memo.get(key)
    if made is None:
        place_key = ("place", r.year, r.anchor)  # a section's or table's many figures
        place = memo.get(place_key)
        if place is None:
            number = ""
            if r.number:
                kind = "section.ordinal" if r.block == "section" else "table.number"
                number = ctx.cat(kind, n=ctx.numeral(r.number)).strip() + " "
            place = memo[place_key] = number + ctx.plain(r.place)
        field_key = ("field", r.year, r.anchor, r.field_id)
        label = memo.get(field_key)
        if label is None:
            label = memo[field_key] = _field(ctx, op)
        code = f"{r.code} " if r.code else ""
        where = ctx.cat("audit.section_line", year=r.year, place=place,
                        line=code + ctx.plain(r.line), field=label)
        href = f"#{r.anchor}" if r.year == year else ctx.link.page(
            disclosure_page(unit, r.year), ctx.lang, r.anchor)
        made = memo[key] = f'<a href="{_esc(href)}">{_esc(where)}</a>'
    return made


def _figure(ctx: PageCtx, op: Operand, memo: Memo) -> str:
    """A figure's value and its rounding interval."""
    fmt = _fmt(op)
    figure = op.figure
    value = None if figure is None else figure.value
    # The figure as written: 1.20 and 1.2 are equal Decimals but different figures.
    key = ("figure", None if value is None else str(value), figure is None, fmt)
    made = memo.get(key)
    if made is None:
        if value is None:
            text = ctx.cat("audit.absent" if op.figure is None else "audit.not_given")
        else:
            text = ctx.value(value, fmt)
        interval = _interval(ctx, op.interval, fmt)
        made = memo[key] = (f'<span class="num">{_esc(text)}</span> '
                            f'<span class="audit-interval">{_esc(interval)}</span> ')
    return made


def _sign(ctx: PageCtx, role: str, sign: int) -> str:
    text = {"stated": f"{ctx.cat('audit.stated')} ",
            "whole": f"{ctx.cat('audit.whole')} "}.get(role, "− " if sign < 0 else "+ ")
    return f'<span class="audit-sign">{_esc(text)}</span>'


def _result(ctx: PageCtx, check: Check, memo: Memo) -> str:
    if check.computed is None:
        if not check.why:
            return ""
        key = ("why", check.why)  # a few reasons, on many rows
        made = memo.get(key)
        if made is None:
            made = memo[key] = str(ctx.marked(ctx.cat(check.why)))
        return made
    fmt = Fmt.PERCENT if check.kind in RATES else Fmt.MONEY
    computed = check.computed_shown or Decimal(0)
    text = ctx.cat("audit.computed", value=ctx.value(computed, fmt),
                   interval=_interval(ctx, check.bounds, fmt))
    if check.why:
        text += " " + ctx.cat(check.why)
    return str(ctx.marked(text))


def _label(ctx: PageCtx, key: str, memo: Memo) -> str:
    made = memo.get(("label", key))
    if made is None:
        made = memo[("label", key)] = _esc(ctx.cat(key))
    return made


def check_rows(ctx: PageCtx, unit: str, year: int, checks: list[Check]) -> Markup:
    """The <tbody> rows of a list of checks."""
    out: list[str] = []
    memo: Memo = ctx.memo  # the page's: a figure is in checks of several verdicts
    signs: dict[tuple[str, int], str] = {}

    def item(role: str, op: Operand) -> str:
        sign = signs.get((role, op.sign))
        if sign is None:
            sign = signs[(role, op.sign)] = _sign(ctx, role, op.sign)
        return f"<li>{sign}{_figure(ctx, op, memo)}{_where(ctx, unit, year, op, memo)}</li>"

    for c in checks:
        figures = [item("stated", c.stated)]
        figures += [item("term", t) for t in c.terms]
        if c.whole is not None:
            figures.append(item("whole", c.whole))
        out.append(f'<tr class="audit-{c.verdict}">\n'  # (a StrEnum formats as its value)
                   f'<th scope="row">{_label(ctx, "audit.kind." + c.kind, memo)}</th>\n'
                   f'<td><ul class="audit-figures">{"".join(figures)}</ul></td>\n'
                   f'<td>{_result(ctx, c, memo)}</td>\n'
                   f'<td class="audit-verdict">{_label(ctx, "audit.verdict." + c.verdict, memo)}'
                   '</td>\n</tr>\n')
    return safe("".join(out))


HELPERS = {"audit_check_rows": check_rows, "AUDIT_VERDICTS": VERDICTS}
"""Registered as Jinja globals in templating.py."""
