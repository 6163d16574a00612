"""The audit trail in the studio's database (the history's engine and migrations), shared by every copy of the
studio on it: one row per entry, each known by its key, so an entry moved in twice (two copies starting together,
a fallback file caught up after a crash) is kept once.

A page of entries is one query walking an index (by time; by dataset, person or action and time) that stops at the
page's end, newest first, and a count of what matches on the same index."""

import json
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Column, ColumnElement, DateTime, Integer, MetaData, String, Table, Text, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from services.activity.log import AuditEntry
from services.database.engine import as_utc
from services.failures import ExpectedFailure

_METADATA = MetaData()
_ENTRIES = Table(  # made by the migration 0004_activity
    "activity_entries",
    _METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entry_key", String(64), nullable=False, unique=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("who", String(320), nullable=False),
    Column("mode", String(16), nullable=False),
    Column("action", String(64), nullable=False),
    Column("dataset_id", String(64)),
    Column("name", Text, nullable=False),
    Column("ids", Text, nullable=False),
    Column("counts", Text, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("host", String(255), nullable=False),
)
_BATCH = 1_000
_CHOICES_SECONDS = 30.0  # how long the filters' lists of people and actions are kept before being read again
_COUNT_SECONDS = 5.0  # how long a filter's count of entries is kept


class ActivityUnavailable(ExpectedFailure):
    """The audit trail's table cannot be read or written."""


def _unavailable(error: SQLAlchemyError) -> ActivityUnavailable:
    return ActivityUnavailable(f"The studio's database could not be read or written ({type(error).__name__}).")


@dataclass(frozen=True)
class ActivityFilter:
    who: str | None = None
    dataset_id: str | None = None
    action: str | None = None
    since: datetime | None = None  # from this moment on
    until: datetime | None = None  # before this moment

    def where(self) -> list[ColumnElement[bool]]:
        """The conditions (none without a filter: a bare count is what SQLite answers fastest)."""
        parts = []
        if self.who is not None:
            parts.append(_ENTRIES.c.who == self.who)
        if self.dataset_id is not None:
            parts.append(_ENTRIES.c.dataset_id == self.dataset_id)
        if self.action is not None:
            parts.append(_ENTRIES.c.action == self.action)
        if self.since is not None:
            parts.append(_ENTRIES.c.at >= self.since)
        if self.until is not None:
            parts.append(_ENTRIES.c.at < self.until)
        return parts


@dataclass(frozen=True)
class ActivityPage:
    entries: tuple[AuditEntry, ...]
    total: int  # of every entry the filter matches


def _row(entry: AuditEntry) -> dict[str, object]:
    return {
        "entry_key": entry.key,
        "at": entry.moment,
        "who": entry.who,
        "mode": entry.mode,
        "action": entry.action,
        "dataset_id": entry.ids.get("dataset"),
        "name": entry.name,
        "ids": json.dumps(entry.ids, ensure_ascii=False, separators=(",", ":")),
        "counts": json.dumps(entry.counts, separators=(",", ":")),
        "outcome": entry.outcome,
        "host": entry.host,
    }


def _time_text(moment: datetime) -> str:
    moment = as_utc(moment).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _entry(row: object) -> AuditEntry:
    return AuditEntry(
        time=_time_text(row.at),  # type: ignore[attr-defined]
        who=row.who,  # type: ignore[attr-defined]
        mode=row.mode,  # type: ignore[attr-defined]
        action=row.action,  # type: ignore[attr-defined]
        ids=json.loads(row.ids),  # type: ignore[attr-defined]
        counts=json.loads(row.counts),  # type: ignore[attr-defined]
        outcome=row.outcome,  # type: ignore[attr-defined]
        name=row.name,  # type: ignore[attr-defined]
        host=row.host,  # type: ignore[attr-defined]
        key=row.entry_key,  # type: ignore[attr-defined]
    )


class ActivityStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._choices: tuple[float, list[str], list[str]] | None = None
        self._counts: dict[ActivityFilter, tuple[float, int]] = {}  # what each filter matched, lately
        self._lock = threading.Lock()

    def add(self, entries: Iterable[AuditEntry]) -> int:
        """Writes these entries, leaving out any whose key is there already; how many were new.
        `ActivityUnavailable` when the database cannot be written (then none of this batch is)."""
        rows = [_row(entry) for entry in entries]
        if not rows:
            return 0
        dialect = self._engine.dialect.name
        make = postgresql.insert if dialect == "postgresql" else sqlite.insert
        added = 0
        try:
            with self._engine.begin() as connection:
                for start in range(0, len(rows), _BATCH):
                    statement = make(_ENTRIES).on_conflict_do_nothing(index_elements=["entry_key"])
                    inserted = connection.execute(statement.returning(_ENTRIES.c.id), rows[start : start + _BATCH])
                    added += len(inserted.all())
        except SQLAlchemyError as error:
            raise _unavailable(error) from None
        with self._lock:
            self._choices = None
            self._counts.clear()
        return added

    def page(self, chosen: ActivityFilter, offset: int = 0, limit: int = 50) -> ActivityPage:
        """One page of the entries the filter matches, newest first (an index walk that stops at the page's end),
        and how many match (a count on the same index)."""
        query = (
            select(_ENTRIES)
            .where(*chosen.where())
            .order_by(_ENTRIES.c.at.desc(), _ENTRIES.c.id.desc())
            .offset(offset)
            .limit(limit)
        )
        try:
            with self._engine.connect() as connection:
                rows = connection.execute(query).all()
                total = len(rows) if not offset and len(rows) < limit else self._count(connection, chosen)
        except SQLAlchemyError as error:
            raise _unavailable(error) from None
        return ActivityPage(tuple(_entry(row) for row in rows), total)

    def _count(self, connection: Connection, chosen: ActivityFilter) -> int:
        """How many entries the filter matches: counted again after this process added some, or after a few
        seconds (another copy's entries then show in the pager's total; the page itself is always read fresh)."""
        with self._lock:
            kept = self._counts.get(chosen)
        if kept is not None and time.monotonic() - kept[0] < _COUNT_SECONDS:
            return kept[1]
        total = int(connection.execute(select(func.count()).select_from(_ENTRIES).where(*chosen.where())).scalar_one())
        with self._lock:
            if len(self._counts) > 256:
                self._counts.clear()
            self._counts[chosen] = (time.monotonic(), total)
        return total

    def everything(self, chosen: ActivityFilter, limit: int = 100_000) -> list[AuditEntry]:
        """Every entry the filter matches (newest first, at most `limit`): for the download."""
        query = select(_ENTRIES).where(*chosen.where()).order_by(_ENTRIES.c.at.desc(), _ENTRIES.c.id.desc())
        try:
            with self._engine.connect() as connection:
                return [_entry(row) for row in connection.execute(query.limit(limit))]
        except SQLAlchemyError as error:
            raise _unavailable(error) from None

    def choices(self) -> tuple[list[str], list[str]]:
        """Everyone who did something, and every action done: the filters' lists (read again every 30 s)."""
        with self._lock:
            kept = self._choices
        if kept is not None and time.monotonic() - kept[0] < _CHOICES_SECONDS:
            return kept[1], kept[2]
        try:
            with self._engine.connect() as connection:
                people = [row[0] for row in connection.execute(select(_ENTRIES.c.who).distinct())]
                actions = [row[0] for row in connection.execute(select(_ENTRIES.c.action).distinct())]
        except SQLAlchemyError as error:
            raise _unavailable(error) from None
        people.sort(key=str.casefold)
        with self._lock:
            self._choices = (time.monotonic(), people, actions)
        return people, actions
