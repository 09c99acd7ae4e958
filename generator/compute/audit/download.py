"""The audit's CSV among a disclosure's downloads (its folder, ZIP and data package)."""

from __future__ import annotations

from ...content.model.content import Disclosure, Unit
from ...data.cells import csv_title, package_sources
from ...data.export import DisclosureCsv
from ...data.paths import disclosure_dir, resource_name
from .model import DisclosureAudit
from .report import AUDIT_FILE, AUDIT_TITLE, audit_csv


def audit_csv_path(unit: str, year: int) -> str:
    """Site path of a disclosure's audit CSV."""
    return f"{disclosure_dir(unit, year)}/{AUDIT_FILE}"


def audit_download(unit: Unit, d: Disclosure, audit: DisclosureAudit) -> DisclosureCsv:
    table = audit_csv(d, audit, resource_name(d, AUDIT_FILE), csv_title(unit, d.year, AUDIT_TITLE))
    table.sources = package_sources(d)
    return DisclosureCsv(AUDIT_FILE, table, AUDIT_TITLE, "audit")
