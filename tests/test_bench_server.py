"""The benchmark's static server (benchmarks/lighthouse.py): gzip for text when the client
accepts it, plain otherwise, the right Content-Type and the site's CSP (the search page's
on the search page and its index). Fast: no browser and no Lighthouse."""

from __future__ import annotations

import gzip
import http.client
from pathlib import Path

from benchmarks.lighthouse import accepts_gzip, serve
from generator.serve.static import CSP, SEARCH_CSP

PAGE = "<!doctype html><title>t</title>" + "<p>决算公开</p>" * 200


def get(base: str, path: str, headers: dict[str, str]) -> tuple[http.client.HTTPResponse,
                                                                  bytes]:
    conn = http.client.HTTPConnection(base.removeprefix("http://"), timeout=10)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def test_gzip_when_accepted_plain_otherwise(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(PAGE, encoding="utf-8")
    with serve(tmp_path) as (base, sent):
        zipped, body = get(base, "/a/", {"Accept-Encoding": "gzip, deflate"})
        assert zipped.status == 200
        assert zipped.getheader("Content-Encoding") == "gzip"
        assert zipped.getheader("Content-Type") == "text/html; charset=utf-8"
        assert zipped.getheader("Content-Length") == str(len(body))
        assert zipped.getheader("Content-Security-Policy") == CSP
        assert gzip.decompress(body).decode("utf-8") == PAGE
        assert len(body) < len(PAGE.encode("utf-8")) / 5

        plain, body = get(base, "/a/index.html", {})
        assert plain.getheader("Content-Encoding") is None
        assert plain.getheader("Content-Type") == "text/html; charset=utf-8"
        assert body.decode("utf-8") == PAGE

        (tmp_path / "search").mkdir()
        (tmp_path / "search" / "index.html").write_text(PAGE, encoding="utf-8")
        search, _ = get(base, "/search/", {})
        assert search.getheader("Content-Security-Policy") == SEARCH_CSP

        missing, _ = get(base, "/nowhere/", {"Accept-Encoding": "gzip"})
        assert missing.status == 404
        moved, _ = get(base, "/a", {})
        assert (moved.status, moved.getheader("Location")) == (301, "/a/")
    # Each request's thread records it after answering: the order may vary.
    assert {"/a/", "/a/index.html"} <= {path for path, _, _ in sent}


def test_accept_encoding() -> None:
    assert accepts_gzip("gzip")
    assert accepts_gzip("br, gzip;q=0.8")
    assert accepts_gzip("*")
    assert not accepts_gzip("")
    assert not accepts_gzip("identity")
    assert not accepts_gzip("gzip;q=0")
