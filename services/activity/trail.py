"""Where an audit entry goes: into the studio's database, shared by every copy of the studio; when the database is
away, into this copy's local file (`STUDIO_AUDIT_LOG`, one JSON line each, flushed to disk), moved into the database
once it is back. The app log gets every entry either way, for a log collector. An entry never stops a change: the
audit trail is written when the change has ended, and a database that is away only sends it to the file.

Moving a file in (the old `.studio/audit.jsonl` on the first start, or the fallback once the database is back) is
idempotent: each entry is known by its key (written in the line, or the digest of a line written before keys
were), so two copies starting together, or a move cut short, keep every entry once."""

import hashlib
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from services.activity.log import AUDIT_LOGGER, AuditEntry, AuditLog
from services.activity.store import ActivityStore
from services.failures import ExpectedFailure

log = logging.getLogger(AUDIT_LOGGER)
_BATCH = 5_000


@dataclass(frozen=True)
class MovedIn:
    lines: int  # read from the file
    added: int  # new to the database
    unreadable: int  # cut short or not an entry: counted, logged with their line numbers, skipped


def host_name() -> str:
    return socket.gethostname() or "unknown"


class ActivityTrail:
    """One per process. `store` gives the database's store, or raises `ExpectedFailure` when it cannot be opened."""

    def __init__(self, fallback: AuditLog, store: Callable[[], ActivityStore], host: str | None = None) -> None:
        self.fallback = fallback
        self._store = store
        self.host = host or host_name()
        self._lock = threading.Lock()
        self._waiting = fallback.path.exists()  # lines in the local file to move in

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
        entry = AuditEntry.now(
            who=who, mode=mode, action=action, ids=ids, counts=counts, outcome=outcome, name=name, host=self.host,
            key=uuid.uuid4().hex,
        )  # fmt: skip
        line = entry.to_line()
        log.info("%s", line.decode().rstrip("\n"))
        try:
            self._store().add([entry])
        except ExpectedFailure as error:
            log.warning("the audit entry went to %s: %s", self.fallback.path, error)
            try:
                self.fallback.append(line)
            except OSError:
                log.exception("the audit line could not be written to %s either", self.fallback.path)
            self._waiting = True
            return entry
        if self._waiting:
            self.catch_up()
        return entry

    def catch_up(self) -> MovedIn | None:
        """Moves the local file's entries into the database (once; None when the database is still away)."""
        with self._lock:
            try:
                moved = move_in(self.fallback.path, self._store(), self.host, self.fallback)
            except ExpectedFailure as error:
                log.warning("the audit file %s waits for the database: %s", self.fallback.path, error)
                return None
            self._waiting = False
            return moved


def move_in(path: Path, store: ActivityStore, host: str, lock_with: AuditLog | None = None) -> MovedIn:
    """Every entry of the JSONL file at `path`, in order, into `store` (those already there left out), then the file
    removed. The file is first renamed, so lines appended meanwhile start a new file instead of being lost; a move
    cut short (the database gone again, the process stopped) leaves the renamed file, which the next move takes up.
    An unreadable line is counted and logged with its number, never stopping the move."""
    moving = path.with_name(f"{path.name}.moving-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        if lock_with is not None:
            with lock_with.lock:
                os.replace(path, moving)
        else:
            os.replace(path, moving)
    except FileNotFoundError:
        pass
    lines = added = unreadable = 0
    for left in sorted(path.parent.glob(f"{path.name}.moving-*")):
        batch: list[AuditEntry] = []
        try:
            file = left.open("rb")
        except FileNotFoundError:  # another copy of the studio moved it in meanwhile
            continue
        with file:
            for number, line in enumerate(file, start=1):
                if not line.strip():
                    continue
                lines += 1
                entry = AuditEntry.from_line(line)
                if entry is None:
                    unreadable += 1
                    log.warning("audit file %s, line %d: not an entry, skipped", path, number)
                    continue
                # A line written before entries had keys is known by its digest: the same line, the same entry.
                key = entry.key or hashlib.blake2b(line.strip(), digest_size=16).hexdigest()
                batch.append(replace(entry, host=entry.host or host, key=key))
                if len(batch) >= _BATCH:
                    added += store.add(batch)
                    batch = []
        added += store.add(batch)
        left.unlink(missing_ok=True)
    if lines:
        log.info(
            "audit file %s moved into the database: %d lines, %d new, %d unreadable", path, lines, added, unreadable
        )
    return MovedIn(lines, added, unreadable)
