"""`portal new unit` and `portal new year`: the smallest files a unit and a year need,
with comments saying what goes where and `not transcribed` where something is still to be
entered (`portal check` lists each as "to do" until it is filled; see `generator/todo.py`).

It writes nothing when any of its files exists: an existing unit or year is never touched.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ..content.check import open_portal
from ..content.model.layout import Layout, LayoutSection
from ..content.text import escape_controls
from ..content.todo import PLACEHOLDER
from . import cliargs
from .schema import SCHEMA_DIR


class ScaffoldError(Exception):
    """Why nothing was written."""


@dataclass(frozen=True)
class NewFile:
    path: Path
    text: str


def schema_line(path: Path, schema: str) -> str:
    """The comment that points VS Code's YAML extension at the file's schema."""
    target = SCHEMA_DIR / schema
    try:
        ref = Path(os.path.relpath(target, path.parent)).as_posix()
    except ValueError:  # another drive (Windows): an absolute address still works
        ref = target.as_uri()
    return f"# yaml-language-server: $schema={ref}\n"


HEADER = f"""# `{PLACEHOLDER}` marks what is still to be entered: `portal check` lists each one as
# "to do" until you replace it with the text or figure as published. Write `not stated`
# only where the source does not give it. Reference: docs/content-format.md.
"""


def unit_files(root: Path, slug: str, name: str | None) -> list[NewFile]:
    path = root / "units" / slug / "unit.yaml"
    shown = _yaml_text(name) if name else PLACEHOLDER
    return [NewFile(path, schema_line(path, "unit.schema.json") + HEADER + f"""
