"""Load stage: read every content file, parse it strictly and validate it into the model.

Nothing stops at the first problem: every file is read and every finding collected, so a
publisher sees all that is wrong in one run.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .. import PACKAGE
from .contentfs import ContentFS, Kind
from .findings import Findings
from .model.content import MAIN_WORK, Content, Disclosure, Unit
from .model.crosswalk import Crosswalk
from .model.explanations import Explanations
from .model.layout import Layout
from .model.performance import Performance
from .model.portal import Glossary, PortalSettings
from .model.tables import Table
from .model.types import HintedValueError, Text, check_slug
from .model.unit import Meta, Overview, UnitProfile
from .structure import apply_layout
from .text import ascii_digit_hint, control_char, non_ascii_digit, shorten
from .todo import PLACEHOLDER
from .yamlload import MAX_BYTES, Doc, key_path, parse_yaml

M = TypeVar("M", bound=BaseModel)
SHIPPED_LAYOUTS = PACKAGE / "layouts"

YEAR_FILES: dict[str, type[BaseModel]] = {
    "meta.yaml": Meta,
    "overview.yaml": Overview,
    "explanations.yaml": Explanations,
    "performance.yaml": Performance,
}
_PROSE_NAME = re.compile(r"(?P<id>[a-z0-9-]+)\.(?P<lang>[a-z]{2})\.md")
_MARKDOWN_MAX = 1_000_000


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types a field annotation may hold (through Optional, Annotated...)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(tp) for t in _unwrap(arg)]
    return [tp]


def allowed_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys the model accepts at `loc` (used for did-you-mean hints)."""
    current: list[Any] = [model]
    for part in loc:
        following: list[Any] = []
        for tp in current:
            origin = typing.get_origin(tp)
            if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(part, str):
                field = tp.model_fields.get(part)
                if field is not None:
                    following.extend(_unwrap(field.annotation))
            elif origin is list and isinstance(part, int):
                following.extend(_unwrap(typing.get_args(tp)[0]))
            elif origin is dict and isinstance(part, str):
                following.extend(_unwrap(typing.get_args(tp)[1]))
        current = following
    keys: list[str] = []
    for tp in current:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            # A text's gap fields are written as `not stated`, never by hand.
            keys.extend(k for k in tp.model_fields if tp is not Text or k in ("zh", "en"))
    return keys


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "allowed here: " + ", ".join(sorted(choices)) if choices else ""


_TYPE_MESSAGES = {
    "model_type": "expected a mapping of keys (key: value)",
    "model_attributes_type": "expected a mapping of keys (key: value)",
    "dict_type": "expected a mapping of keys (key: value)",
    "list_type": "expected a list (lines starting with '- ')",
    "string_type": "expected text",
}


