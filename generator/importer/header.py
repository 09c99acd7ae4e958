"""A sheet's frame: the 金额单位 and 公开NN表 rows around the title, the header (one to
three rows with merged cells, a 类/款/项 row under 科目编码, a 栏次 row numbering the value
columns) and what each column is: code, split code, name, 行次, 计量单位 or figures.

A two-sided sheet (收入 | 支出, or 人员经费 | 公用经费) is read as blocks side by side,
each with its own name column; the blocks' lines follow one another in the YAML.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .grid import Grid
from .problems import Problems
from .recognise import Title
from .values import AMOUNT_UNITS

HEADER_MAX = 5
"""Rows from the header's first to its 栏次 row (three header rows, 类/款/项, 栏次)."""

UNIT_RE = re.compile(r"(?<!编制)(?<!填报)(?<!编报)单位\s*[:：]\s*(万元|千元|元)(?![\u4e00-\u9fff])")
NUMBER_RE = re.compile(r"公开\s*0*([0-9]{1,2})\s*表|^附?表\s*0*([0-9]{1,2})$")
_META_RE = re.compile(r"编制单位|编报单位|填报单位|单位\s*[:：]|公开\s*[0-9]+\s*表|^附?表\s*[0-9]+$"
                      r"|^[(（]?[0-9]{4}\s*年度?[)）]?$|[0-9]{4}\s*年\s*[0-9]{1,2}\s*月")
TOTAL_WORDS = ("合计", "总计", "小计")
FOOTNOTE_RE = re.compile(r"^(注|说明|备注|填报说明)|本表|为空|无此项|空表")
SIGNATURE_RE = re.compile(r"负责人|制表人|填表人|审核人|经办人")
CODE_RE = re.compile(r"[0-9]{3}(?:[0-9]{2}){0,2}")
SPLIT_PARTS = ("类", "款", "项")
NAME_RE = re.compile(r"^(项目|科目|名称)$|名称$|^项目\(|分类科目$")
UNIT_SUFFIX_RE = re.compile(
    r"[(（]\s*(万元|千元|元|辆|台\s*[(（]\s*套\s*[)）]|台|套|个|人|%)\s*[)）]$")


def label(text: str) -> str:
    """A header as compared and written: spaces and line breaks inside it removed."""
    return re.sub(r"\s+", "", text)


def folded(text: str) -> str:
    return unicodedata.normalize("NFKC", label(text))


def unit_suffix(text: str) -> tuple[str, str | None]:
    """`金额(元)` -> (`金额`, `元`); a text without a unit in brackets -> (text, None)."""
    match = UNIT_SUFFIX_RE.search(text)
    if match is None:
        return text, None
    unit = re.sub(r"\s+", "", match.group(1)).replace("（", "(").replace("）", ")")
    return text[: match.start()].rstrip(), unit


@dataclass
class ValueColumn:
    col: int
    label: str
    group: str | None = None
    unit: str | None = None
    """A unit that is not money (辆), from the header."""
    amount_unit: str | None = None
    """万元, 千元 or 元 when the header says so (`金额(元)`)."""


@dataclass
class Block:
    """Columns that read one set of lines: codes, name, 行次, 计量单位, figures."""

    code_cols: list[int] = field(default_factory=list)
    """One column (2080505) or the 类, 款, 项 columns in order."""
    name_col: int | None = None
    name_path: list[str] = field(default_factory=list)
    row_number_col: int | None = None
    unit_col: int | None = None
    values: list[ValueColumn] = field(default_factory=list)

    @property
    def columns(self) -> list[int]:
        cols = [*self.code_cols, *(c.col for c in self.values)]
        cols += [c for c in (self.name_col, self.row_number_col, self.unit_col) if c is not None]
        return sorted(cols)


@dataclass
class Frame:
    amount_unit: str | None = None
    amount_unit_ref: str = ""
    number: int | None = None
    header: range = range(0)
    lanes_row: int | None = None
    data_start: int = 0
    blocks: list[Block] = field(default_factory=list)
    unlabelled: list[int] = field(default_factory=list)
    """Columns with no header: any figure in them cannot be placed."""


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _numeric_text(text: str) -> bool:
    return bool(re.fullmatch(r"-?[0-9][0-9,]*(\.[0-9]+)?%?", text.replace(" ", "")))


def is_footnote(grid: Grid, row: int) -> bool:
    """A row of text only, opening with 注/说明 or saying the table is empty."""
    texts = _row_texts(grid, row)
    if not texts or any(is_number(grid.value(row, c)) for c in range(grid.width)):
        return False
    return any(FOOTNOTE_RE.search(t) or SIGNATURE_RE.search(t) for t in texts) and len(texts) <= 3


def _row_texts(grid: Grid, row: int) -> list[str]:
    return [grid.text(row, c) for c in range(grid.width)
            if not grid.covered(row, c) and grid.text(row, c)]


def _is_meta(grid: Grid, row: int) -> bool:
    texts = _row_texts(grid, row)
    return bool(texts) and all(_META_RE.search(t) for t in texts)


