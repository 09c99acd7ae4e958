"""Interval arithmetic over the rounding of published figures: the one core that the
audit, `portal check` and the comparison pages judge figures with.

A figure written 1958.13 stands for any value that rounds to it, [1958.125, 1958.135];
one written 7.8 for [7.75, 7.85]. Intervals are closed (the most generous reading: either
rounding of a tie) and every division rounds its bounds outward, so an identity that holds
between the exact values always holds between the intervals: a check built on them never
calls a rounding difference an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal

from ...once import once

HUNDRED = Decimal(100)
ZERO = Decimal(0)
SHOWN = Decimal("0.0001")
"""Bounds and computed values are shown (pages, CSVs, `portal check`) to four decimals."""


def places(value: Decimal) -> int:
    """How many decimals `value` was written with (1958.13 -> 2, 39 -> 0)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def ulp(value: Decimal) -> Decimal:
    """One unit of the last written digit (0.01 for 1958.13, 1 for 39)."""
    return Decimal(1).scaleb(-places(value))


def round_as(value: Decimal, like: Decimal) -> Decimal:
    """`value` rounded half-up to the decimals `like` was written with."""
    return value.quantize(ulp(like), rounding=ROUND_HALF_UP)


_OUTWARD = {ROUND_FLOOR: Context(rounding=ROUND_FLOOR),
            ROUND_CEILING: Context(rounding=ROUND_CEILING)}
"""The default context (28 digits) rounding down or up: a division rounded outward in
one call, without entering a local context for each (a thousand a unit)."""


def _divide(a: Decimal, b: Decimal, rounding: str) -> Decimal:
    return _OUTWARD[rounding].divide(a, b)


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal

    @classmethod
    def of(cls, value: Decimal) -> Interval:
        """The values that round to `value` at the precision it is written with."""
        half = Decimal(5).scaleb(-(places(value) + 1))
        return cls(value - half, value + half)

    @once
    def shown(self) -> tuple[Decimal, Decimal]:
        """The bounds rounded outward to four decimals (never narrower than computed), as
        the audit's CSV and its rows on the page in each language show them: made once."""
        return (self.lo.quantize(SHOWN, rounding=ROUND_FLOOR).normalize(),
                self.hi.quantize(SHOWN, rounding=ROUND_CEILING).normalize())

    @classmethod
    def exact(cls, value: Decimal) -> Interval:
        return cls(value, value)

    @classmethod
    def truncated(cls, value: Decimal) -> Interval:
        """The values that `value` is the truncation of (cut toward zero, not rounded):
        [7.8, 7.9] for 7.8, [-7.9, -7.8] for -7.8."""
        step = ulp(value)
        return cls(value, value + step) if value >= 0 else cls(value - step, value)

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)

    def __sub__(self, other: Interval) -> Interval:
        return self + -other

    def percent_of(self, whole: Interval) -> Interval | None:
        """self / whole × 100, bounds rounded outward; None when `whole` may be zero."""
        if whole.lo <= 0 <= whole.hi:
            return None
        corners = [(a * HUNDRED, b) for a in (self.lo, self.hi) for b in (whole.lo, whole.hi)]
        return Interval(min(_divide(a, b, ROUND_FLOOR) for a, b in corners),
                        max(_divide(a, b, ROUND_CEILING) for a, b in corners))

    def ratio(self, other: Interval) -> Interval | None:
        """self / other × 100, or None when other may be zero or negative (shares and
        execution rates of amounts)."""
        if other.lo <= 0 or self.lo < 0:
            return None
        return self.percent_of(other)

    def meets(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def contains(self, value: Decimal) -> bool:
        return self.lo <= value <= self.hi


def total(intervals: list[Interval]) -> Interval:
    out = Interval.exact(ZERO)
    for i in intervals:
        out = out + i
    return out


def change_bounds(old: Decimal, new: Decimal) -> Interval:
    """The changes (new − old) the unrounded figures behind `old` and `new` allow."""
    return Interval.of(new) - Interval.of(old)


def growth_bounds(old: Decimal, new: Decimal) -> Interval | None:
    """The growth rates (%) the unrounded figures behind `old` and `new` allow."""
    o = Interval.of(old)
    if o.lo <= 0:
        return None
    return change_bounds(old, new).percent_of(o)


def exact_percent(part: Decimal, whole: Decimal) -> Decimal:
    return part / whole * HUNDRED