def validate_doc(doc: Doc, model: type[M], findings: Findings) -> M | None:
    """Validate loaded YAML against a model, turning each error into a located finding."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(p for p in error["loc"] if p != "[key]")
            on_key = "[key]" in error["loc"]
            kind = error["type"]
            hint = ""
            if kind == "extra_forbidden":
                message = f"unknown key '{loc[-1]}'"
                hint = did_you_mean(str(loc[-1]), allowed_keys(model, loc[:-1]))
                line, col = doc.where(loc, key=True)
            elif kind == "missing":
                message = f"missing required key '{loc[-1]}'"
                line, col = doc.where(loc[:-1])
                hint = f"add `{loc[-1]}:` here"
            else:
                cause = (error.get("ctx") or {}).get("error")
                if isinstance(cause, HintedValueError):
                    message, hint = str(cause), cause.hint
                    loc, kind = loc + cause.loc, cause.code or kind
                else:
                    message = _TYPE_MESSAGES.get(kind, error["msg"])
                line, col = doc.where(loc, key=on_key)
            findings.add(doc.path, line, col, key_path(loc), f"model.{kind}", message, hint)
        return None


def load_model(fs: ContentFS, path: Path, model: type[M]) -> tuple[Doc, M] | None:
    raw = fs.read(path, MAX_BYTES)
    if raw is None:
        return None
    doc = parse_yaml(path, raw, fs.findings)
    if doc is None:
        return None
    value = validate_doc(doc, model, fs.findings)
    return None if value is None else (doc, value)


def _load_layouts(fs: ContentFS, root: Path) -> dict[str, Layout]:
    """The shipped layouts and the portal's own, by id."""
    layouts: dict[str, Layout] = {}
    shipped = ContentFS(SHIPPED_LAYOUTS, fs.findings)
    for _, (_, layout) in _load_yaml_folder(shipped, SHIPPED_LAYOUTS, Layout, "the layouts",
                                            "layouts are YAML files named <layout-id>.yaml"):
        layouts[layout.id] = layout
    folder = root / "layouts"
    if fs.kind(folder) is not Kind.DIR:
        return layouts
    for path, loaded in _load_yaml_folder(fs, folder, Layout, "the layouts",
                                          "layouts are YAML files named <layout-id>.yaml"):
        doc, layout = loaded
        line, col = doc.where(("id",))
        if layout.id != path.stem:
            fs.findings.add(path, line, col, "id", "content.layout-id",
                            f"layout id '{layout.id}' differs from its file name",
                            f"name the file {layout.id}.yaml, or set id: {path.stem}")
        elif layout.id in layouts:
            fs.findings.add(path, line, col, "id", "content.duplicate-id",
                            f"layout '{layout.id}' is already shipped with the portal",
                            "give your layout another id (e.g. prefix it with your region)")
        else:
            layouts[layout.id] = layout
    return layouts


def _load_yaml_folder(fs: ContentFS, folder: Path, model: type[M], among: str,
                      naming: str) -> list[tuple[Path, tuple[Doc, M]]]:
    """Every YAML file of a folder that validates as `model`; anything else is a finding."""
    out = []
    for path in fs.listdir(folder):
        if path.suffix != ".yaml":
            fs.findings.add(path, 1, 1, "", "content.unexpected-file",
                            f"unexpected file '{shorten(path.name)}' among {among}", naming)
            continue
        loaded = load_model(fs, path, model)
        if loaded is not None:
            out.append((path, loaded))
    return out


def _missing(path: Path, findings: Findings, hint: str) -> None:
    findings.add(path, 1, 1, "", "content.missing-file", f"{path.name} is missing", hint)


def load_required(fs: ContentFS, path: Path, model: type[M],
                  hint: str) -> tuple[Doc, M] | None:
    """Like `load_model`, but a missing file is itself a finding."""
    if fs.kind(path) is Kind.MISSING:
        _missing(path, fs.findings, hint)
        return None
    return load_model(fs, path, model)


def _read_markdown(fs: ContentFS, path: Path) -> str | None:
    raw = fs.read(path, _MARKDOWN_MAX)
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        fs.findings.add(path, line, 1, "", "file.encoding", "not valid UTF-8",
                        "save the file as UTF-8")
        return None
    for number, line_text in enumerate(text.splitlines(), 1):
        bad = control_char(line_text)
        if bad:
            column = next(i for i, c in enumerate(line_text, 1) if control_char(c))
            fs.findings.add(path, number, column, "", "text.control-char",
                            f"control character {bad} in text",
                            "remove it (it often comes with copied text)")
            return None
    return text


def _load_prose(fs: ContentFS, folder: Path, languages: list[str]) -> dict[str, Text]:
    texts: dict[str, dict[str, str]] = {}
    if fs.kind(folder) is not Kind.DIR:
        return {}
    for path in fs.listdir(folder):
        match = _PROSE_NAME.fullmatch(path.name)
        if not match or match["lang"] not in languages:
            fs.findings.add(path, 1, 1, "", "content.unexpected-file",
                            f"unexpected prose file '{shorten(path.name)}'",
                            f"name it <id>.<lang>.md with id {MAIN_WORK} or a section's id, "
                            f"and lang one of {', '.join(languages)}")
            continue
        text = _read_markdown(fs, path)
        if text is not None:
            texts.setdefault(match["id"], {})[match["lang"]] = text
    prose: dict[str, Text] = {}
    for prose_id, by_lang in texts.items():
        if "zh" not in by_lang:
            fs.findings.add(folder / f"{prose_id}.{next(iter(by_lang))}.md", 1, 1, "",
                            "content.missing-chinese",
                            f"'{prose_id}' has a translation but no Chinese text",
                            f"add {prose_id}.zh.md: Chinese is the text of record")
            continue
        prose[prose_id] = prose_text(by_lang["zh"], by_lang.get("en"))
    return prose


