"""The CSVs of a disclosure's project performance self-evaluations (项目支出绩效自评表): the
list of evaluations, and each one's funding block (资金) and indicators (绩效指标).
"""

from __future__ import annotations

from ..content.model.content import Disclosure, Unit
from ..content.model.performance import Direction, Evaluation, FundingLine, Level1, Level2, Nature
from ..content.model.types import Text
from .cells import (
    NAME_EN_FIELD,
    NAME_FIELD,
    PERCENT,
    POINTS,
    ROW_FIELD,
    WAN,
    both,
    csv_title,
    en,
    figure_cells,
    header,
    status_fields,
    text_fields,
    unit_description,
    zh,
)
from .csvfile import Cell, decimal, plain
from .datapackage import CsvTable, Field
from .paths import EVALUATIONS_FILE, funding_file, indicators_file, resource_name

# --------------------------------------------------------------------------- performance

LEVEL1_LABELS: dict[Level1, Text] = {
    Level1.OUTPUT: Text(zh="产出指标", en="Output indicators"),
    Level1.OUTCOME: Text(zh="效益指标", en="Outcome indicators"),
    Level1.SATISFACTION: Text(zh="满意度指标", en="Satisfaction indicators"),
}
LEVEL2_LABELS: dict[Level2, Text] = {
    Level2.QUANTITY: Text(zh="数量指标", en="Quantity"),
    Level2.QUALITY: Text(zh="质量指标", en="Quality"),
    Level2.TIMELINESS: Text(zh="时效指标", en="Timeliness"),
    Level2.COST: Text(zh="成本指标", en="Cost"),
    Level2.ECONOMIC: Text(zh="经济效益指标", en="Economic benefits"),
    Level2.SOCIAL: Text(zh="社会效益指标", en="Social benefits"),
    Level2.ECOLOGICAL: Text(zh="生态效益指标", en="Ecological benefits"),
    Level2.SUSTAINABILITY: Text(zh="可持续影响指标", en="Sustainable impact"),
    Level2.BENEFICIARY_SATISFACTION: Text(zh="服务对象满意度指标",
                                          en="Beneficiary satisfaction"),
}
NATURE_LABELS: dict[Nature, Text] = {
    Nature.POSITIVE: Text(zh="正向", en="positive"),
    Nature.NEGATIVE: Text(zh="反向", en="negative"),
    Nature.QUALITATIVE: Text(zh="定性", en="qualitative"),
}
DIRECTION_LABELS: dict[Direction, str] = {
    Direction.GE: "大于等于 (>=)",
    Direction.LE: "小于等于 (<=)",
    Direction.EQ: "等于 (=)",
    Direction.GT: "大于 (>)",
    Direction.LT: "小于 (<)",
}
"""Written in words first, so that no cell starts with '=' or '<'."""

FUNDING_LINES: list[tuple[str, str, Text]] = [
    ("total", "total", Text(zh="年度资金总额", en="Total annual funds")),
    ("appropriation", "appropriation", Text(zh="其中:财政拨款",
                                            en="Of which: fiscal appropriations")),
    ("carry-over", "carry_over", Text(zh="上年结转资金", en="Carried over from last year")),
    ("other", "other", Text(zh="其他资金", en="Other funds")),
]
"""(line id in the CSV, attribute of `Funding`, label)."""

FUNDING_FIGURES: list[tuple[str, str, str, str]] = [
    ("initial_budget", "年初预算数", "Initial budget", WAN),
    ("full_year_budget", "全年预算数", "Full-year budget", WAN),
    ("execution", "全年执行数", "Executed", WAN),
    ("weight", "分值", "Weight", POINTS),
    ("execution_rate", "执行率", "Execution rate", PERCENT),
    ("score", "得分", "Score", POINTS),
]


EVALUATIONS_TITLE = Text(zh="项目支出绩效自评", en="Project performance self-evaluations")


def funding_title(ev: Evaluation) -> Text:
    return Text(zh=f"{ev.project.zh}:项目资金",
                en=f"{ev.project.en}: funding" if ev.project.en else None)


def indicators_title(ev: Evaluation) -> Text:
    return Text(zh=f"{ev.project.zh}:绩效指标",
                en=f"{ev.project.en}: indicators" if ev.project.en else None)


