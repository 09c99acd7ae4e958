"""Small pieces of HTML that depend on the page being rendered: texts with their language
fallback, figures with their stated/computed/unknown status, and the notes that explain
them. Each piece is an f-string over escaped values (`escape`, or `_esc` for a value known
to be a plain `str`; a `Markup` value is kept as it is), wrapped once in `Markup`: the same
HTML as `Markup.format` would give, without its pure-Python formatter on every figure."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from markupsafe import Markup, escape

from ..content.model.types import Figure, Text
from . import formatting
from .i18n import Catalogue
from .urls import ABOUT, Linker

_HAN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")
"""Chinese characters and full-width punctuation: a text without any is language-neutral."""

_HAN_RUN = re.compile(_HAN.pattern + "+")


def has_han(text: str) -> bool:
    """Whether `text` holds a Chinese character or full-width punctuation."""
    # isascii() reads a flag the string carries: most English texts end here, without
    # the regex scanning every character.
    return not text.isascii() and _HAN.search(text) is not None


def zh_runs(text: str) -> Iterator[tuple[str, bool]]:
    """`text` cut into its pieces, each with whether it is a run of Chinese (non-empty
    pieces only): what `zh_marked` and the Markdown rule (markdown.py) mark lang="zh"."""
    last = 0
    for m in _HAN_RUN.finditer(text):
        if m.start() > last:
            yield text[last:m.start()], False
        yield m.group(), True
        last = m.end()
    if last < len(text):
        yield text[last:], False


def zh_span(text: str) -> str:
    """A run of Chinese, escaped, marked lang="zh"."""
    return f'<span lang="zh">{_esc(text)}</span>'


def zh_marked(text: str) -> Markup:
    """Text of a page in another language, escaped, with its Chinese words (a term quoted
    as published: 项, 财政拨款) marked lang="zh" for screen readers and fonts."""
    return safe("".join(zh_span(piece) if zh else _esc(piece)
                        for piece, zh in zh_runs(text)))


_PHONE = re.compile(r"\+?[0-9][0-9 \-]{2,30}")

# `_esc(text)`: `markupsafe.escape` for a plain `str` (never a `Markup`), as a plain `str`:
# the same five replacements, without making a `Markup` for a piece of a larger one.
try:
    from markupsafe import _escape_inner as _esc  # MarkupSafe's own, in C
except ImportError:  # pragma: no cover - a MarkupSafe without it: the same, in Python
    def _esc(text: str, /) -> str:
        return (text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
                .replace("'", "&#39;").replace('"', "&#34;"))


_new_str = str.__new__


def safe(html: str) -> Markup:
    """`Markup(html)` for HTML made here, every piece escaped: without Markup's Python
    constructor, which first asks the text for `__html__` (tens of thousands a unit)."""
    return _new_str(Markup, html)


def escape_output(value: Any) -> Markup:
    """`markupsafe.escape` as the templates call it on every `{{ }}` (templating.
    PageTemplate), the common cases first: a Markup is safe already (and immutable: the
    same one is returned), a str is escaped; anything else goes to `escape`."""
    kind = type(value)
    if kind is Markup:
        return value  # type: ignore[no-any-return]
    if kind is str:
        return _new_str(Markup, _esc(value))
    return escape(value)


FIGURES_ANCHOR = "figures"
"""Anchor on the about page that explains stated, computed and unknown figures."""


# --- HTML ids ------------------------------------------------------------------------
# Every id a page gets from content is made here, so that ids are unique on a page by
# construction (templates call these as Jinja globals; never `"t-" ~ id` or `~ "-h"`):
#
# - An *anchor* names a block people link to; it is a stable URL and never changes. Blocks
#   named by a content id get their family's prefix (`t-income`, `e-<id>`, `s-<id>`,
#   `c-<id>`, `cmp-t-<id>`, `cmp-s-<id>`); page parts get a fixed word written in the
#   template (`overview`, `main`). Content ids are slugs (`[a-z0-9]+(-[a-z0-9]+)*`), so
#   no anchor contains `_`, and no fixed id starts with a family prefix or contains `_`
#   (tests/test_ids.py reads the templates), so two anchors on a page differ.
# - A *derived* id names a part of a block: its anchor (or the scope of its notes), `_`
#   and the part (`t-income_h`, `t-income_n1`, `c-<id>_plot`, `s-<id>_tip_<term>`). Parts
#   contain no `_` either, so a derived id splits back into its anchor and parts: it can
#   equal neither an anchor nor the id of another part.
# - Bare content ids: glossary term ids on the glossary page and unit slugs on the
#   downloads page are anchors without a prefix (stable URLs). They can equal a fixed id
#   of their page (`main`); `portal check` reports that (`content.id-collision`,
#   `_check_bare_ids` in generator/validate.py).

FAMILY_PREFIXES = ("t-", "e-", "s-", "c-", "cmp-")
"""Prefixes of anchors named by a content id; no fixed id in a template starts with one."""

DERIVED_SEP = "_"
"""Joins an anchor and its parts; in no content id, part or fixed id."""


def table_anchor(table_id: str) -> str:
    """A standard table on its disclosure page (`#t-income`)."""
    return "t-" + table_id


def section_anchor(section_id: str | StrEnum) -> str:
    """An explanatory section on its disclosure page (`#s-overall`)."""
    return "s-" + str(section_id)


def evaluation_anchor(evaluation_id: str) -> str:
    """A performance self-evaluation on its disclosure page (`#e-<id>`)."""
    return "e-" + evaluation_id


def chart_anchor(chart_id: str) -> str:
    """A chart (`#c-<id>`)."""
    return "c-" + chart_id


def compare_section_anchor(section_id: str | StrEnum) -> str:
    """A section compared over the years, on a comparison page (`#cmp-s-overall`)."""
    return "cmp-s-" + str(section_id)


def compare_table_anchor(table_id: str) -> str:
    """A table compared over the years, on a comparison page (`#cmp-t-income`)."""
    return "cmp-t-" + table_id


def why_anchor(from_year: int, to_year: int) -> str:
    """One year-to-year step of a comparison page's "why" part."""
    return f"why-{from_year}-{to_year}-s"


