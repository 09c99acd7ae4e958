"""Where every download lives: stable, human-readable site paths (no hashes, no dates),
POSIX, relative to the site root; pages link with these, the export stage writes to them.

Layout under the site root::

    downloads/datapackage.json                          every CSV below, described
    downloads/portal-all.csv                            every figure of the portal, long format
    downloads/units/<slug>/<slug>-all-years.csv         every figure of one unit, long format
    downloads/units/<slug>/<year>/<slug>-<year>.zip     the disclosure: CSVs, JSON, README.txt
    downloads/units/<slug>/<year>/<slug>-<year>.json    the whole disclosure as JSON
    downloads/units/<slug>/<year>/datapackage.json      that disclosure's CSVs, described
    downloads/units/<slug>/<year>/tables/<nn>-<table-id>.csv
    downloads/units/<slug>/<year>/sections/<nn>-<section-id>.csv
    downloads/units/<slug>/<year>/performance/evaluations.csv
    downloads/units/<slug>/<year>/performance/<evaluation-id>-funding.csv
    downloads/units/<slug>/<year>/performance/<evaluation-id>-indicators.csv
    downloads/units/<slug>/<year>/charts/<chart-id>.csv             the data of one chart
    downloads/units/<slug>/compare/<slug>-headlines.csv     headline figures, every year
    downloads/units/<slug>/compare/<slug>-budget.csv        initial budget vs final accounts
    downloads/units/<slug>/compare/<slug>-lines.csv         every item and table line, every year
    downloads/units/<slug>/compare/<slug>-<y1>-<y2>.csv     two years, every line
    downloads/years/<year>-units.csv                        every unit's headline figures
"""

from __future__ import annotations

from ..content.model.content import Disclosure
from ..content.model.tables import Table

DOWNLOADS = "downloads"
DATAPACKAGE_PATH = f"{DOWNLOADS}/datapackage.json"


# --------------------------------------------------------------------------- addresses


def disclosure_dir(unit: str, year: int) -> str:
    """`downloads/units/<slug>/<year>`: the folder of one disclosure's downloads."""
    return f"{DOWNLOADS}/units/{unit}/{year}"


def table_file(table: Table) -> str:
    """`tables/<nn>-<table-id>.csv` (nn: the published number), relative to the disclosure
    folder (and the ZIP); `tables/<table-id>.csv` when the number is not stated."""
    number = f"{table.number:02d}-" if table.number is not None else ""
    return f"tables/{number}{table.id}.csv"


def section_file(d: Disclosure, section_id: str) -> str:
    """`sections/<nn>-<section-id>.csv` with the published number (08 for 八),
    `sections/10-01-<id>.csv` for the sub-section (一) of 十."""
    path = d.explanations.numbers.get(section_id, ()) if d.explanations else ()
    return "sections/" + "".join(f"{n:02d}-" for n in path) + f"{section_id}.csv"


EVALUATIONS_FILE = "performance/evaluations.csv"


def funding_file(evaluation_id: str) -> str:
    return f"performance/{evaluation_id}-funding.csv"


def indicators_file(evaluation_id: str) -> str:
    return f"performance/{evaluation_id}-indicators.csv"


def table_csv_path(unit: str, year: int, table: Table) -> str:
    """Site path of a standard table's CSV (the same for every language)."""
    return f"{disclosure_dir(unit, year)}/{table_file(table)}"


def section_csv_path(d: Disclosure, section_id: str) -> str:
    """Site path of the CSV of the figures one section of the explanations quotes."""
    return f"{disclosure_dir(d.unit, d.year)}/{section_file(d, section_id)}"


def evaluations_csv_path(unit: str, year: int) -> str:
    """Site path of the CSV listing the year's performance self-evaluations."""
    return f"{disclosure_dir(unit, year)}/{EVALUATIONS_FILE}"


def funding_csv_path(unit: str, year: int, evaluation_id: str) -> str:
    """Site path of one self-evaluation's funding block (资金) as CSV."""
    return f"{disclosure_dir(unit, year)}/{funding_file(evaluation_id)}"


def indicators_csv_path(unit: str, year: int, evaluation_id: str) -> str:
    """Site path of one self-evaluation's indicators (绩效指标) as CSV."""
    return f"{disclosure_dir(unit, year)}/{indicators_file(evaluation_id)}"


def chart_file(chart_id: str) -> str:
    return f"charts/{chart_id}.csv"


def chart_csv_path(unit: str, year: int, chart_id: str) -> str:
    """Site path of the CSV of exactly one chart's data (generator/charts/)."""
    return f"{disclosure_dir(unit, year)}/{chart_file(chart_id)}"


def disclosure_archive_path(unit: str, year: int) -> str:
    """Site path of the ZIP of a whole disclosure."""
    return f"{disclosure_dir(unit, year)}/{unit}-{year}.zip"


def disclosure_json_path(unit: str, year: int) -> str:
    """Site path of the JSON of a whole disclosure."""
    return f"{disclosure_dir(unit, year)}/{unit}-{year}.json"


def disclosure_datapackage_path(unit: str, year: int) -> str:
    """Site path of the data package describing one disclosure's CSVs (paths relative to
    the disclosure folder, so the folder online and the unpacked ZIP are both packages)."""
    return f"{disclosure_dir(unit, year)}/datapackage.json"


def unit_all_years_csv_path(unit: str) -> str:
    """Site path of the long-format CSV of every figure of every year of a unit."""
    return f"{DOWNLOADS}/units/{unit}/{unit}-all-years.csv"


def resource_name(d: Disclosure, rel: str) -> str:
    """Data package name of a disclosure's CSV at `rel` (relative to its folder):
    `<unit>-<year>-tables-05-<table-id>`."""
    return f"{d.unit}-{d.year}-" + rel.removesuffix(".csv").replace("/", "-")


# --------------------------------------------------------------------------- comparisons


def compare_dir(slug: str) -> str:
    return f"{DOWNLOADS}/units/{slug}/compare"


def compare_headlines_csv_path(slug: str) -> str:
    """Site path of a unit's headline figures over all its years, with their changes."""
    return f"{compare_dir(slug)}/{slug}-headlines.csv"


def compare_budget_csv_path(slug: str) -> str:
    """Site path of a unit's initial budgets against final accounts over all its years."""
    return f"{compare_dir(slug)}/{slug}-budget.csv"


def compare_lines_csv_path(slug: str) -> str:
    """Site path of every explanation item and table line of a unit over all its years."""
    return f"{compare_dir(slug)}/{slug}-lines.csv"


def compare_pair_csv_path(slug: str, year: int, to_year: int) -> str:
    """Site path of the comparison of two years of a unit, every line."""
    return f"{compare_dir(slug)}/{slug}-{year}-{to_year}.csv"


def year_units_csv_path(year: int, part: int = 1) -> str:
    """Site path of every unit's headline figures in one year (of its `part`-th file,
    when a portal has so many units that they take several)."""
    return f"{DOWNLOADS}/years/{year}-units{'' if part == 1 else f'-{part}'}.csv"
