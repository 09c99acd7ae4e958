"""Texts of a chart: catalogue labels in both languages, values with their units, wrapped
labels, and text made safe for Plotly's pseudo-HTML."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from ...content.model.types import Figure, Text
from ...site import formatting
from ...site.i18n import Catalogue, load_catalogues
from ...site.markup import Fmt
from .model import LOCALES, POINTS, WRAP, Column, Row


@cache
def _catalogues() -> dict[str, Catalogue]:
    return load_catalogues(LOCALES, ["zh", "en"])


def label(key: str, **values: Any) -> Text:
    """A catalogue string in both languages (`chart.*`), for the language-free chart.
    A value that is a `Text` is filled in in the same language."""
    if not values:
        return _fixed_label(key)
    cats = _catalogues()
    return Text(**{lang: cats[lang](key, **{k: (_lang(v, lang) if isinstance(v, Text) else v)
                                             for k, v in values.items()})
                   for lang in ("zh", "en")})


def joined(texts: list[Text]) -> Text:
    """Texts listed in one, in each language with its list separator (`chart.list_sep`)."""
    cats = _catalogues()
    return Text(**{lang: cats[lang]("chart.list_sep").join(_lang(t, lang) for t in texts)
                   for lang in ("zh", "en")})


@cache
def _fixed_label(key: str) -> Text:
    # Titles, series and column names: the same few for every chart of every disclosure
    # (a Text is never changed once made, so one can be shared).
    cats = _catalogues()
    return Text(**{lang: cats[lang](key) for lang in ("zh", "en")})


def _lang(text: Text | None, lang: str) -> str:
    if text is None:
        return ""
    return text.get(lang) or text.zh




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
    return list(_wrap(text, width))


@lru_cache(maxsize=8192)
def _wrap(text: str, width: int) -> tuple[str, ...]:
    # Kept: the same class and item names recur in every disclosure a worker builds, and
    # trying each line length is the costliest step of a chart's spec.
    return tuple(_wrap_lines(text, width))


def _wrap_lines(text: str, width: int) -> list[str]:
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