def prose_text(zh: str, en: str | None) -> Text:
    """A section's Markdown; a Chinese file holding only `not transcribed` (as `portal new`
    writes it) is a placeholder: the page says 尚未录入, `portal check` lists it to do."""
    if zh.strip() == PLACEHOLDER:
        return Text.model_validate(PLACEHOLDER)
    return Text(zh=zh, en=en)


def _load_tables(fs: ContentFS, folder: Path, docs: dict[str, Doc]) -> list[Table]:
    tables = []
    for path, (table_doc, table) in _load_yaml_folder(
            fs, folder, Table, "the tables", "tables are YAML files named <nn>-<table-id>.yaml"):
        key = f"table:{table.id}"
        if key in docs:
            line, col = table_doc.where(("id",))
            fs.findings.add(path, line, col, "id", "content.duplicate-id",
                            f"table id '{table.id}' is also used by {docs[key].path.name}",
                            "each table of a year needs its own id: it names the table's "
                            "anchor and its download")
            continue
        docs[key] = table_doc
        tables.append(table)
    return tables


def _load_year(fs: ContentFS, unit: str, folder: Path,
               languages: list[str]) -> Disclosure | None:
    docs: dict[str, Doc] = {}
    parts: dict[str, Any] = {}
    tables: list[Table] = []
    prose: dict[str, Text] = {}
    for path in fs.listdir(folder):
        kind = fs.kind(path)
        if path.name in ("tables", "prose") and kind is Kind.DIR:
            if path.name == "tables":
                tables = _load_tables(fs, path, docs)
            else:
                prose = _load_prose(fs, path, languages)
            continue
        if kind is Kind.REFUSED:
            continue
        if path.name not in YEAR_FILES:
            fs.findings.add(path, 1, 1, "", "content.unexpected-file",
                            f"unexpected file '{path.name}' in a year folder",
                            did_you_mean(path.name, list(YEAR_FILES) + ["tables/", "prose/"]))
            continue
        loaded = load_model(fs, path, YEAR_FILES[path.name])
        if loaded is not None:
            docs[path.stem], parts[path.stem] = loaded
    if fs.kind(folder / "meta.yaml") is Kind.MISSING:
        _missing(folder / "meta.yaml", fs.findings, "copy one from another year and edit it")
    if "meta" not in parts:
        return None
    return Disclosure(unit=unit, year=int(folder.name), folder=folder, meta=parts["meta"],
                      overview=parts.get("overview"), explanations=parts.get("explanations"),
                      tables=tables,
                      performance=parts.get("performance"), prose=prose, docs=docs)


def _year_folder(fs: ContentFS, path: Path) -> bool:
    """Whether `path` names a year folder; a finding says why not."""
    if non_ascii_digit(path.name):
        fs.findings.add(path, 1, 1, "", "content.bad-year",
                        f"'{shorten(path.name)}' is not a year folder",
                        ascii_digit_hint(path.name))
        return False
    if not re.fullmatch(r"(19|20)[0-9][0-9]", path.name):
        fs.findings.add(path, 1, 1, "", "content.bad-year",
                        f"'{shorten(path.name)}' is not a year folder",
                        "name year folders by the year they disclose, e.g. 2024")
        return False
    return True


