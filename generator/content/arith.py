"""Arithmetic checks of the performance self-evaluations: the funding line's execution rate
(judged over the rounding intervals of the audit's core, `generator/audit/intervals.py`)
and the scores, which add up exactly.

The sums, shares and rates of the explanations and tables, within a year and across years,
are the consistency audit's (`generator/audit/`), which `portal check` reports too. A
difference that rounding cannot explain is a warning: the source itself may be
inconsistent, so it must not block a build, but the publisher should look."""

from __future__ import annotations

from decimal import Decimal

from ..compute.audit.classify import classify
from ..compute.audit.intervals import HUNDRED, Interval, exact_percent
from ..compute.audit.model import FLAGGED
from .findings import Findings, Severity
from .model.content import Disclosure
from .model.performance import Evaluation, FundingLine
from .model.types import Figure
from .yamlload import Doc, key_path

__all__ = ["Interval", "check_disclosure"]


def _value(figure: Figure | None) -> Decimal | None:
    return figure.value if figure is not None else None


class _Checker:
    def __init__(self, findings: Findings, doc: Doc) -> None:
        self.findings, self.doc = findings, doc

    def warn(self, loc: tuple[str | int, ...], code: str, message: str, hint: str) -> None:
        line, col = self.doc.where(loc)
        self.findings.add(self.doc.path, line, col, key_path(loc), code, message, hint,
                          Severity.WARNING)

    def rate(self, loc: tuple[str | int, ...], stated: Decimal, part: Decimal,
             whole: Decimal, what: str) -> None:
        ratio = Interval.of(part).ratio(Interval.of(whole))
        exact = exact_percent(part, whole)
        if ratio is not None and classify(stated, exact, ratio, rate=True) in FLAGGED:
            self.warn(loc, "arith.rate", f"{what} is stated as {stated}% but "
                      f"{part:f} / {whole:f} = {exact.quantize(Decimal('0.01')):f}%",
                      "check the percentage and the two figures against the source")


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


def check_disclosure(d: Disclosure, findings: Findings) -> None:
    """The self-evaluations' scores (the sums, shares and rates of the explanations and
    tables are the audit's: `generator/audit/`)."""
    if d.performance is not None:
        c = _Checker(findings, d.docs["performance"])
        for e, ev in enumerate(d.performance.evaluations):
            _check_evaluation(c, ev, ("evaluations", e))
