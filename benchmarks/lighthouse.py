"""Page weight and Lighthouse (mobile) performance of a disclosure page, served with gzip.

    python -m benchmarks.lighthouse [--runs 3] [--lighthouse-dir DIR]

Builds the shipped site and serves it from 127.0.0.1 as a careful static host would (gzip
for text, the tests' strict CSP). On the newest disclosure page it measures the bytes the
server sent, by type, at load and after scrolling to every chart (plotly.js loads only
then), and runs Lighthouse 12 (npm, installed outside the repo; 13 needs node 22), mobile,
simulated throttling, `--runs` times. Prints a Markdown section, which
`python -m benchmarks.bench --lighthouse` appends to its own.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import mimetypes
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.serve.static import csp_for

ROOT = Path(__file__).resolve().parents[1]
TEXT_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
              ".js": "text/javascript; charset=utf-8", ".json": "application/json",
              ".svg": "image/svg+xml", ".csv": "text/csv; charset=utf-8"}
LIGHTHOUSE = "lighthouse@12"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
PHONE = {"width": 412, "height": 823}
"""Lighthouse's mobile viewport (moto g power)."""
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP",
           "total-blocking-time": "TBT", "cumulative-layout-shift": "CLS",
           "speed-index": "Speed Index", "total-byte-weight": "Total byte weight"}


def accepts_gzip(header: str) -> bool:
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            return not re.fullmatch(r"q=0(\.0*)?", params.replace(" ", "").lower())
    return False


class GzipHandler(BaseHTTPRequestHandler):
    """Static files under `root`: gzip (compressed once, kept in memory) for the text types
    when the client accepts it, the CSP on every response (the search page's where the site
    sends it, `csp_for`), 404.html for a missing path.
    Each response's size on the wire is appended to `sent` as (path, content type, bytes)."""

    root: Path
    sent: list[tuple[str, str, int]]
    cache: dict[Path, bytes]
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.respond(body=True)

    def do_HEAD(self) -> None:
        self.respond(body=False)

    def respond(self, body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        file = (self.root / path.lstrip("/")).resolve()
        if file.is_dir() and not path.endswith("/"):
            self.reply(301, "text/plain", b"", body, {"Location": path + "/"})
            return
        if file.is_dir():
            file = file / "index.html"
        status = 200
        if not file.is_relative_to(self.root) or not file.is_file():
            status, file = 404, self.root / "404.html"
        suffix = file.suffix.lower()
        ctype = (TEXT_TYPES.get(suffix) or mimetypes.guess_type(file.name)[0]
                 or "application/octet-stream")
        data = file.read_bytes() if file.is_file() else b"not found"
        headers = {}
        if suffix in TEXT_TYPES:
            headers["Vary"] = "Accept-Encoding"
            if accepts_gzip(self.headers.get("Accept-Encoding", "")):
                if file not in self.cache:
                    self.cache[file] = gzip.compress(data, compresslevel=9, mtime=0)
                data = self.cache[file]
                headers["Content-Encoding"] = "gzip"
        self.reply(status, ctype, data, body, headers)

    def reply(self, status: int, ctype: str, data: bytes, body: bool,
              headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": ctype, "Content-Length": str(len(data)),
                            "Content-Security-Policy": csp_for(urlsplit(self.path).path),
                            **headers}.items():
            self.send_header(name, value)
        head = sum(len(line) for line in self._headers_buffer) + 2  # type: ignore[attr-defined]
        self.end_headers()
        if body:
            self.wfile.write(data)
        self.sent.append((urlsplit(self.path).path, ctype, head + len(data) * body))

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(root: Path) -> Iterator[tuple[str, list[tuple[str, str, int]]]]:
    """(http://127.0.0.1:PORT, the list each response is logged to) while serving `root`."""
    sent: list[tuple[str, str, int]] = []
    handler = type("Handler", (GzipHandler,),
                   {"root": root.resolve(), "sent": sent, "cache": {}})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", sent
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def disclosure_page(out: Path) -> str:
    """Site path of the newest disclosure page (the biggest, if several share the year)."""
    pages = [p for p in out.glob("units/*/*/index.html") if p.parent.name.isdigit()]
    assert pages, f"no disclosure page under {out}/units"
    page = max(pages, key=lambda p: (p.parent.name, p.stat().st_size))
    return "/" + page.parent.relative_to(out).as_posix() + "/"


def kind(ctype: str) -> str:
    base = ctype.split(";")[0]
    names = {"text/html": "HTML", "text/css": "CSS", "text/javascript": "JS"}
    return names.get(base) or base.split("/")[0] + "s"


def page_weight(base: str, path: str, sent: list[tuple[str, str, int]]) -> list[str]:
    """Bytes by type for the initial load and after scrolling to every chart."""
    from playwright.sync_api import sync_playwright

    phases: list[list[tuple[str, str, int]]] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS.split()[1:])
        page = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
        sent.clear()
        page.goto(base + path, wait_until="networkidle")
        phases.append(list(sent))
        for spec in page.locator(".chart-spec").all():
            plot = f"[id='{spec.get_attribute('data-plot')}']"
            page.locator(plot).scroll_into_view_if_needed()
            page.locator(f"{plot} .main-svg").first.wait_for(state="attached")
        page.wait_for_load_state("networkidle")
        phases.append(list(sent))
        browser.close()
    rows = ["| type | initial load: requests | bytes | after scrolling to the charts: "
            "requests | bytes |", "|---|---|---|---|---|"]
    kinds = sorted({kind(c) for _, c, _ in phases[-1]}, key=lambda k: (k.islower(), k != "HTML", k))
    for k in [*kinds, "total"]:
        got = [[n for _, c, n in phase if k in ("total", kind(c))] for phase in phases]
        rows.append(f"| {k} | " + " | ".join(f"{len(g)} | {sum(g):,}" for g in got) + " |")
    return rows


