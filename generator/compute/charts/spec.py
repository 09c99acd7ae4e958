"""The Plotly figure of a chart (data, layout, config) as plain dicts, and its JSON."""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import orjson

from ...site.i18n import Catalogue
from .model import FONT, FONT_SIZE, PALETTE, POINTS, WAN, WRAP, Chart, ChartKind, Column, Row
from .text import (
    _lang,
    _lines,
    _num,
    bare_value,
    figure_text,
    plotly_text,
    row_title,
    tick_labels,
    wrap,
)


def nice_ticks(low: Decimal, high: Decimal, count: int = 4, zero: bool = True
               ) -> list[Decimal]:
    """Tick values from <= low to >= high in steps of 1, 2 or 5 x 10^n (about `count`);
    the axis takes in zero unless `zero` is false."""
    if zero:
        low, high = min(low, Decimal(0)), max(high, Decimal(0))
    span = high - low
    if span == 0:
        return [Decimal(0)]
    raw = span / count
    base = Decimal(1).scaleb(raw.adjusted())
    step = next(base * m for m in (1, 2, 5, 10) if base * m >= raw)
    first = (low / step).to_integral_value(rounding="ROUND_FLOOR")
    last = (high / step).to_integral_value(rounding="ROUND_CEILING")
    return [(step * i).normalize() + 0 for i in range(int(first), int(last) + 1)]


def _axis_column(chart: Chart) -> Column:
    return chart.drawn[0]


def _hover(chart: Chart, row: Row, column: Column, cat: Catalogue) -> str:
    lang = cat.lang
    colon = cat("punct.colon")
    details = {key for c in chart.columns for key in c.details}
    lines = [row_title(row, lang)]
    shown = [column, *(chart.column(key) for key in column.details)]
    # Undrawn columns of their own (not another's details, nor a series left undrawn).
    shown += [c for c in chart.columns
              if not c.drawn and c.key not in details and not c.details]
    for c in shown:
        text = figure_text(row.cell(c.key), c, cat)
        if text is not None:
            lines.append(_lang(c.label, lang) + colon + text)
    return _lines(*lines)


def _base_layout(height: int) -> dict[str, Any]:
    return {
        "autosize": True,
        "height": height,
        "font": {"family": FONT, "size": FONT_SIZE, "color": "#1b1b1b"},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "hoverlabel": {"align": "left", "font": {"family": FONT, "size": FONT_SIZE}},
        "hovermode": "closest",
        "dragmode": False,
        "separators": ".,",
        "colorway": PALETTE,
    }


# Bar charts are laid out in ems (1 unit of the y axis = the font size), so that larger
# text (elder mode: charts.js scales the height and margins with the font) keeps every
# label in its place. Each row is a slot: its label on its own line(s) across the full
# width (phones have no room for labels beside the bars), then its bars.
LABEL_LINE = Decimal("1.35")
SLOT_TOP = Decimal("0.45")
BAR_STEP = Decimal("1.75")
BAR_WIDTH = Decimal("1.5")
SLOT_BOTTOM = Decimal("0.3")
LABEL_WRAP = 26  # 13 Chinese characters: fits a 360 px phone in elder mode (18 px)
MARGIN_BOTTOM = Decimal("3.4")
MARGIN_TOP = Decimal("0.6")


def _geom(value: Decimal) -> int | float:
    """A layout position (in ems, not money) as a JSON number."""
    return int(value) if value == value.to_integral_value() else float(value)


def _px(ems: Decimal) -> int:
    return int((ems * FONT_SIZE).to_integral_value(rounding=ROUND_HALF_UP))


def _slots(chart: Chart, cat: Catalogue, per_row: int
           ) -> tuple[list[Row], list[dict[str, Any]], list[list[Decimal]], Decimal]:
    """The rows drawn, their label annotations, the centre of each row's bars (or dots),
    and the bottom of the last slot, in ems."""
    lang = cat.lang
    drawn = chart.drawn
    # The whole is not a bar beside its parts (the summary and the table give it); a part
    # that is zero is named in a note beside the chart instead of a bar of no length.
    rows = chart.shown_rows()
    annotations = []
    centres: list[list[Decimal]] = []
    top = Decimal(0)
    for r in rows:
        lines = wrap(row_title(r, lang), LABEL_WRAP)
        missing = [c for c in drawn if (f := r.cell(c.key)) is not None and not f.known]
        if missing and len(drawn) > 1:  # a missing bar must not read as zero
            lines.append(cat("chart.bar_unknown", series=cat("chart.list_sep").join(
                _lang(c.label, lang) for c in missing)))
        annotations.append({
            "x": 0, "xref": "paper", "xanchor": "left", "y": _geom(top + SLOT_TOP),
            "yref": "y", "yanchor": "top", "text": _lines(*lines), "showarrow": False,
            "align": "left"})
        bars_top = top + SLOT_TOP + LABEL_LINE * len(lines)
        centres.append([bars_top + BAR_STEP * (j if per_row > 1 else 0) + BAR_STEP / 2
                        for j in range(len(drawn))])
        top = bars_top + BAR_STEP * per_row + SLOT_BOTTOM
    return rows, annotations, centres, top


