"""Every finding the audit makes on the real content (the 2024 disclosure of
乌海市社会保险事业服务中心 and the 2023 record its text implies), each checked by hand
against the seed text (../shared/seed/000_70e9ac559e2ba941.txt): the reason is written
beside each expectation. A new finding, or a finding that changes class, fails here until
someone has looked at it."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from generator.cli.main import check_content
from generator.compute.audit import Check, UnitAudit, Verdict, audit_unit

ROOT = Path(__file__).resolve().parent.parent / "content"
SLUG = "wuhai-social-insurance-center"
D = Decimal


@pytest.fixture(scope="module")
def audit() -> UnitAudit:
    content, findings = check_content(ROOT)
    assert content is not None, findings.format_text()
    return audit_unit(next(u for u in content.units if u.slug == SLUG))


def _findings(audit: UnitAudit, verdict: Verdict) -> dict[str, Check]:
    return {f"{c.year} {c.key}": c for c in audit.checks() if c.verdict is verdict}


def test_the_one_real_inconsistency_is_the_carry_over(audit: UnitAudit) -> None:
    # Part 2 一: "3.年初结转和结余 0 万元。与上年决算相比,减少 2.86 万元" and "3.年末结转和结余
    # 0 万元…与上年决算相比,减少 2.34 万元": 2023 closed with 2.34 and 2024 opened with 0,
    # where the opening carry-over of a year is the previous year's closing one. No values
    # within [−0.5, 0.5] (0 as written) and [2.335, 2.345] are equal: the text disagrees
    # with itself (it also says the 2024 opening balance "已在本年度使用").
    found = _findings(audit, Verdict.INCONSISTENT)
    assert list(found) == ["2024 carry-over:overall"]
    check = found["2024 carry-over:overall"]
    assert (check.stated.value, check.terms[0].value) == (D("0"), D("2.34"))
    assert (check.stated.ref.year, check.terms[0].ref.year) == (2024, 2023)


def test_no_rate_is_truncated(audit: UnitAudit) -> None:
    # Every stated rate of the text (shares 25.55/74.45, execution rates such as 97.94 =
    # 447.25/456.68, growth rates 184.62, 185.53, 185.59, 4.46, −0.64…) is within the
    # rounding of its ratio: none is a truncation.
    assert _findings(audit, Verdict.TRUNCATED) == {}


ROUNDING = {
    # key: (stated, computed from the published figures, why it is rounding)
    "2024 sum:expenditure/total": ("1958.13", "1958.12",
                                   "Part 2 三: basic 500.32 + project 1457.80 (+ 0 + 0 + 0)"),
    "2024 columns:expenditure/0:total": ("1958.13", "1958.12",
                                         "table 3 restates Part 2 三: 500.32 + 1457.80"),
    "2024 sum:general-budget/total/208": ("1888.42", "1888.40",
                                          "Part 2 五: 447.25 + 13.71 + 40.52 + 9.16 + 1377.76"),
    "2024 lines:general-budget-expenditure/208:total": (
        "1888.42", "1888.41", "table 5: 款 20801 447.25 + 20805 63.40 + 20899 1377.76"),
    "2024 lines:income/208:total": ("1888.42", "1888.41", "table 2 restates table 5's lines"),
    "2024 lines:income/208:appropriations": ("1888.42", "1888.41", "as the total column"),
    "2024 lines:general-budget-expenditure/20805:total": (
        "63.40", "63.39", "table 5: 13.71 + 40.52 + 9.16 (20805 is 1888.42 − 447.25 − "
        "1377.76, computed in the content)"),
    "2024 lines:income/20805:total": ("63.40", "63.39", "table 2 restates table 5"),
    "2024 lines:income/20805:appropriations": ("63.40", "63.39", "as the total column"),
    "2024 columns:general-budget-expenditure/0:total": (
        "1956.06", "1956.05", "Part 2 六 basic 498.25 + 七 project 1457.80 against 五's 1956.06"),
    "2024 sum:basic-expenditure/total/personnel": (
        "459.04", "459.03", "Part 2 六: the twelve personnel items listed add to 459.03"),
    "2024 sum:project-expenditure/total": (
        "1457.80", "1457.81", "Part 2 七: 44.18 + 34.87 + 1377.76 + 1.00"),
    "2024 lines:general-budget-project-expenditure/total:amount": (
        "1457.80", "1457.81", "table 7 restates Part 2 七's four classes"),
    "2024 sum:procurement/total": ("8.89", "8.90",
                                   "Part 2 十二: goods 1.70 + works 0 + services 7.20"),
    "2024 growth:operating-expenses/public-expenses": (
        "4.46", "4.4534", "Part 2 十一: +1.76 over 39.52 is 4.4534% (domain.md's example)"),
    "2024 growth:operating-expenses/agency-operating-expenses": (
        "-0.64", "-0.6336", "Part 2 十一: −0.25 over 39.46 is −0.6336%"),
    "2024 growth:overall/income-total/non-appropriation-surplus": (
        "3570.44", "3350", "Part 2 一: +2.01 over the previous 0.06 (the 2023 record lacks "
        "it; the text's own previous figure, 2.07 − 2.01) gives 3350%; the true previous "
        "value may be 0.055, for 3654%: the stated 3570.44% implies about 0.0563"),
}


def test_every_rounding_difference_checked_by_hand(audit: UnitAudit) -> None:
    found = _findings(audit, Verdict.ROUNDING)
    assert set(found) == set(ROUNDING)
    for key, (stated, computed, _why) in ROUNDING.items():
        check = found[key]
        assert check.stated.value == D(stated), key
        assert check.computed is not None and check.bounds is not None
        places = -D(computed).as_tuple().exponent  # type: ignore[operator]
        assert round(check.computed, places) == D(computed), key
        assert check.bounds.contains(check.computed)


UNKNOWN = [
    # (pattern of keys, why each cannot be checked, as the content says and the text shows)
    (r"2023 sum:overall/(income|expenditure)-total",
     "the 2023 record is derived from the 2024 text's comparisons: it lacks 使用非财政拨款"
     "结余 and 结余分配, so its totals' parts are only some (listed: some)"),
    (r"2024 sum:procurement/sme",
     "Part 2 十二 gives the SME shares of goods, works and services (0%) but not their amounts"),
    (r"2024 (lines|columns):expenditure/.*",
     "table 3 by function line: the text never splits the 2.07 of non-appropriation spending, "
     "nor basic and project spending, over the function lines (domain.md: unknown, not 0)"),
    (r"2024 (lines|columns):general-budget-expenditure/.*:(basic|project|total)",
     "table 5: the text gives basic (498.25) and project (1457.80) appropriation spending "
     "only in total, not per function line"),
    (r"2024 lines:general-budget-basic-expenditure/total:amount",
     "table 6: 310 capital spending from basic appropriations is not given in Part 2 六"),
]


def test_every_unchecked_identity_has_a_reason(audit: UnitAudit) -> None:
    found = _findings(audit, Verdict.UNKNOWN)
    assert found
    for key, check in found.items():
        assert any(re.fullmatch(p, key) for p, _ in UNKNOWN), key
        # Unknown because a figure is missing, or (2023) because the parts are only some.
        assert check.why == "audit.why.some" or any(
            o.value is None for o in check.operands), key
    for pattern, _ in UNKNOWN:
        assert any(re.fullmatch(pattern, k) for k in found), pattern


def test_the_marked_figures_are_those_of_the_inconsistency(audit: UnitAudit) -> None:
    marked = {fid for a in audit.disclosures.values() for fid in a.flagged_figures()}
    check = _findings(audit, Verdict.INCONSISTENT)["2024 carry-over:overall"]
    assert marked == {id(o.figure) for o in check.operands}
