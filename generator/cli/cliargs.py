"""Argument types the commands share (argparse calls them on the text typed): each turns
a bad value into a one-line usage error that says what was expected."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..content.model.types import HintedValueError, check_slug
from ..content.text import escape_controls


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


def jobs(value: str) -> int:
    """A number of worker processes (1 or more)."""
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of processes (1 or more)")
    return count


def add_content(command: argparse.ArgumentParser) -> None:
    command.add_argument("--content", type=Path, default=Path("content"),
                         help="content folder (default: content)")


def add_debug(command: argparse.ArgumentParser) -> None:
    command.add_argument("--debug", action="store_true",
                         help="show a Python traceback on an unexpected error")