def _bars_spec(chart: Chart, cat: Catalogue) -> dict[str, Any]:
    lang = cat.lang
    drawn = chart.drawn
    per_row = 1 if chart.stacked else len(drawn)
    rows, annotations, centres, top = _slots(chart, cat, per_row)
    data = []
    values: list[Decimal] = []
    for i, column in enumerate(drawn):
        ys, xs, texts, positions, hovers = [], [], [], [], []
        for n, r in enumerate(rows):
            f = r.cell(column.key)
            if f is None or f.value is None or (chart.stacked and f.value == 0):
                continue  # stacked, a zero is no segment (its "0" would sit on the next)
            values.append(f.value)
            ys.append(_geom(centres[n][i]))
            xs.append(_num(f.value))
            texts.append(bare_value(f.value, column))
            positions.append("outside" if f.value == 0 else "auto")
            hovers.append(_hover(chart, r, column, cat))
        data.append({
            "type": "bar", "orientation": "h", "name": plotly_text(_lang(column.label, lang)),
            "x": xs, "y": ys, "width": _geom(BAR_WIDTH), "text": texts,
            "textposition": positions, "insidetextanchor": "end", "cliponaxis": False,
            "textangle": 0,
            # Side by side, a value too long for its bar goes outside it at full size;
            # stacked, it shrinks to fit its segment.
            "constraintext": "both" if chart.stacked else "none",
            "hovertext": hovers, "hovertemplate": "%{hovertext}<extra></extra>",
            "marker": {"color": PALETTE[i % len(PALETTE)]},
        })
    if chart.stacked:
        sums: dict[int | float, Decimal] = {}
        for trace in data:
            for y, x in zip(trace["y"], trace["x"], strict=True):
                sums[y] = sums.get(y, Decimal(0)) + Decimal(x)
        values = list(sums.values())
    high = max(values + [chart.axis_max or Decimal(0)])
    low = min(values + [Decimal(0)])
    layout = _slot_layout(chart, cat, nice_ticks(low, high), annotations, top)
    layout["barmode"] = "stack" if chart.stacked else "overlay"
    if chart.stacked:  # a value that no longer fits its segment is hidden, not shrunk
        layout["uniformtext"] = {"mode": "hide", "minsize": UNIFORM_MIN}
    return {"data": data, "layout": layout}


def _slot_layout(chart: Chart, cat: Catalogue, ticks: list[Decimal],
                 annotations: list[dict[str, Any]], top: Decimal) -> dict[str, Any]:
    column = _axis_column(chart)
    layout = _base_layout(_px(top + MARGIN_TOP + MARGIN_BOTTOM))
    layout.update({
        # The page shows the series in an HTML legend above the chart (a Plotly legend
        # wraps on a phone and squeezes the rows); the PNG gets Plotly's.
        "showlegend": False,
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0,
                   "yanchor": "bottom", "traceorder": "normal"},
        # Never let anything push the margins: the rows are laid out in ems.
        "margin": {"l": 20, "r": 24, "t": _px(MARGIN_TOP), "b": _px(MARGIN_BOTTOM),
                   "pad": 0, "autoexpand": False},
        "annotations": annotations,
        "xaxis": {
            "type": "linear", "range": [_num(ticks[0]), _num(ticks[-1])],
            "tickmode": "array", "tickvals": [_num(t) for t in ticks],
            "ticktext": tick_labels(ticks, column),
            "title": {"text": plotly_text(axis_title(column, cat)), "standoff": 6},
            "gridcolor": "#dfe2e6", "zeroline": True, "zerolinecolor": "#4a4a4a",
            "fixedrange": True, "automargin": False,
        },
        "yaxis": {
            "type": "linear", "range": [_geom(top), 0], "showticklabels": False,
            "showgrid": False, "zeroline": False, "ticks": "", "fixedrange": True,
            "automargin": False,
        },
    })
    return layout


