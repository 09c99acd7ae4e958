"""The eleven standard tables of the shipped layout (unit-14-sections) as a unit publishes
them, each in one of the forms the national templates take: two-sided summaries, codes in
one column or split into 类/款/项, merged group headers, 行次 and 计量单位 columns, an
empty table with its note. Figures are the 2024 seed's where it gives them."""

from __future__ import annotations

from decimal import Decimal as D

from tests.importbook import Block, Line, Sheet

INCOME_SIDE = [
    Line("一、一般公共预算财政拨款收入", [D("1956.06")]),
    Line("二、政府性基金预算财政拨款收入", [D("0")]),
    Line("三、国有资本经营预算财政拨款收入", [D("0")]),
    Line("四、上级补助收入", [None]),
    Line("五、事业收入", [None]),
    Line("本年收入合计", [D("1956.06")]),
    Line("使用非财政拨款结余", [D("2.07")]),
    Line("年初结转和结余", [D("0")]),
    Line("收入总计", [D("1958.13")]),
]
FUNCTION_LINES = [
    ("201", "一般公共服务支出"), ("20129", "群众团体事务"), ("2012999", "其他群众团体事务支出"),
    ("208", "社会保障和就业支出"), ("20801", "人力资源和社会保障管理事务"),
    ("2080109", "社会保险经办机构"), ("20805", "行政事业单位养老支出"),
    ("2080505", "机关事业单位基本养老保险缴费支出"),
]


def _coded(values: list[list[D | str | None]], total: list[D | str | None]) -> list[Line]:
    return [Line("合计", total)] + [Line(name, v, code=code)
                                    for (code, name), v in zip(FUNCTION_LINES, values,
                                                               strict=False)]


def income_summary() -> Sheet:
    expenditure = [Line("一、一般公共服务支出", [D("5.63")]),
                   Line("二、社会保障和就业支出", [D("1888.42")]),
                   Line("本年支出合计", [D("1958.13")]), Line("结余分配", [D("0")]),
                   Line("年末结转和结余", [D("0")]), Line("支出总计", [D("1958.13")])]
    return Sheet("收入支出决算总表", number=1, blocks=[
        Block(["金额"], INCOME_SIDE, codes="none", heading="收入", row_numbers=True),
        Block(["金额"], expenditure, codes="none", heading="支出", row_numbers=True)],
        notes=["注：本表反映单位本年度的总收支和年末结转结余情况。"])


def income() -> Sheet:
    labels = ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
              "附属单位上缴收入", "其他收入"]
    rows = [[D("5.63"), D("5.63"), None, None, None, None, None],
            [D("5.63"), D("5.63"), None, None, None, None, None],
            [D("5.63"), D("5.63"), None, None, None, None, None],
            [D("1888.42"), D("1888.42"), None, None, None, None, D("0")]]
    return Sheet("收入决算表", number=2, blocks=[Block(
        labels, _coded(rows, [D("1956.06"), D("1956.06"), 0, 0, 0, 0, 0]), codes="split")])


def expenditure() -> Sheet:
    labels = ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出",
              "对附属单位补助支出"]
    rows = [[D("5.63"), D("5.63"), None, None, None, None],
            [D("5.63"), D("5.63"), D("0"), None, None, None],
            [D("5.63"), D("5.63"), "-", None, None, None]]
    return Sheet("支出决算表", number=3, blocks=[Block(
        labels, _coded(rows, [D("1958.13"), D("500.32"), D("1457.80"), 0, 0, 0]))])


def appropriations_summary() -> Sheet:
    income_lines = [Line("一、一般公共预算财政拨款", [D("1956.06")]),
                    Line("二、政府性基金预算财政拨款", [D("0")]),
                    Line("三、国有资本经营预算财政拨款", [D("0")]),
                    Line("本年收入合计", [D("1956.06")]),
                    Line("收入总计", [D("1956.06")])]
    spending = [Line("一、一般公共服务支出", [D("5.63"), D("5.63"), None, None]),
                Line("二、社会保障和就业支出", [D("1888.42"), D("1888.42"), None, None]),
                Line("本年支出合计", [D("1956.06"), D("1956.06"), D("0"), D("0")]),
                Line("支出总计", [D("1956.06"), D("1956.06"), D("0"), D("0")])]
    return Sheet("财政拨款收入支出决算总表", number=4, blocks=[
        Block(["金额"], income_lines, codes="none", heading="收入", row_numbers=True),
        Block(["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
               "国有资本经营预算财政拨款"], spending, codes="none", heading="支出",
              row_numbers=True)])


