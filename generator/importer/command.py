"""`portal import WORKBOOK --unit SLUG --year YEAR`: the workbook's standard tables into
`content/units/<slug>/<year>/tables/`, then the unit checked as `portal check` would."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..build import unitjob
from ..cli import cliargs
from ..content.check import open_portal
from ..content.contentfs import ContentFS
from ..content.findings import Findings
from ..content.load import load_model, validate_doc
from ..content.model.content import Content
from ..content.model.layout import Layout
from ..content.model.tables import Table
from ..content.model.unit import Meta
from ..content.text import escape_controls
from ..content.yamlload import parse_yaml
from .grid import read_workbook
from .problems import Problems, sheet_ref
from .recognise import find_title, known_titles
from .sheet import ImportedTable, read_table
from .yamlout import table_yaml

HELP = "read a unit's standard tables (公开表) from its .xlsx or .xls workbook into YAML"
DESCRIPTION = """\
Reads the standard tables (公开表) a unit published as an Excel workbook (.xlsx or .xls)
and writes them as content/units/SLUG/YEAR/tables/NN-ID.yaml, each figure with a comment
naming its cell. Each sheet is recognised by its title; amounts in 元 are converted to 万元
with every digit kept. Every cell that cannot be placed is reported as
file.xlsx:Sheet!C12, and nothing is written until there are none. Existing tables are
kept unless --force is given. See docs/import.md."""
EPILOG = """\
example:
  portal import 2024年决算公开表.xlsx --unit wuhai-social-insurance-center --year 2024
  portal check"""


def add_import_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = sub.add_parser("import", help=HELP, description=DESCRIPTION, epilog=EPILOG,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
    command.add_argument("workbook", type=Path, metavar="WORKBOOK",
                         help="the unit's standard tables as an .xlsx or .xls file")
    command.add_argument("--unit", required=True, type=cliargs.slug, metavar="SLUG",
                         help="the unit's folder name under content/units/")
    command.add_argument("--year", required=True, type=cliargs.year, metavar="YEAR",
                         help="the year the accounts are for, e.g. 2024")
    cliargs.add_content(command)
    command.add_argument("--force", action="store_true",
                         help="replace tables that already exist for that year")
    cliargs.add_debug(command)
    command.set_defaults(func=cmd_import, jobs=1)


@dataclass
class Target:
    content: Path
    unit: str
    year: int

    @property
    def unit_dir(self) -> Path:
        return self.content / "units" / self.unit

    @property
    def year_dir(self) -> Path:
        return self.unit_dir / str(self.year)

    @property
    def tables_dir(self) -> Path:
        return self.year_dir / "tables"


@dataclass
class Outcome:
    problems: Problems = field(default_factory=Problems)
    tables: list[ImportedTable] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    """File name -> YAML."""


def _layout(portal: Content, fs: ContentFS, target: Target) -> Layout | None:
    """The year's layout: meta.yaml's, else the portal's default. Problems go to fs."""
    meta_path = target.year_dir / "meta.yaml"
    name = portal.settings.layout
    if meta_path.exists():
        loaded = load_model(fs, meta_path, Meta)
        if loaded is None:
            return None
        name = loaded[1].layout or name
    layout = portal.layouts.get(name) if name else None
    if layout is None:
        fs.findings.add(meta_path, 1, 1, "layout", "import.no-layout",
                        f"no layout '{name}'" if name else
                        "no layout named in meta.yaml or portal.yaml: the tables' numbers "
                        "and ids come from it",
                        f"create the year with `portal new year {target.unit} {target.year} "
                        f"--layout NAME` (layouts: {', '.join(sorted(portal.layouts))})")
    return layout


def import_workbook(path: Path, layout: Layout, portal: Content) -> Outcome:
    """Every standard table of the workbook, read and rendered; nothing written."""
    out = Outcome()
    problems = out.problems
    titles = known_titles(portal.layouts.values())
    seen: dict[str, str] = {}
    for grid in read_workbook(path, problems):
        title = find_title(grid, titles)
        if title is None:
            if any(grid.text(r, c) for r in range(grid.height) for c in range(grid.width)):
                problems.warning("skipped: no title naming a standard table in its first rows",
                                 grid.name, hint="a standard table's sheet starts with its "
                                 "title, e.g. 收入决算表")
            continue
        table = next((t for t in layout.tables if t.kind == title.kind), None)
        if table is None:
            problems.error(f"'{title.core}' is not one of the tables of layout "
                           f"'{layout.id}'", grid.name, title.ref,
                           "name the year's layout in meta.yaml (layout: …), or define one "
                           "with this table in content/layouts/")
            continue
        if table.id in seen:
            problems.error(f"'{title.core}' is also sheet {sheet_ref(seen[table.id])}: a "
                           "table is imported once", grid.name, title.ref,
                           "delete the extra sheet")
            continue
        seen[table.id] = grid.name
        imported = read_table(grid, title, table, problems)
        if imported is not None:
            out.tables.append(imported)
    missing = [f"{t.number} {t.title.zh}" for t in layout.tables if t.id not in seen]
    if out.tables and missing:
        problems.warning(f"not in the workbook: {'; '.join(missing)}",
                         hint="import them from another file, or transcribe them by hand")
    if not out.tables and not problems.errors:
        problems.error("no sheet is a standard table",
                       hint="each table's sheet starts with its title, e.g. 收入决算表")
    for t in out.tables:
        text = table_yaml(t, path.name)
        _self_check(t, text, problems)
        out.texts[t.file_name] = text
    return out


