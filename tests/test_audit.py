"""The consistency audit: the interval core (property tests), one planted case of each
class in a synthetic two-year disclosure, and `portal audit` on the command line."""

from __future__ import annotations

import json
import re
import shutil
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.cli.main import check_content, main
from generator.compute.audit import Verdict, audit_unit
from generator.compute.audit.classify import classify
from generator.compute.audit.intervals import Interval, exact_percent, total

FIXTURE = Path(__file__).parent / "fixtures" / "minimal-content"
CENT = Decimal("0.01")

# --- property tests of the interval arithmetic ----------------------------------------

exact = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("99999"), places=4,
                    allow_nan=False, allow_infinity=False)
rounding = st.sampled_from([ROUND_HALF_UP, ROUND_HALF_EVEN])
precision = st.sampled_from([Decimal("0.01"), Decimal("0.1"), Decimal("1")])


def _published(value: Decimal, step: Decimal, mode: str) -> Decimal:
    return value.quantize(step, rounding=mode)


def _sum_verdict(parts: list[Decimal], stated: Decimal) -> Verdict:
    bounds = total([Interval.of(p) for p in parts])
    return classify(stated, sum(parts, Decimal(0)), bounds, rate=False)


def _rate_verdict(part: Decimal, whole: Decimal, stated: Decimal) -> Verdict:
    bounds = Interval.of(part).percent_of(Interval.of(whole))
    assert bounds is not None
    return classify(stated, exact_percent(part, whole), bounds, rate=True)


@settings(max_examples=300, deadline=None)
@given(st.lists(exact, min_size=1, max_size=12), rounding, precision, precision)
def test_rounded_exact_sums_are_never_inconsistent(parts: list[Decimal], mode: str,
                                                    part_step: Decimal,
                                                    total_step: Decimal) -> None:
    # Exact parts add up to their exact total; each published at its own precision.
    published = [_published(p, part_step, mode) for p in parts]
    stated = _published(sum(parts, Decimal(0)), total_step, mode)
    assert _sum_verdict(published, stated) in (Verdict.CONSISTENT, Verdict.ROUNDING)


@settings(max_examples=300, deadline=None)
@given(exact, exact, rounding, precision)
def test_rounded_exact_rates_are_never_inconsistent(part: Decimal, whole: Decimal, mode: str,
                                                     step: Decimal) -> None:
    stated = _published(exact_percent(part, whole), CENT, mode)
    published_whole = _published(whole, step, mode)
    assume(published_whole != 0)  # a rate of a whole published as 0 is not asserted
    verdict = _rate_verdict(_published(part, step, mode), published_whole, stated)
    assert verdict in (Verdict.CONSISTENT, Verdict.ROUNDING)


@settings(max_examples=300, deadline=None)
@given(st.lists(exact, min_size=1, max_size=12), rounding, st.booleans(),
       st.decimals(min_value=Decimal("0.001"), max_value=Decimal("1000"), places=3))
def test_planted_sum_errors_beyond_the_bounds_are_inconsistent(
        parts: list[Decimal], mode: str, up: bool, extra: Decimal) -> None:
    published = [_published(p, CENT, mode) for p in parts]
    # The rounding bound of a sum of n parts stated at 0.01: each figure ±0.005.
    bound = Decimal("0.005") * (len(parts) + 1)
    error = (bound * 2 + extra).quantize(CENT, rounding="ROUND_CEILING")
    stated = _published(sum(parts, Decimal(0)), CENT, mode) + (error if up else -error)
    assert _sum_verdict(published, stated) is Verdict.INCONSISTENT


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=Decimal("1"), max_value=Decimal("9999"), places=2),
       st.decimals(min_value=Decimal("1"), max_value=Decimal("9999"), places=2),
       st.decimals(min_value=Decimal("0.5"), max_value=Decimal("50"), places=2), st.booleans())
def test_planted_rate_errors_beyond_the_bounds_are_inconsistent(
        part: Decimal, whole: Decimal, extra: Decimal, up: bool) -> None:
    bounds = Interval.of(part).percent_of(Interval.of(whole))
    assert bounds is not None
    # Beyond the ratio's interval, the stated rate's rounding and its truncation (0.01).
    if up:
        stated = (bounds.hi + Decimal("0.02") + extra).quantize(CENT)
    else:
        stated = (bounds.lo - Decimal("0.02") - extra).quantize(CENT)
    assert _rate_verdict(part, whole, stated) is Verdict.INCONSISTENT


def test_a_truncated_rate_is_its_own_class() -> None:
    # 200000.00 / 300000.00 = 66.6666…%: 66.67 is its rounding, 66.66 its truncation (the
    # figures' rounding moves the ratio by less than 0.00001), 66.60 neither.
    part, whole = Decimal("200000.00"), Decimal("300000.00")
    assert _rate_verdict(part, whole, Decimal("66.67")) is Verdict.CONSISTENT
    assert _rate_verdict(part, whole, Decimal("66.66")) is Verdict.TRUNCATED
    assert _rate_verdict(part, whole, Decimal("66.60")) is Verdict.INCONSISTENT
    # With small figures the same 66.66 is within rounding: 2.00 / 3.00 may be 66.5%-66.9%.
    assert _rate_verdict(Decimal("2.00"), Decimal("3.00"), Decimal("66.66")) is \
        Verdict.ROUNDING


