"""`portal serve`: a live preview of the site while its content is edited (see
`preview.py`); `static.py` is the static host it and the tests build on."""

from __future__ import annotations

import argparse
import sys
import threading

from ..cli import cliargs

EPILOG = """example:
  portal serve --content content --port 8000
  then open http://127.0.0.1:8000/ ; stop with Ctrl+C

Builds the site into a temporary folder and serves it on this computer only, with the
site's Content-Security-Policy. Each time a file under the content folder (or a template
or style) is saved, it rebuilds what changed and open pages reload themselves. If the
content has errors, pages show the list of them until they are fixed; the last good
build stays available. Nothing is written to output/: `portal build` does that."""


def _port(value: str) -> int:
    if value.isascii() and value.isdigit() and 0 < int(value) < 65536:
        return int(value)
    raise argparse.ArgumentTypeError(f"'{value}' is not a port number (1-65535)")


def cmd_serve(args: argparse.Namespace) -> int:
    from .preview import serving

    def log(line: str) -> None:
        print(f"portal serve: {line}", file=sys.stderr, flush=True)

    try:
        with serving(args.content, args.port, args.jobs, log=log) as running:
            print(f"serving {args.content} at {running.url} (Ctrl+C to stop)", flush=True)
            threading.Event().wait()
    except OSError as exc:
        print(f"portal serve failed: {exc} (is port {args.port} in use? try --port)",
              file=sys.stderr)
        return 1
    return 0


def register(sub: argparse._SubParsersAction, formatter: type[argparse.HelpFormatter]
             ) -> None:
    """Add `portal serve` to the command line."""
    serve = sub.add_parser("serve", help="preview the site as you edit: rebuilds and "
                           "reloads on every save", formatter_class=formatter,
                           description="Preview the site on http://127.0.0.1:PORT/ while "
                                       "you edit its content.", epilog=EPILOG)
    cliargs.add_content(serve)
    serve.add_argument("--port", type=_port, default=8000, help="port (default: 8000)")
    serve.add_argument("--jobs", "-j", type=cliargs.jobs, default=None,
                       help="worker processes for the first build (default: the number "
                            "of cores); rebuilds run in one")
    cliargs.add_debug(serve)
    serve.set_defaults(func=cmd_serve)