def score_range(values: list[Decimal], high: Decimal) -> list[Decimal]:
    """Ticks for scores: from a little below the lowest (half the gap between the lowest
    and the top again, at least a point) to the top, so that 97.25 and 100 look apart."""
    low = min(values)
    pad = max((high - low) / 2, Decimal(1))
    ticks = nice_ticks(low - pad, high, zero=False)
    return [t for t in ticks if t >= 0] or ticks


def _dots_spec(chart: Chart, cat: Catalogue) -> dict[str, Any]:
    """One dot per row, its value written beside it, on an axis that starts near the
    lowest value: a bar would measure from zero, a dot only marks where the value is."""
    column = chart.drawn[0]
    rows, annotations, centres, top = _slots(chart, cat, 1)
    known = [(n, r, f.value) for n, r in enumerate(rows)
             if (f := r.cell(column.key)) is not None and f.value is not None]
    values = [v for _, _, v in known]
    ticks = score_range(values, max(values + [chart.axis_max or max(values)]))
    span = ticks[-1] - ticks[0] or Decimal(1)
    data = [{
        "type": "scatter", "mode": "markers+text",
        "name": plotly_text(_lang(column.label, cat.lang)),
        "x": [_num(v) for _, _, v in known], "y": [_geom(centres[n][0]) for n, _, _ in known],
        "text": [bare_value(v, column) for _, _, v in known],
        # The value beside its dot, on the side with room.
        "textposition": ["middle left" if (v - ticks[0]) / span > Decimal("0.6")
                         else "middle right" for _, _, v in known],
        "cliponaxis": False,
        "marker": {"color": PALETTE[0], "size": 14, "symbol": "circle"},
        "hovertext": [_hover(chart, r, column, cat) for _, r, _ in known],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }]
    layout = _slot_layout(chart, cat, ticks, annotations, top)
    layout["xaxis"]["zeroline"] = False
    return {"data": data, "layout": layout}


def axis_title(column: Column, cat: Catalogue) -> str:
    if column.unit == WAN:
        return cat("unit.wan")
    if column.unit == POINTS:
        return cat("chart.axis.points")
    return column.unit


def _treemap_spec(chart: Chart, cat: Catalogue) -> dict[str, Any]:
    lang = cat.lang
    column = chart.drawn[0]
    known = {r.key: r.cell(column.key) for r in chart.rows}
    children: dict[str | None, list[Row]] = {}
    for r in chart.rows:
        children.setdefault(r.parent, []).append(r)

    def drawable(r: Row) -> bool:
        f = known[r.key]
        if f is not None and f.value is not None and f.value > 0:
            return True
        return any(drawable(c) for c in children.get(r.key, []))

    ids, labels, parents, values, texts, hovers = [], [], [], [], [], []
    keep = {r.key for r in chart.rows if drawable(r)}
    inner = {r.parent for r in chart.rows if r.key in keep and r.parent in keep}
    for r in chart.rows:
        if r.key not in keep:
            continue
        f = known[r.key]
        own = f.value if f is not None and f.value is not None and f.value > 0 else Decimal(0)
        below = sum((g.value for c in children.get(r.key, [])
                     if c.key in keep and (g := known[c.key]) is not None
                     and g.value is not None and g.value > 0), Decimal(0))
        ids.append(r.key)
        labels.append(_lines(*wrap(_lang(r.label, lang), WRAP)))
        parents.append(r.parent if r.parent in keep else "")
        values.append(_num(max(own - below, Decimal(0))))
        texts.append(plotly_text(figure_text(f, column, cat) or ""))
        hovers.append(_tree_hover(chart, r, column, cat))
    data = [{
        "type": "treemap", "ids": ids, "labels": labels, "parents": parents,
        "values": values, "branchvalues": "remainder", "sort": False, "text": texts,
        # A box with boxes inside has its name in its header strip, on one line.
        "texttemplate": ["%{label}  %{text}" if k in inner else "%{label}<br>%{text}"
                         for k in ids],
        "hovertext": hovers, "hovertemplate": "%{hovertext}<extra></extra>",
        "marker": {"line": {"color": "#ffffff", "width": 1},
                   "pad": {"t": 24, "l": 3, "r": 3, "b": 3}},
        "pathbar": {"visible": True, "side": "top", "edgeshape": ">"},
        "tiling": {"packing": "squarify"},
        "maxdepth": 3,
    }]
    layout = _base_layout(480)
    # The path bar (where a click has zoomed to, and the way back) sits in the top margin.
    layout.update({"margin": {"l": 2, "r": 2, "t": 30, "b": 2, "autoexpand": False},
                   # A label too small to read is hidden, not shrunk (hover and table
                   # give it); charts.js scales the threshold with elder mode.
                   "uniformtext": {"mode": "hide", "minsize": UNIFORM_MIN},
                   "treemapcolorway": PALETTE, "extendtreemapcolors": True})
    return {"data": data, "layout": layout}


