"""Command line: `portal check`, `portal audit`, `portal build` and the commands of the
publisher's workflow (`portal new`, `portal import`, `portal serve`), each registered from
its own module."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from .. import __version__, serve
from ..content.check import CheckResult, audit_portal, check_portal
from ..content.contentfs import ContentFS
from ..content.findings import Findings
from ..content.load import load_content
from ..content.model.content import Content
from ..content.text import escape_controls, shorten
from ..content.validate import validate
from ..importer.command import add_import_command
from . import cliargs, scaffold


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
    infos = f", {len(findings.infos)} audit notes (portal audit)" if findings.infos else ""
    todo = f", {len(findings.todos)} to do" if findings.todos else ""
    return (f"portal check {state}: {result.files_read} files{ignored}, {errors} errors, "
            f"{warnings} warnings{todo}{infos}")


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


def cmd_audit(args: argparse.Namespace) -> int:
    """`portal audit`: every check of every unit's consistency audit. An inconsistency in
    the source is a fact to publish, not a content error: exit 1 for it only with
    --strict (and always for content that has errors: it cannot be audited)."""
    from ..compute.audit.report import audit_text

    result, records = audit_portal(args.content, args.jobs)
    findings = result.findings
    _list_ignored(args, result.ignored)
    if findings.errors:
        print(findings.format_text(), file=sys.stderr)
        print(f"portal audit failed: {len(findings.errors)} errors in the content; fix them "
              "first (portal check)", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        print(audit_text(records))
    inconsistent = any(r["verdict"] == "inconsistent" for r in records)
    return 1 if args.strict and inconsistent else 0


def base_url(value: str) -> str:
    """--base-url: an absolute http(s) URL, normalised to end with '/'."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise argparse.ArgumentTypeError(
            f"'{value}' is not an absolute http(s) URL such as https://example.gov.cn/portal/")
    return value if value.endswith("/") else value + "/"


def tty_progress(stream: TextIO) -> Callable[[int, int, int, str], None]:
    """One self-overwriting progress line, for interactive terminals only: units done of
    how many, the disclosures they hold, the time so far and the last unit's folder."""
    started = time.monotonic()

    def show(done: int, total: int, disclosures: int, name: str) -> None:
        end = "\r\033[K" if done == total else ""
        stream.write(f"\r\033[K[{done}/{total} units, {disclosures} disclosures, "
                     f"{time.monotonic() - started:.0f} s] "
                     f"{escape_controls(shorten(name, 60))}{end}")
        stream.flush()

    return show


