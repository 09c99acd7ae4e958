"""Acceptance test: every figure of the seed disclosure is in the content model, in its place.

The expectations below were written down by hand from the seed
(`/work/shared/seed/000_70e9ac559e2ba941.txt`, 2024 决算公开 of 乌海市社会保险事业服务中心),
not from the content YAML. Numbers the PDF extraction broke across spaces were rejoined
("1958.1 3" -> 1958.13, "0. 33" -> 0.33, "1272.4 9" -> 1272.49).

Part 2 figures are `(section id, where, field, value)`:

* `where` is a path of `/`-separated steps. A step is an item id or classification code
  (docs/content-ids.md), `~A|B` (an item whose Chinese label contains A or B, whitespace
  ignored) or `*` (any item). The first step searches the whole section; each further step
  searches inside the items the previous step found (the item itself included, except `*`).
* `field` is `amount`, `share`, `initial_budget`, `full_year_budget`, `execution_rate`,
  `vs_budget.change`, `vs_budget.growth_rate`, `vs_previous.change`, `vs_previous.growth_rate`;
  or `count(<unit>)`: the item's amount where the item's unit contains <unit> (counts of
  vehicles, groups, persons, batches, projects); or `text`: a count the seed states inside a
  sentence of the item (label, note or reasons; for `*` also the section's prose), checked as
  a substring with whitespace removed.
* Signs: 减少 / 下降 are negative.

A step matches when some found item carries the value (Decimals compare by value).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from generator.cli.main import check_content
from generator.content.model.content import Content, Disclosure
from generator.content.model.explanations import Item, Section
from generator.content.model.performance import Evaluation, Indicator
from generator.content.model.types import Figure, Status
from tests.conftest import PROJECT, REAL_CONTENT, REAL_UNIT

SEED = PROJECT.parent / "shared/seed/000_70e9ac559e2ba941.txt"

CONTENT_ROOT = REAL_CONTENT
UNIT = REAL_UNIT

# --------------------------------------------------------------------------------------------
# Part 2 (单位决算情况说明), sections 一 to 十四, as read from the seed
# --------------------------------------------------------------------------------------------

PART2: list[tuple[str, str, str, str]] = [
    # 一、收入支出决算总体情况说明
    # "收入、支出决算总计均为 1958.13 万元。与年初预算相比,收、支总计各增加 1366.49 万元,
    #  增长 230.97%...与上年决算相比,收、支总计各增加 1270.14 万元,增长 184.62%。"
    ("overall", "income-total", "amount", "1958.13"),
    ("overall", "income-total", "vs_budget.change", "1366.49"),
    ("overall", "income-total", "vs_budget.growth_rate", "230.97"),
    ("overall", "income-total", "vs_previous.change", "1270.14"),
    ("overall", "income-total", "vs_previous.growth_rate", "184.62"),
    ("overall", "expenditure-total", "amount", "1958.13"),
    ("overall", "expenditure-total", "vs_budget.change", "1366.49"),
    ("overall", "expenditure-total", "vs_budget.growth_rate", "230.97"),
    ("overall", "expenditure-total", "vs_previous.change", "1270.14"),
    ("overall", "expenditure-total", "vs_previous.growth_rate", "184.62"),
    # "一是我单位本年度实际办理退休 1 人"
    ("overall", "*", "text", "退休1人"),
    # "1.本年收入决算合计 1956.06 万元。与上年决算相比,增加 1271 万元,增长 185.53%"
    ("overall", "income", "amount", "1956.06"),
    ("overall", "income", "vs_previous.change", "1271"),
    ("overall", "income", "vs_previous.growth_rate", "185.53"),
    # "2.使用非财政拨款结余(含专用结余)2.07万元。与上年决算相比,增加2.01万元,增长3570.44%"
    ("overall", "non-appropriation-surplus", "amount", "2.07"),
    ("overall", "non-appropriation-surplus", "vs_previous.change", "2.01"),
    ("overall", "non-appropriation-surplus", "vs_previous.growth_rate", "3570.44"),
    # "3.年初结转和结余 0 万元。与上年决算相比,减少 2.86 万元,下降 100.00%"
    ("overall", "opening-carry-over", "amount", "0"),
    ("overall", "opening-carry-over", "vs_previous.change", "-2.86"),
    ("overall", "opening-carry-over", "vs_previous.growth_rate", "-100.00"),
    # "1.本年支出决算合计 1958.13 万元。与上年决算相比,增加 1272.4 9 万元,增长 185.59%"
    ("overall", "expenditure", "amount", "1958.13"),
    ("overall", "expenditure", "vs_previous.change", "1272.49"),
    ("overall", "expenditure", "vs_previous.growth_rate", "185.59"),
    # "2.结余分配 0 万元...与上年决算相比,增加 0 万元,增长 0%"
    ("overall", "surplus-distribution", "amount", "0"),
    ("overall", "surplus-distribution", "vs_previous.change", "0"),
    ("overall", "surplus-distribution", "vs_previous.growth_rate", "0"),
    # "3.年末结转和结余 0 万元...与上年决算相比,减少 2.34 万元,下降 100%"
    ("overall", "closing-carry-over", "amount", "0"),
    ("overall", "closing-carry-over", "vs_previous.change", "-2.34"),
    ("overall", "closing-carry-over", "vs_previous.growth_rate", "-100"),
    # 二、收入决算情况说明: "本年收入决算合计 1956.0 6万元,其中:..."
    ("income", "total", "amount", "1956.06"),
    ("income", "general-budget", "amount", "1956.06"),
    ("income", "general-budget", "share", "100.00"),
    ("income", "government-fund", "amount", "0"),
    ("income", "government-fund", "share", "0"),
    ("income", "state-capital", "amount", "0"),
    ("income", "state-capital", "share", "0"),
    ("income", "higher-level-subsidies", "amount", "0"),
    ("income", "higher-level-subsidies", "share", "0"),
    ("income", "public-service-revenue", "amount", "0"),
    ("income", "public-service-revenue", "share", "0"),
    ("income", "business-revenue", "amount", "0"),
    ("income", "business-revenue", "share", "0"),
    ("income", "affiliated-remittances", "amount", "0"),
    ("income", "affiliated-remittances", "share", "0"),
    ("income", "other", "amount", "0"),
    ("income", "other", "share", "0"),
    # 三、支出决算情况说明: "本年支出决算合计 1958.1 3 万元, 其中:..."
    ("expenditure", "total", "amount", "1958.13"),
    ("expenditure", "basic", "amount", "500.32"),
    ("expenditure", "basic", "share", "25.55"),
    ("expenditure", "project", "amount", "1457.80"),
    ("expenditure", "project", "share", "74.45"),
    ("expenditure", "remitted", "amount", "0"),
    ("expenditure", "remitted", "share", "0"),
    ("expenditure", "business", "amount", "0"),
    ("expenditure", "business", "share", "0"),
    ("expenditure", "affiliated-subsidies", "amount", "0"),
    ("expenditure", "affiliated-subsidies", "share", "0"),
    # 四、财政拨款收入支出决算总体情况说明
    # "财政拨款收入、支出决算总计均为 1956.06 万元,与年初预算相比,收、支总计各增加 1364.42
    #  万元,增长 230.62%...与上年决算相比,收、支总计各增加 1271 万元,增长 185.53%...
    #  二是我单位本年度实际办理退休 1 人"
    ("appropriations", "total", "amount", "1956.06"),
    ("appropriations", "total", "vs_budget.change", "1364.42"),
    ("appropriations", "total", "vs_budget.growth_rate", "230.62"),
    ("appropriations", "total", "vs_previous.change", "1271"),
    ("appropriations", "total", "vs_previous.growth_rate", "185.53"),
    ("appropriations", "*", "text", "退休1人"),
    # 五、一般公共预算财政拨款支出决算情况说明
    # "支出决算 1956.06万元。与年初预算 591.64万元相比,完成年初预算的 330.62%"
    ("general-budget", "total", "amount", "1956.06"),
    ("general-budget", "total", "initial_budget", "591.64"),
    ("general-budget", "total", "execution_rate", "330.62"),
    # "一般公共服务(类)决算数为 5.63 万元, 与年初预算相比增加 0 万元"
    ("general-budget", "201", "amount", "5.63"),
    ("general-budget", "201", "vs_budget.change", "0"),
    # "群众团体事务(款)其他群众团体事务支出(项)。年初预算 5.63 万元,支出决算 5.63 万元,
    #  完成年初预算的 100%"
    ("general-budget", "2012999", "initial_budget", "5.63"),
    ("general-budget", "2012999", "amount", "5.63"),
    ("general-budget", "2012999", "execution_rate", "100"),
    # "社会保障和就业支出(类)决算数为 1888.42 万元,与年初预算相比增加 1361.44 万元"
    ("general-budget", "208", "amount", "1888.42"),
    ("general-budget", "208", "vs_budget.change", "1361.44"),
    # "社会保险经办机构(项)。年初预算456.68万元,支出决算447.25万元,完成年初预算的97.94%。
    #  ...差异原因:本单位2024年办理退休1人,新招考录用2人。"
    ("general-budget", "2080109", "initial_budget", "456.68"),
    ("general-budget", "2080109", "amount", "447.25"),
    ("general-budget", "2080109", "execution_rate", "97.94"),
    ("general-budget", "2080109", "text", "退休1人"),
    ("general-budget", "2080109", "text", "录用2人"),
    # "行政单位离退休(项)。年初预算 11.05万元,支出决算13.71万元,完成年初预算的124.07%。
    #  ...本年度新增1名退休人员基础性绩效奖金的发放。"
    ("general-budget", "2080501", "initial_budget", "11.05"),
    ("general-budget", "2080501", "amount", "13.71"),
    ("general-budget", "2080501", "execution_rate", "124.07"),
    ("general-budget", "2080501", "text", "新增1名退休人员"),
    # "机关事业单位基本养老保险缴费支出(项)。年初预算39.50万元,支出决算40.52万元,
    #  完成年初预算的102.58%。...本单位2024年办理退休1人,新招考录用2人"
    ("general-budget", "2080505", "initial_budget", "39.50"),
    ("general-budget", "2080505", "amount", "40.52"),
    ("general-budget", "2080505", "execution_rate", "102.58"),
    ("general-budget", "2080505", "text", "退休1人"),
    ("general-budget", "2080505", "text", "录用2人"),
    # "机关事业单位职业年金缴费支出(项)。年初预算19.75万元,支出决算9.16万元,
    #  完成年初预算的46.38%。...我单位本年度实际办理退休1人"
    ("general-budget", "2080506", "initial_budget", "19.75"),
    ("general-budget", "2080506", "amount", "9.16"),
    ("general-budget", "2080506", "execution_rate", "46.38"),
    ("general-budget", "2080506", "text", "退休1人"),
    # "其他社会保障和就业支出(项)。 年初预算0万元,支出决算1377.76万元。"
    ("general-budget", "2089999", "initial_budget", "0"),
    ("general-budget", "2089999", "amount", "1377.76"),
    # "卫生健康支出(类)决算数为 22.37 万元,与年初预算相比减少 0. 33 万元"
    ("general-budget", "210", "amount", "22.37"),
    ("general-budget", "210", "vs_budget.change", "-0.33"),
    # "行政单位医疗(项)。年初预算22.70 万元,支出决算22.37万元,完成年初预算的98.55%。
    #  ...本年度退休1人,调出1人,招考录用2人"
    ("general-budget", "2101101", "initial_budget", "22.70"),
    ("general-budget", "2101101", "amount", "22.37"),
    ("general-budget", "2101101", "execution_rate", "98.55"),
    ("general-budget", "2101101", "text", "退休1人"),
    ("general-budget", "2101101", "text", "调出1人"),
    ("general-budget", "2101101", "text", "录用2人"),
    # "住房保障支出(类)决算数为 39.64 万元,与年初预算相比增加 3. 31 万元"
    ("general-budget", "221", "amount", "39.64"),
    ("general-budget", "221", "vs_budget.change", "3.31"),
    # "住房公积金(项)。年初预算 36.33 万元, 支出决算 39.64 万元,完成年初预算的 109.11%"
    ("general-budget", "2210201", "initial_budget", "36.33"),
    ("general-budget", "2210201", "amount", "39.64"),
    ("general-budget", "2210201", "execution_rate", "109.11"),
    # 六、一般公共预算财政拨款基本支出决算情况说明
    ("basic-expenditure", "total", "amount", "498.25"),
    ("basic-expenditure", "personnel", "amount", "459.04"),
    ("basic-expenditure", "30101", "amount", "53.74"),  # 基本工资
    ("basic-expenditure", "30102", "amount", "154.13"),  # 津贴补贴
    ("basic-expenditure", "30103", "amount", "36.83"),  # 奖金
    ("basic-expenditure", "30106", "amount", "0.25"),  # 伙食补助费
    ("basic-expenditure", "30107", "amount", "11.16"),  # 绩效工资
    ("basic-expenditure", "30108", "amount", "60.78"),  # 机关事业单位基本养老保险缴费
    ("basic-expenditure", "30109", "amount", "19.29"),  # 职业年金缴费
    ("basic-expenditure", "30110", "amount", "28.51"),  # 职工基本医疗保险缴费
    ("basic-expenditure", "30112", "amount", "1.33"),  # 其他社会保障缴费
    ("basic-expenditure", "30113", "amount", "79.28"),  # 住房公积金
    ("basic-expenditure", "30302", "amount", "13.71"),  # 退休费
    ("basic-expenditure", "30399", "amount", "0.02"),  # 其他对个人和家庭的补(助)
    ("basic-expenditure", "public", "amount", "39.21"),
    ("basic-expenditure", "30201", "amount", "4.62"),  # 办公费
    ("basic-expenditure", "30202", "amount", "1.20"),  # 印刷费
    ("basic-expenditure", "30211", "amount", "0.13"),  # 差旅费
    ("basic-expenditure", "30213", "amount", "0.13"),  # 维修(护)费
    ("basic-expenditure", "30216", "amount", "2.50"),  # 培训费
    ("basic-expenditure", "30228", "amount", "5.63"),  # 工会经费
    ("basic-expenditure", "30229", "amount", "8.09"),  # 福利费
    ("basic-expenditure", "30239", "amount", "16.44"),  # 其他交通费用
    ("basic-expenditure", "30299", "amount", "0.47"),  # 其他商品和服务支出
    # 七、一般公共预算财政拨款项目支出决算情况说明
    ("project-expenditure", "total", "amount", "1457.80"),
    ("project-expenditure", "301", "amount", "44.18"),  # 工资福利支出
    ("project-expenditure", "30199", "amount", "44.18"),  # 其他工资福利支出
    ("project-expenditure", "302", "amount", "34.87"),  # 商品和服务支出
    ("project-expenditure", "30201", "amount", "10.80"),  # 办公费
    ("project-expenditure", "30202", "amount", "6.00"),  # 印刷费
    ("project-expenditure", "30203", "amount", "2.00"),  # 咨询费
    ("project-expenditure", "30207", "amount", "0.99"),  # 邮电费
    ("project-expenditure", "30211", "amount", "3.61"),  # 差旅费
    ("project-expenditure", "30213", "amount", "0.70"),  # 维修(护)费
    ("project-expenditure", "30218", "amount", "0.01"),  # 专用材料费
    ("project-expenditure", "30227", "amount", "10.00"),  # 委托业务费
    ("project-expenditure", "30239", "amount", "0.12"),  # 其他交通费用
    ("project-expenditure", "30299", "amount", "0.64"),  # 其他商品和服务支出
    ("project-expenditure", "303", "amount", "1377.76"),  # 对个人和家庭的补助支出
    ("project-expenditure", "30399", "amount", "1377.76"),  # 其他对个人和家庭的补助
    ("project-expenditure", "310", "amount", "1.00"),  # 资本性支出
    ("project-expenditure", "31002", "amount", "1.00"),  # 办公设备购置
    # 八、财政拨款"三公"经费支出决算情况说明
    # (一) "三公"经费全年预算0万元,支出决算0万元,完成预算的0%。其中:(each of the three) ..."
    ("three-official", "total", "full_year_budget", "0"),
    ("three-official", "total", "amount", "0"),
    ("three-official", "total", "execution_rate", "0"),
    ("three-official", "overseas-travel", "full_year_budget", "0"),
    ("three-official", "overseas-travel", "amount", "0"),
    ("three-official", "overseas-travel", "execution_rate", "0"),
    ("three-official", "vehicles", "full_year_budget", "0"),
    ("three-official", "vehicles", "amount", "0"),
    ("three-official", "vehicles", "execution_rate", "0"),
    ("three-official", "reception", "full_year_budget", "0"),
    ("three-official", "reception", "amount", "0"),
    ("three-official", "reception", "execution_rate", "0"),
    # "2024年度一般公共预算财政拨款"三公"经费全年预算0万元,支出决算0万元"
    ("three-official", "~一般公共预算", "full_year_budget", "0"),
    ("three-official", "~一般公共预算", "amount", "0"),
    # (二) "因公出国(境)费支出_0万元,占_0%;公务用车购置及运行维护费支出 0万元,占 0%;
    #  公务接待费支出 0万元,占 0%。"
    ("three-official", "overseas-travel", "share", "0"),
    ("three-official", "vehicles", "share", "0"),
    ("three-official", "reception", "share", "0"),
    # "1.因公出国(境)费支出0万元,全年出国(境)团组0个,累计0人次。与上年决算相比,增加0万元,
    #  增长0%"
    ("three-official", "overseas-travel/~团组", "count(个)", "0"),
    ("three-official", "overseas-travel/*", "count(人次)", "0"),
    ("three-official", "overseas-travel", "vs_previous.change", "0"),
    ("three-official", "overseas-travel", "vs_previous.growth_rate", "0"),
    # "(1)公务用车购置支出0万元。本年度使用财政拨款购置公务用车0辆...与上年决算相比,
    #  增加0万元,增长0%"
    ("three-official", "vehicle-purchase", "amount", "0"),
    ("three-official", "vehicle-purchase/*", "count(辆)", "0"),
    ("three-official", "vehicle-purchase", "vs_previous.change", "0"),
    ("three-official", "vehicle-purchase", "vs_previous.growth_rate", "0"),
    # "(2)公务用车运行维护费支出0万元...公务用车保有量为0辆。与上年决算相比,增加0万元,增长0%"
    ("three-official", "vehicle-operation", "amount", "0"),
    ("three-official", "vehicle-operation/*", "count(辆)", "0"),
    ("three-official", "vehicle-operation", "vs_previous.change", "0"),
    ("three-official", "vehicle-operation", "vs_previous.growth_rate", "0"),
    # "3.公务接待费支出_0万元。其中: 国内公务接待支出_0万元,接待 0_批次, 0_人次...;
    #  国(境)外公务接待支出_0万元,接待 0_批次, 0_人次...。与上年决算相比,增加(减少)_0万元,
    #  增长(下降)_0%"
    ("three-official", "domestic-reception", "amount", "0"),
    ("three-official", "domestic-reception/*", "count(批次)", "0"),
    ("three-official", "domestic-reception/*", "count(人次)", "0"),
    ("three-official", "foreign-reception", "amount", "0"),
    ("three-official", "foreign-reception/*", "count(批次)", "0"),
    ("three-official", "foreign-reception/*", "count(人次)", "0"),
    ("three-official", "reception", "vs_previous.change", "0"),
    ("three-official", "reception", "vs_previous.growth_rate", "0"),
    # 九、"政府性基金预算财政拨款支出决算 0.00 万元。与上年决算相比,增加 0.00 万元,增长 0%"
    ("government-fund", "total", "amount", "0.00"),
    ("government-fund", "total", "vs_previous.change", "0.00"),
    ("government-fund", "total", "vs_previous.growth_rate", "0"),
    # 十、"国有资本经营预算财政拨款支出决算 0.00 万元。与上年决算相比,增加 0.00 万元,增长 0%"
    ("state-capital", "total", "amount", "0.00"),
    ("state-capital", "total", "vs_previous.change", "0.00"),
    ("state-capital", "total", "vs_previous.growth_rate", "0"),
    # 十一、"公用经费支出决算 41.28 万元,与上年决算相比,增加 1.76 万元,增长 4.46%...
    #  其中,机关运行经费支出决算 39.21 万元。比上年决算相比,减少 0.25 万元,下降 0.64%"
    ("operating-expenses", "public-expenses", "amount", "41.28"),
    ("operating-expenses", "public-expenses", "vs_previous.change", "1.76"),
    ("operating-expenses", "public-expenses", "vs_previous.growth_rate", "4.46"),
    ("operating-expenses", "agency-operating-expenses", "amount", "39.21"),
    ("operating-expenses", "agency-operating-expenses", "vs_previous.change", "-0.25"),
    ("operating-expenses", "agency-operating-expenses", "vs_previous.growth_rate", "-0.64"),
    # 十二、"政府采购支出总额 8.89 万元,其中:政府采购货物支出 1.70 万元、政府采购工程支出 0 万元、
    #  政府采购服务支出 7.20 万元。政府采购授予中小企业合同金额 0 万元,占政府采购支出总额的 0%,
    #  其中: 授予小微企业合同金额 0 万元, 占政府采购支出总额的 0%; 货物采购授予中小企业合同金额
    #  占货物支出金额的 0%, 工程采购...占工程支出金额的 0%, 服务采购...占服务支出金额的 0%。"
    ("procurement", "total", "amount", "8.89"),
    ("procurement", "goods", "amount", "1.70"),
    ("procurement", "works", "amount", "0"),
    ("procurement", "services", "amount", "7.20"),
    ("procurement", "sme", "amount", "0"),
    ("procurement", "sme", "share", "0"),
    ("procurement", "small-micro", "amount", "0"),
    ("procurement", "small-micro", "share", "0"),
    ("procurement", "sme/~货物", "share", "0"),
    ("procurement", "sme/~工程", "share", "0"),
    ("procurement", "sme/~服务", "share", "0"),
    # 十三、"共有车辆 0 辆,其中:副部(省)级及以上领导用车 0 辆、主要负责人用车 0 辆、机要通信用车
    #  0 辆、应急保障用车 0 辆、执法执勤用车 0 辆、特种专业技术用车 0 辆、离退休干部服务用车 0 辆,
    #  其他用车 0 辆;单价 100 万元(含)以上的设备(不含车辆)0 台(套)。"
    ("assets", "vehicles", "count(辆)", "0"),
    ("assets", "vehicles/~副部", "count(辆)", "0"),
    ("assets", "vehicles/~主要负责人", "count(辆)", "0"),
    ("assets", "vehicles/~机要通信", "count(辆)", "0"),
    ("assets", "vehicles/~应急保障", "count(辆)", "0"),
    ("assets", "vehicles/~执法执勤", "count(辆)", "0"),
    ("assets", "vehicles/~特种专业技术", "count(辆)", "0"),
    ("assets", "vehicles/~离退休干部服务", "count(辆)", "0"),
    ("assets", "vehicles/~其他用车", "count(辆)", "0"),
    ("assets", "equipment", "count(台)", "0"),
    # 十四、预算绩效情况说明
    # "对 2024 年一般公共预算项目支出全面开展绩效自评,其中一级项目 0 个,二级项 4 个,
    #  共涉及资金 1457.8 万元,占一般公共预算项目支出总额的 100%"
    ("performance", "~一般公共预算/~一级", "count(个)", "0"),
    ("performance", "~一般公共预算/~二级", "count(个)", "4"),
    ("performance", "~一般公共预算", "amount", "1457.8"),
    ("performance", "~一般公共预算", "share", "100"),
    # "政府性基金预算项目 0 个,其中,一级项目 0 个,二级项目 0 个,共涉及资金 0 万元,
    #  占应纳入绩效自评的政府性基金预算项目支出总额的 100%"
    ("performance", "~政府性基金", "count(个)", "0"),
    ("performance", "~政府性基金/~一级", "count(个)", "0"),
    ("performance", "~政府性基金/~二级", "count(个)", "0"),
    ("performance", "~政府性基金", "amount", "0"),
    ("performance", "~政府性基金", "share", "100"),
    # "组织对...等 4 个项目开展了部门评价,涉及一般公共预算支出 1457.8 万元,政府性基金支出 0 万元"
    ("performance", "~部门评价", "count(个)", "4"),
    ("performance", "~部门评价/~一般公共预算", "amount", "1457.8"),
    ("performance", "~部门评价/~政府性基金", "amount", "0"),
    # "在决算中反映 4 个一般公共预算项目,以及 0 个政府性基金项目,共 4 个项目的绩效自评结果"
    ("performance", "~反映", "count(个)", "4"),
    ("performance", "~反映/~一般公共预算", "count(个)", "4"),
    ("performance", "~反映/~政府性基金", "count(个)", "0"),
]

# --------------------------------------------------------------------------------------------
# The four 项目支出绩效自评表, as read from the seed
# --------------------------------------------------------------------------------------------
# funding: (line, column) -> value; line is total (年度资金总额), appropriation (其中:财政拨款),
# other (其他资金); 上年结转资金 is blank in all four tables. The 其他资金 全年预算数 cell is
# garbled by the extraction ("()" / "(0"); it is 0 (全年预算 total = appropriation).
# indicators: (三级指标 name, 年度指标值, 实际完成值, 分值, 得分). A name containing "…" is
# matched as prefix…suffix (the extraction garbled two names). Duplicate names are matched
# by order of occurrence.

EVALUATIONS: list[dict] = [
    {
        "key": "工作经费",
        "project": "社会保险工作经费",
        "funding": {
            ("total", "initial_budget"): "18",
            ("total", "full_year_budget"): "18",
            ("total", "execution"): "17.86",
            ("total", "weight"): "10",
            ("total", "execution_rate"): "99.22",
            ("total", "score"): "9.92",
            ("appropriation", "initial_budget"): "18",
            ("appropriation", "full_year_budget"): "18",
            ("appropriation", "execution"): "17.86",
            ("appropriation", "execution_rate"): "99.22",
            ("other", "initial_budget"): "0",
            ("other", "full_year_budget"): "0",
            ("other", "execution"): "0",
            ("other", "execution_rate"): "0",
        },
        "total_weight": "100",
        "total_score": "97.92",
        "indicators": [
            ("购买办公用品等低值易耗品次数", "4", "6.00", "3", "3"),
            ("印刷宣传册数量", "1", "2.00", "3", "3"),
            ("差旅次数", "10", "14.00", "2", "2"),
            ("维修护办公楼次数", "1", "7.00", "1", "1"),
            ("邮电费缴纳月数", "12", "12.00", "2", "2"),
            ("购买办公设备", "1", "2.00", "2", "2"),
            ("法律咨询服务月数", "12", "12.00", "1", "1"),
            ("租车次数", "1", "1.00", "1", "1"),
            ("购买办公用品等低值易耗品验收质量合格率", "100", "100.00", "4", "4"),
            ("购买办公设备验收质量合格率", "100", "100.00", "2", "2"),
            ("维修护办公楼验收质量合格率", "100", "100.00", "2", "2"),
            ("宣传册验收质量", "合格", "合格", "3", "3"),
            ("法律咨询服务质量", "合格", "合格", "2", "2"),
            ("租车服务质量", "合格", "合格", "2", "2"),
            ("宣传册发放时间", "2024年12月31日", "2024年12月31日", "2", "2"),
            ("购买办公设备及时率", "100", "100.00", "2", "2"),
            ("维修护办公楼验时间", "2024年12月31日", "2024年12月31日", "2", "2"),
            ("差旅费报销及时率", "100", "100.00", "2", "2"),
            ("邮电费缴纳及时率", "100", "100.00", "1", "1"),
            ("购买办公用品等低值易耗品时间", "及时购买", "及时购买", "1", "1"),
            ("差旅成本", "4", "3.60", "2", "2"),
            ("邮电费成本", "1", "1.00", "1", "1"),
            ("购买办公用品等低值易耗品成本", "6.38", "7.24", "2", "0"),
            ("宣传材料印刷成本", "2", "2.00", "1", "1"),
            ("维修护成本", "1.5", "0.90", "1", "1"),
            ("购买办公设备", "1", "1.00", "1", "1"),  # 成本指标, second of the name
            ("法律咨询费", "2", "2.00", "1", "1"),
            ("租车费", "0.12", "0.12", "1", "1"),
            ("巩固确保应参尽参确保按时足额发放", "有效巩固", "有效巩固", "10", "10"),
            ("保障工作效率", "保障", "有效保障", "10", "10"),
            ("建立可持续的养老保险保障体系", "长期", "已建立可持续的养老保障体系", "10", "10"),
            ("参保人员满意度", "95", "96.00", "10", "10"),
        ],
    },
    {
        "key": "年检费",
        "project": "年检费",
        "funding": {
            ("total", "initial_budget"): "18",
            ("total", "full_year_budget"): "18",
            ("total", "execution"): "18",
            ("total", "weight"): "10",
            ("total", "execution_rate"): "100",
            ("total", "score"): "10",
            ("appropriation", "initial_budget"): "18",
            ("appropriation", "full_year_budget"): "18",
            ("appropriation", "execution"): "18",
            ("appropriation", "execution_rate"): "100",
            ("other", "initial_budget"): "0",
            ("other", "full_year_budget"): "0",
            ("other", "execution"): "0",
            ("other", "execution_rate"): "0",
        },
        "total_weight": "100",
        "total_score": "100.00",
        "indicators": [
            ("参加资格认证人数", "10.12", "10.33", "3", "3"),
            ("资格认证服务指南等资料印刷", "1", "4.00", "3", "3"),
            ("委托业务服务月数", "12", "12.00", "3", "3"),
            ("社保政策宣传资料宣传品", "1", "4.00", "3", "3"),
            ("购买工作人员办公用品及宣传物料等低值易耗品", "1", "5.00", "3", "3"),
            ("参加资格认证应认证率", "90", "99.75", "3", "3"),
            ("委托业务服务合格率", "100%", "100%", "3", "3"),
            ("资格认证服务指南等资料验收合格率", "100%", "100%", "3", "3"),
            ("社保政策宣传资料宣传品验收合格率", "100%", "100%", "3", "3"),
            ("购买工作人员办公用品及宣传物料等低值易耗品验收合格率", "100%", "100%", "3", "3"),
            ("购买工作人员办公用品及宣传物料等低值易耗品时间",
             "2024年12月31日前", "2024年12月31日前", "2.5", "2.5"),
            ("政策及流程宣传时间", "2024年12月31日前", "2024年12月31日前", "2.5", "2.5"),
            ("资格认证时间", "2024年12月31日前", "2024年12月31日前", "2.5", "2.5"),
            ("委托业务费支付及时率", "2024年12月31日前", "2024年12月31日前", "2.5", "2.5"),
            # 成本指标: the next and the third after repeat 数量指标 names
            ("购买工作人员办公用品及宣传物料等低值易耗品", "4", "3.50", "4", "4"),
            ("委托业务服务费用", "10", "10.00", "3", "3"),
            ("社保政策宣传资料宣传品", "4", "3.99", "3", "3"),
            ("保障养老保险基金安全", "有效保障", "有效保障", "7.5", "7.5"),
            ("保障参保人员利益", "有效保障", "有效保障", "7.5", "7.5"),
            ("保障工作正常开展", "有效保障", "有效保障", "7.5", "7.5"),
            ("养老保险基金使用规范", "长期保障", "长期保障", "7.5", "7.5"),
            ("参保群众满意度", "90", "90.00", "10", "10"),
        ],
    },
    {
        "key": "聘用人员工资",
        "project": "聘用人员工资",
        "funding": {
            ("total", "initial_budget"): "77",
            ("total", "full_year_budget"): "50",
            ("total", "execution"): "44.18",
            ("total", "weight"): "10",
            ("total", "execution_rate"): "88.36",
            ("total", "score"): "8.84",
            ("appropriation", "initial_budget"): "77",
            ("appropriation", "full_year_budget"): "50",
            ("appropriation", "execution"): "44.18",
            ("appropriation", "execution_rate"): "88.36",
            ("other", "initial_budget"): "0",
            ("other", "full_year_budget"): "0",
            ("other", "execution"): "0",
            ("other", "execution_rate"): "0",
        },
        "total_weight": "100",
        "total_score": "98.84",
        "indicators": [
            ("招聘人员", "10", "8.00", "7.5", "7.5"),
            ("聘用人员工资发放月数", "12", "12.00", "7.5", "7.5"),
            ("保障社保中心工作正常完成率", "100%", "100%", "7.5", "7.5"),
            ("招聘人员综合素质", "合格", "合格", "7.5", "7.5"),
            ("工资待遇按时发放", "每月15日左右", "每月15日左右", "5", "5"),
            ("工资待遇发放及时率", "100%", "100%", "5", "5"),
            ("人员工资及各项保险", "77", "44.18", "5", "5"),
            ("人均工资及各项保险", "8.5", "5.53", "5", "5"),
            # garbled in the seed ("缓解和城上 保经工过过 担过 短期 ..."); 社会效益指标
            ("缓解…", "有效缓解", "有效缓解", "15", "15"),
            ("有效提升社保中心服务水平", "长期", "长期", "15", "15"),
            ("职工满意度", "95", "96.00", "10", "10"),
        ],
    },
    {
        "key": "缴费补贴",
        "project": "原国企解除劳动关系人员缴费补贴",
        "funding": {
            ("total", "initial_budget"): "0",
            ("total", "full_year_budget"): "1815",
            ("total", "execution"): "1377.76",
            ("total", "weight"): "10",
            ("total", "execution_rate"): "75.91",
            ("total", "score"): "7.59",
            ("appropriation", "initial_budget"): "0",
            ("appropriation", "full_year_budget"): "1815",
            ("appropriation", "execution"): "1377.76",
            ("appropriation", "execution_rate"): "75.91",
            ("other", "initial_budget"): "0",
            ("other", "full_year_budget"): "0",
            ("other", "execution"): "0",
            ("other", "execution_rate"): "0",
        },
        "total_weight": "100",
        "total_score": "97.25",
        "indicators": [
            ("补贴待遇发放人数", "2500", "2387.00", "7.5", "7.16"),
            ("补贴待遇发放次数", "1", "5.00", "7.5", "7.5"),
            ("核定征缴完成率", "95", "100.00", "7.5", "7.5"),
            ("缴费补贴足额发放率", "100", "100.00", "7.5", "7.5"),
            ("补贴待遇发放时间", "按年发放", "按年发放", "5", "5"),
            ("补贴资金到位时间", "按年度到位", "按年度到位", "5", "5"),
            ("补贴待遇发放总成本", "1815", "1377.76", "5", "5"),
            ("补贴待遇发放年人均成本", "7200", "5772.00", "5", "5"),
            # extracted as "保障国 企下工缴 纳养老 保险"; 社会效益指标
            ("保障国企…缴纳养老保险", "有效保障", "有效保障", "15", "15"),
            ("养老保险收支平衡", "长期", "长期", "15", "15"),
            ("领取补贴待遇人员满意度", "90", "90.00", "10", "10"),
        ],
    },
]

# --------------------------------------------------------------------------------------------
# The partial 2023 record (docs: domain.md, "What the 2024 text says about 2023")
# --------------------------------------------------------------------------------------------

RECORD_2023: list[tuple[str, str, str]] = [
    ("overall", "income-total", "687.99"),  # 1958.13 - 1270.14
    ("overall", "expenditure-total", "687.99"),  # 1958.13 - 1270.14
    ("overall", "income", "685.06"),  # 1956.06 - 1271
    ("overall", "expenditure", "685.64"),  # 1958.13 - 1272.49
    ("overall", "opening-carry-over", "2.86"),  # 0 + 2.86
    ("overall", "closing-carry-over", "2.34"),  # 0 + 2.34
    ("appropriations", "total", "685.06"),  # 1956.06 - 1271
    ("operating-expenses", "public-expenses", "39.52"),  # 41.28 - 1.76
    ("operating-expenses", "agency-operating-expenses", "39.46"),  # 39.21 + 0.25
    ("three-official", "total", "0"),  # 0 - 0
]

# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------

_WS = re.compile(r"\s+")


def _squash(text: str | None) -> str:
    return _WS.sub("", text or "")


_LOADED: dict[str, object] = {}


def _content() -> Content:
    if "content" not in _LOADED:
        content, findings = check_content(CONTENT_ROOT)
        _LOADED["content"] = content
        _LOADED["findings"] = findings
    content = _LOADED["content"]
    if content is None:
        pytest.fail("content does not load:\n" + _LOADED["findings"].format_text())  # type: ignore[union-attr]
    return content  # type: ignore[return-value]


def _disclosure(year: int) -> Disclosure:
    for disclosure in _content().disclosures():
        if disclosure.unit == UNIT and disclosure.year == year:
            return disclosure
    pytest.fail(f"no disclosure {UNIT}/{year}")


def _section(disclosure: Disclosure, section_id: str) -> Section:
    if disclosure.explanations is None:
        pytest.fail(f"{disclosure.unit}/{disclosure.year} has no explanations.yaml")
    section = disclosure.explanations.section(section_id)
    if section is None:
        pytest.fail(f"{disclosure.year} explanations have no section '{section_id}'")
    return section


# --------------------------------------------------------------------------------------------
# The item matcher
# --------------------------------------------------------------------------------------------


def _step_matches(item: Item, step: str) -> bool:
    if step == "*":
        return True
    if step.startswith("~"):
        label = _squash(item.label.zh)
        return any(_squash(part) in label for part in step[1:].split("|"))
    return item.id == step or item.code == step


def find_items(section: Section, where: str) -> list[Item]:
    """Items of the section matching a `where` path (see the module docstring)."""
    found: list[Item] = []
    for index, step in enumerate(where.split("/")):
        if index == 0:
            pool = [item for top in section.items for item in top.walk()]
        elif step == "*":
            pool = [d for item in found for d in item.walk()[1:]]
        else:
            pool = [d for item in found for d in item.walk()]
        seen: set[int] = set()
        found = []
        for item in pool:
            if id(item) not in seen and _step_matches(item, step):
                seen.add(id(item))
                found.append(item)
    return found


def _figure(item: Item, field: str) -> Figure | None:
    obj: object = item
    for part in field.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    assert isinstance(obj, Figure), f"{field} is not a figure"
    return obj


def field_value(item: Item, field: str) -> Decimal | str | None:
    """The value of `field` on the item; None when absent, unknown or not applicable."""
    if field == "text":
        parts = [item.label.zh, item.note.zh if item.note else None]
        for comparison in (item.vs_budget, item.vs_previous):
            if comparison is not None and comparison.reason is not None:
                parts.append(comparison.reason.zh)
        return "".join(_squash(p) for p in parts if p)
    count = re.fullmatch(r"count\((.+)\)", field)
    if count:
        if item.unit is None or count.group(1) not in item.unit.zh:
            return None
        field = "amount"
    figure = _figure(item, field)
    return None if figure is None else figure.value


def _describe(item: Item, field: str) -> str:
    unit = f" [{item.unit.zh}]" if item.unit else ""
    return f"{item.id} '{item.label.zh}'{unit}: {field_value(item, field)!r}"


def check_part2(disclosure: Disclosure, section_id: str, where: str, field: str,
                expected: str) -> None:
    section = _section(disclosure, section_id)
    items = find_items(section, where)
    assert items, f"section {section_id}: no item matches '{where}'"
    if field == "text":
        texts = [field_value(item, field) for item in items]
        if where == "*":
            prose = disclosure.section_prose(section_id)
            texts.append(_squash(prose.zh) if prose else "")
        assert any(_squash(expected) in (t or "") for t in texts), (
            f"section {section_id}: '{expected}' is in no text of '{where}'")
        return
    want = Decimal(expected)
    values = [field_value(item, field) for item in items]
    assert any(v is not None and v == want for v in values), (
        f"section {section_id}, {where}, {field}: expected {want}; found "
        + "; ".join(_describe(item, field) for item in items))


# --------------------------------------------------------------------------------------------
# Part 2 tests
# --------------------------------------------------------------------------------------------


def _part2_id(case: tuple[str, str, str, str]) -> str:
    section, where, field, value = case
    return f"{section}:{where}:{field}={value}"


def test_2024_sections_are_numbered_and_titled_as_published() -> None:
    """The seed's table of contents lists Part 2's sections as 一、… 十四、; the model has
    exactly those, in that order, with the seed's numbers and titles."""
    seed = SEED.read_text(encoding="utf-8")
    toc = seed[seed.index("第二部分"):seed.index("第三部分")]
    published = re.findall(r"^- ([一二三四五六七八九十]+)、(.+)$", toc, re.M)
    assert len(published) == 14
    explanations = _disclosure(2024).explanations
    assert explanations is not None
    ours = [(s.number, s.title.zh if s.title else None) for s in explanations.sections]
    assert ours == [(n, t.strip()) for n, t in published]


