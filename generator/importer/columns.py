"""Column ids: the ids the shipped content uses for the standard tables' columns, so that
an imported year compares with a transcribed one; any other header gets a pinyin slug."""

from __future__ import annotations

import re

from ..content.model.layout import TableKind
from .header import folded

IDS: dict[str, tuple[str, str]] = {
    "金额": ("amount", "Amount"),
    "金额/数量": ("amount", "Amount / number"),
    "决算数": ("amount", "Final accounts"),
    "年初预算数": ("budget", "Initial budget"),
    "年初预算": ("budget", "Initial budget"),
    "全年预算数": ("budget", "Full-year budget"),
    "预算数": ("budget", "Budget"),
    "合计": ("total", "Total"),
    "本年收入合计": ("total", "Income of the year"),
    "本年支出合计": ("total", "Expenditure of the year"),
    "基本支出": ("basic", "Basic expenditure"),
    "项目支出": ("project", "Project expenditure"),
    "财政拨款收入": ("appropriations", "Fiscal appropriations"),
    "上级补助收入": ("higher-level-subsidies", "Subsidies from higher-level units"),
    "事业收入": ("public-service-revenue", "Public service revenue"),
    "经营收入": ("business-revenue", "Business revenue"),
    "附属单位上缴收入": ("affiliated-remittances", "Remittances from affiliated units"),
    "其他收入": ("other", "Other income"),
    "上缴上级支出": ("remitted", "Remitted to higher-level units"),
    "经营支出": ("business", "Business expenditure"),
    "对附属单位补助支出": ("affiliated-subsidies", "Subsidies to affiliated units"),
    "一般公共预算财政拨款": ("general-budget", "General public budget appropriations"),
    "政府性基金预算财政拨款": ("government-fund", "Government fund budget appropriations"),
    "国有资本经营预算财政拨款": ("state-capital",
                                 "State capital operation budget appropriations"),
    "年初结转和结余": ("opening", "Opening carry-over and surplus"),
    "本年收入": ("income", "Income of the year"),
    "年末结转和结余": ("closing", "Closing carry-over and surplus"),
}
KIND_IDS: dict[TableKind, dict[str, tuple[str, str]]] = {
    TableKind.THREE_OFFICIAL: {"决算数": ("actual", "Final accounts")},
}
GROUP_EN = {"决算数": "Final accounts", "本年支出": "Expenditure of the year",
            "本年收入": "Income of the year"}
GENERIC = ("amount",)
"""A block's lone figure column (金额) that stands for another block's 合计."""


def known(kind: TableKind, text: str) -> tuple[str, str] | None:
    key = folded(text).replace("(", "").replace(")", "")
    return KIND_IDS.get(kind, {}).get(key) or IDS.get(key)


def slug(text: str) -> str:
    """`会议费` -> `hui-yi-fei`: a header no table of the templates has."""
    from pypinyin import lazy_pinyin  # a large dictionary: loaded only for an unknown header

    words = [re.sub(r"[^a-z0-9]+", "-", w.lower()).strip("-") for w in lazy_pinyin(text)]
    out = "-".join(w for w in words if w)
    return out[:80].strip("-") or "column"


def column_id(kind: TableKind, label: str, group: str | None, taken: set[str]) -> str:
    """The id for a header, unique within the table."""
    found = known(kind, label)
    candidates = [found[0]] if found else []
    candidates.append(slug(f"{group or ''}{label}"))
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    base, n = candidates[-1], 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
