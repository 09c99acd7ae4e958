"""Interface strings: one YAML catalogue per language in `locales/<lang>.yaml`.

Catalogues are nested mappings; keys are addressed with dots (`nav.home`). Every language
must have exactly the same keys, so a missing translation fails the build instead of
showing a blank. Values are plain text with `{name}` placeholders; a few (the about page)
are Markdown and rendered through the safe Markdown filter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .. import PROJECT
from ..content.findings import Findings
from ..content.yamlload import load_yaml

LOCALES = PROJECT / "locales"
"""The catalogues the site is built with."""


class CatalogueError(Exception):
    """A catalogue is missing, unreadable, or out of step with the others."""


@dataclass(frozen=True)
class Catalogue:
    lang: str
    strings: dict[str, str | list[str]]
    texts: dict[str, str] = field(init=False, repr=False, compare=False)
    """The strings that are text (not lists): looked up without asking each one's type,
    some ten thousand times a unit."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "texts", {k: v for k, v in self.strings.items()
                                           if isinstance(v, str)})

    def __call__(self, key: str, **values: object) -> str:
        try:
            text = self.texts[key]
        except KeyError:
            if key in self.strings:
                raise CatalogueError(
                    f"locales/{self.lang}.yaml: '{key}' is a list, not text") from None
            raise CatalogueError(f"locales/{self.lang}.yaml has no key '{key}'") from None
        return text.format_map(values) if values else text

    def list(self, key: str) -> list[str]:
        value = self.strings.get(key)
        if not isinstance(value, list):
            raise CatalogueError(f"locales/{self.lang}.yaml: '{key}' should be a list")
        return value


def _flatten(data: Any, prefix: str, out: dict[str, str | list[str]], where: str) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            _flatten(value, f"{prefix}{key}.", out, where)
    elif isinstance(data, str):
        out[prefix[:-1]] = data
    elif isinstance(data, list) and all(isinstance(v, str) for v in data):
        out[prefix[:-1]] = list(data)
    else:
        raise CatalogueError(f"{where}: '{prefix[:-1]}' must be text, a list of text or a mapping")


def load_catalogue(path: Path, lang: str) -> Catalogue:
    findings = Findings()
    doc = load_yaml(path, findings)
    if doc is None or findings.errors:
        raise CatalogueError(findings.format_text() or f"cannot read {path}")
    strings: dict[str, str | list[str]] = {}
    _flatten(doc.data, "", strings, str(path))
    return Catalogue(lang, strings)


def load_catalogues(folder: Path, languages: list[str]) -> dict[str, Catalogue]:
    """Load `<folder>/<lang>.yaml` for each language and check that their keys agree."""
    catalogues = {lang: load_catalogue(folder / f"{lang}.yaml", lang) for lang in languages}
    first = languages[0]
    for lang in languages[1:]:
        a, b = set(catalogues[first].strings), set(catalogues[lang].strings)
        if a != b:
            only_a = ", ".join(sorted(a - b)) or "-"
            only_b = ", ".join(sorted(b - a)) or "-"
            raise CatalogueError(f"catalogues differ: only in {first}: {only_a}; "
                                 f"only in {lang}: {only_b}")
    return catalogues


@cache
def csv_unit(unit_zh: str, key: str) -> str:
    """A unit as a bilingual CSV header writes it: the Chinese, then the English pages'
    word for it (catalogue `key`), so that downloads and pages say the same: `万元 ¥10k`."""
    return f"{unit_zh} {load_catalogue(LOCALES / 'en.yaml', 'en')(key)}"
