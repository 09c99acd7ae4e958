"""The audit's findings as the editors and readers get them: located findings for
`portal check`, records for `portal audit --format json|text`, and the CSV download.

Bounds are shown rounded outward to four decimals (never narrower than computed)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...content.findings import Findings, Severity
from ...content.model.content import Disclosure, Unit
from ...content.model.types import Text
from ...content.yamlload import key_path
from ...data.csvfile import Cell, decimal, plain
from ...data.datapackage import STATUSES, CsvTable, Field
from .intervals import Interval
from .model import FLAGGED, VERDICTS, Check, DisclosureAudit, Kind, Operand, UnitAudit, Verdict

WORDS = {
    Verdict.CONSISTENT: "consistent",
    Verdict.ROUNDING: "a difference that rounding explains",
    Verdict.TRUNCATED: "truncated instead of rounded",
    Verdict.INCONSISTENT: "a real inconsistency: no values within the rounding of the "
                          "figures satisfy it",
    Verdict.UNKNOWN: "cannot be checked",
}
WHY_WORDS = {
    "audit.why.unknown": "a figure it needs is unknown or not given",
    "audit.why.some": "the record lists only some of the parts",
    "audit.why.zero": "the whole it is a share of is zero",
    "audit.why.previous_stated": "the previous year's figure is the one this year's text "
                                 "states (上年决算): the previous year's record does not give it",
    "audit.why.previous_unknown": "neither the previous year's record nor this year's text "
                                  "gives the previous year's figure",
}
"""The verdicts in words for editors (`portal check`, `portal audit`); readers get the
catalogue's `audit.verdict.*` in their language."""

KIND_WORDS = {
    Kind.SUM: "lines add up to their total", Kind.COLUMNS: "columns add up",
    Kind.BALANCE: "total income equals total expenditure",
    Kind.SAME: "the same figure stated in two places", Kind.SHARE: "share = part / whole",
    Kind.RATE: "execution rate = final / budget",
    Kind.BUDGET_CHANGE: "difference from the initial budget = final − budget",
    Kind.BUDGET_GROWTH: "rate against the initial budget = difference / budget",
    Kind.CHANGE: "change = this year − previous year",
    Kind.GROWTH: "growth rate = change / previous year",
    Kind.CARRY_OVER: "opening carry-over = the previous year's closing carry-over",
}


def shown(interval: Interval | None) -> tuple[Decimal, Decimal] | None:
    return None if interval is None else interval.shown


def _where(op: Operand) -> str:
    r = op.ref
    number = f"{r.number} " if r.number else ""
    code = f"{r.code} " if r.code else ""
    return f"{r.year} {r.block} {number}{r.place.zh} / {code}{r.line.zh} / {r.field_id}"


def _value(op: Operand) -> str:
    return "unknown" if op.value is None else plain(op.value)


def message(check: Check) -> str:
    """One line for an editor: the identity, the figures, the intervals, the verdict."""
    terms = " ".join(f"{'+' if t.sign > 0 else '−'} {_value(t)}" for t in check.terms)
    terms = terms.removeprefix("+ ")
    formula = f"({terms}) / {_value(check.whole)} × 100" if check.whole else terms
    text = f"{KIND_WORDS[check.kind]}: {_value(check.stated)} stated, {formula}"
    if check.computed is not None:
        text += f" = {plain(check.computed_shown or Decimal(0))}"
    bounds = shown(check.bounds)
    if bounds is not None:
        text += f", rounding allows [{plain(bounds[0])}, {plain(bounds[1])}]"
    why = f" ({WHY_WORDS[check.why]})" if check.why else ""
    return f"{text}: {WORDS[check.verdict]}{why}"


def hint(check: Check) -> str:
    places = "; ".join(_where(o) for o in check.operands)
    if check.verdict is Verdict.INCONSISTENT:
        return (f"figures: {places}. Check each against the source; if the source itself "
                "disagrees, keep it as published: the portal publishes the inconsistency")
    return f"figures: {places}"