def test_seed_rounding_case_is_a_rounding_difference() -> None:
    # domain.md: public expenses 39.52 -> 41.28, +1.76, stated +4.46%; 1.76 / 39.52 = 4.4534%.
    change = Interval.of(Decimal("41.28")) - Interval.of(Decimal("39.52"))
    bounds = change.percent_of(Interval.of(Decimal("39.52")))
    assert bounds is not None
    assert classify(Decimal("4.46"), exact_percent(Decimal("1.76"), Decimal("39.52")), bounds,
                    rate=True) is Verdict.ROUNDING


# --- a synthetic two-year disclosure with one planted case of each class -------------------

Y2023 = """sections:
  - id: overall
    items:
      - id: income-total
        label: 收入决算总计
        amount: 10010.00
        items:
          - id: income
            label: 本年收入决算合计
            amount: 10000.00
          - id: opening-carry-over
            label: 年初结转和结余
            amount: 10.00
      - id: expenditure-total
        label: 支出决算总计
        amount: 10010.00
        items:
          - id: expenditure
            label: 本年支出决算合计
            amount: 10005.00
          - id: closing-carry-over
            label: 年末结转和结余
            amount: 5.00
"""

Y2024 = """sections:
  - id: overall
    items:
      - id: income-total
        label: 收入决算总计
        amount: 12505.00
        items:
          - id: income
            label: 本年收入决算合计
            amount: 12500.00
            vs_previous: {{change: 2500.00, growth_rate: {growth}}}
          - id: opening-carry-over
            label: 年初结转和结余
            amount: {opening}
      - id: expenditure-total
        label: 支出决算总计
        amount: 12505.00
        items:
          - id: expenditure
            label: 本年支出决算合计
            amount: 12505.01
          - id: closing-carry-over
            label: 年末结转和结余
            amount: 0
  - id: expenditure
    items:
      - id: total
        label: 本年支出决算合计
        amount: 12505.01
        items:
          - id: basic
            label: 基本支出
            amount: 5000.70
            share: {share}
          - id: project
            label: 项目支出
            amount: unknown
"""


def _two_years(tmp_path: Path, **figures: str) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    unit = root / "units" / "demo-unit"
    shutil.rmtree(unit / "2024" / "tables")
    shutil.copytree(unit / "2024", unit / "2023")
    meta = (unit / "2024" / "meta.yaml").read_text("utf-8")
    (unit / "2023" / "meta.yaml").write_text(meta.replace("2024", "2023"), "utf-8")
    (unit / "2023" / "explanations.yaml").write_text(Y2023, "utf-8")
    values = {"growth": "25.00", "opening": "5.00", "share": "39.99"} | figures
    (unit / "2024" / "explanations.yaml").write_text(Y2024.format(**values), "utf-8")
    for prose in (unit / "2023" / "prose").glob("*"):
        prose.unlink()
    return root


def _checks(root: Path) -> dict[str, Verdict]:
    content, findings = check_content(root)
    assert content is not None, findings.format_text()
    audit = audit_unit(content.units[0])
    return {f"{c.year} {c.key}": c.verdict for c in audit.checks()}


def test_each_planted_case_is_found_and_classed(tmp_path: Path) -> None:
    checks = _checks(_two_years(tmp_path, share="39.98", opening="4.00"))
    # Consistent: 2023's 10000.00 + 10.00 = 10010.00, stated 10010.00.
    assert checks["2023 sum:overall/income-total"] is Verdict.CONSISTENT
    # Rounding: 12505.01 + 0 = 12505.01 against 12505.00 stated (0 stands for [-0.5, 0.5]).
    assert checks["2024 sum:overall/expenditure-total"] is Verdict.ROUNDING
    # Truncated: 5000.70 / 12505.01 = 39.98957%, which rounds to 39.99; 39.98 is its
    # truncation, and the figures' rounding moves the ratio by less than 0.0001.
    assert checks["2024 share:expenditure/total/basic"] is Verdict.TRUNCATED
    # Inconsistent: 2024's opening 4.00 against 2023's closing 5.00, far beyond ±0.01.
    assert checks["2024 carry-over:overall"] is Verdict.INCONSISTENT
    # Unknown: the project figure is unknown, so the 2024 expenditure sum cannot be checked.
    assert checks["2024 sum:expenditure/total"] is Verdict.UNKNOWN
    # 12500.00 − 10000.00 = 2500.00 and 2500 / 10000 = 25.00%, as stated.
    assert checks["2024 change:overall/income-total/income"] is Verdict.CONSISTENT
    assert checks["2024 growth:overall/income-total/income"] is Verdict.CONSISTENT


def test_the_fixture_without_plants_has_no_inconsistency(tmp_path: Path) -> None:
    checks = _checks(_two_years(tmp_path))
    assert Verdict.INCONSISTENT not in checks.values()
    assert Verdict.TRUNCATED not in checks.values()
    assert checks["2024 carry-over:overall"] is Verdict.CONSISTENT


