"""The CSV of the figures one section of the explanations (第二部分) quotes: one line per
item (sub-items after their parent), a value/status/note triple per figure an item may
carry (`ITEM_FIGURES`), with the reasons the text gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..content.model.content import Disclosure, Unit
from ..content.model.explanations import Comparison, Item, Section
from ..content.model.types import Figure, Text
from .cells import (
    CODE_FIELD,
    LEVEL_FIELD,
    NAME_EN_FIELD,
    PERCENT,
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
    unit_name,
    zh,
)
from .csvfile import Cell
from .datapackage import CsvTable, Field
from .paths import resource_name, section_file

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
ITEM_LABELS = {spec.key: Text(zh=spec.zh, en=spec.en) for spec in ITEM_FIGURES}
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


def walk_items(items: list[Item], prefix: str = "",
               depth: int = 1) -> Iterator[tuple[str, int, Item]]:
    for item in items:
        path = f"{prefix}/{item.id}" if prefix else item.id
        yield path, depth, item
        yield from walk_items(item.items, path, depth + 1)


def item_unit(item: Item, spec: _ItemField) -> str:
    return PERCENT if spec.percent else unit_name(item.unit)


def section_csv(unit: Unit, d: Disclosure, section: Section) -> CsvTable:
    walked = list(walk_items(section.items))
    money_units = {unit_name(item.unit) for _, _, item in walked} or {WAN}
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
        desc = (unit_description(unit_label) if spec.percent or len(money_units) == 1
                else "Unit: see the Unit column.")
        fields.extend(status_fields(header(spec.zh, spec.en, unit_label),
                                     header(spec.zh, spec.en), desc))
        if spec.key == "vs_budget.growth_rate":
            fields.extend(text_fields("差异原因", "Reason (vs initial budget)",
                                       "Reason the text gives for the difference from the "
                                       "initial budget"))
        if spec.key == "vs_previous.growth_rate":
            fields.extend(text_fields("变动原因", "Reason (vs previous year)",
                                       "Reason the text gives for the change from the "
                                       "previous year"))
    fields.extend(text_fields("说明", "Note", "Other facts the text states about the item"))
    rows: list[list[Cell]] = []
    for n, (path, depth, item) in enumerate(walked, start=1):
        cells: list[Cell] = [n, path, item.id, depth, item.code, item.label.zh, en(item.label),
                             unit_name(item.unit)]
        for spec in ITEM_FIGURES:
            cells.extend(figure_cells(item_figure(item, spec.key), item_unit(item, spec)))
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
        name=resource_name(d, section_file(d, section.id)),
        title=csv_title(unit, d.year, section.title),
        description=(f"{number}{both(section.title)}: the figures the section "
                     f"quotes, one line per item (sub-items follow their parent). "
                     f"{both(unit.profile.name)}, {d.year}. An empty value with an empty "
                     "status: the text quotes no such figure for the item."),
        fields=fields, rows=rows, primary_key=["项目路径 Item path"])
