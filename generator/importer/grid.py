"""A sheet as a grid of cells with its merged ranges, read with python-calamine (which
reads .xlsx and .xls alike). Positions are 0-based (row, column) from A1, blank rows and
columns included, so that every reference names the cell a publisher sees."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

from .problems import Problems, a1, echo

Value = str | int | float | bool | date | datetime | time | timedelta
MAX_FILE_BYTES = 50_000_000
MAX_ROWS = 20_000
MAX_COLUMNS = 300
"""A standard table has tens of rows and at most a few tens of columns; a sheet beyond
these is not one (and reading it whole would only cost memory)."""


@dataclass
class Grid:
    name: str
    cells: list[list[Value]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    """(first row, first column, last row, last column), inclusive."""
    _origin: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for r0, c0, r1, c1 in self.merges:
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        self._origin[(r, c)] = (r0, c0)

    @property
    def height(self) -> int:
        return len(self.cells)

    @property
    def width(self) -> int:
        return max((len(row) for row in self.cells), default=0)

    def raw(self, row: int, col: int) -> Value:
        """The cell's own value ('' when blank or beyond the data)."""
        if 0 <= row < len(self.cells) and 0 <= col < len(self.cells[row]):
            return self.cells[row][col]
        return ""

    def covered(self, row: int, col: int) -> bool:
        """Whether the cell is hidden under a merged range that starts elsewhere."""
        return (row, col) in self._origin

    def origin(self, row: int, col: int) -> tuple[int, int]:
        return self._origin.get((row, col), (row, col))

    def value(self, row: int, col: int) -> Value:
        """What the publisher sees at the cell: a merged range's value over all of it."""
        return self.raw(*self.origin(row, col))

    def text(self, row: int, col: int) -> str:
        """The cell as text with surrounding white space removed ('' when blank)."""
        value = self.value(row, col)
        return value.strip() if isinstance(value, str) else ("" if value == "" else str(value))

    def merge_at(self, row: int, col: int) -> tuple[int, int, int, int] | None:
        r0, c0 = self.origin(row, col)
        return next((m for m in self.merges if m[0] == r0 and m[1] == c0), None)

    def ref(self, row: int, col: int) -> str:
        """`C12`, or the merged range `A7:C7` the cell belongs to."""
        merge = self.merge_at(row, col)
        if merge is None:
            return a1(row, col)
        return f"{a1(merge[0], merge[1])}:{a1(merge[2], merge[3])}"

    def row_blank(self, row: int, cols: range | None = None) -> bool:
        cols = cols if cols is not None else range(self.width)
        return all(self.text(row, c) == "" for c in cols)


def read_workbook(path: Path, problems: Problems) -> list[Grid]:
    """Every visible sheet of the workbook; what cannot be read is a problem."""
    shown = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        problems.error(f"cannot read the workbook: {exc.strerror or exc}",
                       hint="give the path of the .xlsx or .xls file the unit published")
        return []
    if not path.is_file():
        problems.error("is not a file", hint="give the path of the .xlsx or .xls file")
        return []
    if size > MAX_FILE_BYTES:
        problems.error(f"the workbook is {size:,} bytes, more than the "
                       f"{MAX_FILE_BYTES:,} a unit's tables need",
                       hint="check that this is the unit's 公开表 workbook")
        return []
    try:
        with CalamineWorkbook.from_path(str(path)) as book:
            return _sheets(book, problems)
    except (CalamineError, OSError, ValueError) as exc:
        problems.error(f"cannot read {echo(shown)} as an Excel workbook: "
                       f"{echo(exc, 200)}",
                       hint="give an .xlsx or .xls file (save it again from Excel or "
                            "LibreOffice if it is damaged or password-protected)")
        return []


def _sheets(book: CalamineWorkbook, problems: Problems) -> list[Grid]:
    grids = []
    for meta in book.sheets_metadata:
        if meta.visible is not SheetVisibleEnum.Visible:
            problems.warning("hidden sheet skipped", meta.name,
                             hint="show it in Excel if it holds a table to import")
            continue
        sheet = book.get_sheet_by_name(meta.name)
        end = sheet.end
        if end is not None and (end[0] >= MAX_ROWS or end[1] >= MAX_COLUMNS):
            problems.error(f"the sheet reaches {a1(*end)}, beyond the {MAX_ROWS:,} rows and "
                           f"{MAX_COLUMNS} columns of any standard table", meta.name,
                           hint="delete what lies far below or right of the table")
            continue
        cells = sheet.to_python(skip_empty_area=False) if end is not None else []
        merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []]
        grids.append(Grid(meta.name, cells, merges))
    return grids
