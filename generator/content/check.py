"""`portal check` over the whole content, one unit at a time (in worker processes when
asked), so that checking five thousand disclosures needs no more memory than one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..build import unitjob
from ..build.unitjob import UnitJob, Worker
from .contentfs import ContentFS
from .findings import Findings
from .load import _load_unit, load_portal, unit_dirs
from .model.content import Content
from .validate import validate_portal


@dataclass
class CheckResult:
    findings: Findings
    files_read: int = 0
    ignored: list[str] = field(default_factory=list)


def open_portal(root: Path) -> tuple[Content | None, ContentFS]:
    """The portal-wide files under `root`, loaded and checked (None if they cannot be
    read); the `ContentFS` holds the findings and the litter skipped."""
    fs = ContentFS(root, Findings())
    portal = load_portal(root, fs.findings, fs)
    if portal is not None:
        validate_portal(portal, fs.findings)
    return portal, fs


def check_portal(root: Path, jobs: int = 1) -> CheckResult:
    """Every finding of every file under `root`."""
    return audit_portal(root, jobs)[0]


def audit_portal(root: Path, jobs: int = 1) -> tuple[CheckResult, list[dict[str, Any]]]:
    """Every finding of every file under `root`, and every check of the consistency audit
    of the units without errors (as `audit.report.records`)."""
    portal, fs = open_portal(root)
    findings = fs.findings
    result = CheckResult(findings)
    records: list[dict[str, Any]] = []
    folders = unit_dirs(fs, root) if root.is_dir() else []
    if portal is None:
        for folder in folders:  # still read the units: one run reports every problem
            _load_unit(fs, folder, ["zh", "en"])
    else:
        for r in unitjob.run_all(Worker(portal, None, None), [UnitJob(f) for f in folders],
                                 jobs):
            findings.items.extend(r.findings)
            result.files_read += r.files_read
            result.ignored.extend(r.ignored)
            records.extend(r.audit)
    result.files_read += fs.files_read
    result.ignored[:0] = [findings.rel(p) for p in fs.ignored]
    return result, records
