"""Small text guards shared by loading, the model and messages: control characters,
non-ASCII digits, and bounded, terminal-safe echoes of what a publisher wrote."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 (but tab, LF and CR), DEL, C1
    "\u202a-\u202e\u2066-\u2069]"  # bidirectional overrides and isolates ("Trojan Source")
)
_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")


_CONTROL_NAMES = {0x00: "NUL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "VERTICAL TAB",
                  0x0C: "FORM FEED", 0x1B: "ESCAPE", 0x7F: "DELETE"}


def char_name(ch: str) -> str:
    """`'２'` -> `'２' (U+FF12 FULLWIDTH DIGIT TWO)`; control characters are not echoed."""
    code = f"U+{ord(ch):04X}"
    if _ANY_CONTROL.match(ch):
        name = unicodedata.name(ch, _CONTROL_NAMES.get(ord(ch), "control"))
        return f"{code} ({name})"
    name = unicodedata.name(ch, "")
    return f"'{ch}' ({code} {name})" if name else f"'{ch}' ({code})"


def control_char(text: str) -> str:
    """A description of the first control character in `text` (tabs, line feeds and
    carriage returns are allowed), or ''."""
    match = _CONTROL.search(text)
    return char_name(match.group()) if match else ""


def non_ascii_digit(text: str) -> str:
    """A description of the first digit in `text` that is not 0-9 (full-width, Arabic-Indic
    ...), or ''. Python's `\\d` and `Decimal` accept them all; the portal does not."""
    match = _NON_ASCII_DIGIT.search(text)
    return char_name(match.group()) if match else ""


def ascii_digit_hint(text: str) -> str:
    """The hint for a value with a non-ASCII digit: which one, and the value retyped."""
    converted = "".join(str(unicodedata.digit(c)) if _NON_ASCII_DIGIT.match(c) else c
                        for c in text)
    return (f"{non_ascii_digit(text)} is not an ASCII digit; type digits 0-9 with the input "
            f"method in half-width mode: {shorten(converted)}")


def escape_controls(text: str) -> str:
    """Control characters shown as `\\x1b`, `\\u202e`, so that echoing a value can never
    drive a terminal."""
    return _ANY_CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"),
                            text)


def shorten(text: str, limit: int = 60) -> str:
    """A bounded echo of a value: at most `limit` characters, with an ellipsis and the
    full length when cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"
