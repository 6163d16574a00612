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
from typing import Any, Final

AUDIT_LOGGER: Final = "studio.audit"
log = logging.getLogger(AUDIT_LOGGER)

AUDIT_LOG_VARIABLE: Final = "STUDIO_AUDIT_LOG"
DEFAULT_AUDIT_LOG: Final = Path(".studio/audit.jsonl")
ANONYMOUS: Final = "anonymous"

# The actions the app records, in the words the Activity page shows.
DATASET_CREATED: Final = "dataset created"
DATASET_UPDATED: Final = "dataset updated"
GOLDEN_CHANGED: Final = "golden changed"
DATASET_ARCHIVED: Final = "dataset archived"
DATASET_RESTORED: Final = "dataset restored"
CASES_IMPORTED: Final = "test cases imported"
CASES_DELETED: Final = "test cases deleted"
CASE_ADDED: Final = "test case added"
CASE_EDITED: Final = "test case edited"
CHANGE_UNDONE: Final = "change undone"
HEALTH_FIXED: Final = "health problem fixed"
DEMO_RESET: Final = "demo data reset"
ACTIONS: Final = (
    DATASET_CREATED,
    DATASET_UPDATED,
    GOLDEN_CHANGED,
    DATASET_ARCHIVED,
    DATASET_RESTORED,
    CASES_IMPORTED,
    CASES_DELETED,
    CASE_ADDED,
    CASE_EDITED,
    CHANGE_UNDONE,
    HEALTH_FIXED,
    DEMO_RESET,
)

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
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # a line cut short by a crash, or written by hand

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
        self._lock = threading.Lock()

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
        entry = AuditEntry(
            time=now_utc(),
            who=who or ANONYMOUS,
            mode=mode,
            action=action,
            ids={key: value for key, value in (ids or {}).items() if value},
            counts=dict(counts or {}),
            outcome=outcome,
            name=name,
        )
        line = entry.to_line()
        log.info("%s", line.decode().rstrip("\n"))
        try:
            self._append(line)
        except OSError:
            log.exception("the audit line could not be written to %s", self.path)
        return entry

    def _append(self, line: bytes) -> None:
        with self._lock:
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


def filter_entries(entries: list[AuditEntry], *, who: str | None = None, action: str | None = None) -> list[AuditEntry]:
    return [e for e in entries if (who is None or e.who == who) and (action is None or e.action == action)]


@dataclass(frozen=True)
class Recorder:
    """The audit log with who is acting and in which mode filled in: what a page hands to work that outlives it."""

    log: AuditLog
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


_DONE = {
    DATASET_CREATED: "Created the dataset",
    DATASET_UPDATED: "Changed the name or description",
    DATASET_ARCHIVED: "Archived the dataset",
    DATASET_RESTORED: "Restored the dataset",
    DEMO_RESET: "Reset the demo data",
    CASE_ADDED: "Added a test case",
    CASE_EDITED: "Edited a test case",
}
_TRIED = {
    CASE_ADDED: "Tried to add",
    CASE_EDITED: "Tried to edit",
    HEALTH_FIXED: "Tried to fix",
    DATASET_CREATED: "Tried to create",
    DATASET_UPDATED: "Tried to change the name or description of",
    GOLDEN_CHANGED: "Tried to change the golden dataset to",
    DATASET_ARCHIVED: "Tried to archive",
    DATASET_RESTORED: "Tried to restore",
}


_TOTALS = ("rows", "asked")  # what the other counts add up to
_COUNTED = {"unknown": "with no answer (may have arrived)"}


def described(entry: AuditEntry) -> str:
    """What happened, in a sentence a person reads: "Tried to create “Refunds”: No pipeline with …", "Imported test
    cases: 5 created · 2 already there". Counts that are zero are left out."""
    outcome = entry.outcome
    if outcome.startswith("failed") and entry.action in _TRIED:
        reason = outcome.partition(":")[2].strip()
        what = f"{_TRIED[entry.action]} “{entry.name}”" if entry.name else _TRIED[entry.action]
        return f"{what}: {reason}" if reason else what
    later = " (it arrived, though its answer was lost)" if "found after a lost answer" in outcome else ""
    if entry.action == GOLDEN_CHANGED:
        done = "Stopped it being the golden dataset" if "no longer golden" in outcome else "Made it the golden dataset"
        return done + later
    if entry.action == DATASET_CREATED:
        return _DONE[DATASET_CREATED] + (" as the golden dataset" if "made golden" in outcome else "") + later
    if entry.action in _DONE:
        return _DONE[entry.action] + later
    counts = " · ".join(
        f"{value:,} {key}" for key, value in entry.counts.items() if value and key not in ("rows", "asked")
    )
    if entry.action == CASES_IMPORTED:
        start = {"finished": "Imported test cases", "cancelled": "Cancelled an import"}.get(
            outcome, "An import stopped"
        )
        return f"{start}: {counts}" if counts else f"{start}: nothing created"
    if entry.action == CHANGE_UNDONE:
        return f"Undid a change: {counts}" if counts else "Undid a change"
    if entry.action == HEALTH_FIXED:
        fixed = f"Fixed “{entry.name}”" if entry.name else "Fixed a health problem"
        return f"{fixed}: {counts}" if counts else fixed
    if entry.action == CASES_DELETED:
        return f"Deleted test cases: {counts}" if counts else "Deleted test cases"
    return f"{entry.action}: {outcome}" if outcome != "ok" else entry.action
