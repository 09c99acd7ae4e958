"""The site served as a careful static host serves it: the site's Content-Security-Policy
on every response, 404.html (status 404) for a missing path, no request log. `portal
serve` builds on it, and so do the browser tests (tests/browserutil.py)."""

from __future__ import annotations

import re
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

from ..site.urls import Kind

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; "
       "img-src 'self' data: blob:")
"""The site's policy: nothing from elsewhere, no inline script or style. Every page is
tested under it; a host should send it as a header (docs/publishing.md)."""

SEARCH_CSP = CSP + "; connect-src 'self'"
"""The search pages' policy: the site's, with the index fetched from the site itself
(`fetch` needs `connect-src`); still nothing from elsewhere."""


_LANG_ROOT = re.compile(r"[a-z]{2,3}")
"""A language's root folder (`en/`); the site's other top folders have longer names."""


def csp_for(path: str) -> str:
    """The policy for a request path: the search pages', else the site's. `path` is the
    URL's path (no query)."""
    parts = [p for p in path.split("/") if p]
    if parts and parts[-1] == "index.html":
        parts = parts[:-1]
    if parts[-1:] == [Kind.SEARCH.value] and (
            len(parts) == 1 or (len(parts) == 2 and _LANG_ROOT.fullmatch(parts[0]))):
        return SEARCH_CSP
    return CSP


class StaticHandler(SimpleHTTPRequestHandler):
    """Serves the `directory` given at construction (functools.partial)."""

    def csp(self) -> str:
        return csp_for(self.path.split("?", 1)[0].split("#", 1)[0])

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.csp())
        super().end_headers()

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        self.send_body(404, page.read_bytes(), "text/html; charset=utf-8")

    def send_body(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass
