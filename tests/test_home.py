"""The home page of a portal of many units (issue "A portal of many units", item 5): every
unit listed, grouped by supervising department and region, with a count per group, a link
to each year's disclosure and each year's completeness; a unit whose department or region
is not stated still listed; the filter box (site_src/js/unitfilter.js) narrowing the list
by Chinese name, English name and pinyin initials, under a strict CSP, with a live count;
without JavaScript, the complete list.

The content is generated: the minimal fixture's unit copied under N slugs with varied
names, departments, regions and years (`make_portal`). Expected groups and matches are
worked out here from the generator's own tables (the pinyin initials are written out by
hand), never from the page's order or the number of units.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.content.model.types import Text, stated
from generator.site.formatting import zh_numeral
from generator.site.names import pinyin_keys
from tests.buildutil import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from tests.browserutil import Server

MINIMAL = Path(__file__).parent / "fixtures" / "minimal-content"
INCOMPLETE_KEY = "incomplete"
"""The meta.yaml field that marks a year incomplete (generator.site.views.incomplete reads it)."""

N = 60

# (Chinese, English, pinyin initials written out by hand)
CITIES = [("乌海市", "Wuhai", "whs"), ("包头市", "Baotou", "bts"),
          ("呼和浩特市", "Hohhot", "hhhts")]
FUNCTIONS = [("图书馆", "Library", "tsg"), ("档案馆", "Archives", "dag"),
             ("博物馆", "Museum", "bwg"),
             ("社会保险事业服务中心", "Social Insurance Service Center", "shbxsyfwzx"),
             ("疾病预防控制中心", "Center for Disease Control", "jbyfkzzx")]
DEPARTMENTS = [("人力资源和社会保障局", "Human Resources and Social Security Bureau"),
               ("文化和旅游局", "Culture and Tourism Bureau"),
               ("卫生健康委员会", "Health Commission")]
DISTRICTS = [("海勃湾区", "Haibowan District"), ("乌达区", "Wuda District")]
NUMERAL_INITIALS = {"一": "y", "二": "e", "三": "s", "四": "s", "五": "w", "六": "l",
                    "七": "q", "八": "b", "九": "j", "十": "s",
                    **{d: d for d in "0123456789"}}  # from 100 on, zh_numeral writes digits
YEARS = [[2023, 2024], [2024], [2022], [2023, 2024]]
"""Years of unit i: YEARS[i % 4]; the 2023 of the first pattern is incomplete."""
NO_DEPARTMENT = 7
"""This unit's supervising department is `not stated`."""
NO_REGION = {5, 11}
"""These units give no region."""


@dataclass(frozen=True)
class GenUnit:
    slug: str
    zh: str
    en: str
    initials: str
    department: str | None
    department_en: str | None
    region: str | None
    region_en: str | None
    years: list[int]
    incomplete: list[int]


