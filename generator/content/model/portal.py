"""Portal-wide content: settings (`portal.yaml`) and the glossary (`glossary.yaml`)."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from .types import HintedValueError, Slug, Strict, Text

Lang = Literal["zh", "en"]


class PortalSettings(Strict):
    """`content/portal.yaml`."""

    name: Text
    """The portal's title, shown on every page."""
    publisher: Text
    """Who runs the portal (the finance office)."""
    languages: list[Lang] = ["zh", "en"]
    """Languages the site is built in; the default language is served at the root."""
    default_language: Lang = "zh"
    """The language served at the site root (the other languages get a folder each)."""
    licence: Text | None = None
    """Terms under which the data may be reused."""
    description: Text | None = None
    """A sentence on what the portal is, for the home and about pages."""
    layout: Slug | None = None
    """The layout of disclosures whose meta.yaml names none."""

    @model_validator(mode="after")
    def _default_in_languages(self) -> PortalSettings:
        if self.default_language not in self.languages:
            raise HintedValueError("default_language is not one of languages",
                                   f"add {self.default_language} to languages",
                                   loc=("default_language",))
        for i, lang in enumerate(self.languages):
            if lang in self.languages[:i]:
                raise HintedValueError(f"language '{lang}' is listed twice",
                                       "list each language once", loc=("languages", i))
        return self


class GlossaryTerm(Strict):
    """One entry of 名词解释."""

    id: Slug
    """Stable anchor on the glossary page, e.g. `basic-expenditure`."""
    term: Text
    """The term as disclosures print it."""
    definition: Text
    """Its standard definition."""
    plain: Text | None = None
    """What it means for a reader, in plain words, shown beside the definition: an
    explanation of the definition, never a new fact."""
    aliases: list[str] = []
    """Other Chinese spellings that should link to this entry in prose."""


class Glossary(Strict):
    """`content/glossary.yaml`."""

    terms: list[GlossaryTerm]
    """Every term, in the order the glossary page lists them."""

    @model_validator(mode="after")
    def _unique(self) -> Glossary:
        seen: dict[str, int] = {}
        for i, term in enumerate(self.terms):
            if term.id in seen:
                raise HintedValueError(
                    f"glossary id '{term.id}' is used twice (first by terms[{seen[term.id]}])",
                    "give each term its own id: it is the term's anchor on the glossary page",
                    code="duplicate-id", loc=("terms", i, "id"))
            seen[term.id] = i
        return self
