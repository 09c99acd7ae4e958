"""Strict YAML loading on top of PyYAML's C parser.

We take only the event stream from libyaml and build plain data ourselves, so that:
every scalar stays the exact text the publisher wrote (no implicit int/float/bool/date
conversion: the model decides what a value means); duplicate keys, anchors, aliases and
tags are refused; nesting depth and file size are capped; and every key and value keeps
its line and column for error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .findings import Findings
from .text import _CONTROL, control_char

MAX_BYTES = 1_000_000
MAX_DEPTH = 40

Path_ = tuple[str | int, ...]


class StrictLoader(yaml.CSafeLoader):
    """The C loader, used only as an event source (see `load_yaml`)."""


@dataclass
class Doc:
    """A loaded YAML file: plain data (dict/list/str) and where each piece stood."""

    path: Path
    data: Any
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    may_hold_todo: bool = True
    """False when the text cannot spell a `not transcribed` placeholder (no
    `transcribed` in it, and no escape that could write it): `todo` skips walking it."""
    may_cite: bool = True
    """False when the text cannot spell a `cite:` key (as above): the check of the
    sources cited skips walking it."""
    text: str | None = None
    """The file's text while its marks are not made: a file without anything unusual
    is read without them (`_fast`), and located only when a message needs a place."""
    _asked: bool = field(default=False, repr=False)
    """`where` was asked once: the first place is read alone (`_path_marks`); the next
    question reads them all."""

    def where(self, loc: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of `loc`, or of its nearest located ancestor."""
        loc = tuple(loc)
        if self.text is not None:
            if not self._asked:  # most files that need a place need one: read for it
                self._asked = True
                return _nearest(loc, key, *_path_marks(self.text, loc))
            self._locate()
        return _nearest(loc, key, self.marks, self.key_marks)

    def _locate(self) -> None:
        """Make the marks: the same text read again by `_Builder`, which records them
        (it reads it as `_fast` did, which found nothing to refuse)."""
        text, self.text = self.text, None
        assert text is not None
        loader = StrictLoader(text)
        try:
            loader.get_event()  # StreamStart
            loader.get_event()  # DocumentStart
            _Builder(loader, self).node((), 0)
        finally:
            loader.dispose()


Marks = dict[Path_, tuple[int, int]]


def _nearest(loc: Path_, key: bool, marks: Marks, key_marks: Marks) -> tuple[int, int]:
    table = key_marks if key else marks
    if loc in table:
        return table[loc]
    while loc:
        loc = loc[:-1]
        if loc in marks:
            return marks[loc]
    return (1, 1)


def _path_marks(text: str, loc: Path_) -> tuple[Marks, Marks]:
    """The marks of `loc` and of each of its ancestors, and of its key: all `where(loc)`
    reads, from a reading that builds no data and skips every other branch (a text that
    `_fast` read: plain keys, no alias)."""
    marks: Marks = {}
    key_marks: Marks = {}
    loader = StrictLoader(text)
    get = loader.get_event

    def skip(event: Any) -> None:
        depth = 0
        while True:
            kind = type(event)
            if kind is _MapStart or kind is _SeqStart:
                depth += 1
            elif kind is _MapEnd or kind is _SeqEnd:
                depth -= 1
            if depth == 0:
                return
            event = get()

    def visit(event: Any, path: Path_) -> None:
        marks[path] = _pos(event.start_mark)
        kind = type(event)
        if len(path) == len(loc) or (kind is not _MapStart and kind is not _SeqStart):
            skip(event)
            return
        step = loc[len(path)]
        event = get()
        index = 0
        while type(event) is not _MapEnd and type(event) is not _SeqEnd:
            if kind is _MapStart:
                here: str | int = event.value
                key_mark = event.start_mark
                event = get()
            else:
                here, key_mark = index, None
                index += 1
            if here == step and type(here) is type(step):
                if key_mark is not None and len(path) + 1 == len(loc):
                    key_marks[loc] = _pos(key_mark)
                visit(event, (*path, here))
            else:
                skip(event)
            event = get()

    try:
        get()  # StreamStart
        get()  # DocumentStart
        visit(get(), ())
    finally:
        loader.dispose()
    return marks, key_marks


