"""Argument types the commands share (argparse calls them on the text typed): each turns
a bad value into a one-line usage error that says what was expected."""

from __future__ import annotations

import argparse

from .model.types import HintedValueError, check_slug
from .text import escape_controls


def slug(value: str) -> str:
    """A unit's folder name, as the content checks it."""
    try:
        return check_slug(value)
    except HintedValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc}; {exc.hint}") from None


def year(value: str) -> int:
    """A year such as 2024."""
    if len(value) == 4 and value.isascii() and value.isdigit() and value[:2] in ("19", "20"):
        return int(value)
    raise argparse.ArgumentTypeError(f"'{escape_controls(value)}' is not a year such as 2024")
