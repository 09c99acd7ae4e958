"""What the rendered pages say and how: safety, languages, figures, glossary links,
structure. Built from the golden fixture (or a modified copy of it)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from markupsafe import Markup

from tests.buildutil import GOLDEN_CONTENT, Elements, build, copy_content

DISCLOSURE = "units/golden-unit/2024/index.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("render") / "output"
    build(GOLDEN_CONTENT, out)
    return out


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --- safety ---------------------------------------------------------------------------

XSS_PROSE = """正文<script>alert(1)</script>

[点我](javascript:alert(1)) [又一个](JaVaScRiPt:alert(2)) [数据](data:text/html,x)

<img src=x onerror=alert(3)> ![图](https://evil.example/track.png)
"""
XSS_NAME = 'Evil" onmouseover="alert(4)"><script>alert(5)</script>'


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("xss")
    content = copy_content(tmp)
    (content / "units/golden-unit/2024/prose/main-work.zh.md").write_text(XSS_PROSE,
                                                                        encoding="utf-8")
    unit = content / "units/golden-unit/unit.yaml"
    text = unit.read_text(encoding="utf-8")
    original = "name: {zh: 样例社会保险服务中心, en: Sample Social Insurance Service Center}"
    assert original in text
    unit.write_text(text.replace(original, f"name: {{zh: '{XSS_NAME}', en: '{XSS_NAME}'}}"),
                    encoding="utf-8")
    out = tmp / "output"
    build(content, out)
    return out


def test_hostile_markdown_and_text_render_inert(hostile_site: Path) -> None:
    for path in pages(hostile_site):
        html = path.read_text(encoding="utf-8")
        doc = Elements(html)
        assert doc.script_text == [], path
        for tag, attrs in doc.tags:
            for name, value in attrs.items():
                assert not name.startswith("on"), (path, tag, name)
                if name in ("href", "src"):
                    assert not re.match(r"\s*(javascript|data|vbscript):", value or "", re.I), \
                        (path, tag, value)
            if tag == "script" and attrs.get("type") != "application/json":
                assert re.search(r"static/(js/[a-z]+|vendor/plotly-[0-9.]+\.min)\.js$",
                                 attrs.get("src") or ""), path
            assert tag != "img", path  # images in prose are off: they would leave the site
    page = read(hostile_site, DISCLOSURE)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(3)&gt;" in page
    assert "Evil&#34; onmouseover=&#34;alert(4)&#34;&gt;&lt;script&gt;alert(5)" in page


def test_no_inline_styles_or_scripts_anywhere(site: Path) -> None:
    # Pages must run under CSP default-src 'none'; script-src 'self'; style-src 'self'.
    for path in pages(site):
        doc = Elements(read(site, path.relative_to(site).as_posix()))
        assert doc.script_text == [], path
        assert not doc.find("style"), path
        for tag, attrs in doc.tags:
            assert "style" not in attrs, (path, tag)
            assert not any(name.startswith("on") for name in attrs), (path, tag)
        scripts = [s for s in doc.find("script") if s.get("type") != "application/json"]
        assert scripts and all("defer" in script for script in scripts), path
        assert (scripts[0].get("src") or "").endswith("static/js/site.js"), path


# --- languages --------------------------------------------------------------------------

def test_html_lang_and_alternates(site: Path) -> None:
    zh, en = read(site, DISCLOSURE), read(site, "en/" + DISCLOSURE)
    assert '<html lang="zh-CN">' in zh
    assert '<html lang="en">' in en
    for page in (zh, en):
        for hreflang in ("zh-CN", "en", "x-default"):
            assert f'hreflang="{hreflang}"' in page
    # The language switch leads to the same page in the other language.
    assert ('<a class="lang-switch" href="../../../en/units/golden-unit/2024/index.html" '
            'hreflang="en" lang="en">English</a>') in zh
    assert ('<a class="lang-switch" href="../../../../units/golden-unit/2024/index.html" '
            'hreflang="zh-CN" lang="zh-CN">中文</a>') in en


def test_untranslated_text_falls_back_to_chinese_marked_and_flagged(site: Path) -> None:
    en = read(site, "en/" + DISCLOSURE)
    flag = ('<span class="flag" title="not yet translated"><span lang="zh">中文</span>'
            '<span class="vh"> (not yet translated)</span></span>')
    chinese = '<span lang="zh">承担社会保险统计和精算工作。</span>'
    assert f'<span class="untranslated">{chinese} {flag}' in en
    # Prose without an English file: the Chinese text in a lang="zh" block, with a notice.
    assert re.search(r'<p class="fallback-note">' + re.escape(flag) + r" [^<]+</p>"
                     r'<div class="prose" lang="zh"><p>本年支出决算合计', en)
    # The Chinese site never flags anything.
    assert 'class="flag"' not in read(site, DISCLOSURE)


def test_language_neutral_text_is_not_flagged(site: Path) -> None:
    en = read(site, "en/" + DISCLOSURE)
    assert '<td>10.12</td>' in en  # an indicator target written only once


def test_interface_strings_come_from_the_catalogue(site: Path) -> None:
    assert "<h2 id=\"toc-h\">目录</h2>" in read(site, DISCLOSURE)
    assert "<h2 id=\"toc-h\">Contents</h2>" in read(site, "en/" + DISCLOSURE)


# --- figures ------------------------------------------------------------------------------

def test_unknown_is_a_visible_marker_never_zero(site: Path) -> None:
    page = read(site, DISCLOSURE)
    row = re.search(r'<td class="code">208</td>.*?</tr>', page[page.index('id="t-expenditure"'):],
                    re.S)
    assert row is not None
    cells = row[0]
    assert '<a class="fig fig-unknown" href="#t-expenditure_n1" aria-label="未说明，见注1">' \
        '未说明<sup>1</sup></a>' in cells
    assert "0.00" not in cells
    assert '<li id="t-expenditure_n1"><span class="note-mark">1</span> ' \
        '<span class="note-kind">未说明</span>：来源未给出</li>' in page
    assert '<a href="../../../about/index.html#figures">' in page


def test_computed_value_is_marked_with_its_note(site: Path) -> None:
    en = read(site, "en/" + DISCLOSURE)
    assert ('<span class="fig-group"><span class="fig fig-computed">366.21</span>'
            '<a class="note-ref" href="#t-expenditure_n4" aria-label="computed value, see note 4">'
            '<sup>†4</sup></a></span>') in en
    assert ('<li id="t-expenditure_n4"><span class="note-mark">†4</span> '
            '<span class="note-kind">Computed</span>: 447.25 − 81.04 '
            '(the three smaller projects)</li>') in en


def test_money_percent_and_signs_are_formatted(site: Path) -> None:
    page = read(site, DISCLOSURE)
    for text in ("1,958.13", "+1,366.49", "+230.97%", "97.94%", "-9.43", "0 辆"):
        assert f">{text}</span>" in page, text


def test_partial_year_says_so_and_names_its_source(site: Path) -> None:
    for rel, words in (("units/golden-unit/2023/index.html",
                        ("本年度为不完整记录。", "只有2024年度")),
                       ("en/units/golden-unit/2023/index.html",
                        ("This year is a partial record.", "Only the few totals"))):
        page = read(site, rel)
        assert '<div class="notice notice-partial" role="note">' in page
        for word in words:
            assert word in page
        assert 'class="note-kind">' in page  # each figure names the sentence it came from
    assert '<span class="badge">不完整</span>' in read(site, "index.html")


# --- glossary ---------------------------------------------------------------------------

def test_glossary_page_has_an_anchor_per_term(site: Path) -> None:
    page = read(site, "glossary/index.html")
    for term_id in ("basic-expenditure", "project-expenditure", "three-official-expenses"):
        assert f'<dt id="{term_id}">' in page


def test_first_glossary_term_per_section_links_with_tooltip(site: Path) -> None:
    page = read(site, DISCLOSURE)
    section = page[page.index('<section id="s-expenditure"'):]
    section = section[:section.index("</section>")]
    links = re.findall(r'<a class="term-link" href="([^"]+)" aria-describedby="([^"]+)">'
                       r"([^<]+)</a><span class=\"term-tip\" role=\"tooltip\" id=\"([^\"]+)\">",
                       section)
    assert [(href, text) for href, _, text, _ in links] == [
        ("../../../glossary/index.html#basic-expenditure", "基本支出"),
        ("../../../glossary/index.html#project-expenditure", "项目支出"),
    ]
    for _, described_by, _, tip_id in links:
        assert described_by == tip_id
    # "基本经费" is an alias of a term already linked in this section: not linked again.
    assert "基本经费主要用于" in section
    # Main work links the same term again: the rule restarts for each section.
    assert 'aria-describedby="main-work_tip_basic-expenditure"' in page


def test_glossary_terms_are_not_linked_inside_links(site: Path) -> None:
    page = read(site, DISCLOSURE)
    assert '<a href="https://www.mohrss.gov.cn/">人社部网站</a>' in page


# --- structure ---------------------------------------------------------------------------

def test_one_h1_and_heading_levels_in_order(site: Path) -> None:
    for path in pages(site):
        levels = [int(n) for n in re.findall(r"<h([1-6])\b", path.read_text(encoding="utf-8"))]
        assert levels.count(1) == 1, path
        assert levels[0] == 1, path
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, (path, levels)


def test_landmarks_skip_link_and_elder_toggle(site: Path) -> None:
    for path in pages(site):
        html = path.read_text(encoding="utf-8")
        assert html.count("<main ") == 1 and "<header " in html and "<footer " in html
        assert '<a class="skip-link" href="#main">' in html
        # Without JavaScript the toggle stays hidden; site.js shows it.
        assert '<button type="button" class="elder-toggle" aria-pressed="false" hidden>' in html


def test_tables_are_accessible_scroll_regions(site: Path) -> None:
    page = read(site, DISCLOSURE)
    regions = re.findall(r'<div class="table-scroll" role="region" aria-labelledby="([^"]+)" '
                         r'tabindex="0">\s*<table[^>]*>\s*<caption id="([^"]+)">', page)
    assert len(regions) == page.count("<table")
    assert all(a == b for a, b in regions)
    assert '<th scope="colgroup" colspan="2">其中</th>' in page
    assert '<tr class="depth-1 total">' in page
    assert '<tr class="depth-3">' in page
    caption = re.search(r'<caption id="t-expenditure_caption">.*?</caption>', page)
    assert caption is not None
    for part in ("样例社会保险服务中心", "2024年度", "表三 支出决算表", "单位：万元"):
        assert part in caption[0]


def test_404_links_from_the_site_root(site: Path) -> None:
    page = read(site, "404.html")
    assert '<link rel="stylesheet" href="/static/css/site.css">' in page
    assert '<a href="/glossary/index.html">' in page
    assert '<meta name="robots" content="noindex">' in page


@pytest.mark.parametrize("text", ["", "plain 文字", "<b>&amp;</b>", "a'b\"c", "&&<<>>''\"\"",
                                  "\u3000 <script>alert('x')</script>"])
def test_markup_pieces_are_escaped_as_markupsafe_escapes(text: str) -> None:
    """The figure and note helpers escape plain strings with `_esc`, not `escape`: the
    same text."""
    from markupsafe import escape

    from generator.site.markup import _esc

    assert _esc(text) == str(escape(text))
    assert type(_esc(text)) is str


# --- Chinese words in English prose ----------------------------------------------------

ZH_IN_EN_PROSE = ("Spending from the 一般公共预算 (general public budget), "
                  "line `2080505 机关事业单位基本养老保险缴费支出`; see [项 items](#t-income).\n")


@pytest.fixture(scope="module")
def zh_words_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("zhwords")
    content = copy_content(tmp)
    prose = content / "units/golden-unit/2024/prose"
    (prose / "main-work.en.md").write_text(ZH_IN_EN_PROSE, encoding="utf-8")
    (prose / "main-work.zh.md").write_text("中文正文：一般公共预算，代码 `2080505 支出`。\n",
                                           encoding="utf-8")
    out = tmp / "output"
    build(content, out)
    return out


def _prose_block(html: str, marker: str) -> str:
    """The HTML of the prose block (`<div class="prose">`) that holds `marker`."""
    blocks = [b.split("</div>", 1)[0] for b in html.split('<div class="prose">')[1:]]
    found = [b for b in blocks if marker in b]
    assert len(found) == 1, marker
    return found[0]


def test_chinese_words_in_english_prose_are_marked_zh(zh_words_site: Path) -> None:
    html = read(zh_words_site, "en/" + DISCLOSURE)
    prose = _prose_block(html, "general public budget")
    # In text and in link text; the Latin words around them are not marked.
    assert 'the <span lang="zh">一般公共预算</span> (general public budget)' in prose
    assert '<a href="#t-income"><span lang="zh">项</span> items</a>' in prose
    # A code span is left as written, no span inside it.
    assert "<code>2080505 机关事业单位基本养老保险缴费支出</code>" in prose
    # The fallback block is lang="zh" as a whole: nothing inside it is marked again.
    fallback = html.split('<div class="prose" lang="zh">', 1)[1].split("</div>", 1)[0]
    assert "本年支出决算合计" in fallback and '<span lang="zh">' not in fallback


def test_chinese_prose_gets_no_language_spans(zh_words_site: Path) -> None:
    prose = _prose_block(read(zh_words_site, DISCLOSURE), "中文正文")
    assert "一般公共预算" in prose and "<code>2080505 支出</code>" in prose
    assert "<span lang" not in prose


def test_tooltip_gives_the_plain_explanation_with_its_label() -> None:
    """A term with a plain-words explanation shows it in its tooltip after the definition,
    labelled; every piece escaped, made once a page."""
    from generator.cli.main import check_content
    from generator.content.model.portal import GlossaryTerm
    from generator.content.model.types import Text
    from generator.site.markup import PageCtx
    from generator.site.render import Renderer
    from generator.site.urls import Linker, Site

    content, _ = check_content(GOLDEN_CONTENT)
    assert content is not None
    site = Site(("zh", "en"), "zh")
    renderer = Renderer(content, site)
    cat = renderer.catalogues["en"]
    ctx = PageCtx("en", cat, Linker(site, "units/x/2024/index.html"))
    term = GlossaryTerm(id="t", term=Text(zh="项", en="A <b>term</b>"),
                        definition=Text(zh="定义", en="Means & more"),
                        plain=Text(zh="白话", en='Plainly "so"'))
    tip = str(Renderer._tooltip(ctx, term))
    sep = str(Markup.escape(cat("punct.colon")))
    assert tip == (f"<strong>A &lt;b&gt;term&lt;/b&gt;</strong>{sep}Means &amp; more"
                   f'<span class="tip-plain"><strong>{Markup.escape(cat("glossary_tools.plain"))}'
                   f"</strong>{sep}Plainly &#34;so&#34;</span>")
    assert Renderer._tooltip(ctx, term) == tip


def test_page_context_is_jinjas_context_but_for_the_global_names() -> None:
    """templating.PageContext copies Jinja's Context.__init__ to make the set of global
    names only when asked: the same attributes, the same values, the same names."""
    from collections import ChainMap

    from jinja2 import Environment
    from jinja2.runtime import Context

    from generator.site.templating import PageContext

    env = Environment()
    scope = ChainMap({"a": 1}, {"b": 2})
    blocks = {"main": lambda context: iter(())}
    theirs = Context(env, {"x": 1}, "page.html", blocks, globals=scope)
    ours = PageContext(env, {"x": 1}, "page.html", blocks, globals=scope)
    assert set(vars(ours)) - {"_globals"} == set(vars(theirs)) - {"globals_keys"}
    for name in vars(theirs):
        if name not in ("globals_keys", "eval_ctx"):
            assert getattr(ours, name) == getattr(theirs, name), name
    assert vars(ours.eval_ctx) == vars(theirs.eval_ctx)
    assert ours.globals_keys == theirs.globals_keys == {"a", "b"}
    assert PageContext(env, {}, None, {}).globals_keys == set()


def test_page_context_calls_as_jinja_does() -> None:
    """PageContext.call's fast path gives what Context.call gives: a context to what takes
    one (a function, a method, a callable object), nothing to what does not."""
    from jinja2 import Environment, pass_context
    from jinja2.runtime import Context

    from generator.site.i18n import Catalogue
    from generator.site.templating import PageContext

    @pass_context
    def takes(context: Context, x: int) -> tuple[str, int]:
        return context["who"], x

    def plain(x: int, n: int = 0) -> int:
        return x + n

    class Holder:
        def method(self, x: int) -> int:
            return x * 2

        @pass_context
        def needs(self, context: Context, x: int) -> tuple[str, int]:
            return context["who"], x

    class Callable_:
        @pass_context
        def __call__(self, context: Context, x: int) -> tuple[str, int]:
            return context["who"], x

    def stops() -> None:
        raise StopIteration

    catalogue = Catalogue("zh", {"k": "值{n}"})
    env = Environment()
    holder = Holder()
    for cls in (Context, PageContext):
        ctx = cls(env, {"who": "page"}, "p.html", {})
        assert ctx.call(takes, 1, _loop_vars={}) == ("page", 1)
        assert ctx.call(plain, 1, n=2, _block_vars={}) == 3
        assert ctx.call(holder.method, 2, _loop_vars={}) == 4
        assert ctx.call(holder.needs, 3) == ("page", 3)
        assert ctx.call(Callable_(), 4) == ("page", 4)
        assert ctx.call(catalogue, "k", n=5, _loop_vars={}) == "值5"
        assert ctx.call(len, "abc") == 3
        assert ctx.call(takes, 6, _loop_vars={"who": "loop"}) == ("loop", 6)
        assert isinstance(ctx.call(stops), env.undefined)


def test_templates_escape_their_output_through_escape_output(tmp_path: Path) -> None:
    """PageTemplate gives the compiled templates markup.escape_output for MarkupSafe's
    escape; output escaped either way is the same."""
    from generator.site.markup import escape_output
    from generator.site.templating import make_environment

    (tmp_path / "t.html").write_text("{{ a }}|{{ b }}|{{ c }}", encoding="utf-8")
    template = make_environment(tmp_path).get_template("t.html")
    assert template.root_render_func.__globals__["escape"] is escape_output
    assert template.render(a="<&'\">", b=Markup("<i>ok</i>"), c=3) == \
        "&lt;&amp;&#39;&#34;&gt;|<i>ok</i>|3"


def test_templates_are_loaded_once_and_included_as_loaded(tmp_path: Path) -> None:
    """PageEnvironment serves a template once loaded from its own dict: the loader reads
    each name once however often it is included, and the page is what Jinja renders."""
    from jinja2 import DictLoader, Environment

    from generator.site.templating import PageEnvironment

    sources = {"page.html": "{% for i in range(3) %}{% include 'row.html' %}{% endfor %}",
               "row.html": "<p>{{ i }}</p>"}
    loads: list[str] = []

    class Counting(DictLoader):
        def get_source(self, environment: Environment, template: str):  # type: ignore[no-untyped-def]
            loads.append(template)
            return super().get_source(environment, template)

    ours = PageEnvironment(loader=Counting(sources), auto_reload=False)
    theirs = Environment(loader=DictLoader(sources))
    assert ours.get_template("page.html").render() == \
        theirs.get_template("page.html").render() == "<p>0</p><p>1</p><p>2</p>"
    assert ours.get_template("row.html") is ours.get_template("row.html")
    assert ours.cache is not None
    ours.cache.clear()  # Jinja's own cache would now load them again; ours does not ask it
    assert ours.get_template("page.html").render() == "<p>0</p><p>1</p><p>2</p>"
    assert sorted(loads) == ["page.html", "row.html"]


def test_a_catalogue_gives_text_and_says_what_is_wrong_with_a_key() -> None:
    from generator.site.i18n import Catalogue, CatalogueError

    catalogue = Catalogue("en", {"hello": "Hello, {name}", "months": ["Jan", "Feb"]})
    assert catalogue("hello", name="Wuhai") == "Hello, Wuhai"
    assert catalogue("hello") == "Hello, {name}"  # no values: the text as written
    assert catalogue.list("months") == ["Jan", "Feb"]
    with pytest.raises(CatalogueError, match=r"locales/en\.yaml: 'months' is a list"):
        catalogue("months")
    with pytest.raises(CatalogueError, match=r"locales/en\.yaml has no key 'missing'"):
        catalogue("missing")
