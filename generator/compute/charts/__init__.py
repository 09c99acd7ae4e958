"""Charts: each chart is one plain data object (`Chart`) from which come the drawing (a
Plotly figure spec, plain JSON), the table behind it and its CSV, so the three can never
disagree.

A chart is built from the content model alone (`disclosure_charts`), with its texts in
both languages; the page asks for the spec of one language (`spec_json`) and the export
stage writes its CSV (`tablecsv.chart_csv`). Any page can include one with
`templates/_chart.html` (see the comment there for the variables it needs).

Money stays `Decimal`: every label, hover text, tick label and summary is written here
from Decimal with `formatting`; Plotly only gets numbers (as exact decimal strings) to
draw. An unknown figure is never drawn: it is left out of the drawing and named in the
summary and the table as not stated. A chart with nothing but zeros is not drawn either:
the page states that there was none this year.

The package, by concern: `model` (the data object), `text` (labels and values in words),
`spec` (the Plotly figure), `summary` (the chart in words), `builders` (the charts of a
disclosure), `asset` (the plotly.js bundle).

plotly.js itself (a bundle of only the trace types drawn here, built from the npm
package by scripts/build-plotly-bundle.sh and committed in site_src/vendor/) is written to
the site by the build (`plotly_asset`), once; charts.js loads it only on pages that draw a
chart, when a chart comes near the viewport. Under the strict Content-Security-Policy
(`style-src 'self'`) plotly.js may not create <style> elements; see `PLOTLY_STYLE_ID` and
`plotly_css_guard_ids` for how the page avoids that.
"""

from __future__ import annotations

from .asset import (
    PLOTLY_BUNDLE,
    PLOTLY_BUNDLE_INFO,
    PLOTLY_STYLE_ID,
    PlotlyAsset,
    plotly_asset,
    plotly_css_guard_ids,
)
from .builders import BUILDERS, disclosure_charts
from .model import LOCALES, PALETTE, PROJECT, Chart, ChartKind, Column, Row, Source, State
from .spec import nice_ticks, spec, spec_json
from .summary import small_text, summary, summary_text, zero_text
from .text import _catalogues, label, wrap

__all__ = [
    "BUILDERS", "LOCALES", "PALETTE", "PLOTLY_BUNDLE", "PLOTLY_BUNDLE_INFO", "PLOTLY_STYLE_ID",
    "PROJECT", "Chart", "ChartKind", "Column", "PlotlyAsset", "Row", "Source", "State",
    "_catalogues", "disclosure_charts", "label", "nice_ticks", "plotly_asset",
    "plotly_css_guard_ids", "small_text", "spec", "spec_json", "summary", "summary_text",
    "wrap", "zero_text",
]
