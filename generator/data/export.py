"""Downloads for journalists: CSV per table, section and performance evaluation; a ZIP and
a JSON per disclosure; long-format CSVs of every figure per unit and for the portal; and a
Frictionless data package describing every CSV.

Every address is stable and human-readable (no hashes, no dates) and every file is
byte-identical between builds. The build calls `export_files(content)` and writes the
result under the output root; pages link with the `*_path` helpers and list downloads
with `download_entries`.

Layout under the site root::

    downloads/datapackage.json                          every CSV below, described
    downloads/portal-all.csv                            every figure of the portal, long format
    downloads/units/<slug>/<slug>-all-years.csv         every figure of one unit, long format
    downloads/units/<slug>/<year>/<slug>-<year>.zip     the disclosure: CSVs, JSON, README.txt
    downloads/units/<slug>/<year>/<slug>-<year>.json    the whole disclosure as JSON
    downloads/units/<slug>/<year>/datapackage.json      that disclosure's CSVs, described
    downloads/units/<slug>/<year>/tables/<nn>-<table-id>.csv
    downloads/units/<slug>/<year>/sections/<nn>-<section-id>.csv
    downloads/units/<slug>/<year>/performance/evaluations.csv
    downloads/units/<slug>/<year>/performance/<evaluation-id>-funding.csv
    downloads/units/<slug>/<year>/performance/<evaluation-id>-indicators.csv
    downloads/units/<slug>/<year>/charts/<chart-id>.csv             the data of one chart

CSVs are bilingual (each header cell is `中文 English`), so one file serves both languages.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from ..compute import charts
from ..compute.charts import Chart, disclosure_charts
from ..content.model.content import Content, Disclosure, Unit
from ..content.model.explanations import Comparison, Item, Section
from ..content.model.performance import Direction, Evaluation, FundingLine, Level1, Level2, Nature
from ..content.model.tables import Column, Row, Table
from ..content.model.types import NOT_GIVEN, Figure, Text
from ..content.structure import section_paths
from ..site.i18n import csv_unit
from .csvfile import Cell, amount, decimal, plain
from .datapackage import STATUSES, CsvTable, Field

DOWNLOADS = "downloads"
DATAPACKAGE_PATH = f"{DOWNLOADS}/datapackage.json"

WAN = "万元"
PERCENT = "%"
POINTS = "分"
CODE_PATTERN = "[0-9]{3}([0-9]{2}){0,2}"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
ZIP_LEVEL = 6

_NOT_GIVEN = Text.model_validate(NOT_GIVEN)
_UNKNOWN_CELL = Figure(unknown=_NOT_GIVEN)
"""A table cell the content leaves out (models are frozen: one instance serves all)."""


class ExportError(ValueError):
    """The content cannot be exported as is (e.g. two downloads would share a path)."""


# --------------------------------------------------------------------------- addresses


def disclosure_dir(unit: str, year: int) -> str:
    """`downloads/units/<slug>/<year>`: the folder of one disclosure's downloads."""
    return f"{DOWNLOADS}/units/{unit}/{year}"


def table_file(table: Table) -> str:
    """`tables/<nn>-<table-id>.csv` (nn: the published number), relative to the disclosure
    folder (and the ZIP); `tables/<table-id>.csv` when the number is not stated."""
    number = f"{table.number:02d}-" if table.number is not None else ""
    return f"tables/{number}{table.id}.csv"


def section_file(d: Disclosure, section_id: str) -> str:
    """`sections/<nn>-<section-id>.csv` with the published number (08 for 八),
    `sections/10-01-<id>.csv` for the sub-section (一) of 十."""
    path = section_paths(d.explanations).get(section_id, ())
    return "sections/" + "".join(f"{n:02d}-" for n in path) + f"{section_id}.csv"


EVALUATIONS_FILE = "performance/evaluations.csv"


def funding_file(evaluation_id: str) -> str:
    return f"performance/{evaluation_id}-funding.csv"


def indicators_file(evaluation_id: str) -> str:
    return f"performance/{evaluation_id}-indicators.csv"


def table_csv_path(unit: str, year: int, table: Table) -> str:
    """Site path of a standard table's CSV (the same for every language)."""
    return f"{disclosure_dir(unit, year)}/{table_file(table)}"


def section_csv_path(d: Disclosure, section_id: str) -> str:
    """Site path of the CSV of the figures one section of the explanations quotes."""
    return f"{disclosure_dir(d.unit, d.year)}/{section_file(d, section_id)}"


def evaluations_csv_path(unit: str, year: int) -> str:
    """Site path of the CSV listing the year's performance self-evaluations."""
    return f"{disclosure_dir(unit, year)}/{EVALUATIONS_FILE}"


def funding_csv_path(unit: str, year: int, evaluation_id: str) -> str:
    """Site path of one self-evaluation's funding block (资金) as CSV."""
    return f"{disclosure_dir(unit, year)}/{funding_file(evaluation_id)}"


def indicators_csv_path(unit: str, year: int, evaluation_id: str) -> str:
    """Site path of one self-evaluation's indicators (绩效指标) as CSV."""
    return f"{disclosure_dir(unit, year)}/{indicators_file(evaluation_id)}"


def chart_file(chart_id: str) -> str:
    return f"charts/{chart_id}.csv"


