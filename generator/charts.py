"""Charts: each chart is one plain data object (`Chart`) from which come the drawing (a
Plotly figure spec, plain JSON), the table behind it and its CSV, so the three can never
disagree.

A chart is built from the content model alone (`disclosure_charts`), with its texts in
both languages; the page asks for the spec of one language (`spec_json`) and the export
stage writes its CSV (`export.chart_csv`). Any page can include one with
`templates/_chart.html` (see the comment there for the variables it needs).

Money stays `Decimal`: every label, hover text, tick label and summary is written here
from Decimal with `formatting`; Plotly only gets numbers (as exact decimal strings) to
draw. An unknown figure is never drawn: it is left out of the drawing and named in the
summary and the table as not stated. A chart with nothing but zeros is not drawn either:
the page states that there was none this year.

plotly.js itself (a bundle of only the trace types drawn here, built from the npm
package by scripts/build-plotly-bundle.sh and committed in site_src/vendor/) is written to
the site by the build (`plotly_asset`), once; charts.js loads it only on pages that draw a
chart, when a chart comes near the viewport. Under the strict Content-Security-Policy
(`style-src 'self'`) plotly.js may not create <style> elements; see `PLOTLY_STYLE_ID` and
`plotly_css_guard_ids` for how the page avoids that.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from . import formatting
from .i18n import Catalogue, load_catalogues
from .markup import Fmt, section_anchor, table_anchor
from .model.content import Disclosure, Unit
from .model.explanations import Item, Section
from .model.layout import SectionKind, TableKind
from .model.performance import Evaluation, Level1
from .model.tables import Classification, Table
from .model.types import Figure, Text

PROJECT = Path(__file__).resolve().parent.parent
LOCALES = PROJECT / "locales"

WAN = "万元"
PERCENT = "%"
POINTS = "分"

PALETTE = ["#0b5fa5", "#d17a00", "#1a7f5a", "#b8407a", "#5a9bd5", "#8c4a1f", "#6c6f00",
           "#4a4a4a"]
"""Series colours: distinct for colour-blind readers (after Okabe-Ito, darkened so white
text inside a bar keeps 4.5:1)."""

FONT = ('-apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans CJK SC", '
        '"Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif')
FONT_SIZE = 14
SMALL_SHARE = Decimal("5")
"""A part under 5% of the whole is too small to see in a treemap: it is listed in words."""
WRAP = 20
"""Axis and sector labels wrap at about this many Latin characters (a Chinese character
counts as two)."""
HUNDRED = Decimal(100)


class ChartKind(StrEnum):
    BARS = "bars"
    """Horizontal bars, one per row and drawn column (grouped, or stacked)."""
    TREEMAP = "treemap"
    """A hierarchy (rows with parents), drawn as nested boxes: click one to drill down."""


class State(StrEnum):
    DRAW = "draw"
    ALL_ZERO = "all-zero"
    """Every figure is a stated or computed zero: "none this year", no drawing."""
    ALL_UNKNOWN = "all-unknown"
    """The source gives none of the figures: nothing to draw."""
    ZERO_OR_UNKNOWN = "zero-or-unknown"
    """The figures given are all zero and the others are unknown."""


@dataclass(frozen=True)
class Column:
    """A figure each row may have: drawn (a series) or only listed (in hover, table, CSV)."""

    key: str
    label: Text
    fmt: Fmt = Fmt.MONEY
    unit: str = WAN
    """万元, % or 分: written after the value and in the CSV header."""
    drawn: bool = True
    detail: str | None = None
    """Key of an undrawn column shown with this series in the hover (a score's weight)."""


@dataclass(frozen=True)
class Row:
    key: str
    """Stable within the chart (an item id, a code, an evaluation id)."""
    label: Text
    cells: Mapping[str, Figure | None]
    """Column key -> figure; None (or missing): the row has no such figure at all."""
    code: str | None = None
    parent: str | None = None
    """Key of the parent row (hierarchical charts)."""
    total: bool = False
    """The whole the other rows are parts of (the outer box of a treemap)."""

    def cell(self, key: str) -> Figure | None:
        return self.cells.get(key)


@dataclass(frozen=True)
class Source:
    """Where on the disclosure page the chart's figures come from."""

    kind: str
    """section | table."""
    number: int | str | None
    """The table's number, or the section's as published (八); None when not stated."""
    title: Text
    anchor: str
    depth: int = 1
    """1 for a section, 2 for a sub-section ((一) under 十)."""


@dataclass(frozen=True)
class Chart:
    id: str
    """Stable: anchors (`c-<id>`), the CSV and PNG file names."""
    title: Text
    kind: ChartKind
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    place: str = ""
    """Section id of the disclosure page where it is shown."""
    source: Source | None = None
    none_text: Text | None = None
    """The statement shown instead of a drawing when every figure is zero."""
    subject: Text | None = None
    """Whose and which year (`乌海市… 2024年度`): heads the PNG and the CSV title."""
    name: str = ""
    """File stem of the PNG (`<unit>-<year>-<id>`)."""
    stacked: bool = False
    axis_max: Decimal | None = None
    """A fixed end of the value axis (100 points for scores)."""
    notes: tuple[Text, ...] = field(default=())
    """Sentences added to the summary (what the chart does not show)."""

    # --- derived -------------------------------------------------------------------
    @property
    def drawn(self) -> list[Column]:
        return [c for c in self.columns if c.drawn]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def figures(self) -> list[tuple[Row, Column, Figure]]:
        """Every drawn-column figure the chart has (known or not), in row order."""
        return [(r, c, f) for r in self.rows for c in self.drawn
                if (f := r.cell(c.key)) is not None]

    @property
    def state(self) -> State:
        """What there is to draw: judged on the parts (the whole is no bar of its own)."""
        figures = [f for r, _, f in self.figures() if not r.total]
        known = [f for f in figures if f.value is not None]
        if not known:
            return State.ALL_UNKNOWN
        if all(f.value == 0 for f in known):
            return State.ALL_ZERO if len(known) == len(figures) else State.ZERO_OR_UNKNOWN
        return State.DRAW

    def unknown(self) -> list[tuple[Row, Column]]:
        """(row, column) of every drawn figure that is unknown: named, never drawn."""
        return [(r, c) for r, c, f in self.figures() if f.value is None]

    @property
    def has_code(self) -> bool:
        return any(r.code for r in self.rows)

    def depth(self, row: Row) -> int:
        by_key = {r.key: r for r in self.rows}
        depth, parent = 1, row.parent
        while parent is not None and parent in by_key:
            depth, parent = depth + 1, by_key[parent].parent
        return depth

    @property
    def whole(self) -> Figure | None:
        """The total row's first drawn figure, when the chart has one."""
        for r in self.rows:
            if r.total and self.drawn:
                return r.cell(self.drawn[0].key)
        return None

    def small(self) -> list[tuple[Row, Figure, Decimal]]:
        """Treemap parts under SMALL_SHARE % of the whole: (row, figure, share); a part
        that is the whole of its (listed) parent is not listed again."""
        whole = self.whole
        if self.kind is not ChartKind.TREEMAP or whole is None or not whole.value:
            return []
        key = self.drawn[0].key
        out: list[tuple[Row, Figure, Decimal]] = []
        listed: dict[str, Decimal] = {}
        for r in self.rows:
            f = r.cell(key)
            if r.total or f is None or f.value is None:
                continue
            share = _share(f.value, whole.value)
            if share >= SMALL_SHARE:
                continue
            listed[r.key] = f.value
            if r.parent in listed and listed[r.parent] == f.value:
                continue  # all of its parent, already listed: nothing new to read
            out.append((r, f, share))
        return out


# --------------------------------------------------------------------------- texts


@cache
def _catalogues() -> dict[str, Catalogue]:
    return load_catalogues(LOCALES, ["zh", "en"])


def label(key: str, **values: Any) -> Text:
    """A catalogue string in both languages (`chart.*`), for the language-free chart.
    A value that is a `Text` is filled in in the same language."""
    cats = _catalogues()
    return Text(**{lang: cats[lang](key, **{k: (_lang(v, lang) if isinstance(v, Text) else v)
                                             for k, v in values.items()})
                   for lang in ("zh", "en")})


def _lang(text: Text | None, lang: str) -> str:
    if text is None:
        return ""
    return text.get(lang) or text.zh


def _share(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * HUNDRED).quantize(formatting.CENT, rounding=ROUND_HALF_UP)


def value_text(value: Decimal, column: Column, cat: Catalogue) -> str:
    """A value with its unit, as the page's language writes it: `1,958.13万元`."""
    if column.fmt is Fmt.PERCENT:
        return formatting.percent(value)
    if column.fmt is Fmt.NUMBER:
        number = formatting.number(value)
        return cat("chart.unit.points", value=number) if column.unit == POINTS else number
    return cat("chart.unit.money", value=formatting.money(value))


def bare_value(value: Decimal, column: Column) -> str:
    """A value as written on a bar or a tick: no unit (the axis names it)."""
    if column.fmt is Fmt.PERCENT:
        return formatting.percent(value)
    if column.fmt is Fmt.NUMBER:
        return formatting.number(value)
    return formatting.money(value)


def tick_labels(ticks: list[Decimal], column: Column) -> list[str]:
    """Axis ticks written alike (0, 2.5, 5 -> 0.0, 2.5, 5.0): they are a scale, not
    published figures, so they share the decimals of the finest one."""
    places = max((-e for t in ticks if isinstance(e := t.as_tuple().exponent, int) and e < 0),
                 default=0)
    step = Decimal(1).scaleb(-places)
    return [bare_value(t.quantize(step), column) for t in ticks]


def figure_text(figure: Figure | None, column: Column, cat: Catalogue) -> str | None:
    if figure is None:
        return None
    if figure.value is None:
        return cat("figure.unknown")
    return value_text(figure.value, column, cat)


def row_title(row: Row, lang: str) -> str:
    name = _lang(row.label, lang)
    return f"{row.code} {name}" if row.code else name


def _width(ch: str) -> int:
    return 2 if ord(ch) > 0x2E80 else 1


def _greedy(tokens: list[str], width: int) -> list[str]:
    lines: list[str] = []
    line, used = "", 0
    for token in tokens:
        size = sum(_width(c) for c in token.rstrip())
        if line and used + size > width:
            lines.append(line.rstrip())
            line, used = "", 0
        line += token
        used += sum(_width(c) for c in token)
    if line.strip():
        lines.append(line.rstrip())
    return lines


def wrap(text: str, width: int = WRAP) -> list[str]:
    """Break a label into lines of at most about `width` (a Chinese character counts as
    two), at spaces in Latin text and anywhere between Chinese characters, with the lines
    about equally long (no lone last character)."""
    tokens = re.findall(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+", text)
    total = sum(_width(c) for c in text.strip())
    count = max(1, -(-total // width))
    for limit in range(-(-total // count), width + width // 2):
        lines = _greedy(tokens, limit)
        if len(lines) <= count:
            return lines or [text]
    return _greedy(tokens, width) or [text]


def plotly_text(text: str) -> str:
    """Text for Plotly's pseudo-HTML: escaped, so `<` in a name is never a tag (and no
    tag ever asks for an inline style, which the CSP forbids)."""
    return html.escape(text, quote=False)


def _lines(*parts: str) -> str:
    return "<br>".join(plotly_text(p) for p in parts if p)


def _num(value: Decimal) -> str:
    """A number for Plotly to draw: the exact decimal, as a string (never a float)."""
    return format(value, "f")


# --------------------------------------------------------------------------- Plotly spec


def nice_ticks(low: Decimal, high: Decimal, count: int = 4) -> list[Decimal]:
    """Tick values from <= low to >= high in steps of 1, 2 or 5 x 10^n (about `count`)."""
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
    details = {c.detail for c in chart.columns if c.detail}
    lines = [row_title(row, lang)]
    shown = [column]
    if column.detail:
        shown.append(chart.column(column.detail))
    shown += [c for c in chart.columns if not c.drawn and c.key not in details]
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
LABEL_WRAP = 32
MARGIN_BOTTOM = Decimal("3.4")
MARGIN_TOP = Decimal("0.6")


def _geom(value: Decimal) -> int | float:
    """A layout position (in ems, not money) as a JSON number."""
    return int(value) if value == value.to_integral_value() else float(value)


def _px(ems: Decimal) -> int:
    return int((ems * FONT_SIZE).to_integral_value(rounding=ROUND_HALF_UP))


def _bars_spec(chart: Chart, cat: Catalogue) -> dict[str, Any]:
    lang = cat.lang
    drawn = chart.drawn
    # The whole is not a bar beside its parts (the summary and the table give it).
    rows = [r for r in chart.rows if not r.total
            and any((f := r.cell(c.key)) is not None and f.known for c in drawn)]
    per_row = 1 if chart.stacked else len(drawn)
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
        centres.append([bars_top + BAR_STEP * (j if not chart.stacked else 0) + BAR_STEP / 2
                        for j in range(len(drawn))])
        top = bars_top + BAR_STEP * per_row + SLOT_BOTTOM
    data = []
    values: list[Decimal] = []
    for i, column in enumerate(drawn):
        ys, xs, texts, positions, hovers = [], [], [], [], []
        for n, r in enumerate(rows):
            f = r.cell(column.key)
            if f is None or f.value is None:
                continue
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
    ticks = nice_ticks(low, high)
    column = _axis_column(chart)
    layout = _base_layout(_px(top + MARGIN_TOP + MARGIN_BOTTOM))
    layout.update({
        "barmode": "stack" if chart.stacked else "overlay",
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


def spec(chart: Chart, cat: Catalogue) -> dict[str, Any]:
    """The Plotly figure (data, layout) and config of `chart` in the catalogue's language,
    plus what the page script needs for the PNG (title, file name)."""
    figure = (_treemap_spec if chart.kind is ChartKind.TREEMAP else _bars_spec)(chart, cat)
    title = " ".join(p for p in (_lang(chart.subject, cat.lang), _lang(chart.title, cat.lang))
                     if p)
    legend = chart.kind is ChartKind.BARS and len(chart.drawn) > 1
    return {**figure, "config": dict(CONFIG),
            "png": {"title": plotly_text(title), "filename": chart.name or chart.id,
                    "legend": legend}}


def spec_json(chart: Chart, cat: Catalogue) -> str:
    """The spec as JSON text safe inside <script type="application/json">: sorted keys,
    UTF-8, and no `<`, `>` or `&` (written as \\u escapes), so the text can never close
    the element or start a comment. Written by orjson (C), byte for byte what
    `json.dumps(..., sort_keys=True, ensure_ascii=False, separators=(",", ":"))` writes
    for this data: string keys, and layout floats (`_geom`) far from exponent notation."""
    text = orjson.dumps(spec(chart, cat), option=orjson.OPT_SORT_KEYS).decode("utf-8")
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# --------------------------------------------------------------------------- summary


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
    if first.unit == POINTS and len(drawn) == 1:
        items = [cat("chart.summary.item", label=_lang(r.label, lang),
                     value=value_text(f.value, first, cat))
                 for r in parts if (f := r.cell(first.key)) is not None and f.value is not None]
        out.append(cat("chart.summary.list", series=_lang(first.label, lang),
                       items=sep.join(items)))
        return out
    if chart.stacked:
        out.extend(_summary_stacked(chart, cat))
        return out
    for column in drawn:
        known = [(r, f) for r in parts if (f := r.cell(column.key)) is not None
                 and f.value is not None]
        if not known:
            continue
        r, f = max(known, key=lambda rf: rf[1].value or 0)
        if len(drawn) == 1:
            out.append(_largest(r, f, column, whole, cat, share=r.cell("share")))
            zeros = [_lang(z.label, lang) for z, g in known if g.value == 0]
            if zeros:
                out.append(cat("chart.summary.zero", n=len(zeros), labels=sep.join(zeros)))
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
    """Where most points were lost: the largest weight - score over rows and series."""
    lang = cat.lang
    worst: tuple[Decimal, Row, Column, Decimal, Decimal] | None = None
    for r in chart.rows:
        for c in chart.drawn:
            f = r.cell(c.key)
            w = r.cell(c.detail) if c.detail else None
            if f is None or f.value is None or w is None or w.value is None:
                continue
            lost = w.value - f.value
            if worst is None or lost > worst[0]:
                worst = (lost, r, c, f.value, w.value)
    if worst is None:
        return []
    lost, r, c, score, weight = worst
    if lost <= 0:
        return [cat("chart.summary.full_marks")]
    points = chart.column(c.key)
    return [cat("chart.summary.lost", label=_lang(r.label, lang), series=_lang(c.label, lang),
                score=value_text(score, points, cat), weight=value_text(weight, points, cat))]


def small_text(chart: Chart, row: Row, figure: Figure, share: Decimal, cat: Catalogue) -> str:
    """One line of the list of parts too small to see."""
    column = chart.drawn[0]
    return cat("chart.small_item", label=row_title(row, cat.lang),
               value=value_text(figure.value or Decimal(0), column, cat),
               share=formatting.percent(share))


# --------------------------------------------------------------------------- builders

AMOUNT = "amount"


def _amount_column() -> Column:
    return Column(AMOUNT, label("chart.series.amount"))


def _share_column() -> Column:
    return Column("share", label("chart.series.share"), Fmt.PERCENT, PERCENT, drawn=False)


def _computed_share(value: Figure | None, whole: Figure | None) -> Figure | None:
    if (value is None or value.value is None or whole is None or whole.value is None
            or whole.value == 0):
        return None
    return Figure(value=_share(value.value, whole.value),
                  computed=label("chart.computed.share", part=formatting.money(value.value),
                                 whole=formatting.money(whole.value)))


def _section(d: Disclosure, kind: SectionKind) -> Section | None:
    return d.explanations.section(kind) if d.explanations is not None else None


def _place(d: Disclosure, kind: SectionKind) -> str:
    """Id of the section of this kind, where a chart about it is shown ('' if none)."""
    section = _section(d, kind)
    return section.id if section is not None else ""


def _section_source(d: Disclosure, section: Section) -> Source:
    depth = next((depth for s, depth in d.explanations.walk() if s is section), 1) \
        if d.explanations is not None else 1
    title = section.title or Text(zh=section.id)
    return Source("section", section.number, title, section_anchor(section.id), depth)


def _table_source(table: Table) -> Source:
    return Source("table", table.number, table.title or Text(zh=table.id),
                  table_anchor(table.id))


def _top(section: Section, item_id: str = "total") -> Item | None:
    return next((i for i in section.items if i.id == item_id), None)


def _not_given() -> Figure:
    return Figure.model_validate("unknown")


def _parts_chart(d: Disclosure, section_id: SectionKind, chart_id: str,
                 parent: str = "total") -> Chart | None:
    """The parts of a section's total (income by source, expenditure by kind): one bar
    each, with its share (stated, else computed from the total)."""
    section = _section(d, section_id)
    total = _top(section, parent) if section else None
    if section is None or total is None or not total.items:
        return None
    whole = total.amount
    rows = []
    for item in total.items:
        amount = item.amount if item.amount is not None else _not_given()
        share = item.share if item.share is not None else _computed_share(amount, whole)
        rows.append(Row(item.id, item.label, {AMOUNT: amount, "share": share},
                        code=item.code, parent="total"))
    rows.insert(0, Row("total", total.label, {AMOUNT: whole, "share": None}, total=True))
    return Chart(chart_id, label(f"chart.title.{chart_id}"), ChartKind.BARS,
                 (_amount_column(), _share_column()), tuple(rows), place=_place(d, section_id),
                 source=_section_source(d, section),
                 none_text=label(f"chart.none.{chart_id}"))


def income_sources(d: Disclosure) -> Chart | None:
    return _parts_chart(d, SectionKind.INCOME, "income-sources")


def expenditure_kinds(d: Disclosure) -> Chart | None:
    return _parts_chart(d, SectionKind.EXPENDITURE, "expenditure-kinds")


def basic_composition(d: Disclosure) -> Chart | None:
    return _parts_chart(d, SectionKind.BASIC_EXPENDITURE, "basic-composition")


def _code_parent(code: str, codes: Iterable[str]) -> str | None:
    present = set(codes)
    for cut in (5, 3):
        if len(code) > cut and code[:cut] in present:
            return code[:cut]
    return None


GENERAL_BUDGET_TABLE = TableKind.GENERAL_BUDGET_EXPENDITURE
BASIC_TABLE = TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE
PROJECT_TABLE = TableKind.GENERAL_BUDGET_PROJECT_EXPENDITURE
THREE_OFFICIAL_TABLE = TableKind.THREE_OFFICIAL


def _table_column(table: Table, *ids: str) -> str | None:
    have = [c.id for c in table.columns]
    return next((i for i in ids if i in have), None)


def function_classes(d: Disclosure) -> Chart | None:
    """General public budget appropriation expenditure by function class, 类 > 款 > 项:
    from table 5 when the disclosure has it (it has the 款), else from section 5."""
    section = _section(d, SectionKind.GENERAL_BUDGET)
    table = d.table(GENERAL_BUDGET_TABLE)
    lines: list[tuple[str, Text, Figure]] = []
    total: tuple[Text, Figure] | None = None
    source: Source | None = None
    column = _table_column(table, "total", "amount") if table is not None else None
    if table is not None and table.classification is Classification.FUNCTION and column:
        for row in table.rows:
            figure = row.cells.get(column) or _not_given()
            if row.code:
                lines.append((row.code, row.name, figure))
            elif row.total and total is None:
                total = (row.name, figure)
        source = _table_source(table)
    elif section is not None:
        for item in section.items:
            for sub in item.walk():
                if sub.code:
                    lines.append((sub.code, sub.label, sub.amount or _not_given()))
            if item.id == "total" and item.amount is not None:
                total = (item.label, item.amount)
        source = _section_source(d, section)
    if not lines:
        return None
    codes = [c for c, _, _ in lines]
    whole = total[1] if total else None
    rows = []
    if total is not None:
        rows.append(Row("total", total[0], {AMOUNT: total[1], "share": None}, total=True))
    for code, name, figure in lines:
        parent = _code_parent(code, codes) or ("total" if total else None)
        rows.append(Row(code, name, {AMOUNT: figure, "share": _computed_share(figure, whole)},
                        code=code, parent=parent))
    return Chart("function-classes", label("chart.title.function-classes"), ChartKind.TREEMAP,
                 (_amount_column(), _share_column()), tuple(rows),
                 place=_place(d, SectionKind.GENERAL_BUDGET), source=source,
                 none_text=label("chart.none.function-classes"))


def budget_execution(d: Disclosure) -> Chart | None:
    """Initial budget against final accounts for each 项 of section 5, with the execution
    rate the text states (or, when it does not, computed from the two)."""
    section = _section(d, SectionKind.GENERAL_BUDGET)
    items = [i for top in (section.items if section else []) for i in top.walk()
             if i.code and len(i.code) == 7
             and (i.initial_budget is not None or i.amount is not None)]
    if section is None or not items:
        return None
    rows = []
    for item in items:
        budget = item.initial_budget or _not_given()
        amount = item.amount or _not_given()
        rate = item.execution_rate
        if rate is None and budget.value and amount.value is not None:
            rate = Figure(value=_share(amount.value, budget.value),
                          computed=label("chart.computed.rate",
                                         amount=formatting.money(amount.value),
                                         budget=formatting.money(budget.value)))
        rows.append(Row(item.id, item.label,
                        {"initial_budget": budget, AMOUNT: amount, "execution_rate": rate},
                        code=item.code))
    columns = (Column("initial_budget", label("chart.series.initial_budget")),
               _amount_column(),
               Column("execution_rate", label("chart.series.execution_rate"), Fmt.PERCENT,
                      PERCENT, drawn=False))
    notes = tuple(label("chart.note.no_rate", label=r.label) for r in rows
                  if r.cell("execution_rate") is None
                  and (b := r.cell("initial_budget")) is not None and b.value == 0)
    return Chart("budget-execution", label("chart.title.budget-execution"), ChartKind.BARS,
                 columns, tuple(rows), place=_place(d, SectionKind.GENERAL_BUDGET),
                 source=_section_source(d, section),
                 none_text=label("chart.none.budget-execution"), notes=notes)


def economic_classes(d: Disclosure) -> Chart | None:
    """Basic and project expenditure of general public budget appropriations by economic
    class (类): from tables 6 and 7, else the codes section 7 gives."""
    sources: dict[str, dict[str, tuple[Text, Figure]]] = {"basic": {}, "project": {}}
    found: dict[str, Source] = {}
    for key, table_id, section_id in (("basic", BASIC_TABLE, SectionKind.BASIC_EXPENDITURE),
                                      ("project", PROJECT_TABLE,
                                       SectionKind.PROJECT_EXPENDITURE)):
        table = d.table(table_id)
        column = _table_column(table, "amount", "total") if table is not None else None
        if table is not None and column is not None:
            for row in table.rows:
                if row.code and len(row.code) == 3:
                    sources[key][row.code] = (row.name, row.cells.get(column) or _not_given())
            found[key] = _table_source(table)
            continue
        section = _section(d, section_id)
        if section is not None:
            for top in section.items:
                for item in top.walk():
                    if item.code and len(item.code) == 3:
                        sources[key][item.code] = (item.label, item.amount or _not_given())
            if sources[key]:
                found[key] = _section_source(d, section)
    codes = sorted(set(sources["basic"]) | set(sources["project"]))
    if not codes:
        return None
    rows = []
    for code in codes:
        name = (sources["basic"].get(code) or sources["project"][code])[0]
        cells = {key: (sources[key][code][1] if code in sources[key] else _not_given())
                 for key in ("basic", "project")}
        rows.append(Row(code, name, cells, code=code))
    columns = (Column("basic", label("chart.series.basic")),
               Column("project", label("chart.series.project")))
    source = found.get("project") or found.get("basic")
    place = _place(d, SectionKind.PROJECT_EXPENDITURE) or _place(d, SectionKind.BASIC_EXPENDITURE)
    return Chart("economic-classes", label("chart.title.economic-classes"), ChartKind.BARS,
                 columns, tuple(rows), place=place, source=source,
                 none_text=label("chart.none.economic-classes"))


def three_official(d: Disclosure) -> Chart | None:
    """The three official expenses, full-year budget against final accounts: from section 8
    (else table 10)."""
    section = _section(d, SectionKind.THREE_OFFICIAL)
    total = _top(section) if section else None
    rows: list[Row] = []
    source: Source | None = None
    if section is not None and total is not None and total.items:
        for item in total.items:
            budget = item.full_year_budget or item.initial_budget or _not_given()
            rows.append(Row(item.id, item.label,
                            {"budget": budget, AMOUNT: item.amount or _not_given()}))
        source = _section_source(d, section)
    else:
        table = d.table(THREE_OFFICIAL_TABLE)
        if table is not None:
            budget_col = _table_column(table, "budget")
            actual_col = _table_column(table, "actual", "amount", "total")
            for n, row in enumerate(table.rows):
                if row.total or row.depth != 2 or not budget_col or not actual_col:
                    continue
                rows.append(Row(f"line-{n + 1}", row.name,
                                {"budget": row.cells.get(budget_col) or _not_given(),
                                 AMOUNT: row.cells.get(actual_col) or _not_given()}))
            source = _table_source(table)
    if not rows:
        return None
    columns = (Column("budget", label("chart.series.full_year_budget")), _amount_column())
    return Chart("three-official", label("chart.title.three-official"), ChartKind.BARS,
                 columns, tuple(rows), place=_place(d, SectionKind.THREE_OFFICIAL), source=source,
                 none_text=label("chart.none.three-official"))


def performance_scores(d: Disclosure) -> Chart | None:
    """Each evaluated project's total self-evaluation score (of its total weight)."""
    if d.performance is None or not d.performance.evaluations:
        return None
    rows = tuple(Row(ev.id, ev.project, {"score": Figure(value=ev.total_score),
                                         "weight": Figure(value=ev.total_weight)})
                 for ev in d.performance.evaluations)
    columns = (Column("score", label("chart.series.score"), Fmt.NUMBER, POINTS),
               Column("weight", label("chart.series.weight"), Fmt.NUMBER, POINTS,
                      drawn=False))
    top = max(ev.total_weight for ev in d.performance.evaluations)
    return Chart("performance-scores", label("chart.title.performance-scores"),
                 ChartKind.BARS, columns, rows, place=_perf_place(d),
                 source=_performance_source(d),
                 none_text=label("chart.none.performance-scores"), axis_max=top)


GROUPS: list[str] = ["execution", *(level.value for level in Level1)]
"""Score groups of a self-evaluation: the budget execution rate (its funding block's
score), then the 一级指标 groups."""


def _group_figures(ev: Evaluation, group: str) -> tuple[Figure | None, Figure | None]:
    """(score, weight) of one group of one evaluation; None when it has no such group."""
    if group == "execution":
        line = ev.funding.total
        return line.score, line.weight
    indicators = [i for i in ev.indicators if i.level1.value == group]
    if not indicators:
        return None, None
    if len(indicators) == 1:
        return Figure(value=indicators[0].score), Figure(value=indicators[0].weight)
    scores = [i.score for i in indicators]
    weights = [i.weight for i in indicators]
    return (Figure(value=_tidy(sum(scores, Decimal(0))),
                   computed=label("chart.computed.sum", terms=" + ".join(
                       formatting.number(s) for s in scores))),
            Figure(value=_tidy(sum(weights, Decimal(0))),
                   computed=label("chart.computed.sum", terms=" + ".join(
                       formatting.number(w) for w in weights))))


def _tidy(value: Decimal) -> Decimal:
    """A computed sum without trailing zeros (`25 + 25.0` is 50, not 50.0)."""
    return value.normalize() + 0 if value == value.to_integral_value() else value.normalize()


def performance_groups(d: Disclosure) -> Chart | None:
    """Each project's score by indicator group (stacked: the bar is the total score)."""
    if d.performance is None or not d.performance.evaluations:
        return None
    evaluations = d.performance.evaluations
    used = [g for g in GROUPS if any(_group_figures(ev, g)[0] is not None
                                     for ev in evaluations)]
    if not used:
        return None
    columns: list[Column] = []
    for g in used:
        columns.append(Column(f"{g}-score", label(f"chart.group.{g}"), Fmt.NUMBER, POINTS,
                              detail=f"{g}-weight"))
    for g in used:
        columns.append(Column(f"{g}-weight", label("chart.series.group_weight",
                                                   group=label(f"chart.group.{g}")),
                              Fmt.NUMBER, POINTS, drawn=False))
    rows = []
    for ev in evaluations:
        cells: dict[str, Figure | None] = {}
        for g in used:
            score, weight = _group_figures(ev, g)
            cells[f"{g}-score"], cells[f"{g}-weight"] = score, weight
        rows.append(Row(ev.id, ev.project, cells))
    top = max(ev.total_weight for ev in evaluations)
    return Chart("performance-groups", label("chart.title.performance-groups"),
                 ChartKind.BARS, tuple(columns), tuple(rows),
                 place=_perf_place(d), source=_performance_source(d),
                 none_text=label("chart.none.performance-groups"), stacked=True,
                 axis_max=top)


def _perf_place(d: Disclosure) -> str:
    """The performance section, or the performance block when the year has no section."""
    return _place(d, SectionKind.PERFORMANCE) or "performance"


def _performance_source(d: Disclosure) -> Source | None:
    section = _section(d, SectionKind.PERFORMANCE)
    if section is not None:
        return _section_source(d, section)
    return None


BUILDERS: list[Callable[[Disclosure], Chart | None]] = [
    income_sources, expenditure_kinds, basic_composition, function_classes,
    budget_execution, economic_classes, three_official, performance_scores,
    performance_groups,
]


def disclosure_charts(unit: Unit, d: Disclosure) -> list[Chart]:
    """Every chart of one disclosure, in page order; a chart whose data the disclosure
    does not have is left out."""
    subject = label("chart.subject", unit=unit.profile.name, year=d.year)
    out = []
    for build in BUILDERS:
        chart = build(d)
        if chart is not None:
            out.append(_with(chart, subject=subject, name=f"{unit.slug}-{d.year}-{chart.id}"))
    return out


def _with(chart: Chart, **changes: Any) -> Chart:
    return replace(chart, **changes)


# --------------------------------------------------------------------------- the asset


@dataclass(frozen=True)
class PlotlyAsset:
    path: str
    """Site path (`static/vendor/plotly-<version>-custom-<sha256 prefix>.min.js`): the
    plotly.js version and the bundle's own hash in the name, so a host may cache it for
    good and a rebuilt bundle is a new address."""
    data: bytes
    css_guard_ids: tuple[str, ...]
    version: str
    """The plotly.js version the bundle was built from."""
    traces: tuple[str, ...]
    """The trace types it holds (`site_src/vendor/plotly-custom.json`)."""


PLOTLY_BUNDLE = PROJECT / "site_src" / "vendor" / "plotly-custom.min.js"
"""plotly.js with only the trace types the charts use, built by
scripts/build-plotly-bundle.sh (committed; the site build needs no node)."""
PLOTLY_BUNDLE_INFO = PLOTLY_BUNDLE.with_name("plotly-custom.json")
"""What the bundle is: plotly.js and esbuild versions, trace types, sha256, gzip size
(tests/test_plotly_bundle.py holds it to the Python `plotly` package and to the specs)."""

PLOTLY_STYLE_ID = "plotly.js-style-global"
"""plotly.js puts its global CSS rules into the element with this id, creating a <style>
when there is none (which `style-src 'self'` blocks). The page gives it a same-origin
<link rel="stylesheet"> with this id instead: plotly.js adds its rules to that sheet with
CSSOM insertRule, which the CSP allows."""

_GUARD = re.compile(r'document\.getElementById\("([0-9a-f]{16,})"\)\)\{var \w+='
                    r'document\.createElement\("style"\)')


@cache
def plotly_asset() -> PlotlyAsset:
    """The custom plotly.js bundle of site_src/vendor/ and what its JSON record says."""
    data = PLOTLY_BUNDLE.read_bytes()
    info = json.loads(PLOTLY_BUNDLE_INFO.read_text(encoding="utf-8"))
    version = info["plotly.js"]
    digest = hashlib.sha256(data).hexdigest()  # the file's own: a changed file, a new path
    guards = tuple(dict.fromkeys(_GUARD.findall(data.decode("utf-8", "replace"))))
    return PlotlyAsset(f"static/vendor/plotly-{version}-custom-{digest[:12]}.min.js", data,
                       guards, version, tuple(info["traces"]))


def plotly_css_guard_ids() -> tuple[str, ...]:
    """Ids under which a library bundled in plotly.js would inject CSS it needs only for
    maps (maplibre's stylesheet, injected by esbuild's CSS plugin when the bundle loads):
    such a library skips the injection when an element with its id already exists, so the
    page holds an empty <template> with each id. The custom bundle has no map trace and
    leaves maplibre's stylesheet out, so there are none today; should a rebuilt bundle
    bring one back, the page guards it again."""
    return plotly_asset().css_guard_ids
