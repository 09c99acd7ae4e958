"""Safe Markdown for disclosure prose and catalogue texts, with glossary links.

Only two kinds of text are Markdown: the disclosure prose files and a few interface strings
(locales/). Every other content value is plain text: one inserted into a Markdown interface
string goes in after rendering, escaped (`render_filled`).

markdown-it-py's CommonMark preset with raw HTML off, images off (an image would fetch
from outside the site) and a link allowlist (http, https, mailto, relative). Glossary
terms are linked by a core rule on text tokens, never by regex over HTML, so a term can
not be found inside a URL, an attribute or an existing link.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

from ..content.model.portal import GlossaryTerm
from .markup import _esc, has_han, tooltip_id, zh_runs, zh_span

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def safe_link(url: str) -> bool:
    """Allow http, https, mailto and relative URLs; refuse every other scheme
    (javascript:, data:, vbscript:, file:...) and protocol-relative `//host` links."""
    url = url.strip()
    match = _SCHEME.match(url)
    if match:
        return match[1].lower() in SAFE_SCHEMES
    return not url.startswith(("//", "\\\\", "/\\", "\\/"))


@dataclass
class GlossaryLinks:
    """What the glossary rule needs for one Markdown text: the terms to find (in the
    language the text is written in), how to link them, and which are already linked."""

    terms: list[GlossaryTerm]
    text_lang: str
    """Language of the Markdown text: its terms (and, for Chinese, aliases) are matched."""
    href: Callable[[str], str]
    """Term id -> URL of its glossary entry, relative to the page."""
    tooltip: Callable[[GlossaryTerm], Markup]
    """The definition shown on hover and focus, already escaped."""
    scope: str
    """Anchor of the prose block (e.g. `s-overall`), unique on the page: its tooltip ids
    derive from it (`markup.tooltip_id`)."""
    seen: set[str] = field(default_factory=set)
    found: tuple[re.Pattern[str] | None, dict[str, GlossaryTerm]] | None = None
    """`(pattern(), by_surface())`, when the caller made them already: they are the
    same for every text of one language, and making them costs more than a short text."""

    def index(self) -> tuple[re.Pattern[str] | None, dict[str, GlossaryTerm]]:
        return self.found if self.found is not None else (self.pattern(), self.by_surface())

    def pattern(self) -> re.Pattern[str] | None:
        surfaces = sorted(self.by_surface(), key=lambda s: (-len(s), s))
        if not surfaces:
            return None
        body = "|".join(re.escape(s) for s in surfaces)
        if self.text_lang == "zh":
            return re.compile(body)
        # Latin terms match whole words only ("cost" must not match inside "costly"). The
        # class of first letters ahead lets most positions fail at once, before the
        # alternation is tried (a 2024 disclosure's English prose: 0.69 against 0.94 ms).
        first = "".join(sorted({re.escape(s[0]) for s in surfaces}))
        return re.compile(rf"(?<![\w-])(?=[{first}])(?:{body})(?![\w-])", re.IGNORECASE)

    def by_surface(self) -> dict[str, GlossaryTerm]:
        out: dict[str, GlossaryTerm] = {}
        for term in self.terms:
            spellings = [term.term.get(self.text_lang)]
            if self.text_lang == "zh":
                spellings += term.aliases
            for s in spellings:
                if s:
                    out.setdefault(s if self.text_lang == "zh" else s.casefold(), term)
        return out


def _split_text(token: Token, links: GlossaryLinks, pattern: re.Pattern[str],
                lookup: dict[str, GlossaryTerm]) -> list[Token]:
    out: list[Token] = []
    text, pos = token.content, 0
    for match in pattern.finditer(text):
        surface = match[0]
        term = lookup[surface if links.text_lang == "zh" else surface.casefold()]
        if term.id in links.seen:
            continue  # only the first occurrence per section is linked
        links.seen.add(term.id)
        if match.start() > pos:
            out.append(Token("text", "", 0, content=text[pos:match.start()], level=token.level))
        out.append(Token("glossary_term", "", 0, content=surface, level=token.level,
                         meta={"term": term}))
        pos = match.end()
    if not out:
        return [token]
    if pos < len(text):
        out.append(Token("text", "", 0, content=text[pos:], level=token.level))
    return out


def _glossary_rule(state: StateCore) -> None:
    links = state.env.get("glossary")
    if not isinstance(links, GlossaryLinks):
        return
    pattern, lookup = links.index()
    if pattern is None:
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        inside_link = 0
        for token in block.children:
            if token.type == "link_open":
                inside_link += 1
            elif token.type == "link_close":
                inside_link -= 1
            if token.type == "text" and not inside_link:
                children.extend(_split_text(token, links, pattern, lookup))
            else:
                children.append(token)
        block.children = children


def _mark_zh(state: StateCore) -> None:
    # On a page in another language, the Chinese words of its prose (项, 财政拨款, a table
    # quoted by name) are marked lang="zh" for screen readers and fonts: a text token is
    # cut into text and `zh_text` tokens, so code spans, URLs and attributes are never
    # touched (they are no text tokens).
    if not state.env.get("mark_zh"):
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        for token in block.children:
            if token.type != "text" or not has_han(token.content):
                children.append(token)
                continue
            children.extend(Token("zh_text" if zh else "text", "", 0, content=piece,
                                  level=token.level)
                            for piece, zh in zh_runs(token.content))
        block.children = children


def _render_zh_text(self: RendererHTML, tokens: list[Token], idx: int,
                    options: OptionsDict, env: EnvType) -> str:
    return zh_span(tokens[idx].content)


def _shift_headings(state: StateCore) -> None:
    # Prose sits under the page's own headings: a '#' in a section becomes an h4, so
    # the page keeps one h1 and its heading levels stay in order.
    offset = state.env.get("heading_offset", 0)
    if not isinstance(offset, int) or not offset:
        return
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + offset)}"


def _render_glossary_term(self: RendererHTML, tokens: list[Token], idx: int,
                          options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    links: GlossaryLinks = env["glossary"]
    term: GlossaryTerm = token.meta["term"]
    tip = _esc(tooltip_id(links.scope, term.id))
    return (f'<span class="term"><a class="term-link" href="{_esc(links.href(term.id))}" '
            f'aria-describedby="{tip}">{_esc(token.content)}</a><span class="term-tip" '
            f'role="tooltip" id="{tip}">{links.tooltip(term)}</span></span>')


def make_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    md.disable("image")
    md.validateLink = safe_link  # type: ignore[method-assign]
    md.core.ruler.push("glossary_links", _glossary_rule)
    md.core.ruler.push("mark_zh", _mark_zh)
    md.core.ruler.push("shift_headings", _shift_headings)
    md.add_render_rule("glossary_term", _render_glossary_term)
    md.add_render_rule("zh_text", _render_zh_text)
    return md


def render(md: MarkdownIt, source: str, *, glossary: GlossaryLinks | None = None,
           heading_offset: int = 0, mark_zh: bool = False) -> Markup:
    """Markdown -> safe HTML. Raw HTML in the source is shown as text, never run.
    `mark_zh`: the text is in another language than Chinese, its Chinese words are
    marked lang="zh"."""
    env: EnvType = {"heading_offset": heading_offset, "mark_zh": mark_zh}
    if glossary is not None:
        env["glossary"] = glossary
    return Markup(md.render(source, env))


def placeholder(n: int) -> str:
    """Stands for the n-th value in a Markdown text until the Markdown is rendered:
    private-use characters, which Markdown leaves as they are and no catalogue text uses."""
    return f"\ue000{n}\ue001"


def render_filled(md: MarkdownIt, source: str, values: Mapping[str, object], *,
                  heading_offset: int = 0, mark_zh: bool = False) -> Markup:
    """Markdown `source` (trusted: an interface string from locales/) -> safe HTML, then
    each placeholder in `values` replaced by its value as escaped text. A value (a content
    text such as the publisher's name) never goes through Markdown, so `[x](http://…)` or
    `*x*` in it stays literal text."""
    html = str(render(md, source, heading_offset=heading_offset, mark_zh=mark_zh))
    for mark, value in values.items():
        if html.count(mark) != source.count(mark):
            raise ValueError(f"a value of {source[:40]!r}… must stand in text, not in a link "
                             "or code, to be inserted as text")
        html = html.replace(mark, str(escape(value)))
    return Markup(html)


__all__ = ["GlossaryLinks", "make_markdown", "placeholder", "render", "render_filled",
           "safe_link"]
