"""A block's lines: the classification code (one column, or 类/款/项 columns; a 款 or 项
row that leaves 类 blank takes it from the line above), the name as published (its
indentation gives the level of uncoded lines), 合计/总计 rows, a row unit (辆, %), and
one reading per figure column. Footnotes (注：本表反映…, 本单位无此项支出,故本表为空)
become the table's note."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..content.text import control_char
from .grid import Grid
from .header import (
    CODE_RE,
    SIGNATURE_RE,
    TOTAL_WORDS,
    Block,
    Frame,
    ValueColumn,
    folded,
    is_footnote,
    is_number,
    unit_suffix,
)
from .problems import Problems, a1, echo
from .values import AMOUNT_UNITS, CellError, check_bounds, plain, read_value, to_wan


@dataclass
class Fig:
    """One figure of a line, with the cell it was read from."""

    ref: str
    value: Decimal | None = None
    unknown: dict[str, str] | None = None
    shown: str = ""
    """The cell as published, when it differs from the value written (`4472500 元`)."""


@dataclass
class Line:
    name: str
    ref: str
    code: str | None = None
    code_ref: str = ""
    indent: int = 0
    level: int | None = None
    unit: str | None = None
    cells: dict[int, Fig] = field(default_factory=dict)
    """Sheet column -> figure."""

    @property
    def total(self) -> bool:
        return folded(self.name).endswith(TOTAL_WORDS)


@dataclass
class Lines:
    blocks: list[list[Line]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    """Footnotes as published, with their cell."""


def clean_text(text: str) -> str:
    """A name as written: white space around Chinese characters dropped (line breaks in a
    wrapped cell), other runs of white space made one space."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" (?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) ", "", text)


def _indent(value: object) -> int:
    if not isinstance(value, str):
        return 0
    width = 0
    for ch in value:
        if ch == "\u3000":
            width += 2
        elif ch.isspace():
            width += 1
        else:
            break
    return width


