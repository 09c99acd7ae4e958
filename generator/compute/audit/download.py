"""The audit's CSV among a disclosure's downloads (its folder, ZIP and data package)."""

from __future__ import annotations

from ...content.model.content import Disclosure, Unit
from ...data.export import _DisclosureCsv, _resource_name, _sources, _title, disclosure_dir
from .model import DisclosureAudit
from .report import AUDIT_FILE, AUDIT_TITLE, audit_csv


def audit_csv_path(unit: str, year: int) -> str:
    """Site path of a disclosure's audit CSV."""
    return f"{disclosure_dir(unit, year)}/{AUDIT_FILE}"


def audit_download(unit: Unit, d: Disclosure, audit: DisclosureAudit) -> _DisclosureCsv:
    table = audit_csv(d, audit, _resource_name(d, AUDIT_FILE), _title(unit, d.year, AUDIT_TITLE))
    table.sources = _sources(d)
    return _DisclosureCsv(AUDIT_FILE, table, AUDIT_TITLE, "audit")
