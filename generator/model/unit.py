"""A unit's profile (`units/<slug>/unit.yaml`) and a year's meta and overview."""

from __future__ import annotations

from .types import Date, Int, Slug, Strict, Text


class UnitProfile(Strict):
    """`content/units/<slug>/unit.yaml`: who the unit is. The slug is the folder name."""

    name: Text
    short_name: Text | None = None
    supervising_department: Text
    """主管部门."""
    nature: Text
    """单位性质, e.g. 公益一类事业单位."""
    region: Text | None = None


class Contact(Strict):
    person: Text
    phone: str | None = None
    email: str | None = None
    address: Text | None = None


class Source(Strict):
    """Where the disclosure's text was taken from."""

    title: Text
    document: str | None = None
    """File name or identifier of the source document."""
    url: str | None = None
    note: Text | None = None


class Meta(Strict):
    """`<year>/meta.yaml`."""

    unit: Slug
    """Must equal the unit folder's name."""
    year: Int
    """Must equal the year folder's name."""
    title: Text
    publication_date: Date | None = None
    """Absent when the source does not state it."""
    contact: Contact | None = None
    source: Source
    partial: Text | None = None
    """Set when the year is a partial record; says what it is and where it comes from."""
    glossary: list[Slug] = []
    """Ids of the glossary terms this disclosure's 名词解释 lists, in its order."""


class IncludedUnit(Strict):
    name: Text
    nature: Text


class Overview(Strict):
    """`<year>/overview.yaml`: Part 1 (单位概况) except the main-work narrative,
    which is Markdown in `prose/main-work.<lang>.md`."""

    functions_intro: Text
    functions: list[Text]
    departments_intro: Text | None = None
    departments: list[Text]
    subordinate_units: Text | None = None
    """What the text says about subordinate units (e.g. 本单位无下属单位)."""
    included_units_intro: Text | None = None
    included_units: list[IncludedUnit]
