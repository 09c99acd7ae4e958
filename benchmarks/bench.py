"""Build-speed benchmark: how each stage scales with the number of disclosures.

    python -m benchmarks.bench [--units 1 10 50] [--out docs/benchmarks.md]

Makes synthetic portals by copying the shipped unit N times (each copy has the real
content's two years), times each stage in one process, and writes a Markdown table.
Machines here are noisy, so read the ratios within one run (per-disclosure cost, C parser
against the pure-Python one), not the absolute seconds.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from generator.build import build_site
from generator.cli import check_content
from generator.downloads import build_export
from generator.render import Renderer
from generator.urls import Site

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"


def synthetic(target: Path, copies: int) -> Path:
    """A content folder holding `copies` copies of every shipped unit."""
    root = target / "content"
    shutil.copytree(CONTENT, root, ignore=shutil.ignore_patterns("units"))
    for unit_dir in sorted((CONTENT / "units").iterdir()):
        for i in range(copies):
            slug = f"{unit_dir.name}-{i:04d}"
            shutil.copytree(unit_dir, root / "units" / slug)
            for meta in (root / "units" / slug).glob("*/meta.yaml"):
                text = meta.read_text(encoding="utf-8")
                meta.write_text(text.replace(f"unit: {unit_dir.name}", f"unit: {slug}"),
                                encoding="utf-8")
    return root


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def yaml_parsers() -> tuple[float, float]:
    """Seconds to parse every shipped YAML file 20 times with the C and the Python loader."""
    texts = [p.read_text(encoding="utf-8") for p in CONTENT.rglob("*.yaml")]
    out = []
    for loader in (yaml.CSafeLoader, yaml.SafeLoader):
        seconds, _ = timed(lambda loader=loader: [yaml.load(t, Loader=loader)
                                                   for _ in range(20) for t in texts])
        out.append(seconds)
    return out[0], out[1]


def chart_specs(repeat: int = 20) -> tuple[int, float, float]:
    """(charts, seconds for plain-dict specs + json, seconds for the same through
    plotly.graph_objects) over the shipped 2024 disclosure's charts, `repeat` times."""
    import plotly.graph_objects as go

    from generator import charts

    content, findings = check_content(CONTENT)
    assert content is not None, findings.format_text()
    unit = content.units[0]
    cat = charts._catalogues()["zh"]
    made = [c for d in unit.disclosures for c in charts.disclosure_charts(unit, d)]
    specs = [charts.spec(c, cat) for c in made]
    t_dict, _ = timed(lambda: [charts.spec_json(c, cat) for _ in range(repeat) for c in made])
    t_go, _ = timed(lambda: [go.Figure(data=s["data"], layout=s["layout"]).to_json()
                             for _ in range(repeat) for s in specs])
    return len(made) * repeat, t_dict, t_go


def run(counts: list[int]) -> list[str]:
    rows = ["| units | disclosures | check (s) | render (s) | export (s) | full build (s) "
            "| build ms / disclosure |", "|---|---|---|---|---|---|---|"]
    for n in counts:
        with tempfile.TemporaryDirectory() as tmp:
            root = synthetic(Path(tmp), n)
            t_check, (content, findings) = timed(lambda root=root: check_content(root))
            assert content is not None, findings.format_text()
            disclosures = len(content.disclosures())
            settings = content.settings
            site = Site(tuple(settings.languages), settings.default_language)
            renderer = Renderer(content, site)
            t_render, _ = timed(lambda r=renderer, s=site: [r.render(p, lang) for p in r.pages()
                                                              for lang in s.languages])
            t_export, _ = timed(lambda c=content: build_export(c))
            t_build, _ = timed(lambda c=content, tmp=tmp: build_site(c, Path(tmp) / "out"))
            rows.append(f"| {n} | {disclosures} | {t_check:.2f} | {t_render:.2f} | "
                        f"{t_export:.2f} | {t_build:.2f} | {t_build / disclosures * 1000:.0f} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--lighthouse", action="store_true",
                        help="append page weight and Lighthouse (benchmarks/lighthouse.py)")
    args = parser.parse_args()
    c_seconds, py_seconds = yaml_parsers()
    n_charts, t_dict, t_go = chart_specs()
    lines = ["# Benchmarks", "", "Made by `python -m benchmarks.bench`; one run, one machine "
             "(2 cores). Compare ratios within the run.", "",
             "## Build stages", "", *run(args.units), "",
             "## YAML parsing (all shipped files × 20)", "",
             "| parser | seconds | ratio |", "|---|---|---|",
             f"| libyaml (CSafeLoader) | {c_seconds:.2f} | 1.0 |",
             f"| pure Python (SafeLoader) | {py_seconds:.2f} | {py_seconds / c_seconds:.1f} |",
             "", f"## Chart specs ({n_charts} charts)", "",
             "| method | seconds | ratio |", "|---|---|---|",
             f"| plain dicts + json (the build) | {t_dict:.2f} | 1.0 |",
             f"| plotly.graph_objects (tests only) | {t_go:.2f} | {t_go / t_dict:.0f} |"]
    text = "\n".join(lines) + "\n"
    if args.lighthouse:
        from benchmarks.lighthouse import measure

        text += "\n" + measure()
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    print(text, end="")


if __name__ == "__main__":
    main()