@pytest.mark.parametrize("case", PART2, ids=[_part2_id(c) for c in PART2])
def test_part2_figure(case: tuple[str, str, str, str]) -> None:
    section_id, where, field, value = case
    check_part2(_disclosure(2024), section_id, where, field, value)


# --------------------------------------------------------------------------------------------
# Performance tests
# --------------------------------------------------------------------------------------------


def _evaluation(project: str) -> Evaluation:
    performance = _disclosure(2024).performance
    if performance is None:
        pytest.fail("2024 has no performance.yaml")
    matches = [e for e in performance.evaluations if _squash(project) in _squash(e.project.zh)]
    assert len(matches) == 1, (
        f"{len(matches)} evaluations match '{project}': "
        f"{[e.project.zh for e in performance.evaluations]}")
    return matches[0]


def _name_matches(indicator: Indicator, spec: str) -> bool:
    name = _squash(indicator.name.zh)
    if "…" in spec:
        prefix, suffix = spec.split("…", 1)
        return name.startswith(prefix) and name.endswith(suffix)
    return name == _squash(spec)


def _indicator(evaluation: Evaluation, spec: str, occurrence: int) -> Indicator:
    matches = [i for i in evaluation.indicators if _name_matches(i, spec)]
    assert len(matches) > occurrence, (
        f"indicator '{spec}' (occurrence {occurrence + 1}) not in '{evaluation.project.zh}'; "
        f"has {[i.name.zh for i in evaluation.indicators]}")
    return matches[occurrence]


