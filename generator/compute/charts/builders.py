"""The charts of one disclosure, built from its content model."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from ...content.model.content import Disclosure, Unit
from ...content.model.explanations import Item, Section
from ...content.model.layout import SectionKind, TableKind
from ...content.model.performance import Evaluation, Level1
from ...content.model.tables import Classification, Table
from ...content.model.types import Figure, Text
from ...site import formatting
from ...site.markup import Fmt, section_anchor, table_anchor
from .model import PERCENT, POINTS, Chart, ChartKind, Column, Row, Source, _share
from .text import joined, label

AMOUNT = "amount"


def _amount_column() -> Column:
    return Column(AMOUNT, label("chart.series.amount"))


def _share_column() -> Column:
    return Column("share", label("chart.series.share"), Fmt.PERCENT, PERCENT, drawn=False)


def _computed_share(value: Figure | None, whole: Figure | None) -> Figure | None:
    if (value is None or value.value is None or whole is None or whole.value is None
            or whole.value == 0):
        return None
    return Figure(value=_share(value.value, whole.value),
                  computed=label("chart.computed.share", part=formatting.money(value.value),
                                 whole=formatting.money(whole.value)))


def _section(d: Disclosure, kind: SectionKind) -> Section | None:
    return d.explanations.section(kind) if d.explanations is not None else None


def _place(d: Disclosure, kind: SectionKind) -> str:
    """Id of the section of this kind, where a chart about it is shown ('' if none)."""
    section = _section(d, kind)
    return section.id if section is not None else ""


def _section_source(d: Disclosure, section: Section) -> Source:
    depth = next((depth for s, depth in d.explanations.walk() if s is section), 1) \
        if d.explanations is not None else 1
    title = section.title or Text(zh=section.id)
    return Source("section", section.number, title, section_anchor(section.id), depth)


def _table_source(table: Table) -> Source:
    return Source("table", table.number, table.title or Text(zh=table.id),
                  table_anchor(table.id))


def _top(section: Section, item_id: str = "total") -> Item | None:
    return next((i for i in section.items if i.id == item_id), None)


def _not_given() -> Figure:
    return Figure.model_validate("unknown")


def _parts_chart(d: Disclosure, section_id: SectionKind, chart_id: str,
                 parent: str = "total") -> Chart | None:
    """The parts of a section's total (income by source, expenditure by kind): one bar
    each, with its share (stated, else computed from the total)."""
    section = _section(d, section_id)
    total = _top(section, parent) if section else None
    if section is None or total is None or not total.items:
        return None
    whole = total.amount
    rows = []
    for item in total.items:
        amount = item.amount if item.amount is not None else _not_given()
        share = item.share if item.share is not None else _computed_share(amount, whole)
        rows.append(Row(item.id, item.label, {AMOUNT: amount, "share": share},
                        code=item.code, parent="total"))
    rows.insert(0, Row("total", total.label, {AMOUNT: whole, "share": None}, total=True))
    return Chart(chart_id, label(f"chart.title.{chart_id}"), ChartKind.BARS,
                 (_amount_column(), _share_column()), tuple(rows), place=_place(d, section_id),
                 source=_section_source(d, section),
                 none_text=label(f"chart.none.{chart_id}"), in_section_table=True)


def income_sources(d: Disclosure) -> Chart | None:
    return _parts_chart(d, SectionKind.INCOME, "income-sources")


def expenditure_kinds(d: Disclosure) -> Chart | None:
    return _parts_chart(d, SectionKind.EXPENDITURE, "expenditure-kinds")


def basic_composition(d: Disclosure) -> Chart | None:
    return _parts_chart(d, SectionKind.BASIC_EXPENDITURE, "basic-composition")


def _code_parent(code: str, codes: Iterable[str]) -> str | None:
    present = set(codes)
    for cut in (5, 3):
        if len(code) > cut and code[:cut] in present:
            return code[:cut]
    return None


GENERAL_BUDGET_TABLE = TableKind.GENERAL_BUDGET_EXPENDITURE
BASIC_TABLE = TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE
PROJECT_TABLE = TableKind.GENERAL_BUDGET_PROJECT_EXPENDITURE
THREE_OFFICIAL_TABLE = TableKind.THREE_OFFICIAL


def _table_column(table: Table, *ids: str) -> str | None:
    have = [c.id for c in table.columns]
    return next((i for i in ids if i in have), None)


def function_classes(d: Disclosure) -> Chart | None:
    """General public budget appropriation expenditure by function class, 类 > 款 > 项:
    from table 5 when the disclosure has it (it has the 款), else from section 5."""
    section = _section(d, SectionKind.GENERAL_BUDGET)
    table = d.table(GENERAL_BUDGET_TABLE)
    lines: list[tuple[str, Text, Figure]] = []
    total: tuple[Text, Figure] | None = None
    source: Source | None = None
    column = _table_column(table, "total", "amount") if table is not None else None
    if table is not None and table.classification is Classification.FUNCTION and column:
        for row in table.rows:
            figure = row.cells.get(column) or _not_given()
            if row.code:
                lines.append((row.code, row.name, figure))
            elif row.total and total is None:
                total = (row.name, figure)
        source = _table_source(table)
    elif section is not None:
        for item in section.items:
            for sub in item.walk():
                if sub.code:
                    lines.append((sub.code, sub.label, sub.amount or _not_given()))
            if item.id == "total" and item.amount is not None:
                total = (item.label, item.amount)
        source = _section_source(d, section)
    if not lines:
        return None
    codes = [c for c, _, _ in lines]
    whole = total[1] if total else None
    rows = []
    if total is not None:
        rows.append(Row("total", total[0], {AMOUNT: total[1], "share": None}, total=True))
    for code, name, figure in lines:
        parent = _code_parent(code, codes) or ("total" if total else None)
        rows.append(Row(code, name, {AMOUNT: figure, "share": _computed_share(figure, whole)},
                        code=code, parent=parent))
    return Chart("function-classes", label("chart.title.function-classes"), ChartKind.TREEMAP,
                 (_amount_column(), _share_column()), tuple(rows),
                 place=_place(d, SectionKind.GENERAL_BUDGET), source=source,
                 none_text=label("chart.none.function-classes"),
                 in_section_table=source is not None and source.kind == "section")


def budget_execution(d: Disclosure) -> Chart | None:
    """Initial budget against final accounts for each 项 of section 5, with the execution
    rate the text states (or, when it does not, computed from the two)."""
    section = _section(d, SectionKind.GENERAL_BUDGET)
    items = [i for top in (section.items if section else []) for i in top.walk()
             if i.code and len(i.code) == 7
             and (i.initial_budget is not None or i.amount is not None)]
    if section is None or not items:
        return None
    rows = []
    for item in items:
        budget = item.initial_budget or _not_given()
        amount = item.amount or _not_given()
        rate = item.execution_rate
        if rate is None and budget.value and amount.value is not None:
            rate = Figure(value=_share(amount.value, budget.value),
                          computed=label("chart.computed.rate",
                                         amount=formatting.money(amount.value),
                                         budget=formatting.money(budget.value)))
        rows.append(Row(item.id, item.label,
                        {"initial_budget": budget, AMOUNT: amount, "execution_rate": rate},
                        code=item.code))
    columns = (Column("initial_budget", label("chart.series.initial_budget")),
               _amount_column(),
               Column("execution_rate", label("chart.series.execution_rate"), Fmt.PERCENT,
                      PERCENT, drawn=False))
    notes = tuple(label("chart.note.no_rate", label=r.label) for r in rows
                  if r.cell("execution_rate") is None
                  and (b := r.cell("initial_budget")) is not None and b.value == 0)
    return Chart("budget-execution", label("chart.title.budget-execution"), ChartKind.BARS,
                 columns, tuple(rows), place=_place(d, SectionKind.GENERAL_BUDGET),
                 source=_section_source(d, section),
                 none_text=label("chart.none.budget-execution"), notes=notes,
                 in_section_table=True)


def economic_classes(d: Disclosure) -> Chart | None:
    """Basic and project expenditure of general public budget appropriations by economic
    class (类): from tables 6 and 7, else the codes section 7 gives."""
    sources: dict[str, dict[str, tuple[Text, Figure]]] = {"basic": {}, "project": {}}
    found: dict[str, Source] = {}
    for key, table_id, section_id in (("basic", BASIC_TABLE, SectionKind.BASIC_EXPENDITURE),
                                      ("project", PROJECT_TABLE,
                                       SectionKind.PROJECT_EXPENDITURE)):
        table = d.table(table_id)
        column = _table_column(table, "amount", "total") if table is not None else None
        if table is not None and column is not None:
            for row in table.rows:
                if row.code and len(row.code) == 3:
                    sources[key][row.code] = (row.name, row.cells.get(column) or _not_given())
            found[key] = _table_source(table)
            continue
        section = _section(d, section_id)
        if section is not None:
            for top in section.items:
                for item in top.walk():
                    if item.code and len(item.code) == 3:
                        sources[key][item.code] = (item.label, item.amount or _not_given())
            if sources[key]:
                found[key] = _section_source(d, section)
    codes = sorted(set(sources["basic"]) | set(sources["project"]))
    if not codes:
        return None
    rows = []
    for code in codes:
        name = (sources["basic"].get(code) or sources["project"][code])[0]
        cells = {key: (sources[key][code][1] if code in sources[key] else _not_given())
                 for key in ("basic", "project")}
        rows.append(Row(code, name, cells, code=code))
    columns = (Column("basic", label("chart.series.basic")),
               Column("project", label("chart.series.project")))
    source = found.get("project") or found.get("basic")
    place = _place(d, SectionKind.PROJECT_EXPENDITURE) or _place(d, SectionKind.BASIC_EXPENDITURE)
    return Chart("economic-classes", label("chart.title.economic-classes"), ChartKind.BARS,
                 columns, tuple(rows), place=place, source=source,
                 none_text=label("chart.none.economic-classes"))


def three_official(d: Disclosure) -> Chart | None:
    """The three official expenses, full-year budget against final accounts: from section 8
    (else table 10)."""
    section = _section(d, SectionKind.THREE_OFFICIAL)
    total = _top(section) if section else None
    rows: list[Row] = []
    source: Source | None = None
    if section is not None and total is not None and total.items:
        for item in total.items:
            budget = item.full_year_budget or item.initial_budget or _not_given()
            rows.append(Row(item.id, item.label,
                            {"budget": budget, AMOUNT: item.amount or _not_given()}))
        source = _section_source(d, section)
    else:
        table = d.table(THREE_OFFICIAL_TABLE)
        if table is not None:
            budget_col = _table_column(table, "budget")
            actual_col = _table_column(table, "actual", "amount", "total")
            for n, row in enumerate(table.rows):
                if row.total or row.depth != 2 or not budget_col or not actual_col:
                    continue
                rows.append(Row(f"line-{n + 1}", row.name,
                                {"budget": row.cells.get(budget_col) or _not_given(),
                                 AMOUNT: row.cells.get(actual_col) or _not_given()}))
            source = _table_source(table)
    if not rows:
        return None
    columns = (Column("budget", label("chart.series.full_year_budget")), _amount_column())
    return Chart("three-official", label("chart.title.three-official"), ChartKind.BARS,
                 columns, tuple(rows), place=_place(d, SectionKind.THREE_OFFICIAL), source=source,
                 none_text=label("chart.none.three-official"),
                 in_section_table=source is not None and source.kind == "section")


def performance_scores(d: Disclosure) -> Chart | None:
    """Each evaluated project's total self-evaluation score (of its total weight)."""
    if d.performance is None or not d.performance.evaluations:
        return None
    rows = tuple(Row(ev.id, ev.project, {"score": Figure(value=ev.total_score),
                                         "weight": Figure(value=ev.total_weight)})
                 for ev in d.performance.evaluations)
    columns = (Column("score", label("chart.series.score"), Fmt.NUMBER, POINTS),
               Column("weight", label("chart.series.weight"), Fmt.NUMBER, POINTS,
                      drawn=False))
    top = max(ev.total_weight for ev in d.performance.evaluations)
    # Dots, not bars: scores sit close to full marks, and a bar from zero hides how they
    # differ; the axis starts a little below the lowest.
    return Chart("performance-scores", label("chart.title.performance-scores"),
                 ChartKind.DOTS, columns, rows, place=_perf_place(d),
                 source=_performance_source(d),
                 none_text=label("chart.none.performance-scores"), axis_max=top)


