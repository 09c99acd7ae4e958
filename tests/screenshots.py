"""Full-page screenshots of a built site in headless Chromium, for looking at layouts.

    python -m tests.screenshots OUTPUT_DIR SHOTS_DIR [PAGE ...]

PAGE is a path inside the site (default: the home, each unit's latest disclosure and the
glossary); each is taken at 360 px and 1280 px wide, full page. A page whose full-page PNG
would pass MAX_BYTES (a whole disclosure is 40,000 px tall) is shot in parts instead: its
top, then each element of PARTS that it has. Not a test: a tool for people to look.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
WIDTHS = (360, 1280)
MAX_BYTES = 1_000_000
TOP_PX = 2400
PARTS = {  # name -> CSS selector of a part worth looking at on a long disclosure page
    "overall": "#s-overall",
    "general-budget": "#s-general-budget",
    "evaluation": ".evaluation",
    "table": "#t-general-budget-expenditure",
}


def default_pages(site: Path) -> list[str]:
    """The home, the latest disclosure of every unit (a year folder: all digits; not the
    last path in sort order, which is another unit's or a comparison), the glossary."""
    latest: dict[str, int] = {}
    for page in site.glob("units/*/*/index.html"):
        unit, year = page.parent.parent.name, page.parent.name
        if year.isascii() and year.isdigit():
            latest[unit] = max(latest.get(unit, 0), int(year))
    disclosures = [f"units/{unit}/{year}/index.html" for unit, year in sorted(latest.items())]
    return ["index.html", *disclosures, "glossary/index.html"]


def shoot(site: Path, shots: Path, pages: list[str], *, prefix: str = "") -> list[Path]:
    shots.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-background-networking"])
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 800})
            for rel in pages:
                page.goto((site / rel).resolve().as_uri())
                name = rel.replace("/index.html", "").replace("/", "-").replace(".html", "")
                name = prefix + (name or "home")
                target = shots / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                if target.stat().st_size <= MAX_BYTES:
                    made.append(target)
                    continue
                target.unlink()
                top = shots / f"{name}-top-{width}.png"
                page.screenshot(path=str(top), clip={"x": 0, "y": 0, "width": width,
                                                     "height": TOP_PX}, full_page=True)
                made.append(top)
                for part, selector in PARTS.items():
                    element = page.locator(selector).first
                    if element.count():
                        shot = shots / f"{name}-{part}-{width}.png"
                        element.screenshot(path=str(shot))
                        made.append(shot)
            page.close()
        browser.close()
    return made


def main(argv: list[str]) -> int:
    site, shots = Path(argv[0]), Path(argv[1])
    for path in shoot(site, shots, argv[2:] or default_pages(site)):
        print(path, path.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
