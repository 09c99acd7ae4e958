"""The identities within one year's disclosure, found by the kinds of its sections and
tables (docs/layouts.md, "What the audit checks", says which and why):

- items of a section add up to their total (unless listed as examples); shares, execution
  rates and the stated difference against the initial budget equal their ratios;
- 收入总计 equals 支出总计 (the overall section; the two-sided summary tables);
- a table's lines add up to their 款, 类 and total, and its columns add up;
- a figure the text states equals the table cell or the other section that states it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...content.model.content import Disclosure
from ...content.model.explanations import Item, Listed, Section
from ...content.model.layout import SectionKind, TableKind
from ...content.model.tables import Classification, Row, Table
from .classify import judged
from .model import Check, Kind, Operand, Verdict
from .refs import cell_operand, item_operand

Loc = tuple[str | int, ...]


class Collector:
    """The checks of one disclosure, judged as they are added."""

    def __init__(self, d: Disclosure) -> None:
        self.d = d
        self.checks: list[Check] = []
        self._cells: dict[tuple[str, int, str, int], Operand] = {}
        self._items: dict[tuple[str, Loc, str, int], Operand] = {}

    def cell(self, table: Table, r: int, column: str, sign: int = 1) -> Operand:
        """`cell_operand`, made once a disclosure: a cell is in its line's sum, its
        column's and the text's (and its interval is then worked out once)."""
        key = (table.id, r, column, sign)
        op = self._cells.get(key)
        if op is None:
            op = self._cells[key] = cell_operand(self.d, table, r, column, sign)
        return op

    def item(self, section: Section, item: Item, loc: Loc, field: str,
             sign: int = 1) -> Operand:
        """`item_operand`, made once a disclosure (an amount is the stated side of its
        sum, a term of its parent's, and the base of its rates)."""
        key = (section.id, loc, field, sign)
        op = self._items.get(key)
        if op is None:
            op = self._items[key] = item_operand(self.d, section, item, loc, field, sign)
        return op

    def add(self, key: str, kind: Kind, stated: Operand, terms: list[Operand],
            whole: Operand | None = None, why: str = "") -> None:
        if stated.figure is None and all(t.figure is None for t in terms):
            return  # neither side is in the record: nothing is asserted
        if whole is not None and whole.value == 0:
            return  # a ratio of nothing is not defined
        self.checks.append(judged(key, kind, self.d.year, stated, tuple(terms), whole, why))

    def unchecked(self, key: str, kind: Kind, stated: Operand, terms: list[Operand],
                  why: str) -> None:
        """An identity that holds but that the record cannot check (only some parts)."""
        self.checks.append(Check(key, kind, self.d.year, stated, tuple(terms),
                                 verdict=Verdict.UNKNOWN, why=why))


# --- explanations ---------------------------------------------------------------------

def _same_unit(parent: Item, child: Item) -> bool:
    return (parent.unit.zh if parent.unit else None) == (child.unit.zh if child.unit else None)


def _item(c: Collector, section: Section, item: Item, loc: Loc, path: str) -> None:
    op = lambda it, lc, f, s=1: c.item(section, it, lc, f, s)  # noqa: E731
    children = [(i, ch) for i, ch in enumerate(item.items) if _same_unit(item, ch)]
    parts = [op(ch, loc + ("items", i), "amount") for i, ch in children]
    key = f"{section.id}/{path}"
    if item.amount is not None and parts:
        if item.listed is Listed.ALL and len(parts) >= 2:
            c.add(f"sum:{key}", Kind.SUM, op(item, loc, "amount"), parts)
        elif item.listed is Listed.SOME:
            c.unchecked(f"sum:{key}", Kind.SUM, op(item, loc, "amount"), parts,
                        "audit.why.some")
    if item.execution_rate is not None:
        budget = "initial_budget" if item.initial_budget is not None else "full_year_budget"
        c.add(f"rate:{key}", Kind.RATE, op(item, loc, "execution_rate"),
              [op(item, loc, "amount")], op(item, loc, budget))
    stated = item.vs_budget
    if stated is not None and stated.change is not None:
        c.add(f"budget-change:{key}", Kind.BUDGET_CHANGE, op(item, loc, "vs_budget.change"),
              [op(item, loc, "amount"), op(item, loc, "initial_budget", -1)])
    if stated is not None and stated.growth_rate is not None:
        c.add(f"budget-growth:{key}", Kind.BUDGET_GROWTH,
              op(item, loc, "vs_budget.growth_rate"),
              [op(item, loc, "amount"), op(item, loc, "initial_budget", -1)],
              op(item, loc, "initial_budget"))
    for i, child in children:
        if child.share is not None:
            c.add(f"share:{key}/{child.id}", Kind.SHARE,
                  op(child, loc + ("items", i), "share"),
                  [op(child, loc + ("items", i), "amount")], op(item, loc, "amount"))
    for i, child in enumerate(item.items):
        _item(c, section, child, loc + ("items", i), f"{path}/{child.id}")


def _sections(c: Collector) -> None:
    if c.d.explanations is None:
        return
    for section, loc in c.d.explanations.located:
        for i, item in enumerate(section.items):
            _item(c, section, item, loc + ("items", i), item.id)


@dataclass(frozen=True)
class ItemAt:
    section: Section
    item: Item
    loc: Loc


def find(d: Disclosure, kind: SectionKind, path: tuple[str, ...]) -> ItemAt | None:
    """The item at id `path` in the section of `kind`, with its key path."""
    if d.explanations is None:
        return None
    for section, loc in d.explanations.located:
        if section.kind is not kind:
            continue
        items, at, found = section.items, loc, None
        for part in path:
            i = next((i for i, it in enumerate(items) if it.id == part), None)
            if i is None:
                return None
            found, at = items[i], at + ("items", i)
            items = found.items
        return ItemAt(section, found, at) if found is not None else None
    return None


def _item_op(c: Collector, at: ItemAt, field: str = "amount") -> Operand:
    return c.item(at.section, at.item, at.loc, field)


# --- tables ---------------------------------------------------------------------------

TOTALLED = (TableKind.INCOME, TableKind.EXPENDITURE, TableKind.GENERAL_BUDGET_EXPENDITURE,
            TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE,
            TableKind.GENERAL_BUDGET_PROJECT_EXPENDITURE, TableKind.GOVERNMENT_FUND,
            TableKind.STATE_CAPITAL)
"""Tables whose every line is a classified line: their total row is the sum of the 类."""

LEVELLED = (TableKind.THREE_OFFICIAL,)
"""Tables whose uncoded lines nest by level and add up (合计 > 公务用车 > 购置, 运行)."""

COLUMN_SUMS: dict[TableKind, list[tuple[str, tuple[tuple[str, int], ...]]]] = {
    TableKind.INCOME: [("total", (("appropriations", 1), ("higher-level-subsidies", 1),
                                  ("public-service-revenue", 1), ("business-revenue", 1),
                                  ("affiliated-remittances", 1), ("other", 1)))],
    TableKind.EXPENDITURE: [("total", (("basic", 1), ("project", 1), ("remitted", 1),
                                       ("business", 1), ("affiliated-subsidies", 1)))],
    TableKind.APPROPRIATIONS_SUMMARY: [("total", (("general-budget", 1),
                                                  ("government-fund", 1),
                                                  ("state-capital", 1)))],
    TableKind.GENERAL_BUDGET_EXPENDITURE: [("total", (("basic", 1), ("project", 1)))],
    TableKind.GOVERNMENT_FUND: [("total", (("basic", 1), ("project", 1))),
                                ("closing", (("opening", 1), ("income", 1), ("total", -1)))],
    TableKind.STATE_CAPITAL: [("total", (("basic", 1), ("project", 1))),
                              ("closing", (("opening", 1), ("income", 1), ("total", -1)))],
}
"""Per table kind: a column and the columns (with signs) it is the sum of, by column id.
A rule applies when the table has every column it names."""

TWO_SIDED = (TableKind.INCOME_EXPENDITURE_SUMMARY, TableKind.APPROPRIATIONS_SUMMARY)
INCOME_TOTAL, EXPENDITURE_TOTAL = "收入总计", "支出总计"
INCOME_OF_YEAR, EXPENDITURE_OF_YEAR = "本年收入合计", "本年支出合计"
"""The national names of the two-sided summary tables' total rows."""
OPERATING_ROW, PROCUREMENT_ROW = "机关运行经费支出", "政府采购支出合计"
"""The national names of the operating-expenses and procurement table's rows."""


def total_row(table: Table) -> int | None:
    """The first uncoded total row (合计) of a table."""
    return next((r for r, row in enumerate(table.rows) if row.total and row.code is None), None)


def named_row(table: Table, name: str) -> int | None:
    return next((r for r, row in enumerate(table.rows)
                 if "".join(row.name.zh.split()) == name), None)


def _columns_used(table: Table, rows: list[int]) -> list[str]:
    return [c.id for c in table.columns if any(c.id in table.rows[r].cells for r in rows)]


def _line_sum(c: Collector, table: Table, parent: int, children: list[int], key: str) -> None:
    for col in _columns_used(table, [parent, *children]):
        c.add(f"{key}:{col}", Kind.SUM, c.cell(table, parent, col),
              [c.cell(table, r, col) for r in children])


def _coded_sums(c: Collector, table: Table) -> None:
    coded = [(r, row.code) for r, row in enumerate(table.rows) if row.code]
    for r, code in coded:
        children = [s for s, sub in coded if len(sub) == len(code) + 2 and sub.startswith(code)]
        if len(children) >= 2:
            _line_sum(c, table, r, children, f"lines:{table.id}/{code}")
    top = total_row(table)
    classes = [r for r, code in coded if len(code) == 3]
    # As for 款 and 项: one 类 alone is no breakdown (a partial record lists only some).
    if table.kind in TOTALLED and top is not None and len(classes) >= 2:
        _line_sum(c, table, top, classes, f"lines:{table.id}/total")


def _same_row_unit(a: Row, b: Row) -> bool:
    """A count (vehicles, trips) is never a part of a sum of money."""
    return (a.unit.zh if a.unit else None) == (b.unit.zh if b.unit else None)


def _level_sums(c: Collector, table: Table) -> None:
    rows = table.rows
    for r, row in enumerate(rows):
        children = []
        for s in range(r + 1, len(rows)):
            if rows[s].depth <= row.depth:
                break
            if rows[s].depth == row.depth + 1 and _same_row_unit(row, rows[s]):
                children.append(s)
        if len(children) >= 2:
            _line_sum(c, table, r, children, f"lines:{table.id}/{r}")


def _column_sums(c: Collector, table: Table) -> None:
    ids = {col.id for col in table.columns}
    for whole, parts in COLUMN_SUMS.get(table.kind, []) if table.kind else []:
        if whole not in ids or any(p not in ids for p, _ in parts):
            continue
        for r in range(len(table.rows)):
            c.add(f"columns:{table.id}/{r}:{whole}", Kind.COLUMNS,
                  c.cell(table, r, whole),
                  [c.cell(table, r, p, sign) for p, sign in parts])


def _balance(c: Collector, table: Table) -> None:
    income, expenditure = named_row(table, INCOME_TOTAL), named_row(table, EXPENDITURE_TOTAL)
    if income is None or expenditure is None:
        return
    for col in _columns_used(table, [income, expenditure]):
        c.add(f"balance:{table.id}:{col}", Kind.BALANCE,
              c.cell(table, income, col), [c.cell(table, expenditure, col)])


def _tables(c: Collector) -> None:
    for table in c.d.tables:
        if table.classification is not Classification.NONE:
            _coded_sums(c, table)
        if table.kind in LEVELLED:
            _level_sums(c, table)
        _column_sums(c, table)
        if table.kind in TWO_SIDED:
            _balance(c, table)


# --- the same figure in two places ----------------------------------------------------

@dataclass(frozen=True)
class Cell:
    """A table cell by the table's kind, a row finder and a column id."""

    table: TableKind
    row: str | None
    """The row's name (a national total row's, e.g. 收入总计); None: the table's total row."""
    column: str | None
    """None: the table's first column."""


@dataclass(frozen=True)
class Same:
    """An item's figure that a table (or another section) states again."""

    section: SectionKind
    path: tuple[str, ...]
    field: str
    other: Cell | tuple[SectionKind, tuple[str, ...]]


SAME: list[Same] = [
    # 收入总计 = 支出总计 (the overall section) is in `_overall`; the summary tables restate
    # the overall section's figures.
    Same(SectionKind.OVERALL, ("income-total",), "amount",
         Cell(TableKind.INCOME_EXPENDITURE_SUMMARY, INCOME_TOTAL, None)),
    Same(SectionKind.OVERALL, ("expenditure-total",), "amount",
         Cell(TableKind.INCOME_EXPENDITURE_SUMMARY, EXPENDITURE_TOTAL, None)),
    Same(SectionKind.OVERALL, ("income-total", "income"), "amount",
         Cell(TableKind.INCOME_EXPENDITURE_SUMMARY, INCOME_OF_YEAR, None)),
    Same(SectionKind.OVERALL, ("expenditure-total", "expenditure"), "amount",
         Cell(TableKind.INCOME_EXPENDITURE_SUMMARY, EXPENDITURE_OF_YEAR, None)),
    # The year's income and expenditure, stated in the overall section and in their own.
    Same(SectionKind.OVERALL, ("income-total", "income"), "amount",
         (SectionKind.INCOME, ("total",))),
    Same(SectionKind.OVERALL, ("expenditure-total", "expenditure"), "amount",
         (SectionKind.EXPENDITURE, ("total",))),
    Same(SectionKind.INCOME, ("total",), "amount", Cell(TableKind.INCOME, None, "total")),
    Same(SectionKind.EXPENDITURE, ("total",), "amount",
         Cell(TableKind.EXPENDITURE, None, "total")),
    # 财政拨款: the appropriation totals in sections 4-7 and tables 4-5.
    Same(SectionKind.APPROPRIATIONS, ("total",), "amount",
         Cell(TableKind.APPROPRIATIONS_SUMMARY, INCOME_TOTAL, "total")),
    Same(SectionKind.GENERAL_BUDGET, ("total",), "amount",
         Cell(TableKind.APPROPRIATIONS_SUMMARY, EXPENDITURE_OF_YEAR, "general-budget")),
    Same(SectionKind.GENERAL_BUDGET, ("total",), "amount",
         Cell(TableKind.GENERAL_BUDGET_EXPENDITURE, None, "total")),
    Same(SectionKind.GENERAL_BUDGET, ("total",), "initial_budget",
         Cell(TableKind.GENERAL_BUDGET_EXPENDITURE, None, "budget")),
    Same(SectionKind.BASIC_EXPENDITURE, ("total",), "amount",
         Cell(TableKind.GENERAL_BUDGET_EXPENDITURE, None, "basic")),
    Same(SectionKind.PROJECT_EXPENDITURE, ("total",), "amount",
         Cell(TableKind.GENERAL_BUDGET_EXPENDITURE, None, "project")),
    Same(SectionKind.PROJECT_EXPENDITURE, ("total",), "amount",
         Cell(TableKind.GENERAL_BUDGET_PROJECT_EXPENDITURE, None, None)),
    Same(SectionKind.GOVERNMENT_FUND, ("total",), "amount",
         Cell(TableKind.GOVERNMENT_FUND, None, "total")),
    Same(SectionKind.STATE_CAPITAL, ("total",), "amount",
         Cell(TableKind.STATE_CAPITAL, None, "total")),
    # 三公 from appropriations, 机关运行经费 and 政府采购: the text's figures and their tables'.
    Same(SectionKind.THREE_OFFICIAL, ("total",), "amount",
         Cell(TableKind.THREE_OFFICIAL, None, "actual")),
    Same(SectionKind.THREE_OFFICIAL, ("total",), "full_year_budget",
         Cell(TableKind.THREE_OFFICIAL, None, "budget")),
    Same(SectionKind.OPERATING_EXPENSES, ("agency-operating-expenses",), "amount",
         Cell(TableKind.OPERATING_PROCUREMENT_ASSETS, OPERATING_ROW, None)),
    Same(SectionKind.PROCUREMENT, ("total",), "amount",
         Cell(TableKind.OPERATING_PROCUREMENT_ASSETS, PROCUREMENT_ROW, None)),
]
"""Figures stated twice by definition: the text's figure and the table's (or the other
section's). An item's sub-items whose id is a column id of the same table row are matched
too (`expenditure/total/basic` ↔ the expenditure table's total row, column `basic`)."""

BY_CODE: list[tuple[SectionKind, TableKind, dict[str, str | None]]] = [
    (SectionKind.GENERAL_BUDGET, TableKind.GENERAL_BUDGET_EXPENDITURE,
     {"amount": "total", "initial_budget": "budget"}),
    (SectionKind.GENERAL_BUDGET, TableKind.APPROPRIATIONS_SUMMARY,
     {"amount": "general-budget"}),
    (SectionKind.BASIC_EXPENDITURE, TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE,
     {"amount": None}),
    (SectionKind.PROJECT_EXPENDITURE, TableKind.GENERAL_BUDGET_PROJECT_EXPENDITURE,
     {"amount": None}),
]
"""Coded items of a section and the table rows of the same code (field -> column)."""


def _cell(c: Collector, spec: Cell) -> tuple[Table, int, str] | None:
    table = c.d.table(spec.table)
    if table is None or not table.columns:
        return None
    r = total_row(table) if spec.row is None else named_row(table, spec.row)
    column = spec.column or table.columns[0].id
    if r is None or column not in {col.id for col in table.columns}:
        return None
    return table, r, column


def _same(c: Collector) -> None:
    for s in SAME:
        at = find(c.d, s.section, s.path)
        if at is None:
            continue
        stated = _item_op(c, at, s.field)
        key = f"same:{at.section.id}/{'/'.join(s.path)}:{s.field}"
        if isinstance(s.other, Cell):
            found = _cell(c, s.other)
            if found is None:
                continue
            table, r, column = found
            c.add(f"{key}:{table.id}", Kind.SAME, stated, [c.cell(table, r, column)])
            if s.other.column is not None and s.field == "amount":
                _same_children(c, at, table, r)
        else:
            other = find(c.d, *s.other)
            if other is not None:
                c.add(f"{key}:{other.section.id}", Kind.SAME, stated, [_item_op(c, other)])


def _same_children(c: Collector, at: ItemAt, table: Table, r: int) -> None:
    columns = {col.id for col in table.columns}
    for i, child in enumerate(at.item.items):
        if child.id in columns:
            child_at = ItemAt(at.section, child, at.loc + ("items", i))
            c.add(f"same:{at.section.id}/{at.item.id}/{child.id}:{table.id}", Kind.SAME,
                  _item_op(c, child_at), [c.cell(table, r, child.id)])


def _coded_items(items: list[Item], loc: Loc) -> Iterator[tuple[Item, Loc]]:
    for i, item in enumerate(items):
        if item.code:
            yield item, loc + ("items", i)
        yield from _coded_items(item.items, loc + ("items", i))


def _by_code(c: Collector) -> None:
    if c.d.explanations is None:
        return
    for kind, table_kind, fields in BY_CODE:
        table = c.d.table(table_kind)
        section = c.d.explanations.section(kind)
        if table is None or section is None or not table.columns:
            continue
        loc = next(lc for s, lc in c.d.explanations.located
                   if s is section)
        rows = {row.code: r for r, row in enumerate(table.rows) if row.code}
        for item, at in _coded_items(section.items, loc):
            r = rows.get(item.code)
            if r is None:
                continue
            for field, column in fields.items():
                column = column or table.columns[0].id
                if column in {col.id for col in table.columns}:
                    c.add(f"same:{section.id}/{item.code}:{field}:{table.id}", Kind.SAME,
                          c.item(section, item, at, field),
                          [c.cell(table, r, column)])


def _overall(c: Collector) -> None:
    income = find(c.d, SectionKind.OVERALL, ("income-total",))
    expenditure = find(c.d, SectionKind.OVERALL, ("expenditure-total",))
    if income is not None and expenditure is not None:
        c.add(f"balance:{income.section.id}", Kind.BALANCE, _item_op(c, income),
              [_item_op(c, expenditure)])


def within_year(d: Disclosure) -> list[Check]:
    """Every within-year identity of `d`, judged."""
    c = Collector(d)
    _sections(c)
    _overall(c)
    _tables(c)
    _same(c)
    _by_code(c)
    return c.checks