def term_anchor(term_id: str) -> str:
    """A glossary entry on the glossary page: the bare term id (`#basic-expenditure`)."""
    return term_id


def unit_downloads_anchor(slug: str) -> str:
    """A unit's group on the downloads page: the bare unit slug."""
    return slug


def audit_anchor(verdict: str) -> str:
    """The findings of one verdict in a disclosure's Consistency section (`#audit-inconsistent`):
    a fixed word per verdict, never content."""
    return "audit-" + verdict


def derived(anchor: str, *parts: object) -> str:
    """The id of a part of the block `anchor` (or of the notes scope `anchor`), e.g.
    `derived("t-income", "h") == "t-income_h"`; `derived(a, "tip", term)` nests."""
    assert parts, "a derived id needs a part"
    return DERIVED_SEP.join([anchor, *map(str, parts)])


def tooltip_id(scope: str, term_id: str) -> str:
    """The tooltip of glossary term `term_id` in the prose block `scope`."""
    return derived(scope, "tip", term_id)


ID_HELPERS = {f.__name__: f for f in (
    table_anchor, section_anchor, evaluation_anchor, chart_anchor, compare_section_anchor,
    compare_table_anchor, why_anchor, term_anchor, unit_downloads_anchor, audit_anchor,
    derived)}
"""What templates call to make ids (registered as Jinja globals in templating.py)."""


class Fmt(StrEnum):
    """How a figure's value is written."""

    MONEY = "money"  # 万元, two decimals
    PERCENT = "percent"  # already in percent, two decimals and '%'
    NUMBER = "number"  # counts, weights, scores: as written


@dataclass(frozen=True)
class Note:
    number: int
    id: str
    kind: str
    """`computed`, `unknown`, `source` or `note`: selects the label in the catalogue."""
    body: Markup


@dataclass
class Notes:
    """The numbered notes of one block (a table, a section, an evaluation). Identical
    notes share a number, so a table with twenty unknown cells has one note."""

    scope: str
    items: list[Note] = field(default_factory=list)
    _index: dict[tuple[str, Markup], Note] = field(default_factory=dict)

    def add(self, kind: str, body: Markup) -> Note:
        key = (kind, body)  # a Markup hashes and compares as its text: no copy made
        note = self._index.get(key)
        if note is None:
            n = len(self.items) + 1
            note = self._index[key] = Note(n, derived(self.scope, f"n{n}"), kind, body)
            self.items.append(note)
        return note

    @property
    def has_unknown(self) -> bool:
        return any(n.kind == "unknown" for n in self.items)