def chart_csv_path(unit: str, year: int, chart_id: str) -> str:
    """Site path of the CSV of exactly one chart's data (generator/charts/)."""
    return f"{disclosure_dir(unit, year)}/{chart_file(chart_id)}"


def disclosure_archive_path(unit: str, year: int) -> str:
    """Site path of the ZIP of a whole disclosure."""
    return f"{disclosure_dir(unit, year)}/{unit}-{year}.zip"


def disclosure_json_path(unit: str, year: int) -> str:
    """Site path of the JSON of a whole disclosure."""
    return f"{disclosure_dir(unit, year)}/{unit}-{year}.json"


def disclosure_datapackage_path(unit: str, year: int) -> str:
    """Site path of the data package describing one disclosure's CSVs (paths relative to
    the disclosure folder, so the folder online and the unpacked ZIP are both packages)."""
    return f"{disclosure_dir(unit, year)}/datapackage.json"


def unit_all_years_csv_path(unit: str) -> str:
    """Site path of the long-format CSV of every figure of every year of a unit."""
    return f"{DOWNLOADS}/units/{unit}/{unit}-all-years.csv"


# --------------------------------------------------------------------------- text helpers


def both(text: Text | None) -> str:
    """One cell for both languages: `中文 / English` (Chinese alone without translation)."""
    if text is None:
        return ""
    if not text.en or text.en == text.zh:
        return text.zh
    return f"{text.zh} / {text.en}"


def en(text: Text | None) -> str:
    return "" if text is None or text.en is None else text.en


def zh(text: Text | None) -> str:
    return "" if text is None else text.zh


def header(zh_label: str, en_label: str | None, unit: str | None = None) -> str:
    """A bilingual header cell: `合计 Total (万元 ¥10k)`."""
    out = zh_label if not en_label or en_label == zh_label else f"{zh_label} {en_label}"
    return f"{out} ({unit_header(unit)})" if unit else out


def unit_header(unit: str) -> str:
    """A unit as a header writes it: 万元 with its English (`unit.wan`: the amounts stay
    in 万元), any other as it is."""
    return csv_unit(WAN, "unit.wan") if unit == WAN else unit


def en_header(zh_label: str, en_label: str) -> str:
    """Header of the English twin of a text column: `名称(英文) Name (English)`."""
    return f"{zh_label}(英文) {en_label} (English)"


def figure_note(figure: Figure) -> str:
    """What a figure rests on: the computation, why it is unknown, where it was read."""
    if (figure.computed is None and figure.unknown is None and figure.not_transcribed is None
            and figure.source is None and figure.cite is None):
        return ""  # a plain stated figure (most cells): nothing to say
    parts = [both(t) for t in (figure.computed, figure.missing_reason) if t is not None]
    if figure.source is not None:
        parts.append("来源 Source: " + both(figure.source))
    if figure.cite is not None:
        parts.append(f"出处 Cited source: {figure.cite}")
    return "; ".join(parts)


def _unit_name(unit: Text | None) -> str:
    """The unit as a cell writes it: `万元` when none is given, else its Chinese."""
    return WAN if unit is None else unit.zh.strip()


def figure_value(figure: Figure | None, unit: str) -> Cell:
    """The value cell: two decimals for 万元, as given otherwise, empty when unknown."""
    if figure is None or figure.value is None:
        return None
    return amount(figure.value) if unit == WAN else decimal(figure.value)


def figure_cells(figure: Figure | None, unit: str) -> list[Cell]:
    """[value, status, note]; an absent figure gives three empty cells."""
    if figure is None:
        return [None, None, None]
    return [figure_value(figure, unit), figure.status.value, figure_note(figure)]


def _status_fields(base: str, what: str, unit_desc: str, *,
                   required: bool = False) -> list[Field]:
    """The value, status and note columns of one figure column: `合计 Total (万元 ¥10k)`,
    `合计 Total [状态 status]`, `合计 Total [说明 note]` (`what` is the header without the
    unit). Descriptions stay short: a package describes hundreds of such columns."""
    return [
        Field(base, "number", f"{what}. {unit_desc}"),
        Field(f"{what} [状态 status]", "string",
              "stated / computed / unknown (value empty, never 0)"
              + ("" if required else "; empty: no such figure"),
              required=required, enum=STATUSES),
        Field(f"{what} [说明 note]", "string", "How computed, why unknown, or the source."),
    ]


def _unit_desc(unit: str) -> str:
    if unit == WAN:
        return "In 万元 (10,000 yuan), two decimals."
    if unit == PERCENT:
        return "In percent, as given."
    return f"In {unit}, as given."


ROW_FIELD = Field("行 Row", "integer", "Position of the row in the file (1 = first).",
                  required=True)
CODE_FIELD = Field("代码 Code", "string",
                   "Classification code, as text: function classification class 类 (3 "
                   "digits) > sub-class 款 (5) > item 项 (7); economic classification class 类 "
                   "(3) > sub-class 款 (5).",
                   pattern=CODE_PATTERN)
LEVEL_FIELD = Field("层级 Level", "integer", "Depth in the hierarchy: 1 = top level.",
                    required=True)
NAME_FIELD = Field("名称 Name", "string", "Name in Chinese, as published.", required=True)
NAME_EN_FIELD = Field(en_header("名称", "Name"), "string", "English translation of the name.")


