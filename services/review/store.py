"""The review marks and each dataset's review setting, kept in the studio's database (the history's engine and
migrations), so a restart keeps them and every copy of the studio on one database shows the same progress.

Writing a mark is not best effort: a mark that cannot be written raises `ReviewUnavailable`, and the screen then
says so and shows nothing as approved.

Marks are only ever added (or all of a dataset's forgotten), so a read asks first how many a dataset has and its
newest id, and fetches only the marks it has not seen: a rerun of a reviewed dataset of 50,000 cases costs two small
statements, not 50,000 rows."""

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, delete, func, insert, select
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.exc import SQLAlchemyError

from services.database.engine import as_utc
from services.failures import ExpectedFailure
from services.review.rules import Mark

_METADATA = MetaData()
_MARKS = Table(  # made by the migration 0003_reviews
    "review_marks",
    _METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dataset_id", String(36), nullable=False),
    Column("case_name", Text, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("verdict", String(16), nullable=False),
    Column("reviewer", String(320), nullable=False),
    Column("note", Text, nullable=False),
    Column("marked_at", DateTime(timezone=True), nullable=False),
)
_SETTINGS = Table(
    "review_settings",
    _METADATA,
    Column("dataset_id", String(36), primary_key=True),
    Column("approvals_needed", Integer, nullable=False),
)


class ReviewUnavailable(ExpectedFailure):
    """The review record cannot be read or written."""


def _unavailable(error: SQLAlchemyError) -> ReviewUnavailable:
    return ReviewUnavailable(f"The studio's database could not be written or read ({type(error).__name__}).")


@dataclass(frozen=True)
class _Seen:
    """The marks of one dataset read so far, oldest first, with the newest id among them."""

    marks: tuple[Mark, ...]
    keys: tuple[tuple[datetime, int], ...]  # each mark's (marked_at, id): where a newer one goes
    newest: int


def _mark_of(row: Row) -> Mark:  # type: ignore[type-arg]
    return Mark(
        row.dataset_id, row.case_name, row.fingerprint, row.verdict, row.reviewer, as_utc(row.marked_at), row.note
    )


class ReviewStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._seen: dict[str, _Seen] = {}
        self._lock = threading.Lock()

    def add(self, marks: Iterable[Mark]) -> None:
        """Writes these marks in one transaction: all of them, or none and `ReviewUnavailable`."""
        rows = [
            {
                "dataset_id": mark.dataset_id,
                "case_name": mark.case_name,
                "fingerprint": mark.fingerprint,
                "verdict": mark.verdict,
                "reviewer": mark.reviewer,
                "note": mark.note,
                "marked_at": mark.at,
            }
            for mark in marks
        ]
        if not rows:
            return
        try:
            with self._engine.begin() as connection:
                connection.execute(insert(_MARKS), rows)
        except SQLAlchemyError as error:
            raise _unavailable(error) from None

    def read(self, dataset_ids: Iterable[str]) -> tuple[dict[str, tuple[Mark, ...]], dict[str, int]]:
        """Every mark of these datasets, oldest first, and how many people must approve each of their cases (1
        unless set), by dataset. The same marks come back as the same objects, so a caller can tell what is new."""
        wanted = list(dict.fromkeys(dataset_ids))
        marks: dict[str, tuple[Mark, ...]] = dict.fromkeys(wanted, ())
        needed = dict.fromkeys(wanted, 1)
        if not wanted:
            return marks, needed
        versions = (
            select(_MARKS.c.dataset_id, func.count(), func.max(_MARKS.c.id))
            .where(_MARKS.c.dataset_id.in_(wanted))
            .group_by(_MARKS.c.dataset_id)
        )
        try:
            with self._engine.connect() as connection:
                version = {row[0]: (int(row[1]), int(row[2])) for row in connection.execute(versions)}
                settings = connection.execute(select(_SETTINGS).where(_SETTINGS.c.dataset_id.in_(wanted))).all()
                for dataset_id, (count, newest) in version.items():
                    marks[dataset_id] = self._caught_up(connection, dataset_id, count, newest).marks
        except SQLAlchemyError as error:
            raise _unavailable(error) from None
        with self._lock:
            for dataset_id in set(wanted) - set(version):
                self._seen.pop(dataset_id, None)  # forgotten, perhaps by another copy of the studio
        needed |= {row.dataset_id: row.approvals_needed for row in settings}
        return marks, needed

    def _caught_up(self, connection: Connection, dataset_id: str, count: int, newest: int) -> _Seen:
        """The dataset's marks with the ones added since the last read, or all of them read again when what was seen
        no longer adds up (the dataset's marks were forgotten and given again)."""
        with self._lock:
            seen = self._seen.get(dataset_id)
        if seen is not None and (len(seen.marks), seen.newest) == (count, newest):
            return seen
        query = select(_MARKS).where(_MARKS.c.dataset_id == dataset_id)
        if seen is not None and len(seen.marks) < count and seen.newest < newest:
            rows = connection.execute(query.where(_MARKS.c.id > seen.newest).order_by(_MARKS.c.id)).all()
            if len(seen.marks) + len(rows) == count:
                seen = _with(seen, rows)
                with self._lock:
                    self._seen[dataset_id] = seen
                return seen
        rows = connection.execute(query.order_by(_MARKS.c.marked_at, _MARKS.c.id)).all()
        seen = _Seen(
            tuple(_mark_of(row) for row in rows),
            tuple((as_utc(row.marked_at), row.id) for row in rows),
            max((row.id for row in rows), default=0),
        )
        with self._lock:
            self._seen[dataset_id] = seen
        return seen

    def set_needed(self, dataset_id: str, approvals: int) -> None:
        try:
            with self._engine.begin() as connection:
                connection.execute(delete(_SETTINGS).where(_SETTINGS.c.dataset_id == dataset_id))
                connection.execute(insert(_SETTINGS).values(dataset_id=dataset_id, approvals_needed=approvals))
        except SQLAlchemyError as error:
            raise _unavailable(error) from None

    def forget(self, dataset_ids: Iterable[str]) -> None:
        """Every mark and setting of these datasets (they no longer exist)."""
        wanted = list(dict.fromkeys(dataset_ids))
        try:
            with self._engine.begin() as connection:
                for start in range(0, len(wanted), 500):
                    part = wanted[start : start + 500]
                    connection.execute(delete(_MARKS).where(_MARKS.c.dataset_id.in_(part)))
                    connection.execute(delete(_SETTINGS).where(_SETTINGS.c.dataset_id.in_(part)))
        except SQLAlchemyError as error:
            raise _unavailable(error) from None
        with self._lock:
            for dataset_id in wanted:
                self._seen.pop(dataset_id, None)


def _with(seen: _Seen, rows: Sequence[Row]) -> _Seen:  # type: ignore[type-arg]
    """`seen` and these newer rows, in the marks' order: appended when they are the newest (as they nearly always
    are), else sorted in."""
    added = [((as_utc(row.marked_at), row.id), _mark_of(row)) for row in rows]
    added.sort(key=lambda pair: pair[0])
    if not seen.keys or not added or added[0][0] > seen.keys[-1]:
        keys, marks = seen.keys + tuple(key for key, _ in added), seen.marks + tuple(mark for _, mark in added)
    else:
        merged = sorted([*zip(seen.keys, seen.marks, strict=True), *added], key=lambda pair: pair[0])
        keys, marks = tuple(key for key, _ in merged), tuple(mark for _, mark in merged)
    return _Seen(marks, keys, max(seen.newest, *(row.id for row in rows)))


def now() -> datetime:
    return datetime.now(UTC)
