"""The verdict of one identity, from the figures as published and their intervals.

Never a rounding difference reported as an inconsistency (intervals are closed and every
bound rounds outward), never an unknown passed as consistent (an identity with an unknown
figure is `unknown`, whatever the others say)."""

from __future__ import annotations

from decimal import Decimal

from .intervals import ZERO, Interval, exact_percent, round_as, total
from .model import Check, Kind, Operand, Verdict

RATES = (Kind.SHARE, Kind.RATE, Kind.GROWTH, Kind.BUDGET_GROWTH)
"""Stated percentages: only these can be truncated rather than rounded."""


def judged(key: str, kind: Kind, year: int, stated: Operand, terms: tuple[Operand, ...],
           whole: Operand | None = None, why: str = "") -> Check:
    """The check `stated` = Σ terms (÷ `whole` × 100) with its verdict, computed value and
    bounds: made once, not copied by `dataclasses.replace` once judged."""
    made, computed, bounds, why = _verdict(kind, stated, terms, whole, why)
    return Check(key, kind, year, stated, terms, whole, verdict=made, computed=computed,
                 bounds=bounds, why=why)


def _verdict(kind: Kind, stated_op: Operand, terms: tuple[Operand, ...],
             whole_op: Operand | None, why: str
             ) -> tuple[Verdict, Decimal | None, Interval | None, str]:
    stated = stated_op.value
    values = [t.value for t in terms]
    whole = whole_op.value if whole_op is not None else None
    if stated is None or any(v is None for v in values) or (
            whole_op is not None and whole is None):
        return Verdict.UNKNOWN, None, None, why or "audit.why.unknown"
    exact = sum((t.sign * v for t, v in zip(terms, values, strict=True)
                 if v is not None), ZERO)
    bounds = total([_signed(t) for t in terms])
    if whole_op is not None:
        assert whole is not None
        if whole == 0:  # a share of nothing is not defined (the caller skips it)
            return Verdict.UNKNOWN, None, None, "audit.why.zero"
        whole_bounds = Interval.of(whole)
        ratio = bounds.percent_of(whole_bounds)
        if ratio is None:
            return Verdict.UNKNOWN, None, None, "audit.why.zero"
        exact, bounds = exact_percent(exact, whole), ratio
    return classify(stated, exact, bounds, kind in RATES), exact, bounds, why


def _signed(term: Operand) -> Interval:
    interval = term.interval
    assert interval is not None
    return interval if term.sign > 0 else -interval


def classify(stated: Decimal, exact: Decimal, bounds: Interval, rate: bool) -> Verdict:
    """`consistent` when the exact result, rounded as the stated figure is written, is the
    stated figure; `rounding` when their intervals meet; `truncated` when only the stated
    rate's truncation interval meets; else `inconsistent`."""
    if round_as(exact, stated) == stated:
        return Verdict.CONSISTENT
    if Interval.of(stated).meets(bounds):
        return Verdict.ROUNDING
    if rate and Interval.truncated(stated).meets(bounds):
        return Verdict.TRUNCATED
    return Verdict.INCONSISTENT
