"""Downloads for journalists: one disclosure's files. Its CSVs (`disclosure_csvs`: per
table, section, performance evaluation and chart, made by `tablecsv`, `sectioncsv` and
`performancecsv`), the whole disclosure as JSON, its README and a deterministic ZIP; and
the `Export` that collects the files and their `DownloadEntry`s.

Every file is byte-identical between builds; where each lives is in `paths`. `downloads`
assembles a unit's and the portal's files from these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from ..compute.charts import Chart, disclosure_charts
from ..content.model.content import Content, Disclosure, Unit
from ..content.model.types import Figure, Text, field_names
from .cells import both, package_sources
from .csvfile import plain
from .datapackage import CsvTable
from .paths import (
    EVALUATIONS_FILE,
    chart_file,
    funding_file,
    indicators_file,
    section_file,
    table_file,
)
from .performancecsv import (
    EVALUATIONS_TITLE,
    evaluations_csv,
    funding_csv,
    funding_title,
    indicators_csv,
    indicators_title,
)
from .sectioncsv import section_csv
from .tablecsv import chart_csv, chart_title, table_csv


class ExportError(ValueError):
    """The content cannot be exported as is (e.g. two downloads would share a path)."""


# --------------------------------------------------------------------------- JSON


def to_jsonable(value: Any) -> Any:
    """Model -> plain JSON data. Decimals become strings exactly as written ('1.20'), so
    no reader turns them into floats; a figure also says its status; absent keys are left
    out."""
    kind = type(value)
    if kind is str or value is None or kind is int or kind is bool:
        return value  # the leaves, most values: tested first
    if isinstance(value, Figure):
        out: dict[str, Any] = {"status": value.status.value}
        if value.value is not None:
            out["value"] = plain(value.value)
        for key in ("computed", "unknown", "not_transcribed", "source", "cite"):
            if getattr(value, key) is not None:
                out[key] = to_jsonable(getattr(value, key))
        return out
    if isinstance(value, BaseModel):
        model: dict[str, Any] = {}
        for name in field_names(kind):
            field_value = getattr(value, name)
            if field_value is not None:
                model[name] = to_jsonable(field_value)
        return model
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | bool):
        return value
    raise TypeError(f"cannot export {type(value).__name__} to JSON")


def disclosure_data(content: Content, unit: Unit, d: Disclosure) -> dict[str, Any]:
    """The whole disclosure as plain JSON data."""
    data: dict[str, Any] = {
        "format": "fiscal-portal disclosure, version 1",
        "portal": to_jsonable(content.settings),
        "unit": {"slug": unit.slug, **to_jsonable(unit.profile)},
        "year": d.year,
        "meta": to_jsonable(d.meta),
        "prose": {k: to_jsonable(v) for k, v in d.prose.items()},
        "tables": [to_jsonable(t) for t in d.tables],
        "statuses": {
            "stated": "the source states the figure",
            "computed": "derived by arithmetic from stated figures; `computed` says how",
            "unknown": "the source does not give it; there is no value (never 0)",
            "not-transcribed": "the source gives it but it is not entered yet; no value",
        },
        "amounts": "in 万元 (10,000 yuan) unless a `unit` says otherwise; decimals are "
                   "strings, exactly as published",
    }
    for key in ("overview", "explanations", "performance"):
        part = getattr(d, key)
        if part is not None:
            data[key] = to_jsonable(part)
    return data


# --------------------------------------------------------------------------- README, ZIP


def disclosure_readme(content: Content, unit: Unit, d: Disclosure,
            files: list[tuple[str, Text]]) -> bytes:
    meta, profile = d.meta, unit.profile
    lines = [meta.title.zh]
    if meta.title.en:
        lines.append(meta.title.en)
    lines += ["", f"单位 Unit: {both(profile.name)} ({unit.slug})",
              f"主管部门 Supervising department: {both(profile.supervising_department)}",
              f"年度 Year: {d.year}"]
    if meta.publication_date is not None:
        lines.append(f"发布日期 Published: {meta.publication_date.isoformat()}")
    for source in meta.sources:
        lines.append(f"来源 Source: {both(source.title)} [{source.id}, {source.format.value}]")
        if source.published is not None:
            published = source.published
            lines.append("  发布日期 Published: " + (
                published.isoformat() if isinstance(published, date) else both(published)))
        if source.url:
            lines.append(f"  网址 URL: {source.url}")
        if source.note:
            lines.append(f"  {both(source.note)}")
    if meta.incomplete is not None:
        lines += ["", f"不完整记录 Incomplete record: {both(meta.incomplete)}"]
    lines += ["", f"整理发布 Compiled by: {both(content.settings.publisher)}, "
              f"{both(content.settings.name)}"]
    if content.settings.licence is not None:
        lines += ["", "许可 Licence:", content.settings.licence.zh]
        if content.settings.licence.en:
            lines.append(content.settings.licence.en)
    lines += ["", "文件 Files:"]
    for name, title in files:
        lines.append(f"  {name}  {both(title)}")
    lines += [
        "",
        "格式 Format",
        "- CSV: UTF-8 编码(带 BOM),逗号分隔,CRLF 换行;首行为中英文表头。",
        "  UTF-8 with BOM, comma-separated, CRLF line ends; the first row holds the headers "
        "in Chinese and English.",
        "- 金额单位为万元(10,000 元),保留两位小数;百分比、分值等按原文。",
        "  Amounts are in 万元 (10,000 yuan) with two decimals unless a header or a unit "
        "column says otherwise; percentages, counts and scores are as published.",
        "- 代码(功能分类、经济分类)是文本,不是数字。",
        "  Classification codes are text, not numbers: keep them as text when importing.",
        "- 状态 status:",
        "  stated   已公布:来源文本给出的数字。The source states the figure.",
        "  computed 计算得出:由已公布数字算出,说明列写明算法。Derived by arithmetic from "
        "stated figures; the note says how.",
        "  unknown  未知:来源未给出;数值留空,绝不作0。The source does not give it; the "
        "value is empty, never 0.",
        "  数值与状态均为空:原文没有这一项数字(表格留空或说明未提及)。An empty value with an "
        "empty status: the source has no such figure.",
        "- 以 = + - @ 开头的文字前加了单引号('),以防电子表格把它当作公式。",
        "  Text starting with = + - @ (or a tab or CR) has a leading apostrophe so that "
        "spreadsheets do not run it as a formula; numbers are never changed.",
        f"- {unit.slug}-{d.year}.json: 全部内容(含正文),数字为字符串以保持精确。",
        "  The whole disclosure, prose included; numbers are strings to stay exact.",
        "- datapackage.json: Frictionless Data 描述(字段类型、约束)。A Frictionless data "
        "package describing every CSV (types, constraints); check it with "
        "`frictionless validate datapackage.json`.",
    ]
    table_notes = [t for t in d.tables if t.note is not None or t.reconstructed]
    if table_notes:
        lines += ["", "表格说明 Notes on the tables"]
        for t in table_notes:
            note = both(t.note) if t.note is not None else ""
            rebuilt = " 据说明文字重建 Rebuilt from the text." if t.reconstructed else ""
            lines.append(f"- {table_file(t)}:{rebuilt} {note}".rstrip())
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" + text).encode("utf-8")


# --------------------------------------------------------------------------- assembly


@dataclass(frozen=True)
class DownloadEntry:
    """One download, for the downloads page and the links on other pages."""

    path: str
    """Site path, POSIX, relative to the site root."""
    title: Text
    kind: str
    """table | section | evaluations | funding | indicators | chart (CSV of one disclosure);
    archive (its ZIP); json (its JSON); datapackage (a disclosure's or the portal's descriptor);
    unit-all-years; year-figures (a part of a year's long-format lines); portal-all."""
    format: str
    """csv | csv.gz | zip | json."""
    size: int
    """In bytes."""
    unit: str | None = None
    year: int | None = None


@dataclass
class Export:
    files: dict[str, bytes] = field(default_factory=dict)
    entries: list[DownloadEntry] = field(default_factory=list)

    def add(self, path: str, data: bytes, title: Text, kind: str, fmt: str,
            unit: str | None = None, year: int | None = None) -> None:
        if path in self.files:
            raise ExportError(f"two downloads would be written to {path}")
        self.files[path] = data
        self.entries.append(DownloadEntry(path, title, kind, fmt, len(data), unit, year))

    def entries_for(self, unit: str | None = None,
                    year: int | None = None) -> list[DownloadEntry]:
        """The entries of one unit (and one year), in their stable order."""
        return [e for e in self.entries
                if (unit is None or e.unit == unit) and (year is None or e.year == year)]


@dataclass
class DisclosureCsv:
    rel: str
    table: CsvTable
    title: Text
    kind: str


def disclosure_csvs(unit: Unit, d: Disclosure,
                    charts: list[Chart] | None = None) -> list[DisclosureCsv]:
    """Every CSV of one disclosure, with its path relative to the disclosure folder
    (`charts`: the disclosure's charts, when made already)."""
    out = [DisclosureCsv(table_file(t), table_csv(unit, d, t), t.title, "table")
           for t in d.tables]
    if d.explanations is not None:
        for s, _ in d.explanations.walk():
            if not s.items:  # a section that quotes no figure (a container, prose only)
                continue
            out.append(DisclosureCsv(section_file(d, s.id), section_csv(unit, d, s), s.title,
                                      "section"))
    if d.performance is not None and d.performance.evaluations:
        out.append(DisclosureCsv(EVALUATIONS_FILE, evaluations_csv(unit, d),
                                  EVALUATIONS_TITLE,
                                  "evaluations"))
        for ev in d.performance.evaluations:
            out.append(DisclosureCsv(funding_file(ev.id), funding_csv(unit, d, ev),
                                      funding_title(ev), "funding"))
            out.append(DisclosureCsv(indicators_file(ev.id), indicators_csv(unit, d, ev),
                                      indicators_title(ev), "indicators"))
    for chart in charts if charts is not None else disclosure_charts(unit, d):
        out.append(DisclosureCsv(chart_file(chart.id), chart_csv(unit, d, chart),
                                  chart_title(chart), "chart"))
    for c in out:
        c.table.sources = package_sources(d)
    rels = [c.rel for c in out]
    if len(set(rels)) != len(rels):
        dup = sorted({r for r in rels if rels.count(r) > 1})
        raise ExportError(f"{d.unit} {d.year}: two downloads would be named {', '.join(dup)} "
                          "(an id is used twice)")
    return out
