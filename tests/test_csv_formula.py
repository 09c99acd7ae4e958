"""CSV formula injection (OWASP "CSV Injection"): every text cell a spreadsheet could run
as a formula is written with a leading apostrophe by generator/csvfile.py, whatever white
space or invisible characters come before the trigger, and a real spreadsheet engine
(LibreOffice Calc, headless) reads none of the written cells as a formula. A control file
with the same cells written without neutralising shows that the engine test can fail."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.data.csvfile import (
    BOM,
    LINE_END,
    Number,
    amount,
    cell_text,
    csv_bytes,
    neutralise,
    plain,
)

TRIGGERS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
LEAD_INS = (
    " ", "   ", "\u00a0", "\u2002", "\u2009", "\u202f", "\u3000",  # spaces (Zs)
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e",  # Cf
    "\u2028", "\x0b", "\x1f",  # line separator, controls
    "\u034f", "\u3164", "\ufe0f", "\U000e0020",  # other default-ignorables
    " \u200b\u00a0\ufeff ",  # a mixed run
)
HOSTILE = (
    *(t + "1+1" for t in TRIGGERS),
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "@SUM(1,1)",
    "＠SUM(1,1)",
    "-1+1 减",
    "\t=1+1", "\r=1+1", "\n=1+1", "\tplain", "\rplain", "\nplain",
    *(lead + t + "1+1" for lead in LEAD_INS for t in ("=", "-", "+", "@", "＝")),
)
HARMLESS = (
    "",
    "一般公共预算财政拨款收入",
    "General public budget expenditure",
    "(一)基本支出",
    "208",
    "合计 = 1+1",
    "a-b",
    " 合计",
    "\u200b合计",
    "\u00a0\u3000",
    "100%",
    "'已是文本",
)
FODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
FODS_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def written_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# --------------------------------------------------------------------------- unit


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_cell_gets_an_apostrophe(text: str) -> None:
    assert neutralise(text) == "'" + text
    header, row = written_cells(csv_bytes(["h", text], [[text, "x"]]))
    assert header == ["h", "'" + text]  # header cells go through the same function
    assert row == ["'" + text, "x"]


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_text_cell_is_unchanged(text: str) -> None:
    assert neutralise(text) == text
    assert written_cells(csv_bytes(["h"], [[text]]))[1] == [text]


def test_numbers_are_not_text_and_stay_unescaped() -> None:
    data = csv_bytes(["a", "b", "c"], [[Number("-12.50"), amount(Decimal("-1500")), -5]])
    assert data == (BOM + "a,b,c" + LINE_END + "-12.50,-1500,-5" + LINE_END).encode()


def test_rows_are_written_as_the_csv_module_writes_them() -> None:
    """csv_bytes joins plain rows itself and leaves rows that need quoting to the csv module:
    every kind of cell, alone and beside others, gives the csv module's bytes."""
    cells: list[object] = ["", "plain", "a,b", 'say "hi"', "line\nbreak", "cr\rhere",
                           "crlf\r\nx", "，全角", " lead", "trail ", "'", "=1+1", "\u3164x",
                           None, True, False, 0, -5, Number("-12.50"), Number("1,5"),
                           Number('"'), amount(Decimal("7.8"))]
    rows: list[list[object]] = [[c] for c in cells]
    rows += [[a, b] for a in cells for b in cells]
    for width in (1, 2):
        header = ["h", "x,y"][:width]
        mine = [r for r in rows if len(r) == width]
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator=LINE_END, quoting=csv.QUOTE_MINIMAL)
        writer.writerow([neutralise(h) for h in header])
        for row in mine:
            writer.writerow([cell_text(c) for c in row])  # type: ignore[arg-type]
        expected = (BOM + buffer.getvalue()).encode("utf-8")
        assert csv_bytes(header, mine) == expected  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="row has 1 cells, header has 2"):
        csv_bytes(["a", "b"], [["x"]])


def test_every_invisible_or_space_character_is_a_lead_in() -> None:
    """Whatever Unicode version Python has: every Zs/Zl/Zp/Cc/Cf character before `=`."""
    for code in range(0x110000):
        ch = chr(code)
        if unicodedata.category(ch) in ("Zs", "Zl", "Zp", "Cc", "Cf") or ch.isspace():
            assert neutralise(ch + "=1") == "'" + ch + "=1", f"U+{code:04X}"


# --------------------------------------------------------------------------- LibreOffice

