"""Workbooks laid out as units publish their standard tables (the national templates),
made in the tests with openpyxl: a title row, 公开NN表, 编制单位 and 金额单位, a header of
one to three rows with merged cells, a 栏次 row, codes in one column or in 类/款/项
columns, two-sided sheets (收入 | 支出), footnotes. `to_xls` converts one with LibreOffice,
as most units' .xls files are made by an office suite."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

Figure = Decimal | str | int | None
"""A value cell: a number, a text as a unit might type it ('1,234.50', '-'), or blank."""
UNIT_NAME = "乌海市社会保险事业服务中心"


@dataclass
class Line:
    name: str
    values: list[Figure]
    code: str | None = None
    level: int = 1
    unit: str | None = None
    """The 计量单位 cell, when the block has that column."""


@dataclass
class Block:
    values: list[str | tuple[str, list[str]]]
    """Headers of the figure columns: a label, or (group, labels) under a spanning header."""
    lines: list[Line]
    codes: str = "single"
    """none (项目 only), single (科目编码 | 科目名称) or split (类 | 款 | 项 | 科目名称)."""
    heading: str | None = None
    """A header over the whole block (收入, 支出, 人员经费)."""
    row_numbers: bool = False
    unit_column: bool = False
    codes_as_numbers: bool = False

    @property
    def name_width(self) -> int:
        return {"none": 1, "single": 2, "split": 4}[self.codes]

    @property
    def labels(self) -> list[tuple[str | None, str]]:
        out: list[tuple[str | None, str]] = []
        for v in self.values:
            out.extend([(v[0], label) for label in v[1]] if isinstance(v, tuple)
                       else [(None, v)])
        return out

    @property
    def width(self) -> int:
        return (self.name_width + self.row_numbers + self.unit_column + len(self.labels))


@dataclass
class Sheet:
    title: str
    blocks: list[Block]
    name: str = "Sheet1"
    number: int | None = None
    amount_unit: str | None = "万元"
    notes: list[str] = field(default_factory=list)
    prefix: str = f"{UNIT_NAME}2024年度"
    offset: tuple[int, int] = (0, 0)
    """Blank rows above and blank columns left of the table."""
    blank_row_after: int | None = None
    """An empty row after this many lines."""
    blank_column: bool = False
    """An empty column (no header, no figures) right of the first block's names."""
    lanes: bool = True

    def header_depth(self) -> int:
        def depth(b: Block) -> int:
            own = {"none": 1, "single": 2, "split": 3}[b.codes]
            grouped = 2 if any(isinstance(v, tuple) for v in b.values) else 1
            return max(own, grouped) + (b.heading is not None)
        return max(depth(b) for b in self.blocks)


def _merge(ws: Worksheet, r0: int, c0: int, r1: int, c1: int) -> None:
    if (r0, c0) != (r1, c1):
        ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)


def _put(ws: Worksheet, row: int, col: int, value: Figure) -> None:
    if value is None:
        return
    ws.cell(row, col, float(value) if isinstance(value, Decimal) else value)


