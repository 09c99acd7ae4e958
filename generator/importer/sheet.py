"""One sheet into one table: frame, columns with their ids, lines and notes."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content.model.layout import LayoutTable, TableKind
from ..content.model.tables import Classification
from .columns import GENERIC, GROUP_EN, column_id, known
from .grid import Grid
from .header import Frame, ValueColumn, find_header, folded, read_columns, read_meta
from .problems import Problems
from .recognise import Title
from .rows import Line, read_across, read_lines

ECONOMIC = {TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE,
            TableKind.GENERAL_BUDGET_PROJECT_EXPENDITURE}
UNCLASSIFIED = {TableKind.THREE_OFFICIAL, TableKind.OPERATING_PROCUREMENT_ASSETS,
                TableKind.OTHER}


@dataclass
class Col:
    id: str
    label: str
    label_en: str | None = None
    group: str | None = None
    group_en: str | None = None
    unit: str | None = None


@dataclass
class ImportedTable:
    sheet: str
    title: Title
    table: LayoutTable
    number: int
    frame: Frame
    columns: list[Col] = field(default_factory=list)
    lines: list[tuple[Line, dict[int, str]]] = field(default_factory=list)
    """Each line with its sheet column -> column id."""
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def classification(self) -> Classification:
        kind = self.title.kind
        if kind in ECONOMIC:
            return Classification.ECONOMIC
        if kind in UNCLASSIFIED and not any(line.code for line, _ in self.lines):
            return Classification.NONE
        return Classification.FUNCTION

    @property
    def file_name(self) -> str:
        return f"{self.number:02d}-{self.table.id}.yaml"


def _ids(kind: TableKind, frame: Frame) -> tuple[list[Col], list[dict[int, str]]]:
    """The table's columns and, per block, sheet column -> column id. The widest block
    names the columns; a narrower block's columns join them by header, and a lone 金额
    (the income side of 财政拨款收入支出决算总表) stands for the other side's 合计."""
    columns: list[Col] = []
    by_header: dict[tuple[str, str | None], str] = {}
    maps: list[dict[int, str]] = [{} for _ in frame.blocks]
    order = sorted(range(len(frame.blocks)), key=lambda i: -len(frame.blocks[i].values))
    for i in order:
        block = frame.blocks[i]
        for vc in block.values:
            used = set(maps[i].values())
            maps[i][vc.col] = _place(kind, vc, len(block.values) == 1, columns,
                                     by_header, used)
    return columns, maps


def _place(kind: TableKind, vc: ValueColumn, lone: bool, columns: list[Col],
           by_header: dict[tuple[str, str | None], str], used: set[str]) -> str:
    key = (vc.label, vc.group)
    if key in by_header and by_header[key] not in used:
        return by_header[key]
    ids = {c.id for c in columns}
    found = known(kind, vc.label)
    if (lone and found and found[0] in GENERIC and "total" in ids and "amount" not in ids
            and key not in by_header):
        by_header[key] = "total"
        return "total"
    col = Col(column_id(kind, vc.label, vc.group, ids), vc.label,
              found[1] if found else None, vc.group,
              GROUP_EN.get(vc.group) if vc.group else None, vc.unit)
    columns.append(col)
    by_header[key] = col.id
    return col.id


def read_table(grid: Grid, title: Title, table: LayoutTable,
               problems: Problems) -> ImportedTable | None:
    frame = Frame()
    start = read_meta(grid, title, frame, problems)
    find_header(grid, start, frame)
    read_columns(grid, frame, problems)
    if not any(block.values for block in frame.blocks):
        problems.error("no column of figures found under the title", grid.name,
                       grid.ref(start, 0) if start < grid.height else "",
                       "a standard table has a header (项目, 金额 …) and a 栏次 row "
                       "above its lines")
        return None
    if not any(b.name_col is not None or b.code_cols for b in frame.blocks):
        across = _across(title.kind, frame)
        if across is not None:
            return _read_across(grid, title, table, frame, across, problems)
        problems.error("no name or code column (项目, 科目名称, 科目编码) in the header",
                       grid.name, grid.ref(frame.header.start, 0),
                       "the first columns of a standard table name its lines")
        return None
    columns, maps = _ids(title.kind, frame)
    lines = read_lines(grid, frame, problems)
    out = ImportedTable(grid.name, title, table, frame.number or table.number, frame,
                        columns, notes=lines.notes)
    for block_lines, mapping in zip(lines.blocks, maps, strict=True):
        out.lines.extend((line, mapping) for line in block_lines)
    return out


ACROSS = {TableKind.THREE_OFFICIAL}
"""Tables that a template may lay out across: the lines as columns under a header per
column kind (预算数 | 决算数), one row of figures, no name column."""


def _across(kind: TableKind, frame: Frame) -> list[tuple[ValueColumn, str, list[str]]] | None:
    """Each figure column with its column kind (the header above it) and its line's path
    (the headers under that, 小计 standing for the header above it); None when the sheet
    is not laid out so."""
    if kind not in ACROSS:
        return None
    out = []
    for vc in (vc for block in frame.blocks for vc in block.values):
        path = [*(vc.group.split("·") if vc.group else []), vc.label]
        if len(path) > 1 and folded(path[-1]) == "小计":
            path.pop()
        if len(path) < 2:
            return None
        out.append((vc, path[0], path[1:]))
    return out or None


def _read_across(grid: Grid, title: Title, table: LayoutTable, frame: Frame,
                 across: list[tuple[ValueColumn, str, list[str]]],
                 problems: Problems) -> ImportedTable:
    columns: list[Col] = []
    ids: dict[str, str] = {}
    mapping: dict[int, str] = {}
    for vc, header, _ in across:
        if header not in ids:
            found = known(title.kind, header)
            ids[header] = column_id(title.kind, header, None, set(ids.values()))
            columns.append(Col(ids[header], header, found[1] if found else None))
        mapping[vc.col] = ids[header]
    lines = read_across(grid, frame, problems, across)
    out = ImportedTable(grid.name, title, table, frame.number or table.number, frame,
                        columns, notes=lines.notes)
    out.lines.extend((line, mapping) for line in lines.blocks[0])
    return out
