"""Command line: `portal check` and `portal build`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .findings import Findings
from .load import load_content
from .model.content import Content
from .validate import validate


def check_content(root: Path) -> tuple[Content | None, Findings]:
    """Load and validate everything; the content is None when any error was found."""
    findings = Findings()
    content = load_content(root, findings)
    if content is not None:
        validate(content, findings)
    return (None if findings.errors else content), findings


def _summary(content_root: Path, findings: Findings) -> str:
    errors, warnings = len(findings.errors), len(findings.warnings)
    files = sum(1 for p in content_root.rglob("*") if p.is_file()) if content_root.is_dir() else 0
    state = "ok" if not errors else "failed"
    return f"portal check {state}: {files} files, {errors} errors, {warnings} warnings"


def cmd_check(args: argparse.Namespace) -> int:
    _, findings = check_content(args.content)
    if args.format == "json":
        print(findings.format_json())
    else:
        if findings.items:
            print(findings.format_text(), file=sys.stderr)
        print(_summary(args.content, findings))
    return 1 if findings.errors else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="portal", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the content and report every problem")
    check.add_argument("--content", type=Path, default=Path("content"),
                       help="content folder (default: content)")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.set_defaults(func=cmd_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