def _text_fields(zh_label: str, en_label: str, what: str) -> list[Field]:
    return [Field(header(zh_label, en_label), "string", f"{what} (Chinese, as published)."),
            Field(en_header(zh_label, en_label), "string", f"{what} (English translation).")]


def _sources(d: Disclosure) -> list[dict[str, str]]:
    """The disclosure's sources, as data package `sources` entries."""
    out = []
    for src in d.meta.sources:
        entry = {"title": both(src.title)}
        if src.url:
            entry["path"] = src.url
        out.append(entry)
    return out


def _title(unit: Unit | None, year: int | None, what: Text) -> str:
    """`乌海市… 2024 收入决算表 / Wuhai … 2024 Income`; Chinese alone when a part has no
    English."""
    name = unit.profile.name if unit is not None else None
    zh_parts = [zh(name), str(year) if year else "", what.zh]
    zh_title = " ".join(p for p in zh_parts if p)
    if (name is not None and not name.en) or not what.en:
        return zh_title
    en_parts = [en(name), str(year) if year else "", what.en]
    return f"{zh_title} / " + " ".join(p for p in en_parts if p)


# --------------------------------------------------------------------------- standard tables


def _column_label(column: Column) -> tuple[str, str | None]:
    zh_label = (column.group.zh + "·" if column.group else "") + column.label.zh
    en_label = column.label.en
    if en_label and column.group and column.group.en:
        en_label = f"{column.group.en}: {en_label}"
    return zh_label, en_label


def _cell(row: Row, column: Column) -> Figure:
    """A table cell; one the content leaves out is unknown (never zero)."""
    figure = row.cells.get(column.id)
    return _UNKNOWN_CELL if figure is None else figure


def _cell_unit(row: Row, column: Column) -> Text | None:
    """Unit of one cell: the row's, else the column's, else 万元 (None)."""
    return row.unit or column.unit


def table_csv(unit: Unit, d: Disclosure, table: Table) -> CsvTable:
    has_row_units = any(r.unit is not None for r in table.rows)
    fields = [ROW_FIELD, LEVEL_FIELD, CODE_FIELD, NAME_FIELD, NAME_EN_FIELD,
              Field("合计行 Total row", "boolean",
                    "true for a total or subtotal row (合计, 总计): do not add it to the rows "
                    "it sums.", required=True)]
    if has_row_units:
        fields.append(Field("行计量单位 Row unit", "string",
                            "Unit of this row's figures when it is not the one in the column "
                            "header (e.g. 辆 vehicles); empty: as the header says."))
    seen: set[str] = set()
    for column in table.columns:
        zh_label, en_label = _column_label(column)
        units = {_unit_name(_cell_unit(r, column)) for r in table.rows} or {
            _unit_name(column.unit)}
        unit_label = next(iter(units)) if len(units) == 1 else "见行计量单位 see Row unit"
        what = header(zh_label, en_label)
        if what in seen:  # two columns with the same label: tell them apart by id
            what = f"{what} [{column.id}]"
        seen.add(what)
        base = f"{what} ({unit_header(unit_label)})"
        desc = _unit_desc(unit_label) if len(units) == 1 else "Unit: see the Row unit column."
        fields.extend(_status_fields(base, what, desc, required=True))
    fields.extend(_text_fields("行说明", "Row note", "What the table or the text says about "
                               "this row"))
    rows: list[list[Cell]] = []
    for n, row in enumerate(table.rows, start=1):
        cells: list[Cell] = [n, row.depth, row.code, row.name.zh, en(row.name), row.total]
        if has_row_units:
            cells.append(both(row.unit) if row.unit is not None else None)
        for column in table.columns:
            figure = _cell(row, column)
            cells.extend(figure_cells(figure, _unit_name(_cell_unit(row, column))))
        cells.extend([zh(row.note), en(row.note)])
        rows.append(cells)
    description = [f"表{table.number} {both(table.title)}: {both(unit.profile.name)}, "
                   f"{d.year}. One line per table row, one value/status/note triple per "
                   "table column. 金额单位:万元."]
    if table.reconstructed:
        description.append("Rebuilt from the disclosure's text, not copied from the "
                           "published table (据说明文字重建).")
    if table.note is not None:
        description.append(both(table.note))
    return CsvTable(
        name=_resource_name(d, table_file(table)),
        title=_title(unit, d.year, table.title),
        description=" ".join(description), fields=fields, rows=rows,
        primary_key=[ROW_FIELD.name])


# --------------------------------------------------------------------------- sections


@dataclass(frozen=True)
class _ItemField:
    key: str
    zh: str
    en: str
    percent: bool = False


ITEM_FIGURES: list[_ItemField] = [
    _ItemField("amount", "决算数", "Final accounts"),
    _ItemField("share", "占比", "Share", percent=True),
    _ItemField("initial_budget", "年初预算", "Initial budget"),
    _ItemField("full_year_budget", "全年预算", "Full-year budget"),
    _ItemField("execution_rate", "完成预算", "Execution rate", percent=True),
    _ItemField("previous", "上年决算", "Previous year's final accounts"),
    _ItemField("vs_budget.change", "与年初预算相比增减", "Change vs initial budget"),
    _ItemField("vs_budget.growth_rate", "与年初预算相比增减率", "Growth vs initial budget",
               percent=True),
    _ItemField("vs_previous.change", "与上年决算相比增减", "Change vs previous year"),
    _ItemField("vs_previous.growth_rate", "与上年决算相比增减率", "Growth vs previous year",
               percent=True),
]
"""The figures an explanation item may carry, in column order (`a.b` = a comparison's)."""
_ITEM_LABELS = {spec.key: Text(zh=spec.zh, en=spec.en) for spec in ITEM_FIGURES}
"""Each item figure's label as a Text (made once, not once per figure)."""


