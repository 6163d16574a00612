"""Who did what: one JSON line per change the app makes in Gentrace, to the app log and to an append-only file.

Each line is written with one `write` on a file opened for appending, so lines from many sessions (and from several
app processes on one machine) interleave whole, never mixed; it is flushed to disk (`fdatasync`) before the change
is reported. Lines hold ids, counts, outcomes and the name a failed create asked for, never the API key.
"""

import json
import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Protocol

from services.cases.change import ChangeReport

AUDIT_LOGGER: Final = "studio.audit"
log = logging.getLogger(AUDIT_LOGGER)

AUDIT_LOG_VARIABLE: Final = "STUDIO_AUDIT_LOG"
DEFAULT_AUDIT_LOG: Final = Path(".studio/audit.jsonl")
ANONYMOUS: Final = "anonymous"

_sync = getattr(os, "fdatasync", os.fsync)


def audit_log_path(environ: Mapping[str, str], secrets: Mapping[str, Any] | None = None) -> Path:
    """`STUDIO_AUDIT_LOG` from the environment, else from the secrets, else `.studio/audit.jsonl`."""
    value = (environ.get(AUDIT_LOG_VARIABLE) or "").strip()
    if not value and secrets is not None:
        try:
            secret = secrets.get(AUDIT_LOG_VARIABLE)
        except Exception:  # st.secrets raises when no secrets file exists
            secret = None
        value = secret.strip() if isinstance(secret, str) else ""
    return Path(value) if value else DEFAULT_AUDIT_LOG


@dataclass(frozen=True)
class AuditEntry:
    time: str  # UTC, ISO 8601 with milliseconds and Z
    who: str  # the signed-in email, or "anonymous"
    mode: str  # "sandbox" or "gentrace"
    action: str
    ids: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    outcome: str = "ok"
    name: str = ""  # of a dataset that may not exist afterwards (a create that failed)
    host: str = ""  # the machine the copy of the studio that wrote it runs on
    key: str = ""  # what makes it one entry, wherever it is read from (written with it, or the line's digest)

    def to_line(self) -> bytes:
        data = {
            "time": self.time,
            "who": self.who,
            "mode": self.mode,
            "action": self.action,
            "ids": self.ids,
            "counts": self.counts,
            "outcome": self.outcome,
        } | ({"name": self.name} if self.name else {})
        data |= {part: value for part, value in (("host", self.host), ("key", self.key)) if value}
        return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()

    @classmethod
    def from_line(cls, line: bytes) -> "AuditEntry | None":
        try:
            data = json.loads(line)
            return cls(
                time=str(data["time"]),
                who=str(data["who"]),
                mode=str(data["mode"]),
                action=str(data["action"]),
                ids={str(k): str(v) for k, v in (data.get("ids") or {}).items()},
                counts={str(k): int(v) for k, v in (data.get("counts") or {}).items()},
                outcome=str(data.get("outcome", "")),
                name=str(data.get("name") or ""),
                host=str(data.get("host") or ""),
                key=str(data.get("key") or ""),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # a line cut short by a crash, or written by hand

    @classmethod
    def now(
        cls,
        *,
        who: str | None,
        mode: str,
        action: str,
        ids: Mapping[str, str | None] | None = None,
        counts: Mapping[str, int] | None = None,
        outcome: str = "ok",
        name: str = "",
        host: str = "",
        key: str = "",
    ) -> "AuditEntry":
        """An entry made at this moment: "anonymous" for nobody signed in, empty ids left out."""
        return cls(
            time=now_utc(),
            who=who or ANONYMOUS,
            mode=mode,
            action=action,
            ids={part: value for part, value in (ids or {}).items() if value},
            counts=dict(counts or {}),
            outcome=outcome,
            name=name,
            host=host,
            key=key,
        )

    @property
    def moment(self) -> datetime:
        return datetime.fromisoformat(self.time.replace("Z", "+00:00"))


def now_utc() -> str:
    moment = datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class AuditLog:
    """One per process. `record` appends a line and returns once it is on disk."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()

    def record(
        self,
        *,
        who: str | None,
        mode: str,
        action: str,
        ids: Mapping[str, str | None] | None = None,
        counts: Mapping[str, int] | None = None,
        outcome: str = "ok",
        name: str = "",
    ) -> AuditEntry:
        entry = AuditEntry.now(who=who, mode=mode, action=action, ids=ids, counts=counts, outcome=outcome, name=name)
        line = entry.to_line()
        log.info("%s", line.decode().rstrip("\n"))
        try:
            self.append(line)
        except OSError:
            log.exception("the audit line could not be written to %s", self.path)
        return entry

    def append(self, line: bytes) -> None:
        with self.lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                written = os.write(descriptor, line)
                if written != len(line):  # a full disk; never leave half a line without its end
                    os.write(descriptor, b"\n")
                _sync(descriptor)
            finally:
                os.close(descriptor)

    def latest(self, limit: int = 1000, max_bytes: int = 4 * 1024 * 1024) -> list[AuditEntry]:
        """The newest entries first, read from the end of the file (at most `max_bytes` of it)."""
        try:
            with self.path.open("rb") as file:
                size = file.seek(0, os.SEEK_END)
                file.seek(max(0, size - max_bytes))
                tail = file.read()
                cut = size > max_bytes
        except FileNotFoundError:
            return []
        lines = tail.splitlines()
        if cut and lines:
            lines = lines[1:]  # the first line may start mid-way
        entries: list[AuditEntry] = []
        for line in reversed(lines):
            entry = AuditEntry.from_line(line)
            if entry is not None:
                entries.append(entry)
                if len(entries) >= limit:
                    break
        return entries


class Records(Protocol):
    """Where entries are recorded: the audit trail (services.activity.trail), or a bare file."""

    def record(
        self,
        *,
        who: str | None,
        mode: str,
        action: str,
        ids: Mapping[str, str | None] | None = None,
        counts: Mapping[str, int] | None = None,
        outcome: str = "ok",
        name: str = "",
    ) -> AuditEntry: ...


@dataclass(frozen=True)
class Recorder:
    """The audit trail with who is acting and in which mode filled in: what a page hands to work that outlives it."""

    log: Records
    who: str | None
    mode: str

    def record(
        self,
        action: str,
        *,
        ids: Mapping[str, str | None] | None = None,
        counts: Mapping[str, int] | None = None,
        outcome: str = "ok",
        name: str = "",
    ) -> AuditEntry:
        return self.log.record(
            who=self.who, mode=self.mode, action=action, ids=ids, counts=counts, outcome=outcome, name=name
        )

    def record_cases(
        self, action: str, dataset_id: str, report: ChangeReport | None, *, failure: str = "", name: str = ""
    ) -> AuditEntry:
        """A change to a dataset's cases once it ended: what it did (added, changed, removed, failed), or why it
        was not made (`report` None). `name`: what it is about; by default the case's name when it was one."""
        ids = {"dataset": dataset_id}
        if report is None:
            return self.record(action, ids=ids, outcome=f"failed: {failure}".strip(), name=name)
        added, changed, removed = report.done_counts
        counts = {"added": added, "changed": changed, "removed": removed, "failed": len(report.failed)}
        outcome = "ok" if report.state == "done" else f"{report.state}: {report.summary}"
        if not name and len(report.pairs) == 1:
            case = report.pairs[0].after or report.pairs[0].before
            name = case.name if case is not None else ""
        return self.record(action, ids=ids, counts=counts, outcome=outcome, name=name)