class _Writer:
    def __init__(self, ws: Worksheet, sheet: Sheet) -> None:
        self.ws, self.sheet = ws, sheet
        self.top, self.left = 1 + sheet.offset[0], 1 + sheet.offset[1]
        self.starts: list[int] = []
        col = self.left
        for i, block in enumerate(sheet.blocks):
            self.starts.append(col)
            col += block.width + (1 if i == 0 and sheet.blank_column else 0)
        self.right = col - 1

    def write(self) -> None:
        ws, s, row = self.ws, self.sheet, self.top
        ws.cell(row, self.left, s.prefix + s.title)
        _merge(ws, row, self.left, row, self.right)
        row += 1
        if s.number is not None:
            ws.cell(row, self.right, f"公开{s.number:02d}表")
            row += 1
        ws.cell(row, self.left, f"编制单位：{UNIT_NAME}")
        if s.amount_unit:
            ws.cell(row, self.right, f"金额单位：{s.amount_unit}")
        row += 1
        depth = s.header_depth()
        lane = 1
        for block, start in zip(s.blocks, self.starts, strict=True):
            self._header(block, start, row, depth)
            if s.lanes:
                ws.cell(row + depth, start, "栏次")
                _merge(ws, row + depth, start, row + depth, start + block.name_width - 1)
                first = start + block.name_width + block.row_numbers + block.unit_column
                for i in range(len(block.labels)):
                    ws.cell(row + depth, first + i, lane)
                    lane += 1
        row += depth + s.lanes
        count = max(len(b.lines) for b in s.blocks)
        for i in range(count):
            if s.blank_row_after is not None and i == s.blank_row_after:
                row += 1
            for block, start in zip(s.blocks, self.starts, strict=True):
                if i < len(block.lines):
                    self._line(block, start, row, block.lines[i], i + 1)
            row += 1
        for note in s.notes:
            ws.cell(row, self.left, note)
            _merge(ws, row, self.left, row, self.right)
            row += 1

    def _header(self, b: Block, c: int, top: int, depth: int) -> None:
        ws = self.ws
        bottom = top + depth - 1
        if b.heading is not None:
            ws.cell(top, c, b.heading)
            _merge(ws, top, c, top, c + b.width - 1)
            top += 1
        if b.codes == "none":
            ws.cell(top, c, "项目")
            _merge(ws, top, c, bottom, c)
        elif b.codes == "single" and top == bottom:
            ws.cell(top, c, "科目编码")
            ws.cell(top, c + 1, "科目名称")
        elif b.codes == "single":
            ws.cell(top, c, "项目")
            _merge(ws, top, c, top, c + 1)
            ws.cell(top + 1, c, "科目编码")
            _merge(ws, top + 1, c, bottom, c)
            ws.cell(top + 1, c + 1, "科目名称")
            _merge(ws, top + 1, c + 1, bottom, c + 1)
        else:
            code_top = top + 1 if bottom - top >= 2 else top
            if code_top > top:
                ws.cell(top, c, "项目")
                _merge(ws, top, c, top, c + 3)
            ws.cell(code_top, c, "科目编码")
            _merge(ws, code_top, c, bottom - 1, c + 2)
            for i, part in enumerate("类款项"):
                ws.cell(bottom, c + i, part)
            ws.cell(code_top, c + 3, "科目名称")
            _merge(ws, code_top, c + 3, bottom, c + 3)
        col = c + b.name_width
        for on, text in ((b.row_numbers, "行次"), (b.unit_column, "计量单位")):
            if on:
                ws.cell(top, col, text)
                _merge(ws, top, col, bottom, col)
                col += 1
        for v in b.values:
            if isinstance(v, tuple):
                group, labels = v
                ws.cell(top, col, group)
                _merge(ws, top, col, top, col + len(labels) - 1)
                for label in labels:
                    ws.cell(top + 1, col, label)
                    _merge(ws, top + 1, col, bottom, col)
                    col += 1
            else:
                ws.cell(top, col, v)
                _merge(ws, top, col, bottom, col)
                col += 1

    def _line(self, b: Block, c: int, row: int, line: Line, number: int) -> None:
        ws = self.ws
        indent = "  " * (line.level - 1)
        if line.code is None and b.codes != "none":
            ws.cell(row, c, indent + line.name)  # 合计 merged over the code columns
            _merge(ws, row, c, row, c + b.name_width - 1)
        else:
            code = line.code or ""
            if b.codes == "split":
                for i, part in enumerate((code[:3], code[3:5], code[5:7])):
                    if part:
                        ws.cell(row, c + i, int(part) if b.codes_as_numbers else part)
            elif b.codes == "single" and code:
                ws.cell(row, c, int(code) if b.codes_as_numbers else code)
            ws.cell(row, c + b.name_width - 1, indent + line.name)
        col = c + b.name_width
        if b.row_numbers:
            ws.cell(row, col, number)
            col += 1
        if b.unit_column:
            _put(ws, row, col, line.unit)
            col += 1
        for i, value in enumerate(line.values):
            _put(ws, row, col + i, value)


def write_workbook(path: Path, sheets: list[Sheet]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        _Writer(wb.create_sheet(sheet.name), sheet).write()
    wb.save(path)
    return path


def to_xls(xlsx: Path) -> Path:
    """The workbook as .xls (BIFF8), converted by LibreOffice with a profile of its own (so
    that parallel test workers do not share one)."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (package libreoffice-calc-nogui) is needed: scripts/test.sh"
    profile = xlsx.parent / f".lo-{uuid.uuid4().hex}"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "xls", "--outdir", str(xlsx.parent), str(xlsx)],
                   check=True, capture_output=True, timeout=180)
    shutil.rmtree(profile, ignore_errors=True)
    out = xlsx.with_suffix(".xls")
    assert out.is_file(), f"LibreOffice did not convert {xlsx}"
    return out


def cell_letter(col: int) -> str:
    return get_column_letter(col)
