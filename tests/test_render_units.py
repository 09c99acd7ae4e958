"""Unit tests of the rendering helpers: number formats, links, catalogues, Markdown."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from markupsafe import Markup

from generator.content.model.portal import GlossaryTerm
from generator.site import formatting
from generator.site.i18n import CatalogueError, load_catalogues
from generator.site.markdown import GlossaryLinks, make_markdown, render, safe_link
from generator.site.render import LOCALES, TEMPLATES
from generator.site.urls import HOME, NOT_FOUND, Linker, Site, disclosure_page


@pytest.mark.parametrize(("value", "signed", "expected"), [
    # As written: 1271 is not 1,271.00, 7.8 is not 7.80, 12345.67 元 is 1.234567 万元; more
    # than six decimals (only a computed value has them) are shown to two.
    ("1958.13", False, "1,958.13"), ("1271", False, "1,271"), ("0", False, "0"),
    ("-0.00", False, "0.00"), ("-9.43", True, "-9.43"), ("1366.49", True, "+1,366.49"),
    ("7.8", False, "7.8"), ("0.005", False, "0.005"), ("1234567.891", False, "1,234,567.891"),
    ("1.234567", False, "1.234567"), ("1.2345678", False, "1.23"),
    ("2.0000005", False, "2.00"),
])
def test_money(value: str, signed: bool, expected: str) -> None:
    assert formatting.money(Decimal(value), signed) == expected


def test_percent_number_count_numeral_date() -> None:
    assert formatting.percent(Decimal("97.94")) == "97.94%"
    assert formatting.percent(Decimal("230.97"), signed=True) == "+230.97%"
    assert formatting.number(Decimal("7.5")) == "7.5"
    assert formatting.number(Decimal("1200")) == "1,200"
    assert formatting.count(12345) == "12,345"
    assert [formatting.zh_numeral(n) for n in (1, 10, 11, 14, 20, 21)] == \
        ["一", "十", "十一", "十四", "二十", "二十一"]
    months = [f"m{i}" for i in range(1, 13)]
    assert formatting.format_date(date(2025, 9, 1), "{year}年{month}月{day}日", months) == \
        "2025年9月1日"
    assert formatting.format_date(date(2025, 9, 1), "{day} {month_name} {year}", months) == \
        "1 m9 2025"


@pytest.mark.parametrize(("url", "ok"), [
    ("https://example.gov.cn/x", True), ("http://a", True), ("mailto:a@b.cn", True),
    ("../glossary/index.html#x", True), ("#top", True), ("page.html", True),
    ("javascript:alert(1)", False), ("JAVASCRIPT:alert(1)", False), ("  javascript:x", False),
    ("data:text/html,x", False), ("vbscript:x", False), ("file:///etc/passwd", False),
    ("//evil.example/x", False), ("\\\\evil\\x", False),
])
def test_safe_link(url: str, ok: bool) -> None:
    assert safe_link(url) is ok


def test_relative_links_between_pages() -> None:
    site = Site(("zh", "en"), "zh")
    here = Linker(site, site.path(disclosure_page("u", 2024), "en"))
    assert here.page(HOME, "en") == "../../../index.html"
    assert here.page(HOME, "zh") == "../../../../index.html"
    assert here.static("css/site.css") == "../../../../static/css/site.css"
    assert here.page(disclosure_page("u", 2024), "en", "t-x") == "#t-x"
    lost = Linker(site, "404.html", root_relative=True)
    assert lost.page(HOME, "en") == "/en/index.html"
    based = Linker(Site(("zh", "en"), "zh", "https://x.cn/p/"), "404.html", root_relative=True)
    assert based.page(NOT_FOUND, "zh") == "https://x.cn/p/404.html"


def test_catalogues_have_the_same_keys_and_cover_the_templates() -> None:
    cats = load_catalogues(LOCALES, ["zh", "en"])
    assert set(cats["zh"].strings) == set(cats["en"].strings)
    used: set[str] = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_.-]+)["']""", template.read_text()))
    missing = sorted(k for k in used if not k.endswith(".") and k not in cats["zh"].strings)
    assert missing == []


def test_catalogues_that_differ_are_refused(tmp_path: Path) -> None:
    (tmp_path / "zh.yaml").write_text("a: 一\nb: 二\n", encoding="utf-8")
    (tmp_path / "en.yaml").write_text("a: one\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="only in zh: b"):
        load_catalogues(tmp_path, ["zh", "en"])


def _links(lang: str) -> GlossaryLinks:
    terms = [GlossaryTerm.model_validate({"id": "basic", "term": {"zh": "基本支出",
                                                                   "en": "basic expenditure"},
                                          "definition": "定义", "aliases": ["基本经费"]}),
             GlossaryTerm.model_validate({"id": "basic-staff", "term": {"zh": "基本支出人员经费"},
                                          "definition": "更长的词"})]
    return GlossaryLinks(terms, lang, lambda i: f"g.html#{i}", lambda t: Markup("<i>d</i>"), "s")


def test_glossary_rule_links_longest_term_first_once_per_text() -> None:
    html = render(make_markdown(), "基本支出人员经费和基本支出，再次基本支出。",
                  glossary=_links("zh"))
    assert html.count('class="term-link"') == 2
    assert 'href="g.html#basic-staff"' in html and 'href="g.html#basic"' in html
    assert html.endswith("，再次基本支出。</p>\n")


def test_glossary_rule_english_matches_whole_words_only() -> None:
    html = render(make_markdown(), "Basic expenditures differ. Basic expenditure is here.",
                  glossary=_links("en"))
    assert html.count('class="term-link"') == 1
    assert '>Basic expenditure</a>' in html


def test_markdown_headings_shift_under_the_page_headings() -> None:
    html = render(make_markdown(), "# 一\n\n## 二", heading_offset=3)
    assert html == "<h4>一</h4>\n<h5>二</h5>\n"