def _load_unit(fs: ContentFS, unit_dir: Path, languages: list[str]) -> Unit | None:
    try:
        check_slug(unit_dir.name)
    except HintedValueError as exc:
        fs.findings.add(unit_dir, 1, 1, "", "content.bad-slug",
                        f"unit folder name {exc}", exc.hint)
        return None
    profile = load_required(fs, unit_dir / "unit.yaml", UnitProfile,
                            "it gives the unit's name and nature")
    disclosures = []
    for year_dir in fs.listdir(unit_dir):
        kind = fs.kind(year_dir)
        if kind is not Kind.DIR:
            if year_dir.name != "unit.yaml" and kind is not Kind.REFUSED:
                fs.findings.add(year_dir, 1, 1, "", "content.unexpected-file",
                                f"unexpected file '{shorten(year_dir.name)}' in a unit folder",
                                "a unit folder holds unit.yaml and one folder per year")
            continue
        if not _year_folder(fs, year_dir):
            continue
        disclosure = _load_year(fs, unit_dir.name, year_dir, languages)
        if disclosure is not None:
            disclosures.append(disclosure)
    if profile is None:
        return None
    for d in disclosures:
        d.docs["unit"] = profile[0]
    return Unit(slug=unit_dir.name, folder=unit_dir, profile=profile[1],
                disclosures=disclosures)


def unit_dirs(fs: ContentFS, root: Path) -> list[Path]:
    """The unit folders under `root/units`, in a stable (sorted) order."""
    units_dir = root / "units"
    if fs.kind(units_dir) is not Kind.DIR:
        return []
    return [p for p in fs.listdir(units_dir) if fs.kind(p) is Kind.DIR]


def load_portal(root: Path, findings: Findings, fs: ContentFS | None = None) -> Content | None:
    """The portal-wide content (settings, glossary, crosswalk, layouts) without its units,
    which `load_unit` reads one at a time. None if anything essential could not be read."""
    findings.root = root
    fs = fs or ContentFS(root, findings)
    if not root.is_dir():
        problem = "is not a folder" if root.exists() else "not found"
        findings.add(root, 1, 1, "", "content.missing", f"content folder '{root}' {problem}",
                     "run from the project folder or pass --content DIR")
        return None
    settings = load_required(fs, root / "portal.yaml", PortalSettings,
                             "it names the portal and its languages")
    glossary = load_required(fs, root / "glossary.yaml", Glossary,
                             "it holds the 名词解释 terms that disclosures refer to")
    layouts = _load_layouts(fs, root)
    crosswalk = None
    if fs.kind(root / "crosswalk.yaml") is not Kind.MISSING:
        crosswalk = load_model(fs, root / "crosswalk.yaml", Crosswalk)
    if settings is None or glossary is None:
        return None
    docs = {"portal": settings[0], "glossary": glossary[0]}
    if crosswalk is not None:
        docs["crosswalk"] = crosswalk[0]
    return Content(root=root, settings=settings[1], glossary=glossary[1],
                   crosswalk=crosswalk[1] if crosswalk else Crosswalk(), docs=docs,
                   layouts=layouts)


def load_unit(fs: ContentFS, portal: Content, unit_dir: Path) -> Unit | None:
    """One unit folder, every year of it, with the layouts applied."""
    unit = _load_unit(fs, unit_dir, list(portal.settings.languages))
    if unit is not None:
        for d in unit.disclosures:
            apply_layout(d, portal.layouts, portal.settings.layout, fs.findings)
    return unit


def load_content(root: Path, findings: Findings, fs: ContentFS | None = None) -> Content | None:
    """Load every file under `root`, units included (tests and small tools; the build
    reads one unit at a time). None if anything essential could not be read."""
    fs = fs or ContentFS(root, findings)
    portal = load_portal(root, findings, fs)
    if portal is None:
        # Still read the units, so that one run reports every problem.
        for unit_dir in unit_dirs(fs, root) if root.is_dir() else []:
            _load_unit(fs, unit_dir, ["zh", "en"])
        return None
    for unit_dir in unit_dirs(fs, root):
        unit = load_unit(fs, portal, unit_dir)
        if unit is not None:
            portal.units.append(unit)
    return portal
