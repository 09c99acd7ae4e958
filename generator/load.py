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

from .findings import Findings
from .model.content import MAIN_WORK, Content, Disclosure, Unit
from .model.crosswalk import Crosswalk
from .model.explanations import Explanations, SectionId
from .model.performance import Performance
from .model.portal import Glossary, PortalSettings
from .model.tables import Table
from .model.types import HintedValueError, Text, check_slug
from .model.unit import Meta, Overview, UnitProfile
from .yamlload import Doc, key_path, load_yaml

M = TypeVar("M", bound=BaseModel)

YEAR_FILES: dict[str, type[BaseModel]] = {
    "meta.yaml": Meta,
    "overview.yaml": Overview,
    "explanations.yaml": Explanations,
    "performance.yaml": Performance,
}
PROSE_IDS = [MAIN_WORK] + [s.value for s in SectionId]
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
            keys.extend(tp.model_fields)
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
                else:
                    message = _TYPE_MESSAGES.get(kind, error["msg"])
                line, col = doc.where(loc, key=on_key)
            findings.add(doc.path, line, col, key_path(loc), f"model.{kind}", message, hint)
        return None


def load_model(path: Path, model: type[M], findings: Findings) -> tuple[Doc, M] | None:
    doc = load_yaml(path, findings)
    if doc is None:
        return None
    value = validate_doc(doc, model, findings)
    return None if value is None else (doc, value)


def _missing(path: Path, findings: Findings, hint: str) -> None:
    findings.add(path, 1, 1, "", "content.missing-file", f"{path.name} is missing", hint)


def load_required(path: Path, model: type[M], findings: Findings,
                  hint: str) -> tuple[Doc, M] | None:
    """Like `load_model`, but a missing file is itself a finding."""
    if not path.exists():
        _missing(path, findings, hint)
        return None
    return load_model(path, model, findings)


def _read_markdown(path: Path, findings: Findings) -> str | None:
    raw = path.read_bytes()
    if len(raw) > _MARKDOWN_MAX:
        findings.add(path, 1, 1, "", "file.too-large", "Markdown file over 1 MB")
        return None
    try:
        return raw.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        findings.add(path, line, 1, "", "file.encoding", "not valid UTF-8",
                     "save the file as UTF-8")
        return None


def _load_prose(folder: Path, languages: list[str], findings: Findings) -> dict[str, Text]:
    texts: dict[str, dict[str, str]] = {}
    if not folder.is_dir():
        return {}
    for path in sorted(folder.iterdir()):
        match = _PROSE_NAME.fullmatch(path.name)
        if not match or match["id"] not in PROSE_IDS or match["lang"] not in languages:
            findings.add(path, 1, 1, "", "content.unexpected-file",
                         f"unexpected prose file '{path.name}'",
                         f"name it <id>.<lang>.md with id one of {', '.join(PROSE_IDS)} "
                         f"and lang one of {', '.join(languages)}")
            continue
        text = _read_markdown(path, findings)
        if text is not None:
            texts.setdefault(match["id"], {})[match["lang"]] = text
    prose: dict[str, Text] = {}
    for prose_id, by_lang in texts.items():
        if "zh" not in by_lang:
            findings.add(folder / f"{prose_id}.{next(iter(by_lang))}.md", 1, 1, "",
                         "content.missing-chinese",
                         f"'{prose_id}' has a translation but no Chinese text",
                         f"add {prose_id}.zh.md: Chinese is the text of record")
            continue
        prose[prose_id] = Text(zh=by_lang["zh"], en=by_lang.get("en"))
    return prose


