"""Arithmetic checks judge published figures over their rounding intervals: `portal check`
warns of the audit's real inconsistencies (generator/audit/) at the stated figure."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from generator.cli.main import check_content
from generator.content.arith import Interval

FIXTURE = Path(__file__).parent / "fixtures" / "minimal-content"
EXPL = "units/demo-unit/2024/explanations.yaml"

ITEMS = """sections:
  - id: expenditure
    title: 支出决算情况说明
    items:
      - id: total
        label: 本年支出合计
        amount: {total}
        initial_budget: {budget}
        execution_rate: {rate}
        items:
          - id: basic
            label: 基本支出
            amount: {basic}
            share: {share}
          - id: project
            label: 项目支出
            amount: {project}
          - id: count
            label: 项目个数
            unit: 个
            amount: 4
"""


def _warnings(tmp_path: Path, **figures: str) -> list[tuple[int, str, str]]:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    values = {"total": "100.00", "budget": "80.00", "rate": "125.00", "basic": "40.00",
              "share": "40.00", "project": "60.00"} | figures
    (root / EXPL).write_text(ITEMS.format(**values), encoding="utf-8")
    content, findings = check_content(root)
    assert content is not None and not findings.errors
    return [(f.line, f.code, f.message) for f in findings.warnings]


def test_consistent_figures_pass(tmp_path: Path) -> None:
    assert _warnings(tmp_path) == []


def test_rounding_difference_is_not_reported(tmp_path: Path) -> None:
    # 40.00 + 60.01 = 100.01 against 100.00: three figures each ±0.005 allow it.
    assert _warnings(tmp_path, project="60.01") == []


def test_real_difference_is_reported(tmp_path: Path) -> None:
    ((line, code, message),) = _warnings(tmp_path, project="61.00")
    assert (line, code) == (7, "audit.inconsistent")
    assert "100.00 stated, 40.00 + 61.00 = 101.00" in message


def test_wrong_execution_rate(tmp_path: Path) -> None:
    ((line, code, message),) = _warnings(tmp_path, rate="120.00")
    assert (line, code) == (9, "audit.inconsistent")
    assert "120.00 stated, (100.00) / 80.00 × 100 = 125" in message


def test_wrong_share(tmp_path: Path) -> None:
    ((line, code, _),) = _warnings(tmp_path, share="45.00")
    assert (line, code) == (14, "audit.inconsistent")


@pytest.mark.parametrize(("value", "lo", "hi"), [
    ("1958.13", "1958.125", "1958.135"), ("1271", "1270.5", "1271.5"), ("0.0", "-0.05", "0.05")])
def test_interval_of_published_precision(value: str, lo: str, hi: str) -> None:
    assert Interval.of(Decimal(value)) == Interval(Decimal(lo), Decimal(hi))


def test_seed_rounding_cases_pass() -> None:
    # domain.md: 1.76 / 39.52 = 4.45% naively, published 4.46%: consistent over intervals.
    growth = Interval.of(Decimal("1.76")).ratio(Interval.of(Decimal("39.52")))
    assert growth is not None and growth.meets(Interval.of(Decimal("4.46")))


TABLE = """id: general-budget-expenditure
number: 5
title: 一般公共预算财政拨款支出决算表
classification: function
columns:
  - id: total
    label: 合计
rows:
  - code: "208"
    name: 社会保障和就业支出
    cells: {{total: {parent}}}
  - code: "20801"
    name: 人力资源和社会保障管理事务
    cells: {{total: 30.00}}
  - code: "20805"
    name: 行政事业单位养老支出
    cells: {{total: 70.00}}
  - code: "2080501"
    name: 行政单位离退休
    cells: {{total: 99.00}}
"""


@pytest.mark.parametrize(("parent", "warned"), [("100.00", False), ("100.01", False),
                                                 ("101.00", True)])
def test_table_line_sums(tmp_path: Path, parent: str, warned: bool) -> None:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    (root / "units/demo-unit/2024/tables/05-general-budget-expenditure.yaml").write_text(
        TABLE.format(parent=parent), encoding="utf-8")
    content, findings = check_content(root)
    assert content is not None
    # 2080501 alone under 20805 is not a sum (one child is no breakdown).
    assert [(f.line, f.code) for f in findings.warnings] == (
        [(11, "audit.inconsistent")] if warned else [])
