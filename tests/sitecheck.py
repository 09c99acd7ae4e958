"""Reusable checks over a built site: every internal link and asset resolves.

`check_site(root)` returns a list of problems (empty when all is well), so a test can
`assert check_site(out) == []` and see every broken link at once.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that make the browser fetch or navigate (enough for our templates).
URL_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
             ("source", "src"), ("iframe", "src"), ("form", "action"), ("area", "href"),
             ("video", "src"), ("audio", "src"), ("object", "data")}
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.urls: list[tuple[str, str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.append(value)
            if (tag, name) in URL_ATTRS:
                self.urls.append((tag, value, self.getpos()[0]))


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def check_site(root: Path, base_url: str | None = None) -> list[str]:
    """Problems with the internal links of the site built in `root`:

    - a relative or root-relative URL (or an absolute one under `base_url`) whose file is
      missing, or whose #anchor is not an id in that file;
    - a link to a folder instead of its index.html (breaks when opened from disk);
    - a root-relative link outside 404.html (breaks when served from a subpath);
    - an id used twice in one page.
    """
    root = root.resolve()
    pages: dict[str, _Page] = {}
    for path in sorted(root.rglob("*.html")):
        pages[path.relative_to(root).as_posix()] = parse(path)
    problems: list[str] = []
    for rel, page in pages.items():
        seen: set[str] = set()
        for ident in page.ids:
            if ident in seen:
                problems.append(f"{rel}: id '{ident}' used twice")
            seen.add(ident)
        for tag, url, line in page.urls:
            problem = _check_url(root, rel, url, pages, base_url)
            if problem:
                problems.append(f"{rel}:{line}: <{tag}> {url!r}: {problem}")
    return problems


def _check_url(root: Path, rel: str, url: str, pages: dict[str, _Page],
               base_url: str | None) -> str | None:
    if base_url and url.startswith(base_url):
        target = url[len(base_url):]
        parts = urlsplit(target)
        path = unquote(parts.path)
        if path == "" or path.endswith("/"):
            path += "index.html"  # canonical URLs use the folder form on purpose
        return _check_target(root, path, parts.fragment, pages)
    parts = urlsplit(url)
    if parts.scheme:
        if parts.scheme in EXTERNAL_SCHEMES:
            return None
        return f"scheme '{parts.scheme}' is not allowed"
    if parts.netloc:
        return "protocol-relative URL"
    path = unquote(parts.path)
    if path == "":
        target = rel
    elif path.startswith("/"):
        if posixpath.basename(rel) != "404.html":
            return "root-relative link (breaks when the site is served from a subpath)"
        target = path.lstrip("/")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
    if target.startswith("../") or target == "..":
        return "points outside the site"
    if path.endswith("/") or (root / target).is_dir():
        return "links to a folder; link to its index.html (file:// does not serve folders)"
    return _check_target(root, target, parts.fragment, pages)


def _check_target(root: Path, target: str, fragment: str,
                  pages: dict[str, _Page]) -> str | None:
    if not (root / target).is_file():
        return f"missing file '{target}'"
    if fragment:
        page = pages.get(target)
        if page is None:
            return f"anchor #{fragment} on a file that is not HTML"
        if unquote(fragment) not in page.ids:
            return f"no id '{fragment}' in {target}"
    return None
