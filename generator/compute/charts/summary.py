"""A chart in words: the sentences shown above the drawing (and instead of it)."""

from __future__ import annotations

from decimal import Decimal

from ...content.model.types import Figure
from ...site import formatting
from ...site.i18n import Catalogue
from ...site.markup import Fmt
from .model import POINTS, Chart, ChartKind, Column, Row, State, _share
from .text import _lang, label, row_title, value_text


def summary(chart: Chart, cat: Catalogue) -> list[str]:
    """The chart in words (sentences of the page's language): what a reader would see."""
    lang = cat.lang
    sep = cat("chart.list_sep")
    state = chart.state
    out: list[str] = []
    if state is State.ALL_ZERO:
        out.append(_lang(chart.none_text or label("chart.none.default"), lang))
    elif state is State.ALL_UNKNOWN:
        out.append(cat("chart.state.all_unknown"))
    elif state is State.ZERO_OR_UNKNOWN:
        out.append(cat("chart.state.zero_or_unknown"))
    else:
        out.extend(_summary_draw(chart, cat))
    if state is State.FEW:
        out.append(_few(chart, cat))
    unknown = chart.unknown()
    if unknown and state is not State.ALL_UNKNOWN:
        names = []
        for r, c in unknown:
            name = _lang(r.label, lang)
            names.append(name if len(chart.drawn) == 1
                         else cat("chart.row_series", row=name, series=_lang(c.label, lang)))
        out.append(cat("chart.summary.unknown", labels=sep.join(names)))
    out.extend(_lang(n, lang) for n in chart.notes)
    return out


def _few(chart: Chart, cat: Catalogue) -> str:
    """Why a chart with figures is not drawn (State.FEW)."""
    shown = chart.shown_rows()
    if len(shown) == 1:
        return cat("chart.state.few_one", label=_lang(shown[0].label, cat.lang))
    return cat("chart.state.few_same", series=_lang(chart.drawn[0].label, cat.lang))


def zero_text(chart: Chart, cat: Catalogue) -> str:
    """The note beside the chart naming the parts that are zero (no bar is drawn for
    them); empty when there are none or when nothing but zeros is drawn at all."""
    if chart.kind is ChartKind.TREEMAP or chart.state not in (State.DRAW, State.FEW):
        return ""
    zeros = [_lang(r.label, cat.lang) for r in chart.zero_rows()]
    if not zeros:
        return ""
    return cat(chart.zero_note, n=len(zeros), labels=cat("chart.list_sep").join(zeros))


def summary_text(chart: Chart, cat: Catalogue) -> str:
    """The summary as one paragraph."""
    return cat("chart.sentence_sep").join(summary(chart, cat))


def _summary_draw(chart: Chart, cat: Catalogue) -> list[str]:
    lang = cat.lang
    sep = cat("chart.list_sep")
    drawn = chart.drawn
    first = drawn[0]
    parts = [r for r in chart.rows if not r.total]
    out: list[str] = []
    whole = chart.whole
    if whole is not None and whole.value is not None:
        out.append(cat("chart.summary.total", value=value_text(whole.value, first, cat)))
    if chart.kind is ChartKind.TREEMAP:
        top = [r for r in parts if r.parent is None or r.parent not in
               {p.key for p in parts}]
        known_top = [(r, f) for r in top if (f := r.cell(first.key)) is not None and f.known]
        if known_top:
            out.append(cat("chart.summary.classes", n=len(top)))
            r, f = max(known_top, key=lambda rf: rf[1].value or 0)
            out.append(_largest(r, f, first, whole, cat))
        return out
    if chart.stacked:
        out.extend(_summary_stacked(chart, cat))
        return out
    if first.unit == POINTS and len(drawn) == 1:
        items = [cat("chart.summary.item", label=_lang(r.label, lang),
                     value=value_text(f.value, first, cat))
                 for r in parts if (f := r.cell(first.key)) is not None and f.value is not None]
        out.append(cat("chart.summary.list", series=_lang(first.label, lang),
                       items=sep.join(items)))
        return out
    for column in drawn:
        known = [(r, f) for r in parts if (f := r.cell(column.key)) is not None
                 and f.value is not None]
        if not known:
            continue
        r, f = max(known, key=lambda rf: rf[1].value or 0)
        if len(drawn) == 1:
            out.append(_largest(r, f, column, whole, cat, share=r.cell("share")))
        else:
            out.append(cat("chart.summary.series_largest", series=_lang(column.label, lang),
                           label=_lang(r.label, lang), value=value_text(f.value, column, cat)))
    for column in chart.columns:
        if column.drawn or column.fmt is not Fmt.PERCENT or column.key == "share":
            continue
        rated = [(r, f) for r in parts if (f := r.cell(column.key)) is not None
                 and f.value is not None]
        if len(rated) >= 2:
            high = max(rated, key=lambda rf: rf[1].value or 0)
            low = min(rated, key=lambda rf: rf[1].value or 0)
            out.append(cat("chart.summary.range", rate=_lang(column.label, lang),
                           high=_lang(high[0].label, lang),
                           high_value=value_text(high[1].value or Decimal(0), column, cat),
                           low=_lang(low[0].label, lang),
                           low_value=value_text(low[1].value or Decimal(0), column, cat)))
    return out


def _largest(row: Row, figure: Figure, column: Column, whole: Figure | None,
             cat: Catalogue, share: Figure | None = None) -> str:
    assert figure.value is not None
    name = _lang(row.label, cat.lang)
    value = value_text(figure.value, column, cat)
    if share is None and whole is not None and whole.value:
        share = Figure(value=_share(figure.value, whole.value))
    if share is not None and share.value is not None:
        return cat("chart.summary.largest", label=name, value=value,
                   share=formatting.percent(share.value))
    return cat("chart.summary.largest_noshare", label=name, value=value)


def _summary_stacked(chart: Chart, cat: Catalogue) -> list[str]:
    """Where most points were lost: the largest drawn value (a group's weight − score),
    with the score and weight it comes from (its `details`)."""
    lang = cat.lang
    worst: tuple[Decimal, Row, Column] | None = None
    for r in chart.rows:
        for c in chart.drawn:
            f = r.cell(c.key)
            if f is None or f.value is None or len(c.details) != 2:
                continue
            if worst is None or f.value > worst[0]:
                worst = (f.value, r, c)
    if worst is None:
        return []
    lost, r, c = worst
    if lost <= 0:
        return [cat("chart.summary.full_marks")]
    score, weight = (r.cell(key) for key in c.details)
    if score is None or score.value is None or weight is None or weight.value is None:
        return []
    return [cat("chart.summary.lost", label=_lang(r.label, lang), series=_lang(c.label, lang),
                lost=value_text(lost, c, cat), score=value_text(score.value, c, cat),
                weight=value_text(weight.value, c, cat))]


def small_text(chart: Chart, row: Row, figure: Figure, share: Decimal, cat: Catalogue) -> str:
    """One line of the list of parts too small to see."""
    column = chart.drawn[0]
    return cat("chart.small_item", label=row_title(row, cat.lang),
               value=value_text(figure.value or Decimal(0), column, cat),
               share=formatting.percent(share))