def evaluations_csv(unit: Unit, d: Disclosure) -> CsvTable:
    assert d.performance is not None
    fields = [ROW_FIELD,
              Field("编号 Evaluation id", "string",
                    "Stable id of the evaluation; its funding and indicators are in "
                    "<id>-funding.csv and <id>-indicators.csv.", required=True),
              *text_fields("项目名称", "Project", "Project name"),
              *text_fields("主管部门", "Supervising department", "Supervising department"),
              *text_fields("实施单位", "Implementing unit", "Implementing unit"),
              *text_fields("年度总体目标", "Annual goal", "Annual overall goal (预期目标)"),
              *text_fields("实际完成情况", "Achieved", "What was achieved"),
              Field("总分值 Total weight (分)", "number", "Total weight in points, as given.",
                    required=True),
              Field("总得分 Total score (分)", "number", "Total score in points, as given.",
                    required=True),
              *text_fields("自评综述", "Summary", "Self-evaluation summary (section 14)"),
              *text_fields("发现的主要问题及原因", "Problems", "Main problems found and causes"),
              *text_fields("下一步改进措施", "Improvements", "Next improvement measures")]
    rows: list[list[Cell]] = []
    for n, ev in enumerate(d.performance.evaluations, start=1):
        rows.append([n, ev.id, zh(ev.project), en(ev.project), zh(ev.department),
                     en(ev.department), zh(ev.implementing_unit), en(ev.implementing_unit),
                     zh(ev.goal), en(ev.goal), zh(ev.achieved), en(ev.achieved),
                     decimal(ev.total_weight), decimal(ev.total_score),
                     zh(ev.summary), en(ev.summary), zh(ev.problems), en(ev.problems),
                     zh(ev.improvements), en(ev.improvements)])
    return CsvTable(
        name=resource_name(d, EVALUATIONS_FILE),
        title=csv_title(unit, d.year, EVALUATIONS_TITLE),
        description=(f"项目支出绩效自评表 of {both(unit.profile.name)}, {d.year}: one line "
                     "per evaluated project, with its goal, results and total score."),
        fields=fields, rows=rows, primary_key=["编号 Evaluation id"])


def funding_csv(unit: Unit, d: Disclosure, ev: Evaluation) -> CsvTable:
    fields = [ROW_FIELD,
              Field("资金项 Line", "string",
                    "total, appropriation, carry-over or other.", required=True,
                    enum=tuple(line for line, _, _ in FUNDING_LINES)),
              NAME_FIELD, NAME_EN_FIELD]
    for _, zh_label, en_label, unit_label in FUNDING_FIGURES:
        fields.extend(status_fields(header(zh_label, en_label, unit_label),
                                     header(zh_label, en_label), unit_description(unit_label)))
    rows: list[list[Cell]] = []
    for n, (line_id, attr, label) in enumerate(FUNDING_LINES, start=1):
        line: FundingLine = getattr(ev.funding, attr)
        cells: list[Cell] = [n, line_id, label.zh, en(label)]
        for key, _, _, unit_label in FUNDING_FIGURES:
            cells.extend(figure_cells(getattr(line, key), unit_label))
        rows.append(cells)
    return CsvTable(
        name=resource_name(d, funding_file(ev.id)),
        title=csv_title(unit, d.year, funding_title(ev)),
        description=(f"项目资金 (万元) of the self-evaluation of {both(ev.project)}, "
                     f"{both(unit.profile.name)}, {d.year}. An empty value with an empty "
                     "status: the published table leaves the cell blank."),
        fields=fields, rows=rows, primary_key=[ROW_FIELD.name])


def indicators_csv(unit: Unit, d: Disclosure, ev: Evaluation) -> CsvTable:
    fields = [ROW_FIELD,
              Field("一级指标 Level 1", "string", "一级指标 (Chinese / English).", required=True),
              Field("二级指标 Level 2", "string", "二级指标 (Chinese / English).", required=True),
              *text_fields("三级指标", "Indicator", "三级指标, the indicator"),
              Field("指标性质 Nature", "string", "正向 positive, 反向 negative or 定性 "
                    "qualitative.", required=True),
              Field("指标方向 Direction", "string", "Comparison with the target; empty for "
                    "qualitative indicators."),
              Field("年度指标值 Target", "string", "Annual target, as written (text)."),
              Field("实际完成值 Actual", "string", "Actual value, as written (text)."),
              Field("计量单位 Unit", "string", "Unit of target and actual."),
              Field("分值 Weight (分)", "number", "Weight in points, as given.", required=True),
              Field("得分 Score (分)", "number", "Score in points, as given.", required=True),
              *text_fields("偏差原因分析及改进措施", "Deviation",
                            "Reasons for deviation and improvements")]
    rows: list[list[Cell]] = []
    for n, ind in enumerate(ev.indicators, start=1):
        rows.append([n, both(LEVEL1_LABELS[ind.level1]), both(LEVEL2_LABELS[ind.level2]),
                     ind.name.zh, en(ind.name), both(NATURE_LABELS[ind.nature]),
                     None if ind.direction is None else DIRECTION_LABELS[ind.direction],
                     both(ind.target), both(ind.actual), both(ind.unit),
                     decimal(ind.weight), decimal(ind.score),
                     zh(ind.deviation), en(ind.deviation)])
    return CsvTable(
        name=resource_name(d, indicators_file(ev.id)),
        title=csv_title(unit, d.year, indicators_title(ev)),
        description=(f"绩效指标 of the self-evaluation of {both(ev.project)}, "
                     f"{both(unit.profile.name)}, {d.year}: one line per indicator "
                     f"(一级/二级/三级指标). Total weight {plain(ev.total_weight)}, total score "
                     f"{plain(ev.total_score)}."),
        fields=fields, rows=rows, primary_key=[ROW_FIELD.name])