GROUPS: list[str] = ["execution", *(level.value for level in Level1)]
"""Score groups of a self-evaluation: the budget execution rate (its funding block's
score), then the 一级指标 groups."""


def _group_figures(ev: Evaluation, group: str) -> tuple[Figure | None, Figure | None]:
    """(score, weight) of one group of one evaluation; None when it has no such group."""
    if group == "execution":
        line = ev.funding.total
        return line.score, line.weight
    indicators = [i for i in ev.indicators if i.level1.value == group]
    if not indicators:
        return None, None
    if len(indicators) == 1:
        return Figure(value=indicators[0].score), Figure(value=indicators[0].weight)
    scores = [i.score for i in indicators]
    weights = [i.weight for i in indicators]
    return (Figure(value=_tidy(sum(scores, Decimal(0))),
                   computed=label("chart.computed.sum", terms=" + ".join(
                       formatting.number(s) for s in scores))),
            Figure(value=_tidy(sum(weights, Decimal(0))),
                   computed=label("chart.computed.sum", terms=" + ".join(
                       formatting.number(w) for w in weights))))


def _tidy(value: Decimal) -> Decimal:
    """A computed sum without trailing zeros (`25 + 25.0` is 50, not 50.0)."""
    return value.normalize() + 0 if value == value.to_integral_value() else value.normalize()


