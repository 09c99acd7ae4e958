"""An imported table as the YAML the loader reads (`tables/<nn>-<id>.yaml`), every figure
stated, each followed by a comment naming its cell in the workbook (and the published
value when it was converted from 元). Comments are for the people who check the import:
readers never see a file or cell name."""

from __future__ import annotations

import json

from ..content.text import escape_controls
from .problems import sheet_ref
from .rows import Fig
from .sheet import Col, ImportedTable
from .values import plain


def q(text: str) -> str:
    """A double-quoted YAML scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def _text(zh: str, en: str | None) -> str:
    return f"{{zh: {q(zh)}, en: {q(en)}}}" if en else q(zh)


def _comment(text: str) -> str:
    return escape_controls(text).replace("\n", " ")


def _figure(fig: Fig) -> str:
    if fig.value is not None:
        return plain(fig.value)
    assert fig.unknown is not None
    return f"{{unknown: {_text(fig.unknown['zh'], fig.unknown['en'])}}}"


def _column(col: Col) -> list[str]:
    out = [f"  - id: {col.id}", f"    label: {_text(col.label, col.label_en)}"]
    if col.group:
        out.append(f"    group: {_text(col.group, col.group_en)}")
    if col.unit:
        out.append(f"    unit: {q(col.unit)}")
    return out


def table_yaml(t: ImportedTable, workbook: str) -> str:
    sheet = sheet_ref(t.sheet)
    where = (f"{sheet}!{t.title.ref}" if t.title.ref else f"{sheet} (sheet name)")
    lines = [f"# Imported by `portal import` from {_comment(workbook)}, sheet {_comment(sheet)}.",
             f"# Title ({_comment(where)}): {_comment(t.title.text)}"]
    unit = t.frame.amount_unit
    if unit and unit != "万元":
        lines.append(f"# 金额单位 ({_comment(t.frame.amount_unit_ref)}): {unit}; amounts "
                     "converted to 万元 with every digit kept (the comment gives the cell "
                     "as published).")
    lines += ["# The comment after each figure names its cell in the sheet.",
              f"id: {t.table.id}",
              f"number: {t.number}",
              f"title: {q(t.title.core)}",
              f"classification: {t.classification.value}"]
    if t.notes:
        refs = ", ".join(ref for _, ref in t.notes)
        lines.append(f"note: {q(' '.join(text for text, _ in t.notes))}  # {refs}")
    lines.append("columns:")
    for col in t.columns:
        lines += _column(col)
    lines.append("rows:" if t.lines else "rows: []")
    for line, mapping in t.lines:
        if line.code is not None:
            lines.append(f"  - code: {q(line.code)}  # {line.code_ref or line.ref}")
            lines.append(f"    name: {q(line.name)}  # {line.ref}")
        else:
            lines.append(f"  - name: {q(line.name)}  # {line.ref}")
        if line.level is not None and line.level > 1:
            lines.append(f"    level: {line.level}")
        if line.total:
            lines.append("    total: true")
        if line.unit:
            lines.append(f"    unit: {q(line.unit)}")
        if line.cells:
            lines.append("    cells:")
        for col, fig in line.cells.items():
            source = fig.ref + (f": {fig.shown}" if fig.shown else "")
            lines.append(f"      {mapping[col]}: {_figure(fig)}  # {_comment(source)}")
    return "\n".join(lines) + "\n"
