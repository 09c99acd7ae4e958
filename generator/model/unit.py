"""A unit's profile (`units/<slug>/unit.yaml`) and a year's meta and overview."""

from __future__ import annotations

from .types import Date, Int, Slug, Strict, Text


class UnitProfile(Strict):
    """`content/units/<slug>/unit.yaml`: who the unit is. The slug is the folder name."""

    name: Text
    """Full official name."""
    short_name: Text | None = None
    """A shorter name for lists and charts."""
    supervising_department: Text
    """主管部门."""
    nature: Text
    """单位性质, e.g. 公益一类事业单位."""
    region: Text | None = None
    """Where the unit is (city, region)."""


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


class Source(Strict):
    """Where the disclosure's text was taken from."""

    title: Text
    """The source document's title."""
    document: str | None = None
    """File name or identifier of the source document."""
    url: str | None = None
    """Where the source is published."""
    note: Text | None = None
    """What the source does and does not contain."""


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
    source: Source
    """Where this content was transcribed from."""
    partial: Text | None = None
    """Set when the year is a partial record; says what it is and where it comes from."""
    glossary: list[Slug] = []
    """Ids of the glossary terms this disclosure's 名词解释 lists, in its order."""


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
