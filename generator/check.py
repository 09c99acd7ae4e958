"""`portal check` over the whole content, one unit at a time (in worker processes when
asked), so that checking five thousand disclosures needs no more memory than one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import unitjob
from .contentfs import ContentFS
from .findings import Findings
from .load import _load_unit, load_portal, unit_dirs
from .unitjob import UnitJob, Worker
from .validate import validate_portal


@dataclass
class CheckResult:
    findings: Findings
    files_read: int = 0
    ignored: list[str] = field(default_factory=list)


def check_portal(root: Path, jobs: int = 1) -> CheckResult:
    """Every finding of every file under `root`."""
    findings = Findings()
    fs = ContentFS(root, findings)
    portal = load_portal(root, findings, fs)
    result = CheckResult(findings)
    folders = unit_dirs(fs, root) if root.is_dir() else []
    if portal is None:
        for folder in folders:  # still read the units: one run reports every problem
            _load_unit(fs, folder, ["zh", "en"])
    else:
        validate_portal(portal, findings)
        for r in unitjob.run_all(Worker(portal, None, None), [UnitJob(f) for f in folders],
                                 jobs):
            findings.items.extend(r.findings)
            result.files_read += r.files_read
            result.ignored.extend(r.ignored)
    result.files_read += fs.files_read
    result.ignored[:0] = [findings.rel(p) for p in fs.ignored]
    return result
