"""`portal serve`: build into a temporary folder, serve it on 127.0.0.1 with the site's
CSP, and rebuild whenever the content, templates, locales or styles change.

Each build is the incremental `build_from`, so a change to one unit rebuilds only that
unit. After each build, good or not, the preview's version goes up and every open page
(which `reload.js` connects to `/__portal/events`) reloads itself. A build that fails
leaves the last good site in place: its assets are still served, and a page asked for
shows the findings instead (the last good page is one link away).
"""

from __future__ import annotations

import functools
import html
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..build.run import SITE_SRC, build_from
from ..content.findings import Finding, Findings
from ..site.render import LOCALES, TEMPLATES
from .static import StaticHandler

HERE = Path(__file__).resolve().parent
PREFIX = "/__portal/"
"""Where the preview's own files live; a built site has no such folder."""
FILES = {"reload.js": "text/javascript; charset=utf-8", "preview.css": "text/css; charset=utf-8"}
LAST_GOOD = "last-good"
"""Query that asks for the last good page instead of the error page."""
_HOST = re.compile(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


@dataclass
class State:
    """What the preview serves: the version (one more after each build) and why the last
    build failed (None when it succeeded)."""

    version: int = 0
    errors: list[Finding] | None = None
    problem: str | None = None
    """A failure that is not the content's (a template error...), as one line."""
    todos: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)
    stopped: bool = False
    listeners: int = 0
    """Pages connected to the reload channel now."""

    @property
    def failed(self) -> bool:
        return self.errors is not None or self.problem is not None

    def publish(self, findings: Findings | None, problem: str | None) -> None:
        with self.changed:
            failed = findings is not None and bool(findings.errors)
            self.errors = findings.sorted() if failed and findings else None
            self.todos = len(findings.todos) if findings else 0
            self.problem = problem
            self.version += 1
            self.changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        """The version, once it differs from `seen` (or after `timeout` seconds)."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen or self.stopped, timeout)
            return self.version

    def stop(self) -> None:
        with self.changed:
            self.stopped = True
            self.changed.notify_all()


class Preview:
    """Builds `content` into `out` and keeps the state the server reports."""

    def __init__(self, content: Path, out: Path, jobs: int = 1,
                 log: Callable[[str], None] = lambda line: None) -> None:
        self.content, self.out, self.jobs, self.log = content, out, jobs, log
        self.state = State()

    def build(self, jobs: int = 1) -> None:
        started = time.monotonic()
        try:
            outcome = build_from(self.content, self.out, jobs=jobs)
        except Exception as exc:  # a template being edited, a locale file half-saved...
            problem = f"{type(exc).__name__}: {exc}"
            self.state.publish(None, problem)
            self.log(f"build failed: {problem}; still serving the last good build")
            return
        self.state.publish(outcome.findings, None)
        seconds = time.monotonic() - started
        if outcome.result is None:
            self.log(f"{_errors(len(outcome.findings.errors))} in the content ({seconds:.1f} s): "
                     "the browser lists them; still serving the last good build")
        else:
            self.log(f"rebuilt in {seconds:.1f} s: {outcome.result.summary()}")

    def watched(self) -> list[Path]:
        return [p for p in (self.content, TEMPLATES, LOCALES, SITE_SRC) if p.exists()]

    def watch(self, stop: threading.Event, ready: threading.Event) -> None:
        """Rebuild after each batch of changes until `stop` is set; `ready` is set once
        the watcher is in place (its first, empty, yield)."""
        from watchfiles import watch  # only `portal serve` needs it

        for changes in watch(*self.watched(), stop_event=stop, debounce=50, step=20,
                             rust_timeout=200, yield_on_timeout=True,
                             raise_interrupt=False):
            ready.set()
            if changes:
                self.build()


class PreviewHandler(StaticHandler):
    """The built site, plus the preview's files, the reload script in every page, and the
    error page while the last build failed."""

    preview: Preview

    def csp(self) -> str:
        # The page's policy, and only the reload channel beside it.
        policy = super().csp()
        host = self.headers.get("Host", "") if self.headers else ""
        if not _HOST.fullmatch(host):
            return policy
        events = f"http://{host}{PREFIX}events"
        if "connect-src 'self'" in policy:  # the search page's: fetches its index
            return policy.replace("connect-src 'self'", f"connect-src 'self' {events}")
        return f"{policy}; connect-src {events}"

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        self._answer()

    def do_HEAD(self) -> None:
        self._answer()

    def _answer(self) -> None:
        parts = urlsplit(self.path)
        state = self.preview.state
        if parts.path == PREFIX + "events":
            self._events()
        elif parts.path.startswith(PREFIX):
            name = parts.path.removeprefix(PREFIX)
            if name not in FILES:
                self.send_error(404)
                return
            self.send_body(200, (HERE / name).read_bytes(), FILES[name])
        elif not _is_page(parts.path):
            super().do_GET() if self.command == "GET" else super().do_HEAD()
        elif state.failed and parts.query != LAST_GOOD:
            self.send_body(500, error_page(state, parts.path, self._last_good(parts.path)),
                           "text/html; charset=utf-8")
        else:
            self._page(parts.path, state.version)

    def _file(self, path: str) -> Path | None:
        target = Path(self.translate_path(path))
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def _last_good(self, path: str) -> bool:
        return self._file(path) is not None

    def _page(self, path: str, version: int) -> None:
        target = self._file(path)
        if target is None:
            if not path.endswith("/") and Path(self.translate_path(path)).is_dir():
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return
            page = Path(self.directory) / "404.html"
            body = page.read_bytes() if page.is_file() else b"<!doctype html><title>404</title>"
            self.send_body(404, inject(body, version), "text/html; charset=utf-8")
            return
        self.send_body(200, inject(target.read_bytes(), version), "text/html; charset=utf-8")

    def _events(self) -> None:
        """Server-sent events: the version now, then each new one (a comment every 15 s
        keeps the connection open)."""
        state = self.preview.state
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen = -1
        with state.changed:
            state.listeners += 1
        try:
            while not state.stopped:
                version = state.wait(seen, 15)
                self.wfile.write(f"data: {version}\n\n".encode() if version != seen
                                 else b": still here\n\n")
                self.wfile.flush()
                seen = version
        except OSError:  # the page went away
            pass
        finally:
            with state.changed:
                state.listeners -= 1


def _errors(count: int) -> str:
    return f"{count} error{'' if count == 1 else 's'}"


def _is_page(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name == "" or name.endswith(".html") or "." not in name


def inject(page: bytes, version: int) -> bytes:
    """The page with the reload script (a file of the preview's: no inline script)."""
    tag = (f'<script src="{PREFIX}reload.js" data-version="{version}" defer></script>'
           .encode())
    at = page.lower().find(b"</head>")
    return page + tag if at < 0 else page[:at] + tag + page[at:]


def error_page(state: State, path: str, last_good: bool) -> bytes:
    """The findings of the failed build, as a page that reloads itself once fixed."""
    count = len(state.errors or [])
    title = (f"内容有 {count} 处错误,网站未更新 · The content has {_errors(count)}: the "
             "site was not rebuilt") if state.errors is not None else \
        "构建失败,网站未更新 · The build failed: the site was not rebuilt"
    items = [f"<li><code>{html.escape(f.file)}:{f.line}:{f.column}"
             f"{': ' + html.escape(f.key) if f.key else ''}</code> "
             f"{html.escape(f.severity.label)}: {html.escape(f.message)}"
             f"{f'<br><span class=hint>hint: {html.escape(f.hint)}</span>' if f.hint else ''}"
             "</li>" for f in state.errors or []]
    if state.problem is not None:
        items.append(f"<li><pre>{html.escape(state.problem)}</pre></li>")
    back = (f'<p><a href="{html.escape(path)}?{LAST_GOOD}">上一次成功构建的此页 · This page '
            "as last built</a></p>") if last_good else ""
    body = (f'<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title>"
            f'<link rel="stylesheet" href="{PREFIX}preview.css"></head><body><main>'
            f"<h1>{html.escape(title)}</h1><p>修改后保存,本页会自动刷新。 · Fix and save: "
            f"this page reloads itself.</p><ol>{''.join(items)}</ol>{back}</main></body>"
            "</html>")
    return inject(body.encode(), state.version)


class PreviewServer(ThreadingHTTPServer):
    """The preview's server. A page that goes away while it is being answered (the browser
    moved on, or the tab was closed, halfway through a file) is no error of the preview's:
    socketserver would print its traceback into the publisher's terminal."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):  # a broken pipe, a reset
            return
        super().handle_error(request, client_address)


@dataclass(frozen=True)
class Running:
    url: str
    """http://127.0.0.1:PORT/"""
    preview: Preview


@contextmanager
def serving(content: Path, port: int = 0, jobs: int = 1, watch: bool = True,
            log: Callable[[str], None] = lambda line: None) -> Iterator[Running]:
    """Build once, then serve and rebuild on changes until the block ends. The build
    goes to a temporary folder, removed at the end."""
    with tempfile.TemporaryDirectory(prefix="portal-serve-") as tmp:
        preview = Preview(content.resolve(), Path(tmp) / "site", jobs, log)
        preview.build(jobs)  # before any thread starts: worker processes fork safely
        handler = type("Handler", (PreviewHandler,), {"preview": preview})
        httpd = PreviewServer(("127.0.0.1", port),
                              functools.partial(handler, directory=str(preview.out)))
        stop, ready = threading.Event(), threading.Event()
        threads = [threading.Thread(target=httpd.serve_forever, name="portal-serve",
                                    daemon=True)]
        if watch:
            threads.append(threading.Thread(target=preview.watch, args=(stop, ready),
                                            name="portal-watch", daemon=True))
        for thread in threads:
            thread.start()
        if watch:
            ready.wait(10)
        try:
            yield Running(f"http://127.0.0.1:{httpd.server_address[1]}/", preview)
        finally:
            stop.set()
            preview.state.stop()
            httpd.shutdown()
            httpd.server_close()
            for thread in threads:
                thread.join(timeout=5)