def _performance_cases() -> tuple[list[tuple], list[str]]:
    cases: list[tuple] = []
    ids: list[str] = []
    for ev in EVALUATIONS:
        for (line, column), value in ev["funding"].items():
            cases.append((ev["project"], "funding", (line, column), value))
            ids.append(f"{ev['key']}:funding.{line}.{column}={value}")
        for attr in ("total_weight", "total_score"):
            cases.append((ev["project"], attr, None, ev[attr]))
            ids.append(f"{ev['key']}:{attr}={ev[attr]}")
        seen: dict[str, int] = {}
        for name, target, actual, weight, score in ev["indicators"]:
            occurrence = seen.get(name, 0)
            seen[name] = occurrence + 1
            label = name if occurrence == 0 else f"{name}#{occurrence + 1}"
            for attr, value in (("target", target), ("actual", actual),
                                ("weight", weight), ("score", score)):
                cases.append((ev["project"], attr, (name, occurrence), value))
                ids.append(f"{ev['key']}:{label}:{attr}={value}")
    return cases, ids


PERFORMANCE_CASES, PERFORMANCE_IDS = _performance_cases()


@pytest.mark.parametrize("case", PERFORMANCE_CASES, ids=PERFORMANCE_IDS)
def test_performance_figure(case: tuple) -> None:
    project, attr, where, expected = case
    evaluation = _evaluation(project)
    if attr == "funding":
        line, column = where
        figure = getattr(getattr(evaluation.funding, line), column)
        assert figure is not None and figure.value is not None, (
            f"funding {line}.{column} is {'absent' if figure is None else 'unknown'}; "
            f"expected {expected}")
        assert figure.value == Decimal(expected), f"funding {line}.{column}: {figure.value}"
    elif attr in ("total_weight", "total_score"):
        assert getattr(evaluation, attr) == Decimal(expected)
    else:
        name, occurrence = where
        indicator = _indicator(evaluation, name, occurrence)
        if attr in ("target", "actual"):
            got = getattr(indicator, attr).zh
            assert _squash(got) == _squash(expected), f"{attr}: '{got}' != '{expected}'"
        else:
            assert getattr(indicator, attr) == Decimal(expected)


