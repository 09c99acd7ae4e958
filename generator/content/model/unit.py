"""A unit's profile (`units/<slug>/unit.yaml`) and a year's meta and overview."""

from __future__ import annotations

from enum import StrEnum

from pydantic import field_validator

from .layout import LayoutPart
from .types import Date, Gap, HintedValueError, Int, Slug, Strict, Text


class UnitProfile(Strict):
    """`content/units/<slug>/unit.yaml`: who the unit is. The slug is the folder name."""

    name: Text
    """Full official name (it cannot be `not stated`: it is how readers find the unit;
    `not transcribed` only while it is still to be entered)."""
    short_name: Text | None = None
    """A shorter name for lists and charts."""
    supervising_department: Text
    """主管部门."""
    nature: Text
    """单位性质, e.g. 公益一类事业单位."""
    region: Text | None = None
    """Where the unit is (city, region)."""

    @field_validator("name")
    @classmethod
    def _named(cls, name: Text) -> Text:
        if name.gap is Gap.NOT_STATED:
            raise HintedValueError("a unit's name must be given",
                                   "write the unit's full name as its disclosure prints it")
        return name


class Contact(Strict):
    """决算公开联系方式: who answers questions about the disclosure."""

    person: Text
    """联系人."""
    phone: str | None = None
    """联系电话, as written (e.g. 0473-3158076)."""
    email: str | None = None
    """E-mail address, if published."""
    address: Text | None = None
    """Postal address, if published."""


class SourceFormat(StrEnum):
    WEB = "web"
    PDF = "pdf"
    XLSX = "xlsx"
    XLS = "xls"
    DOCX = "docx"
    DOC = "doc"
    OTHER = "other"


class Source(Strict):
    """A published document the disclosure was taken from: a web article (of one page or
    several), a PDF, an Excel attachment… Readers see its title, link and date, never an
    internal file name."""

    id: Slug
    """How figures, sections and tables cite it (`cite: <id>`)."""
    title: Text
    """Its title as published."""
    format: SourceFormat = SourceFormat.WEB
    """What kind of document it is."""
    url: str | None = None
    """Where it is published (http or https); absent when not online."""
    published: Date | Text | None = None
    """Its publication date (YYYY-MM-DD), or `not stated`."""
    note: Text | None = None
    """What it does and does not contain, or how it was transcribed."""


class Meta(Strict):
    """`<year>/meta.yaml`."""

    unit: Slug
    """Must equal the unit folder's name."""
    year: Int
    """Must equal the year folder's name."""
    title: Text
    """The disclosure's title as published."""
    publication_date: Date | None = None
    """Absent when the source does not state it."""
    contact: Contact | None = None
    """Contact for feedback (Part 4)."""
    layout: Slug | None = None
    """The layout the disclosure follows (see `generator/layouts/` and `content/layouts/`);
    the portal's `layout` when left out."""
    sources: list[Source]
    """Where this content was transcribed from: at least one published document."""
    parts: list[LayoutPart] | None = None
    """The parts as this disclosure numbers and titles them, when they differ from its
    layout's."""
    incomplete: Text | None = None
    """Set when the record is incomplete: says what is missing and why. The figures it does
    state are still checked."""
    glossary: list[Slug] = []
    """Ids of the glossary terms this disclosure's 名词解释 lists, in its order."""

    @field_validator("sources")
    @classmethod
    def _sourced(cls, sources: list[Source]) -> list[Source]:
        if not sources:
            raise HintedValueError("a disclosure needs at least one source",
                                   "name the published document it was transcribed from")
        for i, source in enumerate(sources):
            if any(s.id == source.id for s in sources[:i]):
                raise HintedValueError(f"source id '{source.id}' is used twice",
                                       code="duplicate-id", loc=(i, "id"))
        return sources

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)


class IncludedUnit(Strict):
    """A row of the included-units table (决算单位构成)."""

    name: Text
    """单位名称."""
    nature: Text
    """单位性质."""


class Overview(Strict):
    """`<year>/overview.yaml`: Part 1 (单位概况) except the main-work narrative,
    which is Markdown in `prose/main-work.<lang>.md`."""

    functions_intro: Text
    """The sentences before the list of duties."""
    functions: list[Text]
    """主要职能: the duties, without their numbering."""
    departments_intro: Text | None = None
    """The sentence introducing the internal departments."""
    departments: list[Text]
    """内设机构: internal departments."""
    subordinate_units: Text | None = None
    """What the text says about subordinate units (e.g. 本单位无下属单位)."""
    included_units_intro: Text | None = None
    """The sentence introducing the included-units table."""
    included_units: list[IncludedUnit]
    """Units included in the accounts (决算单位构成)."""