class _Refused(Exception):
    def __init__(self, mark: Any, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.mark, self.code, self.message, self.hint = mark, code, message, hint


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def key_path(loc: Path_) -> str:
    """`('items', 0, 'amount')` -> `items[0].amount`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_Scalar, _SeqStart, _MapStart = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
_SeqEnd, _MapEnd, _Alias = yaml.SequenceEndEvent, yaml.MappingEndEvent, yaml.AliasEvent
_PLAIN = (False, False)


class _Builder:
    """Turns the event stream into data. Each node event is checked in the same order:
    alias, anchor, tag, depth, then (a scalar) control characters; the events are taken
    one at a time, in order, so a refusal or syntax error is met where libyaml meets it."""

    def __init__(self, loader: StrictLoader, doc: Doc) -> None:
        self.get = loader.get_event
        self.doc = doc
        self.marks = doc.marks
        self.key_marks = doc.key_marks

    def node(self, loc: Path_, depth: int) -> Any:
        return self.value(self.get(), loc, depth)

    @staticmethod
    def _check(event: Any, depth: int) -> None:
        """Refuse an alias, an anchor, a tag (but `!`) or nesting deeper than MAX_DEPTH."""
        if isinstance(event, _Alias):
            raise _Refused(event.start_mark, "yaml.alias", "aliases (*name) are not allowed",
                           "write the value out in full; each figure should stand where it is read")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(event.start_mark, "yaml.anchor", f"anchors (&{anchor}) are not allowed",
                           "write the value out in full instead of sharing it")
        tag = getattr(event, "tag", None)
        if tag is not None and (not isinstance(event, _Scalar) or event.implicit == _PLAIN):
            if tag not in ("!",):
                raise _Refused(event.start_mark, "yaml.tag", f"tags ({tag}) are not allowed",
                               "remove the tag: values are plain text that the model reads")
        if depth > MAX_DEPTH:
            raise _Refused(event.start_mark, "yaml.too-deep",
                           f"nesting deeper than {MAX_DEPTH} levels",
                           "content files are shallow; check the indentation or brackets")

    @staticmethod
    def _scalar(event: Any, where: str) -> str:
        value: str = event.value  # an empty value is '' (libyaml's plain style is '')
        if _CONTROL.search(value):
            raise _Refused(event.start_mark, "text.control-char",
                           f"control character {control_char(value)} in {where}",
                           "remove it (it often comes with copied text); line breaks and "
                           "tabs are fine")
        return value

    def value(self, event: Any, loc: Path_, depth: int) -> Any:
        # The common case first: a plain scalar without anchor or tag, not too deep.
        if (type(event) is _Scalar and event.anchor is None
                and (event.tag is None or event.implicit != _PLAIN) and depth <= MAX_DEPTH):
            mark = event.start_mark
            self.marks[loc] = (mark.line + 1, mark.column + 1)
            return self._scalar(event, "a key" if loc[-1:] == ("?",) else "text")
        self._check(event, depth)
        self.marks[loc] = _pos(event.start_mark)
        if isinstance(event, _Scalar):
            return self._scalar(event, "a key" if loc[-1:] == ("?",) else "text")
        get = self.get
        if isinstance(event, _SeqStart):
            items: list[Any] = []
            event = get()
            while not isinstance(event, _SeqEnd):
                items.append(self.value(event, loc + (len(items),), depth + 1))
                event = get()
            return items
        if isinstance(event, _MapStart):
            mapping: dict[str, Any] = {}
            key_marks = self.key_marks
            event = get()
            while not isinstance(event, _MapEnd):
                if not isinstance(event, _Scalar):
                    raise _Refused(event.start_mark, "yaml.complex-key",
                                   "a key must be plain text")
                self._check(event, depth + 1)
                key = self._scalar(event, "a key")
                if key in mapping:
                    first = key_marks[loc + (key,)]
                    raise _Refused(event.start_mark, "yaml.duplicate-key",
                                   f"duplicate key '{key}' (first at line {first[0]})",
                                   "keep one of them; YAML would silently drop the other")
                key_loc = loc + (key,)
                key_marks[key_loc] = _pos(event.start_mark)
                mapping[key] = self.value(get(), key_loc, depth + 1)
                event = get()
            return mapping
        raise _Refused(event.start_mark, "yaml.syntax", f"unexpected {type(event).__name__}")


class _Unusual(Exception):
    """What `_fast` leaves to `_Builder`, which refuses it (with its place) or reads it."""


_ESCAPE = re.compile(r'\\[^"\\]')
"""A backslash before anything but a quote or a backslash: in a double-quoted scalar, an
escape that can write any character (`\\x1b`, `\\u202e`, `\\x63ite`). `\\"` and `\\\\`
write only themselves; outside double quotes a backslash is no escape (a match there
only costs a closer look)."""


def escapes(text: str) -> bool:
    """Whether `text` may hold a YAML escape that writes a character other than `"` or
    `\\` (a file without one spells in its scalars only what its text spells)."""
    return "\\" in text and _ESCAPE.search(text) is not None


def _fast(text: str, escaped: bool) -> Any:
    """The data of a file with nothing unusual in it, without marks: plain keys, no
    anchor, alias or tag, not too deep, one document, no control character (the caller
    found none in the text; a double-quoted scalar's escapes are looked at here). Raises
    `_Unusual` (or libyaml's error) for anything else; reads what `_Builder` reads, in a
    third of the time, as a build reads every file and locates almost none."""
    loader = StrictLoader(text)
    get = loader.get_event
    scalar, map_start, map_end, seq_start, seq_end = _Scalar, _MapStart, _MapEnd, _SeqStart, _SeqEnd
    # The text has no control character (the caller looked): a double-quoted scalar can
    # only make one with an escape other than \" and \\ (`escaped`: `escapes(text)`).
    control = _CONTROL.search if escaped else None

    def value(event: Any, depth: int) -> Any:
        kind = type(event)
        if ((kind is not scalar and kind is not map_start and kind is not seq_start)
                or event.anchor is not None or event.tag is not None or depth > MAX_DEPTH):
            raise _Unusual  # an alias, an anchor, a tag, too deep
        if kind is scalar:
            text: str = event.value
            if control is not None and event.style == '"' and control(text):
                raise _Unusual
            return text
        if kind is map_start:
            mapping: dict[str, Any] = {}
            event = get()
            while type(event) is not map_end:
                if (type(event) is not scalar or event.anchor is not None
                        or event.tag is not None or depth >= MAX_DEPTH):
                    raise _Unusual
                key: str = event.value
                if key in mapping or (control is not None and event.style == '"'
                                      and control(key)):
                    raise _Unusual
                event = get()
                # The common value (a scalar with no escape to look at), without a call.
                if (type(event) is scalar and event.anchor is None and event.tag is None
                        and (control is None or event.style != '"')):
                    mapping[key] = event.value
                else:
                    mapping[key] = value(event, depth + 1)
                event = get()
            return mapping
        if kind is seq_start:
            items: list[Any] = []
            event = get()
            while type(event) is not seq_end:
                items.append(value(event, depth + 1))
                event = get()
            return items

    try:
        get()  # StreamStart
        if loader.check_event(yaml.StreamEndEvent):
            raise _Unusual  # an empty file: said by the full reading
        get()  # DocumentStart
        data = value(get(), 0)
        get()  # DocumentEnd
        if not loader.check_event(yaml.StreamEndEvent):
            raise _Unusual
        return data
    finally:
        loader.dispose()


def _decode(raw: bytes, path: Path, findings: Findings) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        findings.add(path, line, column, "", "file.encoding",
                     f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                     "save the file as UTF-8 (in Excel or Notepad: 'UTF-8'); GBK is not accepted")
        return None


def load_yaml(path: Path, findings: Findings) -> Doc | None:
    """Load one YAML file of the project's own (a locale) strictly. Content files are read
    through `ContentFS` and parsed with `parse_yaml`."""
    from .contentfs import ContentFS

    raw = ContentFS(path.parent, findings).read(path, MAX_BYTES)
    return None if raw is None else parse_yaml(path, raw, findings)


def parse_yaml(path: Path, raw: bytes, findings: Findings) -> Doc | None:
    """Parse one YAML file's bytes strictly. Problems go to `findings`; returns None if
    unusable."""
    text = _decode(raw, path, findings)
    if text is None:
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    escaped = escapes(text)  # an escape can spell any word
    doc = Doc(path=path, data=None, may_hold_todo=escaped or "transcribed" in text,
              may_cite=escaped or "cite" in text)
    if not _CONTROL.search(text):
        try:
            doc.data, doc.text = _fast(text, escaped), text
            return doc
        except (_Unusual, yaml.YAMLError):
            pass  # read again below, which says what is wrong and where
    loader = StrictLoader(text)
    try:
        loader.get_event()  # StreamStart
        if loader.check_event(yaml.StreamEndEvent):
            findings.add(path, 1, 1, "", "file.empty", "file is empty",
                         "delete the file, or give it its keys")
            return None
        loader.get_event()  # DocumentStart
        doc.data = _Builder(loader, doc).node((), 0)
        loader.get_event()  # DocumentEnd
        if not loader.check_event(yaml.StreamEndEvent):
            extra = loader.peek_event()
            line, col = _pos(extra.start_mark)
            findings.add(path, line, col, "", "yaml.multiple-documents",
                         "more than one YAML document in this file",
                         "remove the '---' separator; one file holds one document")
            return None
    except _Refused as refused:
        line, col = _pos(refused.mark)
        findings.add(path, line, col, "", refused.code, refused.message, refused.hint)
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        problem = exc.problem or str(exc)
        lines = text.splitlines()
        source_line = lines[line - 1] if 0 < line <= len(lines) else ""
        if "nesting depth" in problem:  # libyaml's own limit (PyYAML >= 6.0.4) may come first
            findings.add(path, line, col, "", "yaml.too-deep",
                         f"nesting deeper than {MAX_DEPTH} levels",
                         "content files are shallow; check the indentation or brackets")
        elif "\t" in source_line[: max(col, 1)]:
            findings.add(path, line, col, "", "yaml.tab", "tab character in indentation",
                         "indent with spaces, not tabs (set your editor to insert spaces)")
        else:
            findings.add(path, line, col, "", "yaml.syntax", f"YAML syntax error: {problem}",
                         "check indentation, colons and quotes")
        return None
    except yaml.YAMLError as exc:
        findings.add(path, 1, 1, "", "yaml.syntax", f"YAML error: {exc}")
        return None
    finally:
        loader.dispose()
    return doc