def test_portal_audit_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _two_years(tmp_path, opening="4.00")
    assert main(["audit", "--content", str(root), "--jobs", "1"]) == 0
    text = capsys.readouterr().out
    line = next(x for x in text.splitlines() if "[carry-over:overall]" in x)
    assert line.startswith("content/units/demo-unit/2024/explanations.yaml:")
    assert ": inconsistent: " in line
    assert main(["audit", "--content", str(root), "--jobs", "1", "--strict"]) == 1
    capsys.readouterr()
    assert main(["audit", "--content", str(root), "--jobs", "1", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    found = next(r for r in records if r["check"] == "carry-over:overall")
    assert (found["verdict"], found["key"]) == ("inconsistent",
                                                "sections[0].items[0].items[1].amount")
    assert [(f["year"], f["value"]) for f in found["figures"]] == [(2024, "4.00"), (2023, "5.00")]
    # `portal check --format json` has the same finding, as a warning.
    assert main(["check", "--content", str(root), "--jobs", "1", "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)
    assert [(f["code"], f["severity"]) for f in findings
            if f["key"] == found["key"] and "2024" in f["file"]] == [
        ("audit.inconsistent", "warning")]


def test_unknown_never_passes_as_consistent(tmp_path: Path) -> None:
    checks = _checks(_two_years(tmp_path))
    content, _ = check_content(_two_years(tmp_path / "again"))
    assert content is not None
    for check in audit_unit(content.units[0]).checks():
        if any(o.value is None for o in check.operands):
            assert check.verdict is Verdict.UNKNOWN, check.key
    assert checks["2024 sum:expenditure/total"] is Verdict.UNKNOWN


OPERATING = """  - id: operating-expenses
    items:
      - id: agency-operating-expenses
        label: 机关运行经费支出决算
        amount: 39.21
  - id: procurement
    items:
      - id: total
        label: 政府采购支出总额
        amount: 8.89
"""

TABLE_11 = """id: operating-procurement-assets
columns:
  - id: amount
    label: 金额
rows:
  - name: 机关运行经费支出
    cells: {{amount: {operating}}}
  - name: 政府采购支出合计
    total: true
    cells: {{amount: 8.89}}
"""


@pytest.mark.parametrize(("operating", "verdict"), [("39.21", Verdict.CONSISTENT),
                                                    ("39.2", Verdict.ROUNDING),
                                                    ("39.12", Verdict.INCONSISTENT)])
def test_the_text_and_table_11_state_the_same_figures(tmp_path: Path, operating: str,
                                                      verdict: Verdict) -> None:
    """机关运行经费 and 政府采购 in the text against the rows of table 11 of the same name:
    39.2 stands for [39.15, 39.25], which holds 39.21; 39.12 is 0.09 away, beyond rounding."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    year = root / "units" / "demo-unit" / "2024"
    explanations = year / "explanations.yaml"
    explanations.write_text(explanations.read_text("utf-8") + OPERATING, "utf-8")
    (year / "tables" / "11-operating-procurement-assets.yaml").write_text(
        TABLE_11.format(operating=operating), "utf-8")
    checks = _checks(root)
    same = "2024 same:operating-expenses/agency-operating-expenses:amount:"
    assert checks[same + "operating-procurement-assets"] is verdict
    assert checks["2024 same:procurement/total:amount:operating-procurement-assets"] \
        is Verdict.CONSISTENT


def test_audit_rows_show_each_figure_as_written() -> None:
    """1.20 and 1.2 are equal numbers but different figures (and rounding intervals): the
    rows made once a page must not give one the other's text."""
    from generator.compute.audit.html import check_rows
    from generator.compute.audit.model import Check, Kind, Operand, Ref
    from generator.content.model.types import Figure, Text
    from generator.site.i18n import load_catalogues
    from generator.site.markup import PageCtx
    from generator.site.render import LOCALES
    from generator.site.urls import Linker, Site

    def operand(value: str, row: int) -> Operand:
        ref = Ref(2024, "table:t", ("rows", row, "cells", "total"), Text(zh="表"), "1",
                  "table", "t-t", Text(zh=f"行{row}"), None, Text(zh="合计"), "total")
        return Operand(ref, Figure(value=Decimal(value)))

    site = Site(("zh", "en"), "zh")
    ctx = PageCtx("zh", load_catalogues(LOCALES, ["zh"])["zh"],
                  Linker(site, "units/u/2024/index.html"))
    checks = [Check("a", Kind.SUM, 2024, operand("1.20", 0), (operand("1.2", 1),)),
              Check("b", Kind.SUM, 2024, operand("1.2", 2), (operand("1.20", 3),))]
    html = str(check_rows(ctx, "u", 2024, checks))
    values = re.findall(r'<span class="num">([^<]*)</span> <span class="audit-interval">'
                        r"([^<]*)</span>", html)
    assert [v for v, _ in values] == ["1.20", "1.2", "1.2", "1.20"]
    assert values[0][1] != values[1][1]  # [1.195, 1.205] is not [1.15, 1.25]
