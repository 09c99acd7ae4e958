"""项目支出绩效自评表: performance self-evaluations (`<year>/performance.yaml`)."""

from __future__ import annotations

from enum import StrEnum

from .types import Dec, Figure, Slug, Strict, Text


class Level1(StrEnum):
    """一级指标."""

    OUTPUT = "output"  # 产出指标
    OUTCOME = "outcome"  # 效益指标
    SATISFACTION = "satisfaction"  # 满意度指标


class Level2(StrEnum):
    """二级指标."""

    QUANTITY = "quantity"  # 数量指标
    QUALITY = "quality"  # 质量指标
    TIMELINESS = "timeliness"  # 时效指标
    COST = "cost"  # 成本指标
    ECONOMIC = "economic"  # 经济效益指标
    SOCIAL = "social"  # 社会效益指标
    ECOLOGICAL = "ecological"  # 生态效益指标
    SUSTAINABILITY = "sustainability"  # 可持续影响指标
    BENEFICIARY_SATISFACTION = "beneficiary-satisfaction"  # 服务对象满意度指标


class Nature(StrEnum):
    """指标性质."""

    POSITIVE = "positive"  # 正向
    NEGATIVE = "negative"  # 反向
    QUALITATIVE = "qualitative"  # 定性


class Direction(StrEnum):
    """指标方向."""

    GE = ">="  # 大于等于
    LE = "<="  # 小于等于
    EQ = "="  # 等于
    GT = ">"  # 大于
    LT = "<"  # 小于


class FundingLine(Strict):
    """One line of the funding block (年度资金总额, 其中:财政拨款, 上年结转资金, 其他资金).
    A cell the table leaves blank is absent here."""

    initial_budget: Figure | None = None
    """年初预算数."""
    full_year_budget: Figure | None = None
    """全年预算数."""
    execution: Figure | None = None
    """全年执行数."""
    weight: Figure | None = None
    """分值 (only on the total line)."""
    execution_rate: Figure | None = None
    """执行率 (%)."""
    score: Figure | None = None
    """得分 (only on the total line)."""


class Funding(Strict):
    """项目资金 (万元)."""

    total: FundingLine
    """年度资金总额."""
    appropriation: FundingLine
    """其中: 财政拨款."""
    carry_over: FundingLine
    """上年结转资金."""
    other: FundingLine
    """其他资金."""


class Indicator(Strict):
    """A row of the indicator table."""

    level1: Level1
    """一级指标."""
    level2: Level2
    """二级指标."""
    name: Text
    """三级指标."""
    nature: Nature
    """指标性质."""
    direction: Direction | None = None
    """Absent for qualitative indicators."""
    target: Text
    """年度指标值, as written (e.g. `4`, `100%`, `2024年12月31日`)."""
    actual: Text
    """实际完成值, as written."""
    unit: Text | None = None
    """计量单位."""
    weight: Dec
    """分值."""
    score: Dec
    """得分."""
    deviation: Text | None = None
    """偏差原因分析及改进措施."""


class Evaluation(Strict):
    """One 项目支出绩效自评表 and what section 14 says about it."""

    id: Slug
    """Stable name in URLs and downloads."""
    project: Text
    """项目名称."""
    department: Text
    """主管部门."""
    implementing_unit: Text
    """实施单位."""
    funding: Funding
    """项目资金: the funding block."""
    goal: Text
    """年度总体目标 · 预期目标."""
    achieved: Text
    """年度总体目标 · 实际完成情况."""
    indicators: list[Indicator]
    """绩效指标, in table order."""
    total_weight: Dec
    """总分 · 分值 (100)."""
    total_score: Dec
    """总分 · 得分."""
    summary: Text | None = None
    """自评综述 as written in section 14."""
    problems: Text | None = None
    """发现的主要问题及原因."""
    improvements: Text | None = None
    """下一步改进措施."""


class Performance(Strict):
    """`<year>/performance.yaml`."""

    evaluations: list[Evaluation]
    """One per evaluated project, in the disclosure's order."""
