"""Plain text stays plain: a content value that is not prose is never read as Markdown,
even where it is inserted into an interface string that is (the about page)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markupsafe import Markup

from generator.site import markdown
from generator.site.render import TEMPLATES
from tests.buildutil import build, copy_content

HOSTILE = "[click](http://evil.example) *x* <b>y</b> & `z`"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("plain")
    content = copy_content(tmp)
    portal = content / "portal.yaml"
    text = portal.read_text(encoding="utf-8")
    line = f"publisher: {{zh: '{HOSTILE}', en: '{HOSTILE}'}}"
    text = re.sub(r"^publisher: .*$", lambda _: line, text, count=1, flags=re.M)
    portal.write_text(text, encoding="utf-8")
    out = tmp / "output"
    build(content, out)
    return out


@pytest.mark.parametrize("page", ["about/index.html", "en/about/index.html"])
def test_publisher_on_the_about_page_is_literal_text(site: Path, page: str) -> None:
    html = (site / page).read_text(encoding="utf-8")
    what = html[html.index('<h2 id="what">'):html.index('<h2 id="reading">')]
    literal = ("[click](http://evil.example) *x* &lt;b&gt;y&lt;/b&gt; &amp; `z`")
    assert literal in what
    assert "evil.example" not in what.replace(literal, "")
    assert 'href="http://evil.example"' not in html
    assert "<em>" not in what and "<code>" not in what and "<b>" not in what


def test_interface_markdown_is_still_rendered() -> None:
    md = markdown.make_markdown()
    mark = markdown.placeholder(0)
    html = markdown.render_filled(md, f"**Run** by {mark}.", {mark: "*a* [b](http://c)"})
    assert html == Markup("<p><strong>Run</strong> by *a* [b](http://c).</p>\n")


def test_a_value_may_not_stand_in_a_link() -> None:
    md = markdown.make_markdown()
    mark = markdown.placeholder(0)
    with pytest.raises(ValueError):
        markdown.render_filled(md, f"[see]({mark})", {mark: "http://evil.example"})


def test_no_template_renders_content_as_markdown() -> None:
    """Markdown comes from `prose` (the disclosure prose files) and `t_md` (interface
    strings, values inserted as text); there is no filter that makes any text Markdown."""
    for path in TEMPLATES.glob("*.html"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*md\b", source), path.name
        for call in re.findall(r"t_md\(([^)]*)\)", source):
            assert re.fullmatch(r'"[a-z_.]+"(, \w+=[^,]+)*', call), (path.name, call)