def item_figure(item: Item, key: str) -> Figure | None:
    first, _, second = key.partition(".")
    value = getattr(item, first)
    if second:
        return None if value is None else getattr(value, second)
    assert value is None or isinstance(value, Figure)
    return value


def _reason(comparison: Comparison | None) -> Text | None:
    return None if comparison is None else comparison.reason


def _walk(items: list[Item], prefix: str = "", depth: int = 1) -> Iterator[tuple[str, int, Item]]:
    for item in items:
        path = f"{prefix}/{item.id}" if prefix else item.id
        yield path, depth, item
        yield from _walk(item.items, path, depth + 1)


def _item_unit(item: Item, spec: _ItemField) -> str:
    return PERCENT if spec.percent else _unit_name(item.unit)


def section_csv(unit: Unit, d: Disclosure, section: Section) -> CsvTable:
    walked = list(_walk(section.items))
    money_units = {_unit_name(item.unit) for _, _, item in walked} or {WAN}
    money_unit = next(iter(money_units)) if len(money_units) == 1 else "见计量单位 see Unit"
    fields = [ROW_FIELD,
              Field("项目路径 Item path", "string",
                    "Stable id of the item: its id and its parents' ids joined by '/'; the "
                    "comparison across years matches items on it.", required=True),
              Field("项目编号 Item id", "string", "The item's own id.", required=True),
              LEVEL_FIELD, CODE_FIELD,
              Field("名称 Name", "string", "Label in Chinese, as published.", required=True),
              NAME_EN_FIELD,
              Field("计量单位 Unit", "string",
                    "Unit of the amounts, budgets and changes of this item (shares and rates "
                    "are in percent).", required=True)]
    for spec in ITEM_FIGURES:
        unit_label = PERCENT if spec.percent else money_unit
        desc = (_unit_desc(unit_label) if spec.percent or len(money_units) == 1
                else "Unit: see the Unit column.")
        fields.extend(_status_fields(header(spec.zh, spec.en, unit_label),
                                     header(spec.zh, spec.en), desc))
        if spec.key == "vs_budget.growth_rate":
            fields.extend(_text_fields("差异原因", "Reason (vs initial budget)",
                                       "Reason the text gives for the difference from the "
                                       "initial budget"))
        if spec.key == "vs_previous.growth_rate":
            fields.extend(_text_fields("变动原因", "Reason (vs previous year)",
                                       "Reason the text gives for the change from the "
                                       "previous year"))
    fields.extend(_text_fields("说明", "Note", "Other facts the text states about the item"))
    rows: list[list[Cell]] = []
    for n, (path, depth, item) in enumerate(walked, start=1):
        cells: list[Cell] = [n, path, item.id, depth, item.code, item.label.zh, en(item.label),
                             _unit_name(item.unit)]
        for spec in ITEM_FIGURES:
            cells.extend(figure_cells(item_figure(item, spec.key), _item_unit(item, spec)))
            if spec.key == "vs_budget.growth_rate":
                reason = _reason(item.vs_budget)
                cells.extend([zh(reason), en(reason)])
            if spec.key == "vs_previous.growth_rate":
                reason = _reason(item.vs_previous)
                cells.extend([zh(reason), en(reason)])
        cells.extend([zh(item.note), en(item.note)])
        rows.append(cells)
    number = f"{section.number}、" if section.number else ""
    return CsvTable(
        name=_resource_name(d, section_file(d, section.id)),
        title=_title(unit, d.year, section.title),
        description=(f"{number}{both(section.title)}: the figures the section "
                     f"quotes, one line per item (sub-items follow their parent). "
                     f"{both(unit.profile.name)}, {d.year}. An empty value with an empty "
                     "status: the text quotes no such figure for the item."),
        fields=fields, rows=rows, primary_key=["项目路径 Item path"])


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
              *_text_fields("项目名称", "Project", "Project name"),
              *_text_fields("主管部门", "Supervising department", "Supervising department"),
              *_text_fields("实施单位", "Implementing unit", "Implementing unit"),
              *_text_fields("年度总体目标", "Annual goal", "Annual overall goal (预期目标)"),
              *_text_fields("实际完成情况", "Achieved", "What was achieved"),
              Field("总分值 Total weight (分)", "number", "Total weight in points, as given.",
                    required=True),
              Field("总得分 Total score (分)", "number", "Total score in points, as given.",
                    required=True),
              *_text_fields("自评综述", "Summary", "Self-evaluation summary (section 14)"),
              *_text_fields("发现的主要问题及原因", "Problems", "Main problems found and causes"),
              *_text_fields("下一步改进措施", "Improvements", "Next improvement measures")]
    rows: list[list[Cell]] = []
    for n, ev in enumerate(d.performance.evaluations, start=1):
        rows.append([n, ev.id, zh(ev.project), en(ev.project), zh(ev.department),
                     en(ev.department), zh(ev.implementing_unit), en(ev.implementing_unit),
                     zh(ev.goal), en(ev.goal), zh(ev.achieved), en(ev.achieved),
                     decimal(ev.total_weight), decimal(ev.total_score),
                     zh(ev.summary), en(ev.summary), zh(ev.problems), en(ev.problems),
                     zh(ev.improvements), en(ev.improvements)])
    return CsvTable(
        name=_resource_name(d, EVALUATIONS_FILE),
        title=_title(unit, d.year, EVALUATIONS_TITLE),
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
        fields.extend(_status_fields(header(zh_label, en_label, unit_label),
                                     header(zh_label, en_label), _unit_desc(unit_label)))
    rows: list[list[Cell]] = []
    for n, (line_id, attr, label) in enumerate(FUNDING_LINES, start=1):
        line: FundingLine = getattr(ev.funding, attr)
        cells: list[Cell] = [n, line_id, label.zh, en(label)]
        for key, _, _, unit_label in FUNDING_FIGURES:
            cells.extend(figure_cells(getattr(line, key), unit_label))
        rows.append(cells)
    return CsvTable(
        name=_resource_name(d, funding_file(ev.id)),
        title=_title(unit, d.year, funding_title(ev)),
        description=(f"项目资金 (万元) of the self-evaluation of {both(ev.project)}, "
                     f"{both(unit.profile.name)}, {d.year}. An empty value with an empty "
                     "status: the published table leaves the cell blank."),
        fields=fields, rows=rows, primary_key=[ROW_FIELD.name])


def indicators_csv(unit: Unit, d: Disclosure, ev: Evaluation) -> CsvTable:
    fields = [ROW_FIELD,
              Field("一级指标 Level 1", "string", "一级指标 (Chinese / English).", required=True),
              Field("二级指标 Level 2", "string", "二级指标 (Chinese / English).", required=True),
              *_text_fields("三级指标", "Indicator", "三级指标, the indicator"),
              Field("指标性质 Nature", "string", "正向 positive, 反向 negative or 定性 "
                    "qualitative.", required=True),
              Field("指标方向 Direction", "string", "Comparison with the target; empty for "
                    "qualitative indicators."),
              Field("年度指标值 Target", "string", "Annual target, as written (text)."),
              Field("实际完成值 Actual", "string", "Actual value, as written (text)."),
              Field("计量单位 Unit", "string", "Unit of target and actual."),
              Field("分值 Weight (分)", "number", "Weight in points, as given.", required=True),
              Field("得分 Score (分)", "number", "Score in points, as given.", required=True),
              *_text_fields("偏差原因分析及改进措施", "Deviation",
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
        name=_resource_name(d, indicators_file(ev.id)),
        title=_title(unit, d.year, indicators_title(ev)),
        description=(f"绩效指标 of the self-evaluation of {both(ev.project)}, "
                     f"{both(unit.profile.name)}, {d.year}: one line per indicator "
                     f"(一级/二级/三级指标). Total weight {plain(ev.total_weight)}, total score "
                     f"{plain(ev.total_score)}."),
        fields=fields, rows=rows, primary_key=[ROW_FIELD.name])


# --------------------------------------------------------------------------- charts


def chart_title(chart: Chart) -> Text:
    """`图表数据：收入来源` / `Chart data: Income by source`."""
    return charts.label("chart.csv_title", title=chart.title)


def chart_csv(unit: Unit, d: Disclosure, chart: Chart) -> CsvTable:
    """Exactly the data of one chart: the rows of the table under it, each column's value,
    status and note. What the chart draws is the drawn columns' known figures."""
    fields = [ROW_FIELD,
              Field("键 Key", "string", "Stable id of the row within the chart.",
                    required=True),
              Field("上级 Parent", "string", "Key of the row this one is part of; empty at "
                    "the top."),
              LEVEL_FIELD, CODE_FIELD, NAME_FIELD, NAME_EN_FIELD,
              Field("合计行 Total row", "boolean", "true for the whole the other rows are "
                    "parts of.", required=True)]
    for column in chart.columns:
        what = header(column.label.zh, column.label.en)
        role = ("Drawn in the chart." if column.drawn
                else "Not drawn; shown with the chart's figures.")
        value, status, note = _status_fields(header(column.label.zh, column.label.en,
                                                    column.unit), what,
                                             f"{_unit_desc(column.unit)} {role}")
        fields.extend([value, status, note])
    rows: list[list[Cell]] = []
    for n, row in enumerate(chart.rows, start=1):
        cells: list[Cell] = [n, row.key, row.parent, chart.depth(row), row.code, row.label.zh,
                             en(row.label), row.total]
        for column in chart.columns:
            cells.extend(figure_cells(row.cell(column.key), column.unit))
        rows.append(cells)
    title = chart_title(chart)
    source = ""
    if chart.source is not None:
        number = chart.source.number
        where = (f"表{number} " if chart.source.kind == "table" else f"{number}、") \
            if number is not None else ""
        source = f" Figures from {where}{both(chart.source.title)}."
    return CsvTable(
        name=_resource_name(d, chart_file(chart.id)),
        title=_title(unit, d.year, chart.title),
        description=(f"{both(title)}: {both(unit.profile.name)}, {d.year}. One line per row "
                     "of the chart's table; an unknown figure is not drawn (its value is "
                     f"empty, never 0).{source}"),
        fields=fields, rows=rows, primary_key=["键 Key"])


# --------------------------------------------------------------------------- long format

PARTS = ("tables", "explanations", "performance")

FIGURES_FIELDS: list[Field] = [
    Field("单位代号 Unit slug", "string", "The unit's stable name in the portal's addresses.",
          required=True),
    Field("单位名称 Unit name", "string", "The unit's name in Chinese.", required=True),
    Field("年度 Year", "integer", "Year of the final accounts.", required=True),
    Field("部分 Part", "string",
          "tables (第五部分 决算表), explanations (第二部分 情况说明) or performance "
          "(项目支出绩效自评表).", required=True, enum=PARTS),
    Field("表或章节 Table or section", "string",
          "Table id (e.g. 05-general-budget-expenditure), section id (e.g. 05-general-budget) "
          "or evaluation id.", required=True),
    Field("表或章节名称 Title", "string", "Title of the table, section or project "
          "(Chinese / English).", required=True),
    Field("行或项目 Row or item", "string",
          "Tables: row number; explanations: item path; performance: funding/<line>, "
          "indicators/<n> or total.", required=True),
    CODE_FIELD,
    NAME_FIELD,
    NAME_EN_FIELD,
    Field("栏目或字段 Column or field", "string",
          "Table column id, or the explanation/performance field (amount, share, "
          "initial_budget, vs_previous.change ...).", required=True),
    Field("栏目名称 Column or field label", "string", "Chinese / English.", required=True),
    Field("数值 Value", "number",
          "The figure, in the unit of the next column; 万元 amounts with two decimals, "
          "others as given. Empty when unknown (never 0).", required=False),
    Field("计量单位 Unit", "string", "万元 (10,000 yuan), % (percent), 分 (points), or the unit "
          "written in the source (e.g. 辆).", required=True),
    Field("状态 Status", "string",
          "stated, computed (see the note) or unknown (value empty).", required=True,
          enum=STATUSES),
    Field("说明 Note", "string",
          "How a computed figure was derived, why a figure is unknown, or its source."),
]
FIGURES_KEY = ["单位代号 Unit slug", "年度 Year", "部分 Part", "表或章节 Table or section",
               "行或项目 Row or item", "栏目或字段 Column or field"]


def _figure_row(unit: Unit, d: Disclosure, part: str, where: str, title: Text, key: str,
                code: str | None, name: Text, field_id: str, field_label: Text,
                figure: Figure, unit_label: str) -> list[Cell]:
    return [unit.slug, unit.profile.name.zh, d.year, part, where, both(title), key, code,
            name.zh, en(name), field_id, both(field_label), figure_value(figure, unit_label),
            unit_label, figure.status.value, figure_note(figure)]


def figure_rows(unit: Unit, d: Disclosure) -> list[list[Cell]]:
    """Every figure of one disclosure, one line each (long format)."""
    rows: list[list[Cell]] = []
    for table in d.tables:
        where = table_file(table).removeprefix("tables/").removesuffix(".csv")
        labels = [(column, Text(zh=zh_label, en=en_label))
                  for column in table.columns
                  for zh_label, en_label in [_column_label(column)]]
        for n, row in enumerate(table.rows, start=1):
            for column, label in labels:
                figure = _cell(row, column)
                rows.append(_figure_row(
                    unit, d, "tables", where, table.title, str(n), row.code, row.name,
                    column.id, label, figure, _unit_name(_cell_unit(row, column))))
    if d.explanations is not None:
        for section, _ in d.explanations.walk():
            where = section_file(d, section.id).removeprefix("sections/").removesuffix(".csv")
            for path, _, item in _walk(section.items):
                for spec in ITEM_FIGURES:
                    quoted = item_figure(item, spec.key)
                    if quoted is not None:
                        rows.append(_figure_row(
                            unit, d, "explanations", where, section.title, path, item.code,
                            item.label, spec.key, _ITEM_LABELS[spec.key], quoted,
                            _item_unit(item, spec)))
    if d.performance is not None:
        for ev in d.performance.evaluations:
            for line_id, attr, label in FUNDING_LINES:
                line = getattr(ev.funding, attr)
                for key, zh_label, en_label, unit_label in FUNDING_FIGURES:
                    given: Figure | None = getattr(line, key)
                    if given is not None:
                        rows.append(_figure_row(
                            unit, d, "performance", ev.id, ev.project, f"funding/{line_id}",
                            None, label, key, Text(zh=zh_label, en=en_label), given,
                            unit_label))
            for n, ind in enumerate(ev.indicators, start=1):
                for key, value, zh_label, en_label in (
                        ("weight", ind.weight, "分值", "Weight"),
                        ("score", ind.score, "得分", "Score")):
                    rows.append(_figure_row(
                        unit, d, "performance", ev.id, ev.project, f"indicators/{n}", None,
                        ind.name, key, Text(zh=zh_label, en=en_label),
                        Figure(value=value), POINTS))
            for key, value, zh_label, en_label in (
                    ("total_weight", ev.total_weight, "总分值", "Total weight"),
                    ("total_score", ev.total_score, "总得分", "Total score")):
                rows.append(_figure_row(
                    unit, d, "performance", ev.id, ev.project, "total", None,
                    Text(zh="总分", en="Total"), key, Text(zh=zh_label, en=en_label),
                    Figure(value=value), POINTS))
    return rows


def figures_csv(name: str, title: str, description: str,
                rows: list[list[Cell]]) -> CsvTable:
    return CsvTable(name=name, title=title, description=description,
                    fields=list(FIGURES_FIELDS), rows=rows, primary_key=list(FIGURES_KEY))


def unit_figures_csv(unit: Unit) -> CsvTable:
    """What a unit's all-years CSV is, for its data package; its lines are each year's
    `figure_rows`, written once per disclosure (`downloads.unit_downloads`)."""
    years = ", ".join(str(d.year) for d in unit.disclosures)
    return figures_csv(
        name=f"{unit.slug}-all-years",
        title=_title(unit, None, Text(zh="全部年度数字", en="every figure, every year")),
        description=(f"Every figure of every year ({years}) of {both(unit.profile.name)}, "
                     "one line per figure (long format): standard tables, the figures Part 2 "
                     "quotes, and the performance self-evaluations."),
        rows=[])


# --------------------------------------------------------------------------- JSON


def to_jsonable(value: Any) -> Any:
    """Model -> plain JSON data. Decimals become strings exactly as written ('1.20'), so
    no reader turns them into floats; a figure also says its status; absent keys are left
    out."""
    kind = type(value)
    if kind is str or value is None or kind is int or kind is bool:
        return value  # the leaves, most values: tested first
    if isinstance(value, Figure):
        out: dict[str, Any] = {"status": value.status.value}
        if value.value is not None:
            out["value"] = plain(value.value)
        for key in ("computed", "unknown", "not_transcribed", "source", "cite"):
            if getattr(value, key) is not None:
                out[key] = to_jsonable(getattr(value, key))
        return out
    if isinstance(value, BaseModel):
        model: dict[str, Any] = {}
        for name in kind.model_fields:
            field_value = getattr(value, name)
            if field_value is not None:
                model[name] = to_jsonable(field_value)
        return model
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | bool):
        return value
    raise TypeError(f"cannot export {type(value).__name__} to JSON")


def disclosure_data(content: Content, unit: Unit, d: Disclosure) -> dict[str, Any]:
    """The whole disclosure as plain JSON data."""
    data: dict[str, Any] = {
        "format": "fiscal-portal disclosure, version 1",
        "portal": to_jsonable(content.settings),
        "unit": {"slug": unit.slug, **to_jsonable(unit.profile)},
        "year": d.year,
        "meta": to_jsonable(d.meta),
        "prose": {k: to_jsonable(v) for k, v in d.prose.items()},
        "tables": [to_jsonable(t) for t in d.tables],
        "statuses": {
            "stated": "the source states the figure",
            "computed": "derived by arithmetic from stated figures; `computed` says how",
            "unknown": "the source does not give it; there is no value (never 0)",
            "not-transcribed": "the source gives it but it is not entered yet; no value",
        },
        "amounts": "in 万元 (10,000 yuan) unless a `unit` says otherwise; decimals are "
                   "strings, exactly as published",
    }
    for key in ("overview", "explanations", "performance"):
        part = getattr(d, key)
        if part is not None:
            data[key] = to_jsonable(part)
    return data


# --------------------------------------------------------------------------- README, ZIP


def _readme(content: Content, unit: Unit, d: Disclosure,
            files: list[tuple[str, Text]]) -> bytes:
    meta, profile = d.meta, unit.profile
    lines = [meta.title.zh]
    if meta.title.en:
        lines.append(meta.title.en)
    lines += ["", f"单位 Unit: {both(profile.name)} ({unit.slug})",
              f"主管部门 Supervising department: {both(profile.supervising_department)}",
              f"年度 Year: {d.year}"]
    if meta.publication_date is not None:
        lines.append(f"发布日期 Published: {meta.publication_date.isoformat()}")
    for source in meta.sources:
        lines.append(f"来源 Source: {both(source.title)} [{source.id}, {source.format.value}]")
        if source.published is not None:
            published = source.published
            lines.append("  发布日期 Published: " + (
                published.isoformat() if isinstance(published, date) else both(published)))
        if source.url:
            lines.append(f"  网址 URL: {source.url}")
        if source.note:
            lines.append(f"  {both(source.note)}")
    if meta.incomplete is not None:
        lines += ["", f"不完整记录 Incomplete record: {both(meta.incomplete)}"]
    lines += ["", f"整理发布 Compiled by: {both(content.settings.publisher)}, "
              f"{both(content.settings.name)}"]
    if content.settings.licence is not None:
        lines += ["", "许可 Licence:", content.settings.licence.zh]
        if content.settings.licence.en:
            lines.append(content.settings.licence.en)
    lines += ["", "文件 Files:"]
    for name, title in files:
        lines.append(f"  {name}  {both(title)}")
    lines += [
        "",
        "格式 Format",
        "- CSV: UTF-8 编码(带 BOM),逗号分隔,CRLF 换行;首行为中英文表头。",
        "  UTF-8 with BOM, comma-separated, CRLF line ends; the first row holds the headers "
        "in Chinese and English.",
        "- 金额单位为万元(10,000 元),保留两位小数;百分比、分值等按原文。",
        "  Amounts are in 万元 (10,000 yuan) with two decimals unless a header or a unit "
        "column says otherwise; percentages, counts and scores are as published.",
        "- 代码(功能分类、经济分类)是文本,不是数字。",
        "  Classification codes are text, not numbers: keep them as text when importing.",
        "- 状态 status:",
        "  stated   已公布:来源文本给出的数字。The source states the figure.",
        "  computed 计算得出:由已公布数字算出,说明列写明算法。Derived by arithmetic from "
        "stated figures; the note says how.",
        "  unknown  未知:来源未给出;数值留空,绝不作0。The source does not give it; the "
        "value is empty, never 0.",
        "  数值与状态均为空:原文没有这一项数字(表格留空或说明未提及)。An empty value with an "
        "empty status: the source has no such figure.",
        "- 以 = + - @ 开头的文字前加了单引号('),以防电子表格把它当作公式。",
        "  Text starting with = + - @ (or a tab or CR) has a leading apostrophe so that "
        "spreadsheets do not run it as a formula; numbers are never changed.",
        f"- {unit.slug}-{d.year}.json: 全部内容(含正文),数字为字符串以保持精确。",
        "  The whole disclosure, prose included; numbers are strings to stay exact.",
        "- datapackage.json: Frictionless Data 描述(字段类型、约束)。A Frictionless data "
        "package describing every CSV (types, constraints); check it with "
        "`frictionless validate datapackage.json`.",
    ]
    table_notes = [t for t in d.tables if t.note is not None or t.reconstructed]
    if table_notes:
        lines += ["", "表格说明 Notes on the tables"]
        for t in table_notes:
            note = both(t.note) if t.note is not None else ""
            rebuilt = " 据说明文字重建 Rebuilt from the text." if t.reconstructed else ""
            lines.append(f"- {table_file(t)}:{rebuilt} {note}".rstrip())
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" + text).encode("utf-8")


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A deterministic ZIP: entries sorted, fixed date (1980-01-01), permissions 0644,
    Unix creator, deflate at `ZIP_LEVEL` (zlib's default: level 9 costs more time for a
    few bytes on text), no extra fields or comment."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, files[name], compress_type=zipfile.ZIP_DEFLATED,
                             compresslevel=ZIP_LEVEL)
    return buffer.getvalue()


