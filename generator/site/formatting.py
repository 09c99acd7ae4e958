"""Numbers and dates as each language writes them. Money is Decimal in 万元, never float."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
MAX_SHOWN_PLACES = 6
"""A stated figure keeps its decimals (up to the model's six: 元 with fen in 万元)."""
_ZH_DIGITS = "零一二三四五六七八九"


def _signed(text: str, value: Decimal, signed: bool) -> str:
    # An explicit '+' on changes makes increase and decrease equally visible.
    return ("+" + text) if signed and value > 0 else text


def money(value: Decimal, signed: bool = False) -> str:
    """`Decimal('1958.13')` -> `1,958.13`, thousands separated (both languages, as Chinese
    financial tables do), with the decimals the figure was written with: `7.8` stays 7.8
    and `39` stays 39, never 7.80 or 39.00. A computed value with more than six decimals
    is shown to two."""
    if value == 0:
        value = abs(value)  # no "-0.00"
    text = f"{value:,f}"  # `f` without a precision keeps the decimals the value has
    dot = text.find(".")
    if dot >= 0 and len(text) - dot - 1 > MAX_SHOWN_PLACES:
        value = value.quantize(CENT, rounding=ROUND_HALF_UP)
        text = f"{abs(value) if value == 0 else value:,.2f}"
    return _signed(text, value, signed)


def percent(value: Decimal, signed: bool = False) -> str:
    """A figure already in percent (97.94) -> `97.94%`."""
    return money(value, signed) + "%"


def number(value: Decimal) -> str:
    """A figure that is not money (a count, a weight, a score), with the decimals written:
    `Decimal('7.5')` -> `7.5`, `Decimal('1200')` -> `1,200`."""
    if value == 0:
        value = abs(value)
    exponent = value.as_tuple().exponent
    fractional = isinstance(exponent, int) and exponent < 0
    return f"{value:,}" if fractional else f"{int(value):,}"


def count(value: int) -> str:
    return f"{value:,}"


def zh_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 14 -> 十四, 21 -> 二十一 (table and section numbers, 1-99)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    text = ("" if tens < 2 else _ZH_DIGITS[tens]) + ("十" if tens else "")
    return text + (_ZH_DIGITS[ones] if ones else "")


def numeral(n: int | str, lang: str) -> str:
    """A number in the page's language. A published numeral (`'八'`) is shown as written
    in Chinese and as its value (`8`) in other languages."""
    if isinstance(n, str):
        if lang == "zh":
            return n
        value = numeral_value(n)
        return n if value is None else str(value)
    return zh_numeral(n) if lang == "zh" else str(n)


_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}


def numeral_value(number: str | None) -> int | None:
    """`'七'` -> 7, `'十四'` -> 14, `'(一)'` -> 1, `'二十三'` -> 23, `'3'` -> 3; None when it is
    not a number."""
    if number is None:
        return None
    text = re.sub(r"[\s()（）、.．]", "", number)
    if re.fullmatch(r"[0-9]{1,3}", text):
        return int(text)
    if not text or any(c not in _DIGITS and c not in "十百" for c in text):
        return None
    total, current = 0, 0
    for c in text:
        if c in _DIGITS:
            current = _DIGITS[c]
        else:  # 十 or 百
            total += (current or 1) * (10 if c == "十" else 100)
            current = 0
    return total + current


def format_date(value: date, pattern: str, months: list[str]) -> str:
    """Fill a catalogue pattern such as `{year}年{month}月{day}日` or
    `{day} {month_name} {year}`."""
    return pattern.format(year=value.year, month=value.month, day=value.day,
                          month_name=months[value.month - 1])


def filesize(size: int) -> str:
    """Bytes as people read them: `812 B`, `12.4 KB`, `3.1 MB` (1 KB = 1024 bytes)."""
    if size < 1024:
        return f"{size} B"
    for unit in ("KB", "MB", "GB"):
        size_in = Decimal(size) / Decimal(1024 if unit == "KB" else 1024**2 if unit == "MB"
                                          else 1024**3)
        if size_in < 1024 or unit == "GB":
            return f"{size_in.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):,} {unit}"
    raise AssertionError("unreachable")