# 单位全称, as the disclosure prints it (e.g. 乌海市社会保险事业服务中心); English optional:
#   name: {{zh: 乌海市社会保险事业服务中心, en: Wuhai City Social Insurance Service Center}}
name: {shown}
# 主管部门: the supervising department (e.g. 乌海市人力资源和社会保障局).
supervising_department: {PLACEHOLDER}
# 单位性质 (e.g. 公益一类事业单位, 行政单位).
nature: {PLACEHOLDER}
# Optional: where the unit is (city, region), and a shorter name for lists and charts.
# region: 乌海市
# short_name: 乌海社保中心
""")]


def _yaml_text(value: str) -> str:
    """A double-quoted YAML scalar (JSON's escapes are YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def _section_lines(sections: list[LayoutSection], indent: str) -> list[str]:
    lines = []
    for section in sections:
        lines += [f"{indent}- id: {section.id}   # {section.number} {section.title.zh}",
                  f"{indent}  # items: the figures this section quotes (see Item in "
                  "docs/content-format.md)"]
        if section.sections:
            lines.append(f"{indent}  sections:")
            lines += _section_lines(section.sections, indent + "    ")
    return lines


def _walk(sections: list[LayoutSection]) -> list[LayoutSection]:
    return [s for section in sections for s in (section, *_walk(section.sections))]


def year_files(root: Path, slug: str, year: int, layout: Layout,
               named: bool) -> list[NewFile]:
    folder = root / "units" / slug / str(year)
    meta, overview = folder / "meta.yaml", folder / "overview.yaml"
    explanations = folder / "explanations.yaml"
    layout_line = f"layout: {layout.id}" if named else \
        f"# layout: {layout.id}   # the portal's default (portal.yaml) when left out"
    files = [
        NewFile(meta, schema_line(meta, "meta.schema.json") + HEADER + f"""
unit: {slug}   # must equal the unit folder's name
year: {year}   # must equal the year folder's name
# The disclosure's title as published, e.g. {year}年度乌海市社会保险事业服务中心决算公开
title: {PLACEHOLDER}
# Which layout it follows ({layout.name.zh}): its parts, sections and tables.
{layout_line}
# publication_date: {year + 1}-08-30   # only if the source states it (YYYY-MM-DD)
# 决算公开联系方式 (Part 4): who answers questions.
contact:
  person: {PLACEHOLDER}
  # phone: "0473-3158076"
# The published documents this was transcribed from (the text, the Excel tables...).
sources:
  - id: text
    format: pdf   # web, pdf, xlsx, xls, docx, doc or other
    title: {PLACEHOLDER}
    # url: https://...
# glossary:   # ids from content/glossary.yaml, in the order its 名词解释 lists them
#   - basic-expenditure
"""),
        NewFile(overview, schema_line(overview, "overview.schema.json") + HEADER + f"""
# Part 1, 单位概况. The main-work narrative is Markdown in prose/main-work.zh.md.
# The sentences before the list of duties (主要职能):
functions_intro: {PLACEHOLDER}
functions:   # one line per duty, without its number
  - {PLACEHOLDER}
# departments_intro: the sentence introducing the internal departments
departments:   # 内设机构
  - {PLACEHOLDER}
# subordinate_units: 本单位无下属单位   # what the text says about subordinate units
included_units:   # 决算单位构成: one entry per unit included in the accounts
  - name: {PLACEHOLDER}
    nature: {PLACEHOLDER}
"""),
        NewFile(explanations, schema_line(explanations, "explanations.schema.json") + HEADER
                + f"""
# Part 2, the explanations: the sections of layout {layout.id}, in order. Numbers and
# titles come from the layout; write `number:` or `title:` only where the disclosure
# differs. Each section's text is Markdown in prose/<id>.zh.md (and .en.md).
sections:
""" + "\n".join(_section_lines(layout.sections, "  ")) + "\n"),
    ]
    prose = folder / "prose"
    for prose_id in ["main-work", *(s.id for s in _walk(layout.sections))]:
        files.append(NewFile(prose / f"{prose_id}.zh.md", PLACEHOLDER + "\n"))
    return files


def write_new(files: list[NewFile]) -> None:
    """Write every file, or none when any exists already."""
    existing = [f.path for f in files if os.path.lexists(f.path)]
    if existing:
        more = f" and {len(existing) - 3} more" if len(existing) > 3 else ""
        raise ScaffoldError("nothing written: these files are already there: " +
                            ", ".join(str(p) for p in existing[:3]) + more)
    for f in files:
        f.path.parent.mkdir(parents=True, exist_ok=True)
        with open(f.path, "x", encoding="utf-8", newline="\n") as out:
            out.write(f.text)


def cmd_new(args: argparse.Namespace) -> int:
    root: Path = args.content
    try:
        if args.what == "unit":
            files = unit_files(root, args.slug, args.name)
            if not (root / "portal.yaml").is_file():
                raise ScaffoldError(f"'{root}' has no portal.yaml: is it the content folder? "
                                    "(pass --content DIR)")
        else:
            files = year_files(root, args.slug, args.year, *_layout(root, args))
        write_new(files)
    except ScaffoldError as exc:
        print(f"portal new failed: {escape_controls(str(exc))}", file=sys.stderr)
        return 1
    for f in files:
        print(f"wrote {f.path}")
    print(_next_steps(args), file=sys.stderr)
    return 0


def _layout(root: Path, args: argparse.Namespace) -> tuple[Layout, bool]:
    if not (root / "units" / args.slug / "unit.yaml").is_file():
        raise ScaffoldError(f"no unit '{args.slug}' in {root}/units: run "
                            f"`portal new unit {args.slug}` first")
    portal, fs = open_portal(root)
    if portal is None:
        raise ScaffoldError("the portal files do not load; run `portal check` to see why\n" +
                            fs.findings.format_text())
    name = args.layout or portal.settings.layout
    if name is None or name not in portal.layouts:
        known = ", ".join(sorted(portal.layouts))
        raise ScaffoldError(f"no layout '{name}': choose one with --layout ({known})" if name
                            else f"portal.yaml names no default layout: pass --layout "
                                 f"({known})")
    return portal.layouts[name], args.layout is not None


def _next_steps(args: argparse.Namespace) -> str:
    if args.what == "unit":
        return (f"next: portal new year {args.slug} YEAR, then fill in what `portal check "
                f"--content {args.content}` lists as to do")
    return (f"next: portal import WORKBOOK --unit {args.slug} --year {args.year} (the "
            f"tables), fill in the rest, then portal check and portal serve "
            f"(see docs/guide.en.md)")


EPILOG_UNIT = """example:
  portal new unit wuhai-social-insurance-center --name 乌海市社会保险事业服务中心

writes content/units/<slug>/unit.yaml; refuses to overwrite an existing file."""

EPILOG_YEAR = """example:
  portal new year wuhai-social-insurance-center 2024 --layout unit-14-sections

writes meta.yaml, overview.yaml, explanations.yaml (the layout's sections) and one
prose/<section>.zh.md per section under content/units/<slug>/<year>/, each with
`not transcribed` placeholders that `portal check` lists as "to do" until filled. The
tables come from `portal import`. Refuses to overwrite an existing file."""


def register(sub: argparse._SubParsersAction, formatter: type[argparse.HelpFormatter]
             ) -> None:
    """Add `portal new unit|year` to the command line."""
    new = sub.add_parser(
        "new", help="start a new unit or year: files with placeholders to fill in",
        description="Create the files of a new unit or of a unit's new year, with comments "
                    "that say what goes where.", formatter_class=formatter,
        epilog="examples:\n  portal new unit my-unit --name 某某单位\n"
               "  portal new year my-unit 2024")
    kinds = new.add_subparsers(dest="what", required=True, metavar="{unit,year}")
    unit = kinds.add_parser("unit", help="a unit folder with its unit.yaml",
                            description="Create content/units/SLUG/unit.yaml.",
                            epilog=EPILOG_UNIT, formatter_class=formatter)
    unit.add_argument("slug", type=cliargs.slug, metavar="SLUG",
                      help="the unit's URL name: lower-case latin letters, digits, hyphens")
    unit.add_argument("--name", help="the unit's full name as published (else a placeholder)")
    year = kinds.add_parser("year", help="a year folder with meta, overview, explanations and "
                            "prose placeholders", description="Create the files of one "
                            "year's disclosure of an existing unit.", epilog=EPILOG_YEAR,
                            formatter_class=formatter)
    year.add_argument("slug", type=cliargs.slug, metavar="SLUG", help="the unit's folder name")
    year.add_argument("year", type=cliargs.year, metavar="YEAR",
                      help="the year disclosed, e.g. 2024")
    year.add_argument("--layout", metavar="NAME",
                      help="the layout it follows (default: portal.yaml's layout); see "
                           "docs/layouts.md")
    for parser in (unit, year):
        cliargs.add_content(parser)
        parser.set_defaults(func=cmd_new, command="new")
