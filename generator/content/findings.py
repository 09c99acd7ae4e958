"""Findings: what `portal check` reports. Every stage appends to one `Findings` list,
so all problems in all files are reported together in one run."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path

from .text import escape_controls, shorten

# Messages echo what a publisher wrote: bounded, and never able to drive a terminal.
_LIMITS = {"file": 300, "key": 200, "message": 400, "hint": 400}


def _safe(text: str, limit: int) -> str:
    return shorten(escape_controls(text), limit)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    """An audit finding that needs no action (a rounding difference, a figure that cannot
    be checked): in `--format json` and `portal audit`, not in the text report."""
    TODO = "todo"
    """Not wrong, not finished: a placeholder (`not transcribed`) still to be filled in.
    It never stops a build."""

    @property
    def label(self) -> str:
        return "to do" if self is Severity.TODO else self.value


@dataclass(frozen=True, order=True)
class Finding:
    """One located problem. `code` is a stable identifier (e.g. `yaml.duplicate-key`,
    `model.unknown-key`, `arith.sum-mismatch`) that tools and tests can match on."""

    file: str
    line: int
    column: int
    key: str
    severity: Severity
    code: str
    message: str
    hint: str = ""

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        key = f" {self.key}:" if self.key else ""
        text = f"{where}:{key} {self.severity.label}: {self.message} [{self.code}]"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


@dataclass
class Findings:
    """An ordered collection of findings from every stage."""

    items: list[Finding] = field(default_factory=list)
    root: Path | None = None
    notes: bool = True
    """Keep information (`Severity.INFO`): a build reports errors and warnings only, and
    does not make the audit's notes at all (`audit.report.add_findings`)."""

    def add(
        self,
        path: Path | str,
        line: int,
        column: int,
        key: str,
        code: str,
        message: str,
        hint: str = "",
        severity: Severity = Severity.ERROR,
    ) -> None:
        if severity is Severity.INFO and not self.notes:
            return
        self.items.append(Finding(
            _safe(self.rel(path), _LIMITS["file"]), line, column, _safe(key, _LIMITS["key"]),
            severity, code, _safe(message, _LIMITS["message"]), _safe(hint, _LIMITS["hint"])))

    def rel(self, path: Path | str) -> str:
        # abspath, not resolve: a link is named where it stands, not where it points.
        p = Path(os.path.abspath(path))
        if self.root is not None:
            try:
                return p.relative_to(Path(os.path.abspath(self.root)).parent).as_posix()
            except ValueError:
                pass
        return Path(path).as_posix()

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.items if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.items if f.severity is Severity.WARNING]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.items if f.severity is Severity.INFO]

    @property
    def todos(self) -> list[Finding]:
        return [f for f in self.items if f.severity is Severity.TODO]

    def sorted(self) -> list[Finding]:
        return sorted(set(self.items), key=lambda f: (f.file, f.line, f.column, f.code, f.key))

    def format_text(self) -> str:
        """Errors and warnings, one per line (information only in JSON)."""
        return "\n".join(f.format() for f in self.sorted() if f.severity is not Severity.INFO)

    def format_json(self) -> str:
        return json.dumps([f.to_json() for f in self.sorted()], ensure_ascii=False, indent=2)