@pytest.mark.parametrize("ev", EVALUATIONS, ids=[e["key"] for e in EVALUATIONS])
def test_evaluation_has_exactly_the_seed_indicators(ev: dict) -> None:
    evaluation = _evaluation(ev["project"])
    assert len(evaluation.indicators) == len(ev["indicators"]), (
        [i.name.zh for i in evaluation.indicators])


@pytest.mark.parametrize("ev", EVALUATIONS, ids=[e["key"] for e in EVALUATIONS])
def test_carry_over_line_is_blank(ev: dict) -> None:
    line = _evaluation(ev["project"]).funding.carry_over
    cells = {k: v for k, v in line.model_dump().items() if v is not None}
    assert not cells, f"上年结转资金 is blank in the seed; content has {cells}"


def test_four_evaluations() -> None:
    performance = _disclosure(2024).performance
    assert performance is not None
    assert len(performance.evaluations) == 4


@pytest.mark.parametrize("ev", EVALUATIONS, ids=[e["key"] for e in EVALUATIONS])
def test_scores_add_up_to_total(ev: dict) -> None:
    evaluation = _evaluation(ev["project"])
    funding_score = evaluation.funding.total.score
    funding_weight = evaluation.funding.total.weight
    assert funding_score is not None and funding_score.value is not None
    assert funding_weight is not None and funding_weight.value is not None
    score_sum = sum((i.score for i in evaluation.indicators), Decimal(0)) + funding_score.value
    weight_sum = sum((i.weight for i in evaluation.indicators), Decimal(0)) + funding_weight.value
    assert score_sum == evaluation.total_score == Decimal(ev["total_score"])
    assert weight_sum == evaluation.total_weight == Decimal(ev["total_weight"])


# --------------------------------------------------------------------------------------------
# The partial 2023 record
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", RECORD_2023,
                         ids=[f"2023:{s}:{i}={v}" for s, i, v in RECORD_2023])
def test_2023_derived_figure(case: tuple[str, str, str]) -> None:
    section_id, item_id, value = case
    section = _section(_disclosure(2023), section_id)
    items = [item for top in section.items for item in top.walk() if item.id == item_id]
    assert len(items) == 1, f"2023 {section_id}: {len(items)} items with id '{item_id}'"
    figure = items[0].amount
    assert figure is not None and figure.value is not None, f"2023 {item_id}: no amount"
    assert figure.value == Decimal(value), f"2023 {item_id}: {figure.value} != {value}"
    assert figure.status is Status.COMPUTED, f"2023 {item_id}: status {figure.status.value}"
    assert figure.source is not None and figure.source.zh.strip(), (
        f"2023 {item_id}: no source note")