def _tree_hover(chart: Chart, row: Row, column: Column, cat: Catalogue) -> str:
    lines = [row_title(row, cat.lang)]
    for c in chart.columns:
        text = figure_text(row.cell(c.key), c, cat)
        if text is not None:
            lines.append(_lang(c.label, cat.lang) + cat("punct.colon") + text)
    if not row.total and any(r.parent == row.key for r in chart.rows):
        lines.append(cat("chart.drill"))
    return _lines(*lines)


CONFIG = {"displaylogo": False, "displayModeBar": False, "responsive": True,
          "typesetMath": False, "scrollZoom": False, "doubleClick": False,
          "showTips": False, "showLink": False, "showSendToCloud": False}


UNIFORM_MIN = 12
"""Smallest text (px at the base font size) written inside a box or a bar segment."""

PHONE_WIDTH = 600
"""Below this width (px) charts.js draws a treemap's `phone` alternative: boxes of a
360 px screen are too small for their labels."""


def phone_chart(chart: Chart) -> Chart:
    """A treemap's alternative for phones: bars of its first level that has more than one
    part (the classes, or the sub-classes of a single class), with their shares."""
    by_parent: dict[str | None, list[Row]] = {}
    for r in chart.rows:
        by_parent.setdefault(r.parent, []).append(r)
    inner = {x.key for x in chart.rows if not x.total}
    tops = [r for r in chart.rows if not r.total and r.parent not in inner]
    while len(tops) == 1 and by_parent.get(tops[0].key):
        tops = by_parent[tops[0].key]
    keep = {r.key for r in tops}
    rows = tuple(replace(r, parent=None) for r in chart.rows if r.key in keep or r.total)
    return replace(chart, kind=ChartKind.BARS, rows=rows)


def spec(chart: Chart, cat: Catalogue, credit: str = "") -> dict[str, Any]:
    """The Plotly figure (data, layout) and config of `chart` in the catalogue's language,
    plus what the page script needs: a treemap's bars for phones (`phone`), and for the
    PNG its title, unit, source and `credit` (the portal and its licence), which the
    script adds to the copy it exports only."""
    draw = {ChartKind.TREEMAP: _treemap_spec, ChartKind.DOTS: _dots_spec}.get(
        chart.kind, _bars_spec)
    figure = draw(chart, cat)
    if chart.kind is ChartKind.TREEMAP:
        figure["phone"] = {**_bars_spec(phone_chart(chart), cat), "below": PHONE_WIDTH}
    title = " ".join(p for p in (_lang(chart.subject, cat.lang), _lang(chart.title, cat.lang))
                     if p)
    legend = chart.kind is ChartKind.BARS and len(chart.drawn) > 1
    unit = cat("chart.png_unit", unit=axis_title(chart.drawn[0], cat))
    source = ""
    if chart.source is not None:
        source = cat("chart.png_source", subject=_lang(chart.subject, cat.lang),
                     source=_lang(chart.source.title, cat.lang))
    footer = [line for text in (source, credit) if text for line in wrap(text, PNG_WRAP)]
    return {**figure, "config": dict(CONFIG),
            "png": {"title": plotly_text(title), "filename": chart.name or chart.id,
                    "legend": legend, "unit": plotly_text(unit), "footer": _lines(*footer),
                    "footer_lines": len(footer)}}


PNG_WRAP = 120
"""The PNG's footer lines wrap at about this many Latin characters (960 px wide)."""


def spec_json(chart: Chart, cat: Catalogue, credit: str = "") -> str:
    """The spec as JSON text safe inside <script type="application/json">: sorted keys,
    UTF-8, and no `<`, `>` or `&` (written as \\u escapes), so the text can never close
    the element or start a comment. Written by orjson (C), byte for byte what
    `json.dumps(..., sort_keys=True, ensure_ascii=False, separators=(",", ":"))` writes
    for this data: string keys, and layout floats (`_geom`) far from exponent notation."""
    text = orjson.dumps(spec(chart, cat, credit), option=orjson.OPT_SORT_KEYS).decode("utf-8")
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
