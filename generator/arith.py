"""Arithmetic checks: the sums, rates and shares a disclosure implies must hold, judged over
the rounding intervals of the published figures (a figure given to 0.01 stands for ±0.005).

A difference that rounding explains is not reported; one that rounding cannot explain is a
warning: the source itself may be inconsistent, so it must not block a build, but the
publisher should look (a mistyped figure is the usual cause)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .findings import Findings, Severity
from .model.content import Disclosure
from .model.explanations import Item, Listed, located_sections
from .model.performance import Evaluation, FundingLine
from .model.tables import Classification, Table
from .model.types import Figure
from .yamlload import Doc, key_path

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal

    @classmethod
    def of(cls, value: Decimal) -> Interval:
        """The values that round to `value` at the precision it is written with."""
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        half = Decimal(5).scaleb(-(places + 1))
        return cls(value - half, value + half)

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def ratio(self, other: Interval) -> Interval | None:
        """self / other × 100, or None when other may be zero or negative."""
        if other.lo <= 0 or self.lo < 0:
            return None
        return Interval(self.lo / other.hi * HUNDRED, self.hi / other.lo * HUNDRED)

    def meets(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi


def _value(figure: Figure | None) -> Decimal | None:
    return figure.value if figure is not None else None


def _fmt(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}"


class _Checker:
    def __init__(self, findings: Findings, doc: Doc) -> None:
        self.findings, self.doc = findings, doc

    def warn(self, loc: tuple[str | int, ...], code: str, message: str, hint: str) -> None:
        line, col = self.doc.where(loc)
        self.findings.add(self.doc.path, line, col, key_path(loc), code, message, hint,
                          Severity.WARNING)

    def sum(self, loc: tuple[str | int, ...], stated: Decimal, parts: list[Decimal],
            what: str) -> None:
        total = Interval(Decimal(0), Decimal(0))
        for part in parts:
            total = total + Interval.of(part)
        if not Interval.of(stated).meets(total):
            self.warn(loc, "arith.sum", f"{what} add up to {_fmt(sum(parts, Decimal(0)))} "
                      f"but {_fmt(stated)} is stated, more than rounding explains",
                      "check each figure against the source; if the source itself "
                      "disagrees, leave it as published")

    def rate(self, loc: tuple[str | int, ...], stated: Decimal, part: Decimal,
             whole: Decimal, what: str) -> None:
        ratio = Interval.of(part).ratio(Interval.of(whole))
        if ratio is not None and not Interval.of(stated).meets(ratio):
            exact = part / whole * HUNDRED
            self.warn(loc, "arith.rate", f"{what} is stated as {stated}% but "
                      f"{_fmt(part)} / {_fmt(whole)} = {_fmt(exact)}%",
                      "check the percentage and the two figures against the source")


def _same_unit(parent: Item, child: Item) -> bool:
    return (parent.unit.zh if parent.unit else None) == (child.unit.zh if child.unit else None)


def _check_item(c: _Checker, item: Item, loc: tuple[str | int, ...]) -> None:
    amount = _value(item.amount)
    children = [(i, child) for i, child in enumerate(item.items) if _same_unit(item, child)]
    parts = [_value(child.amount) for _, child in children]
    # Examples (…等) or some of the parts (an incomplete record) add up to less: no sum.
    if item.listed is Listed.ALL and amount is not None and len(parts) >= 2 \
            and all(p is not None for p in parts):
        c.sum(loc + ("amount",), amount, [p for p in parts if p is not None],
              f"the {len(parts)} items under '{item.label.zh}'")
    for budget_key in ("initial_budget", "full_year_budget"):
        budget = _value(getattr(item, budget_key))
        rate = _value(item.execution_rate)
        if amount is not None and budget and rate is not None:
            c.rate(loc + ("execution_rate",), rate, amount, budget, "the execution rate")
            break
    for i, child in children:
        share = _value(child.share)
        child_amount = _value(child.amount)
        if share is not None and child_amount is not None and amount:
            c.rate(loc + ("items", i, "share"), share, child_amount, amount,
                   f"the share of '{child.label.zh}'")
        _check_item(c, child, loc + ("items", i))
    for i, child in enumerate(item.items):
        if not _same_unit(item, child):
            _check_item(c, child, loc + ("items", i))


def _check_funding(c: _Checker, line: FundingLine, loc: tuple[str | int, ...]) -> None:
    execution, budget = _value(line.execution), _value(line.full_year_budget)
    rate, weight, score = _value(line.execution_rate), _value(line.weight), _value(line.score)
    if execution is not None and budget and rate is not None:
        c.rate(loc + ("execution_rate",), rate, execution, budget, "the execution rate")
    if rate is not None and weight is not None and score is not None:
        expected = (weight * rate / HUNDRED).quantize(Decimal("0.01"))
        if abs(expected - score) > Decimal("0.011") * weight / 10:
            c.warn(loc + ("score",), "arith.score",
                   f"the funding score {score} should be {weight} × {rate}% = {expected}",
                   "the funding score is its weight times the execution rate")


def _check_evaluation(c: _Checker, ev: Evaluation, loc: tuple[str | int, ...]) -> None:
    _check_funding(c, ev.funding.total, loc + ("funding", "total"))
    funding_score = _value(ev.funding.total.score) or Decimal(0)
    funding_weight = _value(ev.funding.total.weight) or Decimal(0)
    scores = sum((i.score for i in ev.indicators), funding_score)
    weights = sum((i.weight for i in ev.indicators), funding_weight)
    if scores != ev.total_score:
        c.warn(loc + ("total_score",), "arith.score",
               f"indicator scores and the funding score add up to {scores}, "
               f"but the total score is {ev.total_score}",
               "a self-evaluation's total is the exact sum of its scores")
    if weights != ev.total_weight:
        c.warn(loc + ("total_weight",), "arith.score",
               f"indicator weights and the funding weight add up to {weights}, "
               f"but the total weight is {ev.total_weight}",
               "the weights of a self-evaluation add up to its total (usually 100)")
    for i, indicator in enumerate(ev.indicators):
        if indicator.score > indicator.weight:
            c.warn(loc + ("indicators", i, "score"), "arith.score",
                   f"score {indicator.score} is above the weight {indicator.weight}",
                   "an indicator scores at most its weight")


def _check_table(c: _Checker, table: Table) -> None:
    """A coded row equals the sum of the rows one level below it, column by column."""
    coded = [(r, row) for r, row in enumerate(table.rows) if row.code]
    for r, row in coded:
        code = row.code or ""
        children = [child for _, child in coded if child.code and len(child.code) ==
                    len(code) + 2 and child.code.startswith(code)]
        if len(children) < 2:
            continue
        for column, figure in row.cells.items():
            parts = [_value(child.cells.get(column)) for child in children]
            stated = _value(figure)
            if stated is not None and all(p is not None for p in parts):
                c.sum(("rows", r, "cells", column), stated, [p for p in parts if p is not None],
                      f"the {len(parts)} lines under {code}")


def check_disclosure(d: Disclosure, findings: Findings) -> None:
    if d.explanations is not None:
        c = _Checker(findings, d.docs["explanations"])
        for section, loc in located_sections(d.explanations.sections, ("sections",)):
            for i, item in enumerate(section.items):
                _check_item(c, item, loc + ("items", i))
    for table in d.tables:
        if table.classification is not Classification.NONE:
            _check_table(_Checker(findings, d.docs[f"table:{table.id}"]), table)
    if d.performance is not None:
        c = _Checker(findings, d.docs["performance"])
        for e, ev in enumerate(d.performance.evaluations):
            _check_evaluation(c, ev, ("evaluations", e))