def _load_year(unit: str, folder: Path, languages: list[str],
               findings: Findings) -> Disclosure | None:
    docs: dict[str, Doc] = {}
    parts: dict[str, Any] = {}
    for path in sorted(folder.iterdir()):
        if path.name in ("tables", "prose") and path.is_dir():
            continue
        if path.name not in YEAR_FILES:
            findings.add(path, 1, 1, "", "content.unexpected-file",
                         f"unexpected file '{path.name}' in a year folder",
                         did_you_mean(path.name, list(YEAR_FILES) + ["tables/", "prose/"]))
            continue
        loaded = load_model(path, YEAR_FILES[path.name], findings)
        if loaded is not None:
            docs[path.stem], parts[path.stem] = loaded
    tables = []
    tables_dir = folder / "tables"
    if tables_dir.is_dir():
        for path in sorted(tables_dir.iterdir()):
            if path.suffix != ".yaml":
                findings.add(path, 1, 1, "", "content.unexpected-file",
                             f"unexpected file '{path.name}' among the tables",
                             "tables are YAML files named <nn>-<table-id>.yaml")
                continue
            loaded_table = load_model(path, Table, findings)
            if loaded_table is None:
                continue
            table_doc, table = loaded_table
            key = f"table:{table.id}"
            if key in docs:
                line, col = table_doc.where(("id",))
                findings.add(path, line, col, "id", "content.duplicate-id",
                             f"table id '{table.id}' is also used by {docs[key].path.name}",
                             "each table of a year needs its own id: it names the table's "
                             "anchor and its download")
                continue
            docs[key] = table_doc
            tables.append(table)
    prose = _load_prose(folder / "prose", languages, findings)
    if not (folder / "meta.yaml").exists():
        _missing(folder / "meta.yaml", findings, "copy one from another year and edit it")
    if "meta" not in parts:
        return None
    return Disclosure(unit=unit, year=int(folder.name), folder=folder, meta=parts["meta"],
                      overview=parts.get("overview"), explanations=parts.get("explanations"),
                      tables=sorted(tables, key=lambda t: t.number),
                      performance=parts.get("performance"), prose=prose, docs=docs)


def load_content(root: Path, findings: Findings) -> Content | None:
    """Load and validate every file under `root`. Returns None if anything essential
    could not be read; findings say why."""
    findings.root = root
    if not root.is_dir():
        findings.add(root, 1, 1, "", "content.missing", f"content folder '{root}' not found",
                     "run from the project folder or pass --content DIR")
        return None
    settings = load_required(root / "portal.yaml", PortalSettings, findings,
                             "it names the portal and its languages")
    glossary = load_required(root / "glossary.yaml", Glossary, findings,
                             "it holds the 名词解释 terms that disclosures refer to")
    languages = settings[1].languages if settings else ["zh", "en"]
    units: list[Unit] = []
    units_dir = root / "units"
    for unit_dir in sorted(units_dir.iterdir()) if units_dir.is_dir() else []:
        if not unit_dir.is_dir():
            continue
        try:
            check_slug(unit_dir.name)
        except HintedValueError as exc:
            findings.add(unit_dir, 1, 1, "", "content.bad-slug",
                         f"unit folder name {exc}", exc.hint)
            continue
        profile = load_required(unit_dir / "unit.yaml", UnitProfile, findings,
                                "it gives the unit's name and nature")
        disclosures = []
        for year_dir in sorted(unit_dir.iterdir()):
            if not year_dir.is_dir():
                if year_dir.name != "unit.yaml":
                    findings.add(year_dir, 1, 1, "", "content.unexpected-file",
                                 f"unexpected file '{year_dir.name}' in a unit folder",
                                 "a unit folder holds unit.yaml and one folder per year")
                continue
            if not re.fullmatch(r"(19|20)\d\d", year_dir.name):
                findings.add(year_dir, 1, 1, "", "content.bad-year",
                             f"'{year_dir.name}' is not a year folder",
                             "name year folders by the year they disclose, e.g. 2024")
                continue
            disclosure = _load_year(unit_dir.name, year_dir, languages, findings)
            if disclosure is not None:
                disclosures.append(disclosure)
        if profile is not None:
            unit = Unit(slug=unit_dir.name, folder=unit_dir, profile=profile[1],
                        disclosures=disclosures)
            for d in disclosures:
                d.docs["unit"] = profile[0]
            units.append(unit)
    crosswalk = load_model(root / "crosswalk.yaml", Crosswalk, findings) \
        if (root / "crosswalk.yaml").exists() else None
    if settings is None or glossary is None:
        return None
    docs = {"portal": settings[0], "glossary": glossary[0]}
    if crosswalk is not None:
        docs["crosswalk"] = crosswalk[0]
    return Content(root=root, settings=settings[1], glossary=glossary[1], units=units,
                   crosswalk=crosswalk[1] if crosswalk else Crosswalk(), docs=docs)
