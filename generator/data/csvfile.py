"""CSV for journalists: UTF-8 with BOM, CRLF, written by the `csv` module, typed cells.

A cell is text (`str`, neutralised against formula injection), a `Number` (already
formatted, written as is), an `int`, a `bool` (`true`/`false`) or `None` (empty). Every
figure is written as the source wrote it (7.8 stays 7.8, 1271 stays 1271): never float,
never exponent notation, never padded or rounded.

Formula injection (OWASP "CSV Injection"): a spreadsheet that opens the file may run a text
cell as a formula (`=HYPERLINK(...)`, `=cmd|...`, `@SUM(...)`) when it starts with a
formula trigger. The texts come from PDF disclosures and from people, so every text cell,
header cells included, goes through `neutralise()`: a cell is prefixed with one apostrophe
`'` (no spreadsheet starts a formula with it; the cell is read as text) when

* it starts with a tab, carriage return or line feed, or
* its first visible character is `=`, `+`, `-`, `@` or a full-width `＝`, `＋`, `－`, `＠`,
  after any run of white space or invisible characters (spaces of any kind such as U+00A0
  and U+3000, controls, format characters of Unicode category Cf such as U+200B, U+200D,
  U+2060 and U+FEFF, and the other default-ignorable characters). An importer that trims
  spaces (LibreOffice's "Trim spaces" option turns ` =1+1` into a formula, see
  tests/test_csv_formula.py) or folds full-width forms to ASCII could otherwise run such a
  cell, and a reader cannot see the lead-in anyway.

Every other text is written unchanged. `Number` cells are not text: `-12.50` stays a number.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import chain
from typing import TypeVar

BOM = "\ufeff"
LINE_END = "\r\n"

FORMULA_TRIGGERS = frozenset("=+-@＝＋－＠")
"""A text cell whose first visible character is one of these gets a leading apostrophe."""
FIRST_CHAR_TRIGGERS = frozenset("\t\r\n")
"""A text cell whose very first character is one of these gets a leading apostrophe."""

_INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})
_DEFAULT_IGNORABLE = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u2800\u3164\uffa0"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10)))
"""Invisible characters outside the categories above: combining grapheme joiner, Hangul
fillers, Khmer inherent vowels, Mongolian variation selectors, Braille blank, variation
selectors. Tags and the variation selectors supplement (U+E0000..U+E0FFF) are tested by range."""


def _invisible(ch: str) -> bool:
    return (ch in _DEFAULT_IGNORABLE
            or unicodedata.category(ch) in _INVISIBLE_CATEGORIES
            or "\U000e0000" <= ch <= "\U000e0fff")


class Number:
    """A number already written as text (`'1.20'`, `'-1500.00'`): never escaped.

    A plain class with slots, not a frozen dataclass: a unit's downloads make some ten
    thousand, and a frozen dataclass sets its field through `object.__setattr__`."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        return type(other) is Number and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"Number({self.text!r})"


Cell = str | Number | int | bool | None


def neutralise(text: str) -> str:
    """`'=1+1'` -> `"'=1+1"`, `'\\u200b＝1+1'` -> `"'\\u200b＝1+1"`: a text a spreadsheet could
    read as a formula gets a leading apostrophe; any other text is returned unchanged."""
    first = text[:1]
    if first.isalnum() and first not in _DEFAULT_IGNORABLE:
        return text  # fast path: a letter, digit or CJK character (most cells)
    if first in FIRST_CHAR_TRIGGERS:
        return "'" + text
    for ch in text:
        if ch in FORMULA_TRIGGERS:
            return "'" + text
        if not _invisible(ch):
            return text
    return text  # empty, or nothing visible at all


def plain(value: Decimal) -> str:
    """The decimal as written, in positional notation (`Decimal('1E+1')` -> `'10'`)."""
    text = str(value)  # positional unless it has an exponent: a third of format's cost
    return text if "E" not in text else format(value, "f")


def amount(value: Decimal) -> Number:
    """A 万元 amount as the source wrote it (`7.8` stays 7.8, `1271` stays 1271): the
    precision a figure was published with is part of the figure."""
    return Number(plain(value))


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


def _row_texts(rows: Iterable[Sequence[Cell]], width: int) -> Iterator[list[str]]:
    """Each row's cells as text: `cell_text` inlined for the common cells (a plain `str`
    whose first character is a letter or digit, an empty `str`, None, a `Number`, an
    `int`), in the order of how common they are; any other cell goes through `cell_text`
    itself, so the text is the same."""
    ignorable = _DEFAULT_IGNORABLE
    for row in rows:
        if len(row) != width:
            raise ValueError(f"row has {len(row)} cells, header has {width}")
        yield [(c if (first := c[:1]).isalnum() and first not in ignorable
                else neutralise(c) if c else "")
               if type(c) is str
               else "" if c is None
               else c.text if type(c) is Number
               else str(c) if type(c) is int
               else cell_text(c)
               for c in row]


T = TypeVar("T")

PART_BYTES = 8 * 2**20
"""A portal-wide CSV that would grow past this is written in parts of at most this size
(whole rows, each part with the header): under 10 MB, and under a spreadsheet's million
rows."""


def by_size(items: Iterable[T], size: Callable[[T], int], head: int,
            limit: int) -> list[list[T]]:
    """`items` in consecutive parts whose files (`head` bytes, then each item's `size`)
    are at most `limit` bytes, an item larger than that alone in its part; always at least
    one part."""
    parts: list[list[T]] = [[]]
    total = head
    for item in items:
        length = size(item)
        if parts[-1] and total + length > limit:
            parts.append([])
            total = head
        parts[-1].append(item)
        total += length
    return parts


def split_rows(header: Sequence[str], rows: Sequence[Sequence[Cell]],
               limit: int) -> list[list[Sequence[Cell]]]:
    """`rows` in parts whose CSV files (`csv_bytes` with `header`) fit in `limit` bytes."""
    head = len(csv_bytes(header, []))
    return by_size(rows, lambda row: len(csv_bytes(header, [row])) - head, head, limit)


def part_label(part: int, parts: int) -> tuple[str, str]:
    """What a part's title adds (Chinese, English), nothing when the file is whole."""
    if parts <= 1:
        return "", ""
    return f"(第{part}部分,共{parts}部分)", f" (part {part} of {parts})"


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The whole file: BOM, header row, then one line per row, CRLF line ends.

    A row none of whose cells needs quoting (no `"`, `,`, CR or LF in any cell, and not a
    lone empty cell) is the cells joined by commas, as the `csv` module writes it; any
    other row is written by the `csv` module (QUOTE_MINIMAL, quotes doubled)."""
    buffer = io.StringIO(newline="")
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator=LINE_END, quoting=csv.QUOTE_MINIMAL)
    write = buffer.write
    width = len(header)
    commas = width - 1
    lone = width == 1
    for cells in chain([[neutralise(h) for h in header]], _row_texts(rows, width)):
        line = ",".join(cells)
        if ('"' in line or "\r" in line or "\n" in line or line.count(",") != commas
                or (lone and not line)):
            writer.writerow(cells)
        else:
            write(line + LINE_END)
    return buffer.getvalue().encode("utf-8")
