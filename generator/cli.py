"""Command line: `portal check` and `portal build`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

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


def base_url(value: str) -> str:
    """--base-url: an absolute http(s) URL, normalised to end with '/'."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise argparse.ArgumentTypeError(
            f"'{value}' is not an absolute http(s) URL such as https://example.gov.cn/portal/")
    return value if value.endswith("/") else value + "/"


def tty_progress(stream: TextIO) -> Callable[[int, int, str], None]:
    """One self-overwriting progress line, for interactive terminals only."""

    def show(done: int, total: int, path: str) -> None:
        end = "\r\033[K" if done == total else ""
        stream.write(f"\r\033[K[{done}/{total}] {path}{end}")
        stream.flush()

    return show


def cmd_build(args: argparse.Namespace) -> int:
    # Imported here so that `portal check` does not load Jinja and the templates.
    from jinja2 import TemplateError

    from .build import build_site
    from .export import ExportError
    from .i18n import CatalogueError
    from .write import OutputError

    content, findings = check_content(args.content)
    if findings.items:
        print(findings.format_text(), file=sys.stderr)
    if content is None:
        print(f"portal build failed: {len(findings.errors)} errors in the content; "
              "nothing was written", file=sys.stderr)
        return 1
    progress = tty_progress(sys.stderr) if sys.stderr.isatty() else None
    try:
        result = build_site(content, args.out, base_url=args.base_url, progress=progress)
    except (OutputError, CatalogueError, ExportError, TemplateError) as exc:
        print(f"portal build failed: {type(exc).__name__}: {exc}; "
              "the previous output was left as it was", file=sys.stderr)
        return 1
    print(result.summary())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="portal", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the content and report every problem")
    check.add_argument("--content", type=Path, default=Path("content"),
                       help="content folder (default: content)")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.set_defaults(func=cmd_check)
    build = sub.add_parser("build", help="check the content, then render the site")
    build.add_argument("--content", type=Path, default=Path("content"),
                       help="content folder (default: content)")
    build.add_argument("--out", type=Path, default=Path("output"),
                       help="output folder, replaced as a whole (default: output)")
    build.add_argument("--base-url", type=base_url, default=None,
                       help="absolute URL the site is served from; adds canonical links, "
                            "absolute alternates and sitemap.xml")
    build.set_defaults(func=cmd_build)
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