def _is_data(grid: Grid, row: int) -> bool:
    texts = _row_texts(grid, row)
    if texts and (folded(texts[0]) in TOTAL_WORDS or folded(texts[0]).startswith("一、")):
        return True
    for c in range(grid.width):
        text = grid.text(row, c)
        if is_number(grid.value(row, c)) or CODE_RE.fullmatch(text) or (
                text and _numeric_text(text)):
            return True
    return False


def _is_lanes(grid: Grid, row: int) -> bool:
    """The 栏次 row: `栏次` in a cell, or the value columns numbered 1, 2, 3…"""
    texts = _row_texts(grid, row)
    if any(folded(t) == "栏次" for t in texts):
        return True
    numbers = []
    for t in texts:
        if not re.fullmatch(r"[0-9]+(\.0)?", t):
            if folded(t) not in ("行次", "—", "-"):
                return False
            continue
        numbers.append(int(float(t)))
    return len(numbers) >= 2 and numbers == list(range(1, len(numbers) + 1))


def read_meta(grid: Grid, title: Title, frame: Frame, problems: Problems) -> int:
    """The 金额单位 and table number from the rows around the title; returns the header's
    first row."""
    row = title.row + 1
    while row < grid.height and (grid.row_blank(row) or _is_meta(grid, row)):
        row += 1
    for r in range(0, row):
        for c in range(grid.width):
            if grid.covered(r, c):
                continue
            text = grid.text(r, c)
            unit = UNIT_RE.search(text)
            if unit and frame.amount_unit is None:
                frame.amount_unit, frame.amount_unit_ref = unit.group(1), grid.ref(r, c)
            number = NUMBER_RE.search(unicodedata.normalize("NFKC", text).replace(" ", ""))
            if number and frame.number is None and r != title.row:
                frame.number = int(number.group(1) or number.group(2))
    return row


def find_header(grid: Grid, start: int, frame: Frame) -> None:
    """The header rows, the 栏次 row and the first row of lines. Without a 栏次 row the
    header ends before the first row that reads as a line (a figure, a code, 合计 in
    front): a header's own 合计 (over a column of figures) does not count."""
    window = range(start, min(start + HEADER_MAX, grid.height))
    for r in window:
        if _is_lanes(grid, r):
            frame.header, frame.lanes_row, frame.data_start = range(start, r), r, r + 1
            return
    end = start
    for r in window:
        if r > start and (_is_data(grid, r) or is_footnote(grid, r) or grid.row_blank(r)):
            break
        end = r + 1
    frame.header, frame.data_start = range(start, end), end


def _path(grid: Grid, frame: Frame, col: int) -> list[str]:
    path: list[str] = []
    for r in frame.header:
        text = label(grid.text(r, col))
        if text and (not path or path[-1] != text):
            path.append(text)
    return path


def _role(path: list[str]) -> str:
    leaf = folded(path[-1])
    if leaf in SPLIT_PARTS:
        return "split"
    if re.search(r"编码|代码|编号", leaf) and "名称" not in leaf:
        return "code"
    if leaf == "行次":
        return "row-number"
    if leaf in ("计量单位", "单位"):
        return "unit"
    if NAME_RE.search(leaf):
        return "name"
    return "value"


def read_columns(grid: Grid, frame: Frame, problems: Problems) -> None:
    """Each column's role, grouped into blocks."""
    block = Block()
    pending: list[tuple[int, list[str]]] = []

    def close() -> None:
        nonlocal block
        for col, path in pending:
            block.values.append(_value_column(col, path, block.name_path))
        pending.clear()
        if block.name_col is not None or block.code_cols or block.values:
            frame.blocks.append(block)
        block = Block()

    for col in range(grid.width):
        path = _path(grid, frame, col)
        if not path:
            frame.unlabelled.append(col)
            continue
        role = _role(path)
        starts_lines = role in ("code", "split", "name")
        # A code or name column after figures, or after the block's name, starts the
        # next block (收入 | 支出 side by side).
        if starts_lines and (pending or block.name_col is not None
                             or (role == "code" and block.code_cols)):
            close()
        if role == "split":
            block.code_cols.append(col)
        elif role == "code":
            block.code_cols = [col]
        elif role == "name":
            block.name_col, block.name_path = col, path
        elif role == "row-number":
            block.row_number_col = col
        elif role == "unit":
            block.unit_col = col
        else:
            pending.append((col, path))
    close()


def _value_column(col: int, path: list[str], name_path: list[str]) -> ValueColumn:
    """A figure column: its label (the lowest header), its group (the headers above it
    that do not also span the block's name column) and a unit in brackets."""
    parents = [p for p in path[:-1] if p not in name_path]
    text, unit = unit_suffix(path[-1])
    column = ValueColumn(col, text or path[-1], "·".join(parents) or None)
    if unit in AMOUNT_UNITS:
        column.amount_unit = unit
    elif unit is not None:
        column.unit = unit
    return column