@dataclass(frozen=True)
class PageCtx:
    """What the filters of one page need: its language, catalogue and link maker."""

    lang: str
    cat: Catalogue
    link: Linker
    flagged: frozenset[int] = frozenset()
    """`id()` of the figures the consistency audit found in a real inconsistency: marked
    wherever the page shows them (generator/audit/html.py `flagged`)."""
    memo: dict[tuple[object, ...], str] = field(default_factory=dict, compare=False,
                                                hash=False, repr=False)
    """Pieces of this page's HTML already made, by what they were made from (the audit's
    rows: a figure is in several checks; a note's references)."""

    # --- texts ---------------------------------------------------------------------
    def flag(self) -> Markup:
        """The visible mark on a text shown in Chinese because it has no translation."""
        t = _esc(self.cat("fallback.title"))
        b = _esc(self.cat("fallback.badge"))
        return safe(f'<span class="flag" title="{t}"><span lang="zh">{b}</span>'
                    f'<span class="vh"> ({t})</span></span>')

    def text(self, value: Text | str | None) -> Markup:
        """A content text in the page language; falls back to Chinese, marked. A text the
        source does not give says so, visibly, with the reason when there is one."""
        if value is None:
            return Markup("")
        if isinstance(value, str):
            return escape_output(value)
        if value.gap is not None:
            said = _esc(self.cat(f"gap.{value.gap.value}"))
            if value.reason is None:
                return safe(f'<span class="gap">{said}</span>')
            sep = _esc(self.cat("punct.colon"))
            why = self.text(value.reason)
            return safe(f'<span class="gap">{said}<span class="gap-why">{sep}{why}</span>'
                        '</span>')
        translated = value.get(self.lang)
        if translated is not None:
            if self.lang != "zh" and has_han(translated):
                return zh_marked(translated)
            return escape_output(translated)
        if not has_han(value.zh):
            return escape_output(value.zh)  # "10.12", "%": nothing to translate, nothing to flag
        return safe(f'<span class="untranslated"><span lang="zh">{_esc(value.zh)}</span> '
                    f'{self.flag()}</span>')

    def marked(self, text: str) -> Markup:
        """An interface text, escaped; on a page in another language, the Chinese words it
        quotes (万元, 收入总计) marked lang="zh"."""
        return zh_marked(text) if self.lang != "zh" and has_han(text) else escape_output(text)

    def plain(self, value: Text | str | None) -> str:
        """The same text without markup, for attributes and <title>."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if value.gap is not None:
            return self.cat(f"gap.{value.gap.value}")
        translated = value.get(self.lang)
        return translated if translated is not None else value.zh

    # --- numbers and dates -----------------------------------------------------------
    def value(self, value: Decimal, fmt: Fmt, signed: bool = False) -> str:
        if fmt is Fmt.PERCENT:
            return formatting.percent(value, signed)
        if fmt is Fmt.NUMBER:
            text = formatting.number(value)
            return ("+" + text) if signed and value > 0 else text
        return formatting.money(value, signed)

    def date(self, value: date) -> str:
        return formatting.format_date(value, self.cat("date.format"),
                                      self.cat.list("date.months"))

    def numeral(self, n: int | str) -> str:
        return formatting.numeral(n, self.lang)

    # --- figures -----------------------------------------------------------------------
    def _ref(self, note: Note, label_key: str, mark: str) -> Markup:
        key = ("ref", note.id, label_key, mark)  # a shared note is referred to many times
        made = self.memo.get(key)
        if made is None:
            label = _esc(self.cat(label_key, n=note.number))
            made = self.memo[key] = Markup(
                f'<a class="note-ref" href="#{_esc(note.id)}" aria-label="{label}">'
                f'<sup>{_esc(mark)}{note.number:d}</sup></a>')
        return made  # type: ignore[return-value]

    def figure(self, fig: Figure | None, notes: Notes, fmt: Fmt = Fmt.MONEY,
               signed: bool = False, unit: Text | None = None) -> Markup:
        """A figure as HTML. Unknown is a visible marker, never 0 or blank; a computed
        value carries a † note saying from what; a source sentence becomes a note."""
        if fig is None:
            return Markup("")
        refs: list[Markup] = []
        if fig.value is None:
            kind = "unknown" if fig.unknown is not None else "untranscribed"
            note = notes.add(kind, self.text(fig.missing_reason))
            marker = _esc(self.cat(f"figure.{kind}"))
            label = _esc(self.cat(f"figure.{kind}_ref", n=note.number))
            body = safe(f'<a class="fig fig-{kind}" href="#{_esc(note.id)}" '
                        f'aria-label="{label}">{marker}<sup>{note.number:d}</sup></a>')
        else:
            text = self.value(fig.value, fmt, signed)
            if unit is not None:
                text = self.cat("figure.with_unit", value=text, unit=self.plain(unit))
            status = "computed" if fig.computed is not None else "stated"
            body = safe(f'<span class="fig fig-{status}">{_esc(text)}</span>')
            if fig.computed is not None:
                note = notes.add("computed", self.text(fig.computed))
                refs.append(self._ref(note, "figure.computed_ref", "†"))
        if fig.source is not None:
            note = notes.add("source", self.text(fig.source))
            refs.append(self._ref(note, "figure.source_ref", ""))
        if self.flagged and id(fig) in self.flagged:
            body = self._flag(body)
        if not refs:
            return body
        return safe(f'<span class="fig-group">{body}{"".join(refs)}</span>')

    def _flag(self, body: Markup) -> Markup:
        """A figure in a real inconsistency: marked, with its meaning for screen readers,
        and a link to the audit section that shows the identity it breaks."""
        label = _esc(self.cat("audit.flag"))
        return safe(f'<mark class="fig-flag">{body}<a class="flag-ref" href="#audit" '
                    f'title="{label}"><span aria-hidden="true">!</span>'
                    f'<span class="vh">{label}</span></a></mark>')

    def computed(self, value: Decimal, formula: str, notes: Notes, fmt: Fmt,
                 signed: bool = False, unit: Text | None = None) -> Markup:
        """`figure(Figure(value=value, computed=Text(zh=formula, en=formula)), ...)`
        without making the Figure: a figure we computed, noted with its formula (a text
        already in the page's language)."""
        text = self.value(value, fmt, signed)
        if unit is not None:
            text = self.cat("figure.with_unit", value=text, unit=self.plain(unit))
        note = notes.add("computed", safe(_esc(formula)))
        return safe(f'<span class="fig-group"><span class="fig fig-computed">{_esc(text)}'
                    f'</span>{self._ref(note, "figure.computed_ref", "†")}</span>')

    def unknown(self, reason: str, notes: Notes) -> Markup:
        """`figure(Figure(unknown=Text(zh=reason, en=reason)), ...)` without making the
        Figure: a figure not stated, with why (a text in the page's language)."""
        note = notes.add("unknown", safe(_esc(reason)))
        marker = _esc(self.cat("figure.unknown"))
        label = _esc(self.cat("figure.unknown_ref", n=note.number))
        return safe(f'<a class="fig fig-unknown" href="#{_esc(note.id)}" '
                    f'aria-label="{label}">{marker}<sup>{note.number:d}</sup></a>')

    def note_text(self, text: str, notes: Notes) -> Markup:
        """`note(Text(zh=text, en=text), notes)`: a note in the page's language."""
        return self._ref(notes.add("note", safe(_esc(text))), "figure.note_ref", "")

    def note(self, value: Text | None, notes: Notes) -> Markup:
        """A reference to a free note (a table row's note), listed with the block's notes."""
        if value is None:
            return Markup("")
        return self._ref(notes.add("note", self.text(value)), "figure.note_ref", "")

    def about_figures(self) -> str:
        return self.link.page(ABOUT, self.lang, FIGURES_ANCHOR)


def tel_href(phone: str) -> str | None:
    """`tel:` URL for a phone number written with digits, spaces and hyphens only."""
    phone = phone.strip()
    return "tel:" + re.sub(r"[ \-]", "", phone) if _PHONE.fullmatch(phone) else None


def web_href(url: str | None) -> str | None:
    """A content URL we may link to: http(s) only (a source document, not a script)."""
    if url and re.match(r"https?://[^\s<>\"]+$", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


def page_ctx(context: Mapping[str, Any]) -> PageCtx:
    """The page's `PageCtx` from a template's context (every filter that writes in the
    page's language starts here)."""
    ctx = context["ctx"]
    assert isinstance(ctx, PageCtx)
    return ctx
