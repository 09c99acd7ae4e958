"""Cross-year comparison: exact, honest about what a year does not state, robust to codes
that were renamed, split, merged, added or removed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.build.summary import summarize, units_in_year
from generator.cli.main import check_content
from generator.compute.compare import (
    Presence,
    Step,
    headlines,
    stated_verdict,
    step_between,
    table_lines,
)
from generator.compute.compare import growth as growth_of
from generator.content.model.content import Content, Unit
from generator.content.model.explanations import Comparison
from generator.content.model.types import Figure, Status
from tests.conftest import REAL_CONTENT, REAL_UNIT

ROOT = Path(__file__).resolve().parents[1]
D = Decimal


def _load(path: Path) -> Content:
    content, findings = check_content(path)
    assert content is not None, findings.format_text()
    return content


def _unit(content: Content, slug: str) -> Unit:
    """A unit by its slug: the content may hold any number of units, in any order."""
    found = [u for u in content.units if u.slug == slug]
    assert len(found) == 1, (slug, [u.slug for u in content.units])
    return found[0]


@pytest.fixture(scope="module")
def real() -> Content:
    return _load(REAL_CONTENT)


@pytest.fixture(scope="module")
def synthetic() -> dict[str, object]:
    content = _load(ROOT / "tests" / "fixtures" / "compare-content")
    lines = table_lines(_unit(content, "demo-unit"), "general-budget-expenditure",
                        crosswalk=content.crosswalk)
    return {line.key: line for line in lines}


def _values(line: object) -> dict[int, object]:
    return {y: (c.value if c.presence is Presence.PRESENT else c.presence.value)
            for y, c in line.cells.items()}  # type: ignore[attr-defined]


def test_real_totals_2023_to_2024(real: Content) -> None:
    lines = {line.key: line for line in headlines(_unit(real, REAL_UNIT))}
    total = lines["expenditure-total"]
    assert _values(total) == {2023: D("687.99"), 2024: D("1958.13")}
    (step,) = total.steps
    assert (step.change, step.growth) == (D("1270.14"), D("184.62"))
    assert step.reason is not None and "原国企解除劳动关系人员缴费补贴项目" in step.reason.zh
    # 2023 figures are computed from 2024 sentences, and say so.
    assert total.cells[2023].figure.status is Status.COMPUTED
    assert total.cells[2024].figure.status is Status.STATED


def test_real_not_stated_is_not_zero(real: Content) -> None:
    lines = {line.key: line for line in headlines(_unit(real, REAL_UNIT))}
    basic = lines["basic"]
    assert basic.cells[2023].presence is Presence.NOT_STATED
    assert basic.cells[2023].value is None
    assert (basic.steps[0].change, basic.steps[0].growth) == (None, None)


def test_real_stated_growth_kept_beside_computed(real: Content) -> None:
    lines = {line.key: line for line in headlines(_unit(real, REAL_UNIT))}
    step = lines["public-expenses"].steps[0]
    # 1.76 / 39.52 = 4.45%; the text says 4.46% (computed from unrounded figures).
    assert step.growth == D("4.45")
    assert step.stated is not None and step.stated.growth_rate.value == D("4.46")


def test_renamed_code_is_one_line(synthetic: dict) -> None:
    line = synthetic["2080109"]
    assert _values(line) == {2022: D("100"), 2023: D("110"), 2024: D("120")}
    assert [m.change.value for m, _ in line.mapping] == ["renamed"]
    assert "2080101" not in synthetic
    assert [(s.change, s.growth) for s in line.steps] == [(D("10"), D("10.00")),
                                                          (D("10"), D("9.09"))]


def test_split_code_bridged_by_sum(synthetic: dict) -> None:
    old = synthetic["2080102"]
    assert _values(old) == {2022: D("50"), 2023: D("60"), 2024: D("65")}
    assert old.cells[2024].figure.status is Status.COMPUTED
    assert "2080121 + 2080122" in old.cells[2024].figure.computed.zh
    assert old.steps[1].growth == D("8.33")
    new = synthetic["2080121"]
    assert new.added_in == 2024 and [r for _, r in new.mapping] == ["new"]


def test_merged_codes_bridged_by_sum(synthetic: dict) -> None:
    merged = synthetic["2080130"]
    assert _values(merged) == {2022: D("70"), 2023: D("75"), 2024: D("80")}
    assert merged.cells[2022].figure.status is Status.COMPUTED
    assert synthetic["2080105"].removed_in == 2024


def test_removed_line(synthetic: dict) -> None:
    line = synthetic["2080103"]
    assert _values(line) == {2022: D("20"), 2023: "absent", 2024: "absent"}
    assert line.removed_in == 2023 and line.added_in is None
    assert line.steps[0].change is None


def test_zero_base_has_no_growth_rate(synthetic: dict) -> None:
    line = synthetic["2080104"]
    assert [(s.change, s.growth) for s in line.steps] == [(D("10"), None),
                                                          (D("-10"), D("-100.00"))]


def test_added_line_and_unknown(synthetic: dict) -> None:
    line = synthetic["2080107"]
    assert line.added_in == 2023
    assert line.cells[2024].presence is Presence.PRESENT
    assert line.cells[2024].figure.status is Status.UNKNOWN
    assert (line.steps[1].change, line.steps[1].growth) == (None, None)


def test_any_two_years(synthetic: dict) -> None:
    step = step_between(synthetic["2080109"], 2022, 2024)
    assert (step.change, step.growth) == (D("20"), D("20.00"))


def test_units_in_year(real: Content) -> None:
    summaries = [summarize(u, []) for u in real.units]
    rows = units_in_year(summaries, 2024)
    # Every unit with a 2024 disclosure, once each; whatever the other units are, the real
    # one is among them with its own figures.
    slugs = [u.slug for u, _ in rows]
    assert len(slugs) == len(set(slugs))
    assert set(slugs) == {u.slug for u in real.units
                          if any(d.year == 2024 for d in u.disclosures)}
    cells = {u.slug: c for u, c in rows}
    assert cells[REAL_UNIT]["expenditure-total"].value == D("1958.13")
    assert units_in_year(summaries, 1999) == []


def _step(old: str, new: str, change: str | None, growth: str | None) -> Step:
    ours_change, ours_growth = growth_of(Decimal(old), Decimal(new))
    stated = Comparison(change=None if change is None else Figure(value=Decimal(change)),
                        growth_rate=None if growth is None else Figure(value=Decimal(growth)))
    return Step(2023, 2024, ours_change, ours_growth, stated)


@pytest.mark.parametrize(("old", "new", "change", "growth", "verdict"), [
    ("10.00", "12.00", "2.00", "20.00", "same"),   # both as we compute them
    ("10.00", "12.00", "2.00", None, "same"),      # only the change stated
    ("10.00", "12.00", "2.00", "20.1", "rounding"),  # within the figures' rounding
    ("10.00", "12.00", "2.00", "25", "differs"),   # the worse of the two is the verdict
    ("10.00", "12.00", "3", "20.1", "differs"),
    ("10.00", "12.00", None, None, None),          # nothing stated to compare
])
def test_stated_verdict_is_the_worse_of_change_and_growth(old, new, change, growth, verdict):
    step = _step(old, new, change, growth)
    assert stated_verdict(step, Decimal(old), Decimal(new)) == verdict
    assert stated_verdict(step, None, Decimal(new)) is None  # a year unknown: no verdict
