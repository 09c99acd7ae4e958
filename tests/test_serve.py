"""`portal serve`: the preview serves the built site with the site's CSP, rebuilds within a
couple of seconds of a save, shows an error page listing the findings while the content is
broken (the last good build still served), and open pages reload themselves. A built site
never carries the reload script."""

from __future__ import annotations

import shutil
import socket
import struct
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.serve.preview import Running, serving
from generator.serve.static import CSP
from tests.conftest import BuiltSite

if TYPE_CHECKING:
    from playwright.sync_api import Browser

FIXTURE = Path(__file__).parent / "fixtures" / "minimal-content"
UNIT_YAML = "units/demo-unit/unit.yaml"
PAGE = "units/demo-unit/2024/"
TIMEOUT = 30.0
"""Seconds a wait may last before the test gives up. A rebuild shows in about a second
here. The open page connected to the reload channel within 0.05 s in 11 of 25 runs, and
in the others only after 3.9 to 8.6 s, with and without other work on the machine (the
cause was not found); a CI run failed on the 5 s this was. A wait is not a measure of speed
(the benchmarks measure that): it ends as soon as what it waits for holds."""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.fixture
def running(content: Path) -> Iterator[Running]:
    with serving(content) as live:
        yield live


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8")


def until(check: Callable[[], bool]) -> float:
    """Seconds until `check()` holds (fails after TIMEOUT)."""
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < TIMEOUT, f"still not so after {TIMEOUT:g} s"
        time.sleep(0.05)
    return time.monotonic() - started


def edit(content: Path, old: str, new: str) -> None:
    path = content / UNIT_YAML
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")


def test_serves_the_site_with_its_csp_and_the_reload_script(running: Running) -> None:
    status, headers, page = fetch(running.url + PAGE)
    assert status == 200
    port = running.url.rsplit(":", 1)[1].rstrip("/")
    assert headers["Content-Security-Policy"] == \
        f"{CSP}; connect-src http://127.0.0.1:{port}/__portal/events"
    assert headers["Cache-Control"] == "no-store"
    assert page.count('<script src="/__portal/reload.js" data-version="1" defer>') == 1
    assert page.index("/__portal/reload.js") < page.index("</head>")
    status, headers, script = fetch(running.url + "__portal/reload.js")
    assert status == 200 and "EventSource" in script
    assert headers["Content-Type"].startswith("text/javascript")
    # Assets are served as built, without the script.
    status, _, css = fetch(running.url + "static/css/site.css")
    assert status == 200 and "__portal" not in css
    assert fetch(running.url + "no/such/page/")[0] == 404


def test_a_saved_change_shows_within_seconds(running: Running, content: Path) -> None:
    assert "示例单位" in fetch(running.url + PAGE)[2]
    edit(content, "示例单位", "改名单位")
    until(lambda: "改名单位" in fetch(running.url + PAGE)[2])
    until(lambda: running.preview.state.version == 2)  # one rebuild: open pages reload


def test_a_broken_file_shows_the_findings_and_keeps_the_last_good_site(
        running: Running, content: Path) -> None:
    (content / UNIT_YAML).write_text("name: [示例单位\n", "utf-8")
    until(lambda: fetch(running.url + PAGE)[0] == 500)
    status, headers, page = fetch(running.url + PAGE)
    assert "Content-Security-Policy" in headers
    assert "content/units/demo-unit/unit.yaml:" in page and "error" in page
    assert "/__portal/reload.js" in page  # it reloads itself once fixed
    assert f'href="/{PAGE}?last-good"' in page
    # The last good build is still there: the page behind the link, and every asset.
    status, _, previous = fetch(running.url + PAGE + "?last-good")
    assert status == 200 and "示例单位" in previous
    assert fetch(running.url + "static/css/site.css")[0] == 200
    # Fixed: the site is back, rebuilt.
    shutil.copy(FIXTURE / UNIT_YAML, content / UNIT_YAML)
    until(lambda: fetch(running.url + PAGE)[0] == 200)


def test_a_build_has_no_reload_script(real_site: BuiltSite) -> None:
    for path in real_site.root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"__portal" not in data and b"reload.js" not in data, path


@pytest.mark.browser
def test_an_open_page_reloads_itself(content: Path, chromium: Browser) -> None:
    from tests.browserutil import Watch

    with serving(content) as live:
        # The error page is answered with status 500, which Chromium notes in the console.
        watch = Watch.open(chromium, live.url, expected=(
            "Failed to load resource: the server responded with a status of 500 "
            "(Internal Server Error)",))
        page = watch.page
        page.goto(live.url + PAGE)
        assert page.locator("h1").first.inner_text() != ""
        until(lambda: live.preview.state.listeners == 1)  # reload.js is listening
        edit(content, "示例单位", "自动刷新")
        page.wait_for_function("() => document.body.innerText.includes('自动刷新')",
                               timeout=TIMEOUT * 1000)
        (content / UNIT_YAML).write_text("name: [\n", "utf-8")
        page.wait_for_function("() => document.title.includes('The content has')",
                               timeout=TIMEOUT * 1000)
        assert "unit.yaml" in page.locator("ol").inner_text()
        assert watch.close() == []


def test_a_page_gone_halfway_through_a_file_prints_no_traceback(
        running: Running, capsys: pytest.CaptureFixture[str]) -> None:
    """A browser that goes away while a file is being sent (a tab closed while the chart
    bundle loads) is not an error of the preview's: nothing in the terminal."""
    site = Path(running.preview.out)
    bundle = next(site.glob("static/vendor/plotly-*.js"))
    port = int(running.url.rstrip("/").rsplit(":", 1)[1])
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # the sender must wait
        sock.connect(("127.0.0.1", port))
        sock.sendall(f"GET /{bundle.relative_to(site).as_posix()} HTTP/1.1\r\n"
                     "Host: 127.0.0.1\r\n\r\n".encode())
        assert sock.recv(64).startswith(b"HTTP/1.0 200")
        # Closed with a reset, most of the file unread.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    until(lambda: not any("process_request_thread" in t.name for t in threading.enumerate()))
    assert fetch(running.url + PAGE)[0] == 200  # still serving
    assert capsys.readouterr().err == ""
