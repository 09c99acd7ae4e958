"""Command line: `portal check` and `portal build`."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from .check import CheckResult, check_portal
from .contentfs import ContentFS
from .findings import Findings
from .load import load_content
from .model.content import Content
from .text import escape_controls, shorten
from .validate import validate


def check_content(root: Path, fs: ContentFS | None = None) -> tuple[Content | None, Findings]:
    """Load and validate everything; the content is None when any error was found."""
    findings = fs.findings if fs is not None else Findings()
    content = load_content(root, findings, fs)
    if content is not None:
        validate(content, findings)
    return (None if findings.errors else content), findings


def _summary(result: CheckResult) -> str:
    findings = result.findings
    errors, warnings = len(findings.errors), len(findings.warnings)
    state = "ok" if not errors else "failed"
    ignored = f", {len(result.ignored)} ignored" if result.ignored else ""
    todo = f", {len(findings.todos)} to do" if findings.todos else ""
    return (f"portal check {state}: {result.files_read} files{ignored}, {errors} errors, "
            f"{warnings} warnings{todo}")


def _list_ignored(args: argparse.Namespace, ignored: list[str]) -> None:
    if args.verbose:
        for rel in ignored:
            print(f"ignored: {escape_controls(rel)}", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    result = check_portal(args.content, args.jobs)
    findings = result.findings
    _list_ignored(args, result.ignored)
    if args.format == "json":
        print(findings.format_json())
    else:
        if findings.items:
            print(findings.format_text(), file=sys.stderr)
        print(_summary(result))
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
    started = time.monotonic()

    def show(done: int, total: int, name: str) -> None:
        end = "\r\033[K" if done == total else ""
        stream.write(f"\r\033[K[{done}/{total} units, {time.monotonic() - started:.0f} s] "
                     f"{escape_controls(shorten(name, 60))}{end}")
        stream.flush()

    return show


def cmd_build(args: argparse.Namespace) -> int:
    # Imported here so that `portal check` does not load Jinja and the templates.
    from jinja2 import TemplateError

    from .build import build_from
    from .export import ExportError
    from .i18n import CatalogueError
    from .write import OutputError

    try:
        outcome = build_from(
            args.content, args.out, base_url=args.base_url, jobs=args.jobs, clean=args.clean,
            progress=tty_progress(sys.stderr) if sys.stderr.isatty() else None,
            on_wait=lambda: print(f"waiting for another portal build writing "
                                  f"to '{args.out}'…", file=sys.stderr))
    except OutputError as exc:
        kept = "" if "back failed" in str(exc) else "; the previous output was left as it was"
        print(f"portal build failed: {escape_controls(str(exc))}{kept}", file=sys.stderr)
        return 1
    except (CatalogueError, ExportError, TemplateError) as exc:
        print(f"portal build failed: {type(exc).__name__}: {escape_controls(str(exc))}; "
              "the previous output was left as it was", file=sys.stderr)
        return 1
    if outcome.result is None:
        return _content_failed(args, CheckResult(outcome.findings, ignored=outcome.ignored))
    _list_ignored(args, outcome.ignored)
    if outcome.findings.items:
        print(outcome.findings.format_text(), file=sys.stderr)
    print(outcome.result.summary())
    return 0


def _content_failed(args: argparse.Namespace, result: CheckResult) -> int:
    _list_ignored(args, result.ignored)
    print(result.findings.format_text(), file=sys.stderr)
    print(f"portal build failed: {len(result.findings.errors)} errors in the content; "
          "nothing was written", file=sys.stderr)
    return 1


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of processes (1 or more)")
    return jobs


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument("--content", type=Path, default=Path("content"),
                         help="content folder (default: content)")
    command.add_argument("--verbose", action="store_true",
                         help="also list the editor and OS files skipped (.DS_Store, *.swp ...)")
    command.add_argument("--debug", action="store_true",
                         help="show a Python traceback on an unexpected error")
    command.add_argument("--jobs", "-j", type=_jobs, default=None,
                         help="worker processes (default: the number of cores)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="portal", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the content and report every problem")
    _common(check)
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.set_defaults(func=cmd_check)
    build = sub.add_parser("build", help="check the content, then render the site")
    _common(build)
    build.add_argument("--out", type=Path, default=Path("output"),
                       help="output folder, replaced as a whole (default: output)")
    build.add_argument("--base-url", type=base_url, default=None,
                       help="absolute URL the site is served from; adds canonical links, "
                            "absolute alternates and sitemap.xml")
    build.add_argument("--clean", action="store_true",
                       help="build everything anew instead of reusing the units that did "
                            "not change since the last build into --out")
    build.set_defaults(func=cmd_build)
    return parser


def default_jobs() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.jobs is None:
        args.jobs = default_jobs()
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug or an unforeseen system error: one line, not a trace
        if args.debug:
            raise
        print(f"portal {args.command} failed: {type(exc).__name__}: "
              f"{shorten(escape_controls(str(exc)), 300)}; nothing was written. This is a bug "
              "in portal, not in your content: please report it with the output of the same "
              "command run with --debug", file=sys.stderr)
        return 70  # EX_SOFTWARE


if __name__ == "__main__":
    sys.exit(main())