def performance_groups(d: Disclosure) -> Chart | None:
    """Each project's points lost by indicator group (group weight − group score), stacked:
    the bar is the project's total points lost.

    Why points lost and not points earned: scores sit close to full marks (97.25 to 100),
    so stacked bars of points earned all run to about 100 and look alike; a stacked bar
    can not start its axis above zero either, as its first segment would be cut short and
    the total misread. Points lost measure from a true zero (full marks), so the bars are
    honest and show what differs: which project lost points, and in which group. The
    scores and weights stay in the chart's table; the total scores are the dots chart's.
    When no project lost a point the chart is not drawn and says so (State.ALL_ZERO)."""
    if d.performance is None or not d.performance.evaluations:
        return None
    evaluations = d.performance.evaluations
    used = [g for g in GROUPS if any(_group_figures(ev, g)[0] is not None
                                     for ev in evaluations)]
    if not used:
        return None
    lost = {g: [_points_lost(*_group_figures(ev, g)) for ev in evaluations] for g in used}
    # A group where no project lost a point is no series (its zeros would be labels
    # without bars): the table still has it, and the summary names it.
    full = [g for g in used if all(f is None or f.value == 0 for f in lost[g])]
    if len(full) == len(used):
        full = []  # nothing lost at all: State.ALL_ZERO says so
    columns: list[Column] = []
    for g in used:
        group = label(f"chart.group.{g}")
        columns += [Column(f"{g}-lost", label("chart.series.group_lost", group=group),
                           Fmt.NUMBER, POINTS, drawn=g not in full,
                           details=(f"{g}-score", f"{g}-weight")),
                    Column(f"{g}-score", label("chart.series.group_score", group=group),
                           Fmt.NUMBER, POINTS, drawn=False),
                    Column(f"{g}-weight", label("chart.series.group_weight", group=group),
                           Fmt.NUMBER, POINTS, drawn=False)]
    rows = []
    for n, ev in enumerate(evaluations):
        cells: dict[str, Figure | None] = {}
        for g in used:
            cells[f"{g}-lost"] = lost[g][n]
            cells[f"{g}-score"], cells[f"{g}-weight"] = _group_figures(ev, g)
        rows.append(Row(ev.id, ev.project, cells))
    notes = (label("chart.note.no_lost", groups=joined([label(f"chart.group.{g}")
                                                        for g in full])),) if full else ()
    return Chart("performance-groups", label("chart.title.performance-groups"),
                 ChartKind.BARS, tuple(columns), tuple(rows),
                 place=_perf_place(d), source=_performance_source(d),
                 none_text=label("chart.none.performance-groups"), stacked=True,
                 zero_note="chart.summary.zero_lost", notes=notes)