# Comma, double quote, UTF-8 (76), from line 1, no column formats, language en-US (1033),
# quoted field as text false, detect special numbers true, token 9/10 (export only) false,
# trim spaces TRUE, sheet -1, evaluate formulas TRUE: the most eager import, so that a
# cell a user's settings could turn into a formula shows up here.
CSV_FILTER = "CSV:44,34,76,1,,1033,false,true,false,false,true,-1,true"

# What LibreOffice 7.4 (Debian bookworm) did with the un-neutralised cells of HOSTILE, seen
# by running this test: only a cell starting with ASCII `=` becomes a formula, and, because
# of "trim spaces", so does one whose `=` comes after ordinary spaces (U+0020 only: not
# NBSP, other Zs spaces, tabs or Cf characters). `+`, `-`, `@` (which Excel also reads as
# formula starts), the full-width forms, and `=` after a tab, CR or LF stay text in
# LibreOffice's CSV import; they are neutralised anyway for other spreadsheets.
FORMULAS_WITHOUT_NEUTRALISING = {
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    " =1+1",
    "   =1+1",
}


@pytest.fixture(scope="module")
def soffice() -> str:
    path = shutil.which("soffice")
    if path is None:
        message = "LibreOffice (soffice, Debian package libreoffice-calc-nogui) is not on PATH"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run the spreadsheet formula test", pytrace=False)
        pytest.skip(message)
    return path


def fods_cells(path: Path) -> list[tuple[str, bool]]:
    """(text, is a formula) of the first cell of every row of a flat ODF spreadsheet."""
    out: list[tuple[str, bool]] = []
    for row in ET.parse(path).getroot().iter(f"{{{FODS_TABLE}}}table-row"):
        cell = row.find(f"{{{FODS_TABLE}}}table-cell")
        if cell is None:
            continue
        paragraph = cell.find(f"{{{FODS_TEXT}}}p")
        text = "" if paragraph is None else "".join(paragraph.itertext())
        formula = any(f"{{{FODS_TABLE}}}formula" in c.attrib for c in row)
        repeat = int(row.get(f"{{{FODS_TABLE}}}number-rows-repeated", "1"))
        out.extend([(text, formula)] * repeat)
    while out and out[-1] == ("", False):  # trailing empty rows, if any
        out.pop()
    return out


def test_libreoffice_reads_no_neutralised_cell_as_a_formula(
        soffice: str, tmp_path: Path) -> None:
    safe = tmp_path / "safe.csv"
    safe.write_bytes(csv_bytes(["h"], [[text] for text in HOSTILE]))
    raw = tmp_path / "raw.csv"  # the control: the same cells, not neutralised
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=LINE_END)
    writer.writerow(["h"])
    writer.writerows([text] for text in HOSTILE)
    raw.write_bytes((BOM + buffer.getvalue()).encode("utf-8"))

    out = tmp_path / "out"
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
         "--headless", "--norestore", "--convert-to", "fods", f"--infilter={CSV_FILTER}",
         "--outdir", str(out), str(safe), str(raw)],
        check=True, capture_output=True, timeout=120)

    safe_cells = fods_cells(out / "safe.fods")
    assert len(safe_cells) == 1 + len(HOSTILE)  # one row per cell: nothing split or merged
    formulas = [text for text, (_, formula) in zip(HOSTILE, safe_cells[1:], strict=True)
                if formula]
    assert formulas == []
    assert all(text.startswith("'") for text, _ in safe_cells[1:])

    raw_cells = fods_cells(out / "raw.fods")
    assert len(raw_cells) == 1 + len(HOSTILE)
    formulas = {text for text, (_, formula) in zip(HOSTILE, raw_cells[1:], strict=True)
                if formula}
    assert formulas == FORMULAS_WITHOUT_NEUTRALISING


@settings(max_examples=2000, deadline=None)
@given(st.decimals(allow_nan=True, allow_infinity=True))
def test_plain_is_positional_notation_for_any_decimal(value: Decimal) -> None:
    """`plain` takes `str` where it has no exponent: the same text as format's "f"."""
    assert plain(value) == format(value, "f")


@pytest.mark.parametrize("text, shown", [("1E+1", "10"), ("1.20", "1.20"), ("117", "117"),
                                         ("-1E-7", "-0.0000001"), ("0E-3", "0.000"),
                                         ("-0", "-0")])
def test_plain_keeps_the_figure_as_written_without_exponents(text: str, shown: str) -> None:
    assert plain(Decimal(text)) == shown
