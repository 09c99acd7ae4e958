"""`content/crosswalk.yaml`: how classification codes changed between years, so that the
cross-year comparison can follow a line that was renamed, split or merged."""

from __future__ import annotations

from enum import StrEnum

from pydantic import model_validator

from .types import Code, HintedValueError, Int, Strict, Text


class Change(StrEnum):
    RENAMED = "renamed"
    """One code became another."""
    SPLIT = "split"
    """One code became several."""
    MERGED = "merged"
    """Several codes became one."""


class Mapping(Strict):
    """One change of codes, effective from `year` on."""

    year: Int
    """The first year that uses the new codes."""
    change: Change
    """renamed (one to one), split (one to many) or merged (many to one)."""
    old: list[Code]
    """The codes used up to the year before."""
    new: list[Code]
    """The codes used from `year` on."""
    note: Text | None = None
    """Why the codes changed (e.g. the classification revision that did it)."""

    @model_validator(mode="after")
    def _shape(self) -> Mapping:
        counts = {Change.RENAMED: (1, 1), Change.SPLIT: (1, None), Change.MERGED: (None, 1)}
        old, new = counts[self.change]
        if (old and len(self.old) != old) or (new and len(self.new) != new) \
                or not self.old or not self.new:
            raise HintedValueError(
                f"a {self.change.value} mapping has the wrong number of codes",
                "renamed: one old, one new; split: one old, several new; "
                "merged: several old, one new")
        return self


class Crosswalk(Strict):
    """`content/crosswalk.yaml`."""

    mappings: list[Mapping] = []
    """Code changes, any order."""