def add_findings(d: Disclosure, audit: DisclosureAudit, findings: Findings) -> None:
    """Every check that is not plainly consistent as a located finding: a warning for an
    inconsistency or a truncated rate, information for the others."""
    for check in audit.findings():
        severity = Severity.WARNING if check.verdict in FLAGGED else Severity.INFO
        if severity is Severity.INFO and not findings.notes:
            continue  # not kept: not worth locating and wording
        ref = check.stated.ref
        doc = d.docs.get(ref.doc)
        if doc is None:
            continue
        line, col = doc.where(ref.loc)
        findings.add(doc.path, line, col, key_path(ref.loc), f"audit.{check.verdict.value}",
                     message(check), hint(check), severity)


def _operand_record(role: str, op: Operand) -> dict[str, Any]:
    r = op.ref
    interval = shown(op.interval)
    return {"role": role, "sign": op.sign, "year": r.year, "block": r.block,
            "number": r.number, "place": r.place.zh, "line": r.line.zh, "code": r.code,
            "field": r.field_id, "value": None if op.value is None else plain(op.value),
            "status": op.figure.status.value if op.figure is not None else "absent",
            "interval": None if interval is None else [plain(v) for v in interval],
            "doc": r.doc, "key": key_path(r.loc)}


def locate(d: Disclosure, op: Operand, findings: Findings) -> tuple[str, int, int]:
    """File (as findings name it), line and column of an operand of `d`'s year."""
    doc = d.docs.get(op.ref.doc)
    if doc is None:
        return "", 0, 0
    line, col = doc.where(op.ref.loc)
    return findings.rel(doc.path), line, col


def records(unit: Unit, audit: UnitAudit, findings: Findings) -> list[dict[str, Any]]:
    """Every check of `unit` as plain data (`portal audit --format json`), located at the
    figure it judges like the other findings."""
    by_year = {d.year: d for d in unit.disclosures}
    out = []
    for check in audit.checks():
        file, line, col = locate(by_year[check.stated.ref.year], check.stated, findings)
        out.append({"file": file, "line": line, "column": col,
                    "key": key_path(check.stated.ref.loc), **record(unit.slug, check)})
    return out


def record(unit: str, check: Check) -> dict[str, Any]:
    """A check as plain data."""
    bounds = shown(check.bounds)
    computed = check.computed_shown
    return {"unit": unit, "year": check.year, "check": check.key, "kind": check.kind.value,
            "verdict": check.verdict.value, "message": message(check),
            "computed": None if computed is None else plain(computed),
            "allowed": None if bounds is None else [plain(v) for v in bounds],
            "why": check.why or None,
            "figures": [_operand_record(role, op) for role, op in _roles(check)]}


def _roles(check: Check) -> list[tuple[str, Operand]]:
    out = [("stated", check.stated), *(("term", t) for t in check.terms)]
    if check.whole is not None:
        out.append(("whole", check.whole))
    return out


# --- CSV -------------------------------------------------------------------------------

AUDIT_FILE = "audit.csv"
AUDIT_TITLE = Text(zh="数据核对:全部核对项目及其所用数字", en="Consistency audit: every check and "
                   "the figures it uses")


def _text_fields(zh_name: str, en_name: str, what: str) -> list[Field]:
    return [Field(f"{zh_name} {en_name}", "string", f"{what} (Chinese)"),
            Field(f"{en_name} (English)", "string", f"{what} (English; empty when untranslated)")]