def general_budget_expenditure() -> Sheet:
    rows = [[D("5.63"), D("5.63"), D("5.63"), None],
            [D("5.63"), D("5.63"), D("5.63"), None],
            [D("5.63"), D("5.63"), D("5.63"), None],
            [D("526.98"), D("1888.42"), None, None],
            [D("456.68"), D("447.25"), None, None],
            [D("456.68"), D("447.25"), None, None]]
    return Sheet("一般公共预算财政拨款支出决算表", number=5, blocks=[Block(
        ["年初预算数", ("决算数", ["合计", "基本支出", "项目支出"])],
        _coded(rows, [D("591.64"), D("1956.06"), D("498.25"), D("1457.80")]),
        codes="split")])


def basic_expenditure() -> Sheet:
    personnel = [Line("工资福利支出", [D("445.30")], code="301"),
                 Line("基本工资", [D("53.74")], code="30101"),
                 Line("津贴补贴", [D("154.13")], code="30102"),
                 Line("对个人和家庭的补助", [D("13.73")], code="303"),
                 Line("退休费", [D("13.71")], code="30302"),
                 Line("人员经费合计", [D("459.04")])]
    public = [Line("商品和服务支出", [D("39.21")], code="302"),
              Line("办公费", [D("4.62")], code="30201"),
              Line("维修(护)费", [D("0.13")], code="30213"),
              Line("资本性支出", [None], code="310"),
              Line("公用经费合计", [D("39.21")])]
    return Sheet("一般公共预算财政拨款基本支出决算明细表", number=6, blocks=[
        Block(["决算数"], personnel, heading="人员经费"),
        Block(["决算数"], public, heading="公用经费")])


def project_expenditure() -> Sheet:
    lines = [Line("合计", [D("1457.80")]),
             Line("工资福利支出", [D("44.18")], code="301"),
             Line("其他工资福利支出", [D("44.18")], code="30199"),
             Line("对个人和家庭的补助", [D("1377.76")], code="303"),
             Line("其他对个人和家庭的补助", [D("1377.76")], code="30399"),
             Line("资本性支出", [D("1.00")], code="310"),
             Line("办公设备购置", [D("1.00")], code="31002")]
    return Sheet("一般公共预算财政拨款项目支出决算明细表", number=7,
                 blocks=[Block(["决算数"], lines, codes_as_numbers=True)])


FUND_HEADERS: list[str | tuple[str, list[str]]] = [
    "年初结转和结余", "本年收入", ("本年支出", ["合计", "基本支出", "项目支出"]),
    "年末结转和结余"]


def government_fund() -> Sheet:
    return Sheet("政府性基金预算财政拨款收入支出决算表", number=8, blocks=[Block(
        FUND_HEADERS, [Line("合计", [None] * 6)])],
        notes=["注：本表反映单位本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",
               "本单位无此项收支,故本表为空表。"])


def state_capital() -> Sheet:
    return Sheet("国有资本经营预算财政拨款收入支出决算表", number=9,
                 blocks=[Block(FUND_HEADERS, [])],
                 notes=["本单位无此项支出,故本表为空"])


def three_official() -> Sheet:
    lines = [Line("合计", [D("0"), D("0")]), Line("因公出国(境)费", [D("0"), D("0")], level=2),
             Line("公务用车购置及运行维护费", [D("0"), D("0")], level=2),
             Line("公务用车购置费", [D("0"), D("0")], level=3),
             Line("公务用车运行维护费", [D("0"), D("0")], level=3),
             Line("公务接待费", [D("0"), D("0")], level=2)]
    return Sheet("财政拨款“三公”经费支出决算表", number=10,
                 blocks=[Block(["全年预算数", "决算数"], lines, codes="none")])


def operating() -> Sheet:
    lines = [Line("机关运行经费支出", [D("39.21")], unit="万元"),
             Line("政府采购支出合计", [D("8.89")], unit="万元"),
             Line("政府采购货物支出", [D("1.70")], level=2, unit="万元"),
             Line("授予中小企业合同金额占政府采购支出总额的比例", ["0.00%"], level=2),
             Line("车辆合计", [D("2")], unit="辆"),
             Line("其他用车", [D("2")], level=2, unit="辆"),
             Line("单价100万元(含)以上设备(不含车辆)", [D("0")], unit="台(套)")]
    return Sheet("机关运行经费支出、国有资产占用情况及政府采购支出信息表", number=11,
                 blocks=[Block(["金额/数量"], lines, codes="none", row_numbers=True,
                               unit_column=True)])


SHEETS = {
    "income-expenditure-summary": income_summary,
    "income": income,
    "expenditure": expenditure,
    "appropriations-summary": appropriations_summary,
    "general-budget-expenditure": general_budget_expenditure,
    "general-budget-basic-expenditure": basic_expenditure,
    "general-budget-project-expenditure": project_expenditure,
    "government-fund": government_fund,
    "state-capital": state_capital,
    "three-official": three_official,
    "operating-procurement-assets": operating,
}
"""Table id in the shipped layout -> the sheet a unit publishes for it."""