def _points_lost(score: Figure | None, weight: Figure | None) -> Figure | None:
    """weight − score, computed (and saying from what); unknown when either is."""
    if score is None or weight is None:
        return None
    if score.value is None or weight.value is None:
        return _not_given()
    return Figure(value=weight.value - score.value,
                  computed=label("chart.computed.lost", weight=formatting.number(weight.value),
                                 score=formatting.number(score.value)))


def _perf_place(d: Disclosure) -> str:
    """The performance section, or the performance block when the year has no section."""
    return _place(d, SectionKind.PERFORMANCE) or "performance"


def _performance_source(d: Disclosure) -> Source | None:
    section = _section(d, SectionKind.PERFORMANCE)
    if section is not None:
        return _section_source(d, section)
    return None


BUILDERS: list[Callable[[Disclosure], Chart | None]] = [
    income_sources, expenditure_kinds, basic_composition, function_classes,
    budget_execution, economic_classes, three_official, performance_scores,
    performance_groups,
]


def disclosure_charts(unit: Unit, d: Disclosure) -> list[Chart]:
    """Every chart of one disclosure, in page order; a chart whose data the disclosure
    does not have is left out."""
    subject = label("chart.subject", unit=unit.profile.name, year=d.year)
    out = []
    for build in BUILDERS:
        chart = build(d)
        if chart is not None:
            out.append(_with(chart, subject=subject, name=f"{unit.slug}-{d.year}-{chart.id}"))
    return out


def _with(chart: Chart, **changes: Any) -> Chart:
    return replace(chart, **changes)