def cmd_build(args: argparse.Namespace) -> int:
    # Imported here so that `portal check` does not load Jinja and the templates.
    from jinja2 import TemplateError

    from ..build.run import build_from
    from ..build.write import OutputError
    from ..data.export import ExportError
    from ..site.i18n import CatalogueError

    try:
        outcome = build_from(
            args.content, args.out, base_url=args.base_url, jobs=args.jobs, clean=args.clean,
            precompress=args.precompress,
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
    todos = outcome.findings.todos
    shown = Findings([f for f in outcome.findings.items if f not in todos])
    if shown.items:
        print(shown.format_text(), file=sys.stderr)
    if todos:  # listed by `portal check`; here they would bury the warnings
        print(f"{len(todos)} to do: placeholders still to fill in (`portal check` lists "
              "them)", file=sys.stderr)
    print(outcome.result.summary())
    return 0


def _content_failed(args: argparse.Namespace, result: CheckResult) -> int:
    _list_ignored(args, result.ignored)
    print(result.findings.format_text(), file=sys.stderr)
    print(f"portal build failed: {len(result.findings.errors)} errors in the content; "
          "nothing was written", file=sys.stderr)
    return 1


def _common(command: argparse.ArgumentParser) -> None:
    cliargs.add_content(command)
    command.add_argument("--verbose", action="store_true",
                         help="also list the editor and OS files skipped (.DS_Store, *.swp ...)")
    cliargs.add_debug(command)
    command.add_argument("--jobs", "-j", type=cliargs.jobs, default=None,
                         help="worker processes (default: the number of cores)")


DESCRIPTION = """Build a 决算公开 portal: a static, bilingual website of government units'
final-accounts disclosures, from YAML and Markdown files in a content folder."""

EPILOG = """a unit's year, step by step (docs/guide.zh.md, docs/guide.en.md):
  portal new unit my-unit --name 某某单位        start a unit
  portal new year my-unit 2024                  start its 2024 disclosure
  portal import tables.xlsx --unit my-unit --year 2024   read its Excel tables
  portal check                                  list what is wrong or still to do
  portal serve                                  preview at http://127.0.0.1:8000/
  portal build --base-url https://example.gov.cn/portal/   write the site to output/

run `portal COMMAND --help` for a command's options and an example."""

CHECK_EPILOG = """example:
  portal check --content content

Prints each finding as file:line:column: key: severity: message, with a hint: errors
(the build refuses them), warnings (figures that do not add up) and to-dos (`not
transcribed` placeholders). Exit status: 0 no errors, 1 errors, 2 usage error."""

AUDIT_EPILOG = """examples:
  portal audit                       every finding, as text
  portal audit --format json --strict

A real inconsistency (no values within the published rounding satisfy the identity) is
a fact of the source, published on the disclosure's page: the exit status is 0 unless
--strict is given."""

BUILD_EPILOG = """examples:
  portal build                                    into output/ (open output/index.html)
  portal build --base-url https://example.gov.cn/portal/ --out site
  portal build --precompress                      also .gz and .br copies, for nginx

Checks the content first and writes nothing if it has errors; otherwise replaces --out,
rebuilding only the units that changed since the last build into it. Publishing the
folder: docs/publishing.md."""

FORMATTER = argparse.RawDescriptionHelpFormatter


def version() -> str:
    """The installed package's version (the source's when it is not installed)."""
    try:
        return metadata.version("fiscal-portal")
    except metadata.PackageNotFoundError:
        return __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="portal", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=FORMATTER)
    parser.add_argument("--version", action="version", version=f"portal {version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = sub.add_parser("check", help="validate the content and report every problem",
                           description="Validate every content file and report every "
                                       "problem at once, located and with a hint.",
                           epilog=CHECK_EPILOG, formatter_class=FORMATTER)
    _common(check)
    check.add_argument("--format", choices=["text", "json"], default="text",
                       help="text (default) or JSON findings")
    check.set_defaults(func=cmd_check)
    audit = sub.add_parser("audit", help="check every identity the disclosures' figures "
                           "must satisfy and class each finding",
                           description="Check every sum, rate and cross-year identity of "
                                       "each disclosure over the rounding of its published "
                                       "figures, and class each: consistent, rounding, "
                                       "truncated, inconsistent, cannot be checked.",
                           epilog=AUDIT_EPILOG, formatter_class=FORMATTER)
    _common(audit)
    audit.add_argument("--format", choices=["text", "json"], default="text",
                       help="text (default) or JSON findings")
    audit.add_argument("--strict", action="store_true",
                       help="exit 1 when a real inconsistency exists (by default an "
                            "inconsistency in the source is published, not an error)")
    audit.set_defaults(func=cmd_audit)
    build = sub.add_parser("build", help="check the content, then render the site",
                           description="Check the content, then write the whole site "
                                       "(pages, downloads, static files) into --out.",
                           epilog=BUILD_EPILOG, formatter_class=FORMATTER)
    _common(build)
    build.add_argument("--out", type=Path, default=Path("output"),
                       help="output folder, replaced as a whole (default: output)")
    build.add_argument("--base-url", type=base_url, default=None,
                       help="absolute URL the site is served from; adds canonical links, "
                            "absolute alternates and sitemap.xml")
    build.add_argument("--clean", action="store_true",
                       help="build everything anew instead of reusing the units that did "
                            "not change since the last build into --out")
    build.add_argument("--precompress", action="store_true",
                       help="also write a gzip (.gz) and a brotli (.br) copy beside every "
                            "text file of 1 KB or more, for web servers that serve them "
                            "as they are (docs/publishing.md)")
    build.set_defaults(func=cmd_build)
    scaffold.register(sub, FORMATTER)
    add_import_command(sub)
    serve.register(sub, FORMATTER)
    return parser


def default_jobs() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "jobs", 0) is None:
        args.jobs = default_jobs()
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug or an unforeseen system error: one line, not a trace
        if getattr(args, "debug", False):
            raise
        print(f"portal {args.command} failed: {type(exc).__name__}: "
              f"{shorten(escape_controls(str(exc)), 300)}; nothing was written. This is a bug "
              "in portal, not in your content: please report it with the output of the same "
              "command run with --debug", file=sys.stderr)
        return 70  # EX_SOFTWARE


if __name__ == "__main__":
    sys.exit(main())