def portal_units(n: int = N) -> list[GenUnit]:
    units = []
    for i in range(n):
        city, city_en, city_py = CITIES[i % len(CITIES)]
        func, func_en, func_py = FUNCTIONS[i % len(FUNCTIONS)]
        number = zh_numeral(i + 1)
        zh = f"{city}第{number}{func}"
        initials = city_py + "d" + "".join(NUMERAL_INITIALS[c] for c in number) + func_py
        dept, dept_en = DEPARTMENTS[(i // 3) % len(DEPARTMENTS)]
        region: tuple[str, str] | tuple[None, None] = (city, city_en)
        if i in NO_REGION:
            region = (None, None)
        elif city == "乌海市":  # departments of Wuhai have units in two districts
            region = DISTRICTS[(i // 9) % len(DISTRICTS)]
        years = YEARS[i % len(YEARS)]
        units.append(GenUnit(
            f"unit-{i + 1:03d}", zh, f"{city_en} No. {i + 1} {func_en}", initials,
            None if i == NO_DEPARTMENT else city + dept,
            None if i == NO_DEPARTMENT else f"{city_en} {dept_en}", *region, years,
            [2023] if i % len(YEARS) == 0 else []))
    return units


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make_portal(root: Path, units: list[GenUnit]) -> Path:
    """A content folder with `units`, each a copy of the minimal fixture's unit."""
    content = root / "content"
    shutil.copytree(MINIMAL, content, ignore=shutil.ignore_patterns("units"))
    source = MINIMAL / "units" / "demo-unit"
    year_dir = source / "2024"
    for u in units:
        folder = content / "units" / u.slug
        folder.mkdir(parents=True)
        lines = [f"name: {{zh: {_quote(u.zh)}, en: {_quote(u.en)}}}",
                 "supervising_department: " + (
                     "not stated" if u.department is None
                     else f"{{zh: {_quote(u.department)}, en: {_quote(u.department_en or '')}}}"),
                 "nature: {zh: 公益一类事业单位, en: Category I public welfare institution}"]
        if u.region is not None:
            lines.append(f"region: {{zh: {_quote(u.region)}, en: {_quote(u.region_en or '')}}}")
        (folder / "unit.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        for year in u.years:
            target = folder / str(year)
            shutil.copytree(year_dir, target)
            meta = (target / "meta.yaml").read_text(encoding="utf-8")
            meta = meta.replace("unit: demo-unit", f"unit: {u.slug}").replace(
                "year: 2024", f"year: {year}")
            if year in u.incomplete:
                meta += f"{INCOMPLETE_KEY}: {{zh: 只有部分数字。, en: Only some figures.}}\n"
            (target / "meta.yaml").write_text(meta, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("many-units")
    out = tmp / "output"
    build(make_portal(tmp, portal_units()), out)
    return out


# --- a small DOM, enough to read the list back ------------------------------------------------

@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node]
    parent: Node | None = None

    def iter(self) -> Iterator[Node]:
        for child in self.children:
            yield child
            yield from child.iter()

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        return [n for n in self.iter() if n.tag == tag
                and (cls is None or cls in n.attrs.get("class", "").split())]

    def find(self, tag: str, cls: str | None = None) -> Node:
        found = self.find_all(tag, cls)
        assert found, (tag, cls)
        return found[0]

    def text(self) -> str:
        return "".join(c.attrs["data"] if c.tag == "#text" else c.text() for c in self.children)


VOID = {"meta", "link", "input", "br", "img", "hr", "source", "wbr"}


class _Tree(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, [])
        self.here = self.root
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, [], self.here)
        self.here.children.append(node)
        if tag not in VOID:
            self.here = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.here
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.here = node.parent

    def handle_data(self, data: str) -> None:
        self.here.children.append(Node("#text", {"data": data}, [], self.here))


def dom(path: Path) -> Node:
    return _Tree(path.read_text(encoding="utf-8")).root


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- the grouped list ----------------------------------------------------------------------

@dataclass(frozen=True)
class Listed:
    group: str
    region: str | None
    slug: str
    years: dict[int, bool]
    """year -> marked incomplete."""


def listed(page: Node) -> tuple[dict[str, tuple[str, int]], list[Listed]]:
    """(summary text and count of each group by name, every unit as listed)."""
    groups: dict[str, tuple[str, int]] = {}
    units = []
    for g in page.find_all("li", "unit-group"):
        summary = g.find("summary")
        name = squash(summary.find("span", "group-name").text())
        count = int(re.sub(r"\D", "", summary.find("span", "group-count").text()))
        assert name not in groups, f"group {name} listed twice"
        groups[name] = (squash(summary.text()), count)
        for entry in g.find_all("li", "unit-entry"):
            region_box = entry.parent.parent if entry.parent else None
            region = None
            if region_box is not None and "region-group" in region_box.attrs.get("class", ""):
                region = squash(region_box.find("h3").text())
            href = entry.find("p", "unit-name").find("a").attrs["href"]
            slug = href.split("/")[-2]
            years: dict[int, bool] = {}
            line = entry.find("p", "unit-years")
            kids = [c for c in line.children if c.tag != "#text" or c.attrs["data"].strip()]
            for k, node in enumerate(kids):
                if node.tag == "a" and "compare-years" not in node.attrs.get("class", ""):
                    year = int(node.attrs["href"].split("/")[-2])
                    after = kids[k + 1] if k + 1 < len(kids) else None
                    years[year] = after is not None and "badge" in after.attrs.get("class", "")
            units.append(Listed(name, region, slug, years))
    return groups, units


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_unit_is_listed_once_in_its_department_with_every_year(many: Path,
                                                                     lang: str) -> None:
    root = many / ("" if lang == "zh" else "en")
    groups, units = listed(dom(root / "index.html"))
    expected = {u.slug: u for u in portal_units()}
    assert Counter(u.slug for u in units) == Counter(list(expected))  # each exactly once
    not_stated = "主管部门未载明" if lang == "zh" else "Supervising department not stated"
    for u in units:
        gen = expected[u.slug]
        assert u.group == ((gen.department if lang == "zh" else gen.department_en)
                           or not_stated), u
        assert u.years == {y: y in gen.incomplete for y in gen.years}, u
        # The link goes to the disclosure of that year.
        assert (root / "units" / u.slug / str(max(u.years)) / "index.html").is_file()
    # A count per group, and the counts add up.
    by_group = Counter(u.group for u in units)
    assert {name: count for name, (_, count) in groups.items()} == dict(by_group)
    total = dom(root / "index.html").find("p", "units-total").text()
    assert re.sub(r"\D", "", total) == str(len(expected))


def test_groups_split_by_region_and_name_the_missing_ones(many: Path) -> None:
    groups, units = listed(dom(many / "index.html"))
    expected = {u.slug: u for u in portal_units()}
    # Named departments sort before the group of those not stated.
    assert list(groups)[-1] == "主管部门未载明"
    for u in units:
        gen = expected[u.slug]
        regions_of_group = {expected[o.slug].region for o in units if o.group == u.group}
        if len(regions_of_group) > 1:  # a department in several regions: one heading each
            assert u.region is not None
            want = f"地区：{gen.region}" if gen.region else "地区未载明"
            assert u.region.startswith(want), (u, want)
        else:  # one region: named in the summary, no headings
            assert u.region is None
            if gen.region:
                assert gen.region in groups[u.group][0]
    assert any(u.region and u.region.startswith("地区未载明") for u in units)


def test_links_reach_every_disclosure_and_mark_incomplete_years(many: Path) -> None:
    html = (many / "index.html").read_text(encoding="utf-8")
    for u in portal_units():
        for year in u.years:
            href = f'href="units/{u.slug}/{year}/index.html"'
            assert html.count(href) == 1, href
            link = re.search(re.escape(href) + r">[^<]*</a>( <span class=\"badge\">[^<]*)?", html)
            assert link is not None
            assert bool(link.group(1)) is (year in u.incomplete), (u.slug, year)
    assert "不完整" in html and "partial" in (many / "en" / "index.html").read_text("utf-8")


def test_filter_data_carries_names_and_pinyin(many: Path) -> None:
    page = dom(many / "index.html")
    entries = {e.find("p", "unit-name").find("a").attrs["href"].split("/")[-2]: e
               for e in page.find_all("li", "unit-entry")}
    for u in portal_units():
        attrs = entries[u.slug].attrs
        assert attrs["data-zh"] == u.zh
        assert attrs["data-en"] == u.en.lower()
        assert attrs["data-py"].split(" ")[0] == u.initials
    assert pinyin_keys("乌海市社会保险事业服务中心") == (
        "whsshbxsyfwzx wuhaishishehuibaoxianshiyefuwuzhongxin")
    # The box is hidden without JavaScript and labelled in each language.
    for root, label in ((many, "筛选单位"), (many / "en", "Filter units")):
        html = (root / "index.html").read_text(encoding="utf-8")
        assert '<div class="unit-filter" data-unit-filter hidden' in html
        assert f'<label for="unit-filter-input">{label}</label>' in html
        assert html.count('src="') and "js/unitfilter.js" in html


def test_only_the_home_page_loads_the_filter(many: Path) -> None:
    loading = {p.relative_to(many).as_posix() for p in many.rglob("*.html")
               if "unitfilter.js" in p.read_text(encoding="utf-8")}
    assert loading == {"index.html", "en/index.html"}


def test_stated_guards_every_kind_of_missing_field() -> None:
    assert stated(Text(zh="乌海市")) == Text(zh="乌海市")
    assert stated(None) is None
    assert stated("乌海市") is None  # not a Text
    gap = Text.model_validate("not stated")
    if getattr(gap, "gap", None) is not None:  # the model's `not stated` text
        assert stated(gap) is None


def test_one_unit_home_opens_its_group(tmp_path: Path) -> None:
    out = tmp_path / "output"
    build(make_portal(tmp_path, portal_units(1)), out)
    page = dom(out / "index.html")
    assert [d.attrs.get("open") for d in page.find_all("details")] == [""]
    assert "共1个单位" in page.find("p", "units-total").text()
    en = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert '<p class="units-total">1 unit</p>' in en
    # A list this short needs no filter box, nor its script.
    assert "data-unit-filter" not in en and "unitfilter.js" not in en


def test_many_units_home_starts_folded(many: Path) -> None:
    page = dom(many / "index.html")
    assert all("open" not in d.attrs for d in page.find_all("details"))


def test_interface_text_assumes_neither_one_unit_nor_one_city(many: Path) -> None:
    names = {n for u in portal_units() for n in (u.zh, u.en, u.department, u.department_en,
                                                 u.region, u.region_en) if n}
    for root in (many, many / "en"):
        text = squash(dom(root / "index.html").find("main").text())
        for name in sorted(names, key=len, reverse=True):  # the content may name cities
            text = text.replace(name, "")
        for word in ("本单位", "该单位", "the unit", "this unit", "乌海", "Wuhai", "包头",
                     "Baotou", "呼和浩特", "Hohhot", "City", "city"):
            assert word not in text, (root, word)


# --- in a browser, under the strict CSP -------------------------------------------------------

def expected_matches(query: str) -> set[str]:
    """The units the filter should show for `query`, from the generator's tables: Chinese
    or English name containing it, or (from two letters) pinyin initials containing it.
    The tests type only words and consonant runs (`tsg`, `whs`), which no run of full
    pinyin syllables contains, so the hand-written initials are the whole answer."""
    q = query.lower()
    return {u.slug for u in portal_units()
            if q in u.zh or q in u.en.lower() or (len(q) > 1 and q in u.initials)}


@pytest.fixture(scope="module")
def many_server(many: Path) -> Iterator[Server]:
    from tests.browserutil import serve

    with serve(many) as running:
        yield running


def _state(page: Page) -> tuple[set[str], int, int]:
    """(units shown, groups shown, groups shown open)."""
    shown, groups, opened = page.evaluate("""() => {
      const shown = [...document.querySelectorAll('.unit-entry')].filter(e =>
        !e.hidden && !e.closest('[hidden]') && e.closest('details').open);
      const groups = [...document.querySelectorAll('[data-unit-group]')].filter(g => !g.hidden);
      return [shown.map(e => e.querySelector('.unit-name a').getAttribute('href')
                              .split('/').slice(-2)[0]),
              groups.length, groups.filter(g => g.querySelector('details').open).length];
    }""")
    return set(shown), groups, opened


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_filter_narrows_by_chinese_english_and_pinyin_initials(
        lang: str, chromium: Browser, many_server: Server) -> None:
    from playwright.sync_api import expect

    from tests.browserutil import Watch, settle

    watch = Watch.open(chromium, many_server.url)
    page = watch.page
    page.goto(many_server.page_url("index.html" if lang == "zh" else "en/index.html"))
    settle(page)
    box = page.get_by_label("筛选单位" if lang == "zh" else "Filter units")
    expect(box).to_be_visible()
    status = page.locator("[role=status]")
    total = len(portal_units())
    folded = _state(page)
    assert folded[0] == set() and folded[2] == 0  # many units: the groups start folded

    for query in ("图书馆", "whs", "wh", "tsg", "bwg", "Library", "hohhot no. 1"):
        want = expected_matches(query)
        assert want, query  # the generated names have some of each
        box.fill(query)
        if lang == "zh":
            text = f"{len(want)}个单位符合（共{total}个）"
        else:
            verb = "matches" if len(want) == 1 else "match"
            text = f"{len(want)} of {total} units {verb}"
        expect(status).to_have_text(text)
        shown, groups, opened = _state(page)
        assert shown == want, query
        assert groups == opened == len({u.department for u in portal_units()
                                         if u.slug in want}), query
    # Typed on a Chinese keyboard: full-width letters are folded.
    box.fill("ＴＳＧ")
    expect(status).to_have_text(re.compile(str(len(expected_matches("tsg")))))
    assert _state(page)[0] == expected_matches("tsg")

    box.fill("zzzz")
    expect(status).to_have_text("没有符合的单位（共60个）" if lang == "zh"
                                else "No unit matches (of 60)")
    assert _state(page)[:2] == (set(), 0)

    box.fill("")  # cleared: the whole list, folded again as it was
    expect(status).to_have_text("共60个单位" if lang == "zh" else "All 60 units")
    assert _state(page) == folded
    hidden = page.evaluate("document.querySelectorAll('.unit-entry[hidden]').length")
    assert hidden == 0
    assert watch.close() == []


@pytest.mark.browser
def test_without_javascript_the_list_is_complete(chromium: Browser,
                                                  many_server: Server) -> None:
    from tests.browserutil import Watch

    watch = Watch.open(chromium, many_server.url, java_script_enabled=False)
    page = watch.page
    page.goto(many_server.page_url("index.html"))
    assert not page.locator("[data-unit-filter]").is_visible()
    hrefs = page.evaluate("[...document.querySelectorAll('.unit-entry .unit-name a')]"
                          ".map(a => a.getAttribute('href'))")
    assert sorted(h.split("/")[-2] for h in hrefs) == sorted(u.slug for u in portal_units())
    summary = page.locator("summary").first
    details = page.locator("details").first
    assert details.get_attribute("open") is None
    summary.click()  # the browser opens a group without any script
    assert details.get_attribute("open") == ""
    assert page.locator(".unit-entry:visible").count() > 0
    assert watch.close() == []


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_of_many_units_has_no_wcag_violation(lang: str, chromium: Browser,
                                                  many_server: Server) -> None:
    from tests.browserutil import Watch, elder_on, settle
    from tests.test_axe import violations

    for elder in (False, True):
        watch = Watch.open(chromium, many_server.url, bypass_csp=True)
        page = watch.page
        if elder:
            elder_on(page)
        page.goto(many_server.page_url("index.html" if lang == "zh" else "en/index.html"))
        settle(page)
        assert violations(page) == []  # folded
        page.locator("input[type=search]").fill("tsg")  # open groups, counts, status
        page.wait_for_timeout(600)
        assert violations(page) == []
        assert watch.close() == []


def test_home_of_many_units_is_valid_html(many: Path) -> None:
    from tests.test_vnu import vnu

    pages = [many / "index.html", many / "en" / "index.html"]
    problems = [f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in vnu(pages)
                if m["type"] == "error" or m.get("subType") == "warning"]
    assert problems == []
