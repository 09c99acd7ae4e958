"""Which standard table a sheet is, by its title (never by sheet order or sheet name
alone): the title row is matched against the titles every known layout gives its tables,
and a few spellings units also use."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ..content.model.layout import Layout, TableKind
from .grid import Grid

TITLE_ROWS = 8
"""The title is in the first rows (a 公开NN表 row may come before it)."""

ALIASES: dict[TableKind, tuple[str, ...]] = {
    TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE: (
        "一般公共预算财政拨款基本支出决算明细表", "一般公共预算财政拨款基本支出决算表"),
    TableKind.GENERAL_BUDGET_PROJECT_EXPENDITURE: (
        "一般公共预算财政拨款项目支出决算明细表", "一般公共预算财政拨款项目支出决算表"),
    TableKind.STATE_CAPITAL: ("国有资本经营预算财政拨款收入支出决算表",
                              "国有资本经营预算财政拨款支出决算表"),
    TableKind.THREE_OFFICIAL: ("财政拨款“三公”经费支出决算表",
                               "一般公共预算财政拨款“三公”经费支出决算表"),
    TableKind.PROJECT_INCOME_EXPENDITURE: ("项目收入支出决算表",),
}

_DROP = re.compile(r"[\s\"'“”‘’「」『』、,，.。·:：;；]")


def normalise(text: str) -> str:
    """The title as compared: full-width forms folded (（ -> (), spaces, quotes and
    punctuation removed."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Title:
    kind: TableKind
    row: int
    col: int
    ref: str
    """The title cell (`A1:H1` when merged); empty when the sheet name gave the title."""
    text: str
    """The whole title cell as published (`乌海市…2024年度收入决算表`)."""
    core: str
    """The table's name within it, as published (`收入决算表`)."""


def known_titles(layouts: Iterable[Layout]) -> dict[str, TableKind]:
    """Normalised title -> kind, from the layouts' tables and the aliases."""
    titles: dict[str, TableKind] = {}
    for kind, names in ALIASES.items():
        for name in names:
            titles[normalise(name)] = kind
    for layout in layouts:
        for table in layout.tables:
            if table.kind is not None and table.kind is not TableKind.OTHER:
                titles.setdefault(normalise(table.title.zh), table.kind)
    return titles


def match_title(text: str, titles: dict[str, TableKind]) -> tuple[TableKind, str] | None:
    """The kind whose title the text contains (the longest such title: 收入支出决算总表
    is part of 财政拨款收入支出决算总表) and the table's name as the text writes it."""
    folded = normalise(text)
    found = [t for t in titles if t in folded]
    if not found:
        return None
    best = max(found, key=len)
    return titles[best], _core(text, best)


def _core(text: str, title: str) -> str:
    """The part of `text` from where `title` begins (the unit's name and year before it
    dropped), as published."""
    text = text.strip()
    for start in range(len(text)):
        if normalise(text[start:]).startswith(title):
            end = len(text)
            while end > start and normalise(text[start:end - 1]).startswith(title):
                end -= 1
            return re.sub(r"\s+", "", text[start:end])
    return title


def find_title(grid: Grid, titles: dict[str, TableKind]) -> Title | None:
    """The sheet's title: the first cell in its first rows naming a standard table; the
    sheet name when no cell does."""
    for row in range(min(TITLE_ROWS, grid.height)):
        for col in range(grid.width):
            if grid.covered(row, col):
                continue
            text = grid.text(row, col)
            match = match_title(text, titles) if len(text) <= 200 else None
            if match is not None:
                return Title(match[0], row, col, grid.ref(row, col), re.sub(r"\s+", " ", text),
                             match[1])
    match = match_title(grid.name, titles)
    if match is not None:
        return Title(match[0], -1, -1, "", grid.name, match[1])
    return None