class _Reader:
    def __init__(self, grid: Grid, frame: Frame, problems: Problems) -> None:
        self.grid, self.frame, self.problems = grid, frame, problems
        self.sheet = grid.name
        self.no_unit_reported = False

    def error(self, message: str, row: int, col: int, hint: str = "") -> None:
        self.problems.error(message, self.sheet, self.grid.ref(row, col), hint)

    def read(self) -> Lines:
        out = Lines(blocks=[[] for _ in self.frame.blocks])
        last_codes: list[list[str]] = [[] for _ in self.frame.blocks]
        for row in range(self.frame.data_start, self.grid.height):
            if self.grid.row_blank(row):
                continue
            if is_footnote(self.grid, row):
                self._footnote(row, out)
                continue
            for i, block in enumerate(self.frame.blocks):
                line = self._line(block, row, last_codes[i])
                if line is not None:
                    out.blocks[i].append(line)
            self._unlabelled(row)
        for lines in out.blocks:
            _levels(lines)
        return out

    def _footnote(self, row: int, out: Lines) -> None:
        for col in range(self.grid.width):
            text = self.grid.text(row, col)
            if text and not self.grid.covered(row, col):
                if SIGNATURE_RE.search(text):
                    self.problems.warning(f"signature line '{echo(text)}' skipped", self.sheet,
                                          self.grid.ref(row, col))
                else:
                    out.notes.append((clean_text(text), self.grid.ref(row, col)))

    def _unlabelled(self, row: int) -> None:
        for col in self.frame.unlabelled:
            if not self.grid.covered(row, col) and self.grid.text(row, col):
                self.error(f"'{echo(self.grid.text(row, col))}' is in a column without a "
                           "header: it cannot be placed", row, col,
                           "give the column its header, or delete the stray cell")

    def _code(self, block: Block, row: int,
              last: list[str]) -> tuple[str | None, str | None, int]:
        """(code, text found instead of a code, its column) of a line."""
        cols = block.code_cols
        if not cols:
            return None, None, -1
        name_origin = (self.grid.origin(row, block.name_col)
                       if block.name_col is not None else None)
        if self.grid.origin(row, cols[0]) == name_origin:
            return None, None, -1  # 合计 merged over the code and name columns
        parts = []
        for i, col in enumerate(cols):
            value = self.grid.value(row, col)
            text = (str(int(value)) if is_number(value) and float(value).is_integer()
                    else self.grid.text(row, col).replace(" ", ""))
            if text and len(cols) > 1 and i > 0 and text.isdigit():
                text = text.zfill(2)
            parts.append(text)
        if len(cols) == 1:
            if CODE_RE.fullmatch(parts[0]):
                return parts[0], None, -1
            return None, parts[0] or None, cols[0]
        wrong = next((i for i, p in enumerate(parts) if p and not p.isdigit()), None)
        if wrong is not None:
            return None, parts[wrong], cols[wrong]
        code = self._split_code(parts, last)
        return (code, None, -1) if code is not None else (None, "".join(parts) or None, cols[0])

    @staticmethod
    def _split_code(parts: list[str], last: list[str]) -> str | None:
        if not any(parts):
            return None
        # A 款 or 项 row may leave the levels above blank: take them from the line above.
        filled = []
        for i, part in enumerate(parts):
            if not part:
                if any(parts[i + 1:]) and i < len(last):
                    part = last[i]
                else:
                    break
            filled.append(part)
        code = "".join(filled)
        last[:] = filled
        return code if CODE_RE.fullmatch(code) else None

    def _line(self, block: Block, row: int, last: list[str]) -> Line | None:
        grid = self.grid
        code, other, other_col = self._code(block, row, last)
        name_col = block.name_col if block.name_col is not None else (
            block.code_cols[-1] if block.code_cols else None)
        raw = grid.value(row, name_col) if name_col is not None else ""
        name = clean_text(grid.text(row, name_col)) if name_col is not None else ""
        ref_col = name_col if name_col is not None else block.columns[0]
        if other is not None:
            if name and grid.origin(row, other_col) != grid.origin(row, name_col):
                self.error(f"'{echo(other)}' is not a classification code", row, other_col,
                           "a code has 3, 5 or 7 digits (类/款/项: 3, 2 and 2), e.g. "
                           "2080505 or 208 | 05 | 05")
            else:
                name, raw, ref_col = clean_text(other), other, block.code_cols[0]
        if code is None and not block.code_cols:
            embedded = re.fullmatch(r"([0-9]{3}(?:[0-9]{2}){0,2})\s+(\S.*)", name)
            if embedded:
                code, name = embedded.group(1), embedded.group(2)
        figures = {vc.col: grid.value(row, vc.col) for vc in block.values
                   if not grid.covered(row, vc.col)}
        has_figures = any(v != "" and not (isinstance(v, str) and not v.strip())
                          for v in figures.values())
        if not name and code is None:
            if has_figures:
                col = next(c for c, v in figures.items() if str(v).strip())
                self.error("a figure on a line without a name or code: it cannot be placed",
                           row, col, "write the line's name (科目名称 or 项目) in the same row")
            return None
        bad = control_char(name)
        if bad:
            self.error(f"the name has a control character {bad}", row, ref_col)
            return None
        if not name:
            self.error(f"code {code} has no name", row, ref_col,
                       "write the 科目名称 beside the code")
            return None
        line = Line(name=name, ref=grid.ref(row, ref_col), code=code, indent=_indent(raw))
        if block.code_cols and code is not None:
            first, end = block.code_cols[0], block.code_cols[-1]
            line.code_ref = a1(row, first) if first == end else f"{a1(row, first)}:{a1(row, end)}"
        amount_unit = self._line_unit(block, row, line)
        for vc in block.values:
            self._figure(row, vc, line, amount_unit)
        return line

    def _line_unit(self, block: Block, row: int, line: Line) -> str | None:
        """The line's 金额单位 when its 计量单位 cell gives one; sets a unit that is not
        money (辆, 台(套), %) from that cell or from the name (`车辆合计（辆）`)."""
        text = self.grid.text(row, block.unit_col) if block.unit_col is not None else ""
        _, from_name = unit_suffix(line.name)
        unit = text.replace(" ", "") or from_name
        if unit in AMOUNT_UNITS:
            return unit
        line.unit = unit or None
        return None

    def _figure(self, row: int, vc: ValueColumn, line: Line, amount_unit: str | None) -> None:
        grid = self.grid
        if grid.covered(row, vc.col):
            r0, c0 = grid.origin(row, vc.col)
            if r0 == row and c0 != vc.col and grid.raw(r0, c0) != "":
                self.error("a figure merged over several columns cannot be placed in one",
                           row, vc.col, "unmerge the cells and give each column its figure")
            line.cells[vc.col] = Fig(ref=a1(row, vc.col), unknown=read_value("").unknown)
            return
        try:
            reading = read_value(grid.raw(row, vc.col))
        except CellError as exc:
            self.error(str(exc), row, vc.col, exc.hint)
            return
        fig = Fig(ref=a1(row, vc.col), value=reading.value, unknown=reading.unknown)
        if reading.value is None:
            line.cells[vc.col] = fig
            return
        if reading.percent:
            if (line.unit or vc.unit or "%") != "%":
                self.error(f"'{echo(reading.shown)}' is a percentage on a line in "
                           f"{line.unit or vc.unit}", row, vc.col)
                return
            line.unit = "%"
        elif line.unit is None and vc.unit is None:
            fig.value, fig.shown = self._to_wan(reading.value, row, vc, amount_unit)
        try:
            check_bounds(fig.value)
        except CellError as exc:
            self.error(str(exc), row, vc.col, exc.hint)
            return
        line.cells[vc.col] = fig

    def _to_wan(self, value: Decimal, row: int, vc: ValueColumn,
                amount_unit: str | None) -> tuple[Decimal, str]:
        unit = amount_unit or vc.amount_unit or self.frame.amount_unit
        if unit is None:
            if not self.no_unit_reported:
                self.no_unit_reported = True
                self.error("the sheet does not say its 金额单位: 元 cannot be told from 万元",
                           row, vc.col, "add a row '金额单位：万元' (or 元) under the title")
            return value, ""
        if unit == "万元":
            return value, ""
        return to_wan(value, unit), f"{plain(value)} {unit}"


    def read_across(self, values: list[tuple[ValueColumn, str, list[str]]]) -> Lines:
        """The lines of a table whose lines run across (the 三公 table as the national
        template lays it out: 预算数 and 决算数 blocks over 合计, 因公出国(境)费, 公务用车…
        (小计, 购置费, 运行费), 公务接待费, with one row of figures): a line per category,
        its level from the header rows above it (合计 the total), its cells from the one
        row, its footnotes as the table's note. `values`: each figure column with its
        column kind's header and its category path."""
        out = Lines(blocks=[[]])
        rows = []
        for r in range(self.frame.data_start, self.grid.height):
            if is_footnote(self.grid, r):
                self._footnote(r, out)
            elif not self.grid.row_blank(r):
                rows.append(r)
        if len(rows) != 1:
            where = rows[1] if rows else self.frame.data_start
            col = next((c for c in range(self.grid.width) if self.grid.text(where, c)),
                       values[0][0].col)
            self.error(f"{len(rows)} rows of figures under a header whose lines run across: "
                       "one was expected", where, col,
                       "a table laid out across (the 三公 table) has one row of figures")
            return out
        row = rows[0]
        lines: dict[tuple[str, ...], Line] = {}
        for vc, _, path in values:
            key = tuple(path)
            line = lines.get(key)
            if line is None:
                name = clean_text(path[-1])
                total = folded(name) in TOTAL_WORDS
                line = Line(name=name, ref=self._header_ref(vc.col, path[-1]),
                            level=1 if total else len(path) + 1)
                lines[key] = line
            self._figure(row, vc, line, None)
        out.blocks[0] = list(lines.values())
        return out

    def _header_ref(self, col: int, text: str) -> str:
        for r in self.frame.header:
            if clean_text(self.grid.text(r, col)) == clean_text(text):
                return self.grid.ref(r, col)
        return self.grid.ref(self.frame.header.start, col)


def _levels(lines: list[Line]) -> None:
    """Uncoded lines' levels from their indentation: the distinct indents, in order."""
    indents = sorted({line.indent for line in lines if line.code is None})
    for line in lines:
        if line.code is None and line.indent:
            line.level = indents.index(line.indent) + 1


def read_lines(grid: Grid, frame: Frame, problems: Problems) -> Lines:
    return _Reader(grid, frame, problems).read()


def read_across(grid: Grid, frame: Frame, problems: Problems,
                values: list[tuple[ValueColumn, str, list[str]]]) -> Lines:
    return _Reader(grid, frame, problems).read_across(values)
