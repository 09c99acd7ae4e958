"""The whole site built from the real content (content/): every internal link and anchor
resolves, with and without --base-url, and no page, stylesheet or script needs anything
from outside the site or anything a strict Content-Security-Policy refuses.

External `<a href>` links (a disclosure's source, a ministry's site) are fine: they are
navigation, not resources the page loads.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from generator.compute.charts import plotly_asset
from tests.buildutil import Elements
from tests.conftest import BASE_URL, BuiltSite
from tests.sitecheck import check_site

# (tag or "*", attribute): attributes whose URL the browser fetches as part of the page.
RESOURCE_ATTRS = {("*", "src"), ("*", "srcset"), ("video", "poster"), ("object", "data"),
                  ("link", "href"), ("image", "href"), ("image", "xlink:href"),
                  ("use", "href"), ("use", "xlink:href"), ("input", "formaction")}
NOT_FETCHED_RELS = {"canonical", "alternate"}
"""<link rel> values that name an address without loading it."""
CSS_URL = re.compile(r"""url\(\s*(?P<q>['"]?)(?P<url>.*?)(?P=q)\s*\)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?(?P<url>[^'")\s;]+)""", re.I)
JS_URL = re.compile(r"""(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[/:"'`]""", re.I)


def external(url: str, base_url: str | None = None) -> bool:
    """A URL that leaves the site: any scheme but data:, or a //host URL; with a base URL,
    the site's own absolute URLs (404.html links its stylesheet so) are not external."""
    if base_url and url.strip().startswith(base_url):
        return False
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or (bool(parts.scheme) and parts.scheme.lower() != "data")


def files(site: BuiltSite, suffix: str) -> list[Path]:
    found = sorted(site.root.rglob(f"*{suffix}"))
    assert found, f"no {suffix} file in the built site"
    return found


def test_every_page_of_the_plan_was_built(real_site: BuiltSite) -> None:
    built = {p.relative_to(real_site.root).as_posix() for p in files(real_site, ".html")}
    assert built == set(real_site.paths())


def test_internal_links_and_anchors_resolve(real_site: BuiltSite) -> None:
    assert check_site(real_site.root) == []


def test_internal_links_and_anchors_resolve_with_base_url(real_site_based: BuiltSite) -> None:
    assert check_site(real_site_based.root, BASE_URL) == []
    assert (real_site_based.root / "sitemap.xml").is_file()


def _resource_urls(doc: Elements) -> list[tuple[str, str, str]]:
    out = []
    for tag, attrs in doc.tags:
        for name, value in attrs.items():
            if value is None or not ({(tag, name), ("*", name)} & RESOURCE_ATTRS):
                continue
            if tag == "link" and name == "href" and \
                    set((attrs.get("rel") or "").lower().split()) <= NOT_FETCHED_RELS:
                continue
            urls = [part.split()[0] for part in value.split(",") if part.strip()] \
                if name == "srcset" else [value]
            out.extend((tag, name, url) for url in urls)
    return out


def test_no_page_loads_anything_from_outside_the_site(real_site: BuiltSite,
                                                      real_site_based: BuiltSite) -> None:
    problems = []
    for site, base_url in ((real_site, None), (real_site_based, BASE_URL)):
        for path in files(site, ".html"):
            doc = Elements(path.read_text(encoding="utf-8"))
            for tag, name, url in _resource_urls(doc):
                if external(url, base_url):
                    problems.append(f"{path.relative_to(site.root)}: <{tag} {name}={url!r}>")
    assert problems == []


def test_no_stylesheet_loads_anything_from_outside_the_site(real_site: BuiltSite) -> None:
    problems = []
    for path in files(real_site, ".css"):
        css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        for match in [*CSS_URL.finditer(css), *CSS_IMPORT.finditer(css)]:
            if external(match["url"]) or match[0].lower().startswith("@import"):
                problems.append(f"{path.relative_to(real_site.root)}: {match[0]}")
    assert problems == []


def test_no_script_names_an_outside_address(real_site: BuiltSite) -> None:
    # plotly.js (copied from the plotly package) names addresses for features the charts
    # never use (map tiles, chart studio); the browser tests check nothing is requested.
    vendored = real_site.root / plotly_asset().path
    problems = []
    for path in files(real_site, ".js"):
        if path == vendored:
            continue
        script = path.read_text(encoding="utf-8")
        problems += [f"{path.relative_to(real_site.root)}: {m[0]}"
                     for m in JS_URL.finditer(script)]
    assert problems == []


def test_pages_hold_nothing_a_strict_csp_refuses(real_site: BuiltSite) -> None:
    """No inline script (except JSON data), no <style>, no style= and no on* attribute,
    no javascript: URL: the pages run under `script-src 'self'; style-src 'self'`."""
    problems = []
    for path in files(real_site, ".html"):
        rel = path.relative_to(real_site.root).as_posix()
        doc = Elements(path.read_text(encoding="utf-8"))
        for tag, attrs in doc.tags:
            if tag == "style":
                problems.append(f"{rel}: <style> element")
            if tag == "script" and not attrs.get("src") and \
                    (attrs.get("type") or "").lower() != "application/json":
                problems.append(f"{rel}: inline <script> {attrs}")
            for name, value in attrs.items():
                if name == "style":
                    problems.append(f"{rel}: style= on <{tag}>")
                if name.startswith("on"):
                    problems.append(f"{rel}: {name}= on <{tag}>")
                if name in ("href", "src", "action") and \
                        re.match(r"\s*javascript:", value or "", re.I):
                    problems.append(f"{rel}: javascript: URL on <{tag}>")
    assert problems == []