# --------------------------------------------------------------------------- assembly


@dataclass(frozen=True)
class DownloadEntry:
    """One download, for the downloads page and the links on other pages."""

    path: str
    """Site path, POSIX, relative to the site root."""
    title: Text
    kind: str
    """table | section | evaluations | funding | indicators | chart (CSV of one disclosure);
    archive (its ZIP); json (its JSON); datapackage (a disclosure's or the portal's descriptor);
    unit-all-years; year-figures (a part of a year's long-format lines); portal-all."""
    format: str
    """csv | csv.gz | zip | json."""
    size: int
    """In bytes."""
    unit: str | None = None
    year: int | None = None


@dataclass
class Export:
    files: dict[str, bytes] = field(default_factory=dict)
    entries: list[DownloadEntry] = field(default_factory=list)

    def add(self, path: str, data: bytes, title: Text, kind: str, fmt: str,
            unit: str | None = None, year: int | None = None) -> None:
        if path in self.files:
            raise ExportError(f"two downloads would be written to {path}")
        self.files[path] = data
        self.entries.append(DownloadEntry(path, title, kind, fmt, len(data), unit, year))

    def entries_for(self, unit: str | None = None,
                    year: int | None = None) -> list[DownloadEntry]:
        """The entries of one unit (and one year), in their stable order."""
        return [e for e in self.entries
                if (unit is None or e.unit == unit) and (year is None or e.year == year)]