def lighthouse_bin(folder: Path) -> Path:
    binary = folder / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(["npm", "install", "--prefix", str(folder), "--no-audit", "--no-fund",
                        LIGHTHOUSE], check=True, stdout=subprocess.DEVNULL)
    return binary


def lighthouse_runs(binary: Path, url: str, runs: int) -> list[dict]:
    reports = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            report = Path(tmp) / f"run{i}.json"
            subprocess.run([str(binary), url, "--quiet", f"--chrome-flags={CHROME_FLAGS}",
                            "--only-categories=performance", "--form-factor=mobile",
                            "--output=json", f"--output-path={report}"],
                           check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
            reports.append(json.loads(report.read_text(encoding="utf-8")))
    return reports


def failing(report: dict) -> list[str]:
    """The median run's diagnostics scoring under 0.9, biggest estimated savings first."""
    found = []
    for ref in report["categories"]["performance"]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        score = audit.get("score")
        if ref.get("group") != "diagnostics" or score is None or score >= 0.9:
            continue
        savings = audit.get("metricSavings") or {}
        shown = ", ".join(f"{k} {v:g}" for k, v in savings.items() if v)
        value = audit.get("displayValue", "").replace("\xa0", " ")
        items = (audit.get("details") or {}).get("items") or [{}]
        node = (items[0].get("node") or {}).get("selector")
        line = f"- {audit['title']} (`{ref['id']}`): {value}" + (
            f"; metric savings {shown}" if shown else "") + (f"; `{node}`" if node else "")
        found.append((-sum(savings.values()), score, line))
    return [line for *_, line in sorted(found)]


def chromium_version() -> str:
    done = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False)
    return " ".join(done.stdout.split()[:2])


def measure(runs: int = 3, lighthouse_dir: Path | None = None) -> str:
    """Builds the shipped site, measures, and returns the Markdown section."""
    folder = lighthouse_dir or Path(tempfile.gettempdir()) / "fiscal-portal-lighthouse"
    binary = lighthouse_bin(folder)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        subprocess.run([sys.executable, "-m", "generator", "build", "--out", str(out)],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        path = disclosure_page(out)
        with serve(out) as (base, sent):
            weight = page_weight(base, path, sent)
            start = time.perf_counter()
            reports = lighthouse_runs(binary, base + path, runs)
            seconds = time.perf_counter() - start
    scores = [r["categories"]["performance"]["score"] * 100 for r in reports]
    median = sorted(reports, key=lambda r: r["categories"]["performance"]["score"])[runs // 2]
    lines = ["## Page weight and Lighthouse (mobile), disclosure page", "",
             f"Measured {date.today().isoformat()} by `python -m benchmarks.lighthouse` on "
             f"`{path}`, served from 127.0.0.1 with gzip and the strict CSP. Lighthouse "
             f"{reports[0]['lighthouseVersion']}, {chromium_version()}.", "",
             "Bytes on the wire (headers + gzip body), Chromium at the phone viewport:", "",
             *weight, "",
             f"Lighthouse, mobile form factor, simulated throttling; median of {runs} runs "
             f"({seconds:.0f} s in all):", "", "| metric | median | runs |", "|---|---|---|",
             f"| Performance score | {statistics.median(scores):.0f} | "
             + ", ".join(f"{s:.0f}" for s in scores) + " |"]
    for key, title in METRICS.items():
        values = [r["audits"][key]["numericValue"] for r in reports]
        fmt = ("{:.3f}" if key == "cumulative-layout-shift" else
               "{:,.0f} B" if key == "total-byte-weight" else "{:,.0f} ms")
        lines.append(f"| {title} | {fmt.format(statistics.median(values))} | "
                     + ", ".join(fmt.format(v) for v in values) + " |")
    speed = ", ".join(f"{r['environment']['benchmarkIndex']:.0f}" for r in reports)
    lines.append(f"| Lighthouse benchmarkIndex (machine speed) | | {speed} |")
    issues = failing(median)
    if issues:
        lines += ["", "Diagnostics the median run fails:", "", *issues]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lighthouse-dir", type=Path,
                        help="npm prefix Lighthouse is (or gets) installed in")
    args = parser.parse_args()
    print(measure(args.runs, args.lighthouse_dir), end="")


if __name__ == "__main__":
    main()
