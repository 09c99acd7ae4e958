"""Rebuild the golden site (tests/golden/) from tests/fixtures/golden-content/.

    python -m tests.regen_golden

Run it after an intended change to templates, catalogues, CSS/JS or rendering, then read
`git diff tests/golden` before committing: the diff is the change every reader will see.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.build.run import build_site
from generator.cli.main import check_content
from generator.compute.charts import plotly_asset

HERE = Path(__file__).resolve().parent
GOLDEN_CONTENT = HERE / "fixtures" / "golden-content"
GOLDEN = HERE / "golden"
VENDORED = (plotly_asset().path,)
"""Built files copied verbatim from installed packages: not in the committed golden copy."""


def drop_vendored(site: Path) -> None:
    """Remove the copied chart bundle (about 1.1 MB): the golden test compares it with
    site_src/vendor/ instead."""
    for rel in VENDORED:
        target = site / rel
        if target.is_file():
            target.unlink()
    vendor = site / "static" / "vendor"
    if vendor.is_dir() and not any(vendor.iterdir()):
        vendor.rmdir()


def build_golden(out: Path) -> None:
    """Build the golden fixture into `out` exactly as the golden test does."""
    content, findings = check_content(GOLDEN_CONTENT)
    if content is None:
        raise SystemExit(f"golden content has errors:\n{findings.format_text()}")
    build_site(content, out)


def main() -> int:
    build_golden(GOLDEN)
    drop_vendored(GOLDEN)
    files = sum(1 for p in GOLDEN.rglob("*") if p.is_file())
    print(f"wrote {files} files to {GOLDEN}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