def _resource_name(d: Disclosure, rel: str) -> str:
    return f"{d.unit}-{d.year}-" + rel.removesuffix(".csv").replace("/", "-")


@dataclass
class _DisclosureCsv:
    rel: str
    table: CsvTable
    title: Text
    kind: str


def disclosure_csvs(unit: Unit, d: Disclosure) -> list[_DisclosureCsv]:
    """Every CSV of one disclosure, with its path relative to the disclosure folder."""
    out = [_DisclosureCsv(table_file(t), table_csv(unit, d, t), t.title, "table")
           for t in d.tables]
    if d.explanations is not None:
        for s, _ in d.explanations.walk():
            if not s.items:  # a section that quotes no figure (a container, prose only)
                continue
            out.append(_DisclosureCsv(section_file(d, s.id), section_csv(unit, d, s), s.title,
                                      "section"))
    if d.performance is not None and d.performance.evaluations:
        out.append(_DisclosureCsv(EVALUATIONS_FILE, evaluations_csv(unit, d),
                                  EVALUATIONS_TITLE,
                                  "evaluations"))
        for ev in d.performance.evaluations:
            out.append(_DisclosureCsv(funding_file(ev.id), funding_csv(unit, d, ev),
                                      funding_title(ev), "funding"))
            out.append(_DisclosureCsv(indicators_file(ev.id), indicators_csv(unit, d, ev),
                                      indicators_title(ev), "indicators"))
    for chart in disclosure_charts(unit, d):
        out.append(_DisclosureCsv(chart_file(chart.id), chart_csv(unit, d, chart),
                                  chart_title(chart), "chart"))
    for c in out:
        c.table.sources = _sources(d)
    rels = [c.rel for c in out]
    if len(set(rels)) != len(rels):
        dup = sorted({r for r in rels if rels.count(r) > 1})
        raise ExportError(f"{d.unit} {d.year}: two downloads would be named {', '.join(dup)} "
                          "(an id is used twice)")
    return out