AUDIT_FIELDS = [
    Field("核对项 Check", "string", "Id of the identity within the disclosure", required=True),
    Field("类别 Kind", "string", "What the identity is about", required=True,
          enum=tuple(k.value for k in Kind)),
    Field("结论 Verdict", "string", "consistent; rounding (a difference rounding explains); "
          "truncated (a rate truncated, not rounded); inconsistent (no values within the "
          "rounding intervals satisfy it); unknown (a figure it needs is not given)",
          required=True, enum=tuple(v.value for v in VERDICTS)),
    Field("角色 Role", "string", "stated (the figure judged), term (added with its sign) or "
          "whole (the denominator of a rate)", required=True,
          enum=("stated", "term", "whole")),
    Field("符号 Sign", "integer", "+1 or -1 for a term"),
    Field("年度 Year", "integer", "Year of the disclosure the figure is from", required=True),
    Field("位置类型 Block", "string", "section or table", enum=("section", "table")),
    Field("编号 Number", "string", "The section's or table's published number"),
    *_text_fields("所在章节或表格", "Place", "The section's or table's title"),
    *_text_fields("行", "Line", "The item's label or the row's name"),
    Field("科目编码 Code", "string", "Classification code of the line"),
    Field("数字项 Field", "string", "Which figure of the line: an item's field or a column id"),
    Field("数值 Value", "number", "The figure as published, in 万元 or % (empty when unknown)"),
    Field("状态 Status", "string", "stated / computed / unknown (value empty, never 0); empty: "
          "the record does not have the figure", enum=STATUSES),
    Field("区间下限 Interval low", "number", "Lowest value that rounds to the figure"),
    Field("区间上限 Interval high", "number", "Highest value that rounds to the figure"),
    Field("计算值 Computed", "number", "On the stated row: what the other figures give, as "
          "published (rounded to 4 decimals)"),
    Field("允许下限 Allowed low", "number", "On the stated row: lowest value the identity allows, "
          "from the other figures' intervals (rounded outward to 4 decimals)"),
    Field("允许上限 Allowed high", "number",
          "On the stated row: highest value the identity allows"),
    Field("内容位置 Content key", "string", "Key path of the figure in its content file"),
]


def _cells(head: list[Cell], op: Operand, tail: list[Cell]) -> list[Cell]:
    """One figure's row: the check's `head`, the figure, then `tail` (what the identity
    allows, on the stated row only)."""
    r = op.ref
    interval = shown(op.interval)
    value = op.value
    return [*head, op.sign, r.year, r.block,
            r.number or "", r.place.zh, r.place.en or "", r.line.zh, r.line.en or "",
            r.code or "", r.field_id, "" if value is None else decimal(value),
            str(op.figure.status) if op.figure is not None else "",
            "" if interval is None else decimal(interval[0]),
            "" if interval is None else decimal(interval[1]),
            *tail, f"{r.doc}:{key_path(r.loc)}"]


_NO_TAIL: list[Cell] = ["", "", ""]


def audit_csv(d: Disclosure, audit: DisclosureAudit, name: str, title: str) -> CsvTable:
    """One row per figure of every check of the disclosure, in check order."""
    rows = []
    for check in audit.checks:
        # str(): a StrEnum member's value, without Enum's Python-level `value` property
        key, kind, verdict = check.key, str(check.kind), str(check.verdict)
        bounds, computed = shown(check.bounds), check.computed_shown
        tail: list[Cell] = ["" if computed is None else decimal(computed),
                            "" if bounds is None else decimal(bounds[0]),
                            "" if bounds is None else decimal(bounds[1])]
        for role, op in _roles(check):
            rows.append(_cells([key, kind, verdict, role], op,
                               tail if role == "stated" else _NO_TAIL))
    return CsvTable(name, title, "Every identity the portal checked in this disclosure, each "
                    "with the figures it uses, their rounding intervals and the verdict.",
                    AUDIT_FIELDS, rows)


def audit_text(records: list[dict[str, Any]]) -> str:
    """`portal audit --format text`: each finding located like `portal check`'s, then the
    counts per disclosure."""
    lines = []
    order = {v.value: i for i, v in enumerate(VERDICTS)}
    for r in sorted(records, key=lambda r: (order[r["verdict"]], r["file"], r["line"])):
        if r["verdict"] != Verdict.CONSISTENT:
            lines.append(f"{r['file']}:{r['line']}:{r['column']}: {r['key']}: "
                         f"{r['verdict']}: {r['message']} [{r['check']}]")
    counts: dict[tuple[str, int], dict[str, int]] = {}
    for r in records:
        per = counts.setdefault((r["unit"], r["year"]), {v.value: 0 for v in VERDICTS})
        per[r["verdict"]] += 1
    for (unit, year), per in sorted(counts.items()):
        lines.append(f"{unit} {year}: {sum(per.values())} checks: "
                     + ", ".join(f"{n} {v}" for v, n in per.items()))
    if not counts:
        lines.append("portal audit: no figures to check")
    return "\n".join(lines)