def _self_check(t: ImportedTable, text: str, problems: Problems) -> None:
    """The YAML must load as the portal loads it; a failure here is the importer's bug."""
    findings = Findings()
    doc = parse_yaml(Path(t.file_name), text.encode("utf-8"), findings)
    if doc is not None:
        validate_doc(doc, Table, findings)
    for f in findings.errors:
        problems.error(f"the YAML made from this sheet does not load ({t.file_name}:{f.line}: "
                       f"{f.key}: {f.message}); this is a bug in portal import",
                       t.sheet, hint="please report it with the workbook")


def _conflicts(target: Target, names: list[str]) -> list[Path]:
    """Existing table files that the import would replace (same name or same table id)."""
    if not target.tables_dir.is_dir():
        return []
    ids = {name.split("-", 1)[1] for name in names}
    return sorted(p for p in target.tables_dir.iterdir()
                  if p.name in names or (p.suffix == ".yaml" and "-" in p.name
                                         and p.name.split("-", 1)[1] in ids))


def _write(target: Target, texts: dict[str, str], replace: list[Path]) -> None:
    target.tables_dir.mkdir(parents=True, exist_ok=True)
    for path in replace:
        if path.name not in texts:
            path.unlink()
    for name, text in texts.items():
        handle, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=target.tables_dir)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, target.tables_dir / name)


def _check_unit(portal: Content, target: Target) -> int:
    """The unit as `portal check` sees it now; the errors found."""
    if not (target.unit_dir / "unit.yaml").exists():
        print(f"{target.unit_dir / 'unit.yaml'} is missing: portal check needs it; create "
              f"it with `portal new unit {target.unit}`", file=sys.stderr)
        return 1
    if not (target.year_dir / "meta.yaml").exists():
        print(f"{target.year_dir / 'meta.yaml'} is missing: portal check needs it; create "
              f"it with `portal new year {target.unit} {target.year}`", file=sys.stderr)
        return 1
    unitjob.start(unitjob.Worker(portal, None, None))
    result = unitjob.run(unitjob.UnitJob(target.unit_dir))
    findings = Findings(items=result.findings, root=target.content)
    if findings.items:
        print(findings.format_text(), file=sys.stderr)
    errors, warnings = len(findings.errors), len(findings.warnings)
    print(f"portal check of {target.unit}: {'ok' if not errors else 'failed'}, "
          f"{errors} errors, {warnings} warnings")
    return errors


def cmd_import(args: argparse.Namespace) -> int:
    target = Target(args.content, args.unit, args.year)
    portal, fs = open_portal(args.content)
    layout = _layout(portal, fs, target) if portal is not None else None
    if portal is None or layout is None or fs.findings.errors:
        print(fs.findings.format_text(), file=sys.stderr)
        print("portal import failed: fix the content above first; nothing was written",
              file=sys.stderr)
        return 1
    shown = str(args.workbook)
    outcome = import_workbook(args.workbook, layout, portal)
    if outcome.problems.items:
        print(outcome.problems.format(shown), file=sys.stderr)
    if outcome.problems.errors:
        print(f"portal import failed: {len(outcome.problems.errors)} errors in {shown}; "
              "nothing was written", file=sys.stderr)
        return 1
    names = list(outcome.texts)
    conflicts = _conflicts(target, names)
    if conflicts and not args.force:
        for path in conflicts:
            print(f"{path}: exists", file=sys.stderr)
        print(f"portal import failed: {len(conflicts)} tables of {target.unit} {target.year} "
              "already exist; nothing was written. Use --force to replace them",
              file=sys.stderr)
        return 1
    try:
        _write(target, outcome.texts, conflicts)
    except OSError as exc:
        print(f"portal import failed: cannot write {escape_controls(str(exc.filename))}: "
              f"{exc.strerror or exc}", file=sys.stderr)
        return 1
    for t in outcome.tables:
        print(f"{target.tables_dir / t.file_name}: from sheet {sheet_ref(t.sheet)} "
              f"({len(t.lines)} lines)")
    print(f"portal import: {len(names)} tables written to {target.tables_dir}")
    return 1 if _check_unit(portal, target) else 0
