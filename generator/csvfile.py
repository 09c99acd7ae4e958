"""CSV for journalists: UTF-8 with BOM, CRLF, written by the `csv` module, typed cells.

A cell is text (`str`, neutralised against formula injection), a `Number` (already
formatted, written as is), an `int`, a `bool` (`true`/`false`) or `None` (empty). Amounts in
万元 are written with two decimals exactly as the Decimal says; other figures (percentages,
counts, scores) are written as given. Never float, never exponent notation.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

BOM = "\ufeff"
LINE_END = "\r\n"
CENT = Decimal("0.01")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these is read as a formula by spreadsheets (OWASP
"CSV injection"); such a cell gets a leading apostrophe."""


@dataclass(frozen=True)
class Number:
    """A number already written as text (`'1.20'`, `'-1500.00'`): never escaped."""

    text: str


Cell = str | Number | int | bool | None


def neutralise(text: str) -> str:
    """`'=1+1'` -> `"'=1+1"`; any other text is returned unchanged."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def plain(value: Decimal) -> str:
    """The decimal as written, in positional notation (`Decimal('1E+1')` -> `'10'`)."""
    return format(value, "f")


def amount(value: Decimal) -> Number:
    """A 万元 amount with two decimals: `1.2` -> `1.20`, `1271` -> `1271.00`. A value with
    more than two decimals keeps them all (never rounded away)."""
    try:
        quantized = value.quantize(CENT)
    except InvalidOperation:  # more digits than the context holds: write it as it is
        return Number(plain(value))
    return Number(plain(quantized if quantized == value else value))


def decimal(value: Decimal) -> Number:
    """A figure that is not 万元 (percent, count, score), exactly as given."""
    return Number(plain(value))


def cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Number):
        return cell.text
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, int):
        return str(cell)
    return neutralise(cell)


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The whole file: BOM, header row, then one line per row, CRLF line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=LINE_END, quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(h) for h in header])
    width = len(header)
    for row in rows:
        if len(row) != width:
            raise ValueError(f"row has {len(row)} cells, header has {width}")
        writer.writerow([cell_text(c) for c in row])
    return (BOM + buffer.getvalue()).encode("utf-8")
