"""Located problems of an import: `file.xlsx:Sheet!C12: message`, collected and reported
together."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from ..content.text import escape_controls, shorten


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


def column_letters(col: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def a1(row: int, col: int) -> str:
    """(0, 2) -> C1: a cell as a spreadsheet names it."""
    return f"{column_letters(col)}{row + 1}"


_PLAIN_SHEET = re.compile(r"[^\s'!:\[\]]+")


def sheet_ref(sheet: str, cell: str = "") -> str:
    """`表5!C12`; a sheet name with spaces or punctuation is quoted as spreadsheets do
    (`'Sheet 1'!C12`)."""
    name = sheet if _PLAIN_SHEET.fullmatch(sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{name}!{cell}" if cell else name


@dataclass(frozen=True)
class Problem:
    level: Level
    message: str
    sheet: str | None = None
    cell: str = ""
    """A1 reference (`C12`) or range (`A7:C7`); empty for the whole sheet."""
    hint: str = ""

    def format(self, workbook: str) -> str:
        where = workbook if self.sheet is None else f"{workbook}:{sheet_ref(self.sheet, self.cell)}"
        text = f"{escape_controls(where)}: {self.level.value}: {escape_controls(self.message)}"
        if self.hint:
            text += f"\n    hint: {escape_controls(self.hint)}"
        return text


@dataclass
class Problems:
    """Every problem of one workbook, in the order found (sheet by sheet, top to bottom)."""

    items: list[Problem] = field(default_factory=list)

    def error(self, message: str, sheet: str | None = None, cell: str = "",
              hint: str = "") -> None:
        self.items.append(Problem(Level.ERROR, message, sheet, cell, hint))

    def warning(self, message: str, sheet: str | None = None, cell: str = "",
                hint: str = "") -> None:
        self.items.append(Problem(Level.WARNING, message, sheet, cell, hint))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level is Level.ERROR]

    def format(self, workbook: str) -> str:
        return "\n".join(p.format(workbook) for p in self.items)


def echo(value: object, limit: int = 40) -> str:
    """A cell's content as a message quotes it: bounded, never driving a terminal."""
    return shorten(escape_controls(str(value)), limit)
