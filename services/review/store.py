"""The review marks and each dataset's review setting, kept in the studio's database (the history's engine and
migrations), so a restart keeps them and every copy of the studio on one database shows the same progress.

Writing a mark is not best effort: a mark that cannot be written raises `ReviewUnavailable`, and the screen then
says so and shows nothing as approved."""

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, delete, insert, select
from sqlalchemy.engine import Engine
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


class ReviewStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

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

    def read(self, dataset_ids: Iterable[str]) -> tuple[dict[str, list[Mark]], dict[str, int]]:
        """Every mark of these datasets, oldest first, and how many people must approve each of their cases (1
        unless set), by dataset: one connection, one query each."""
        wanted = list(dict.fromkeys(dataset_ids))
        marks: dict[str, list[Mark]] = {dataset_id: [] for dataset_id in wanted}
        needed = dict.fromkeys(wanted, 1)
        if not wanted:
            return marks, needed
        query = select(_MARKS).where(_MARKS.c.dataset_id.in_(wanted)).order_by(_MARKS.c.marked_at, _MARKS.c.id)
        try:
            with self._engine.connect() as connection:
                rows = connection.execute(query).all()
                settings = connection.execute(select(_SETTINGS).where(_SETTINGS.c.dataset_id.in_(wanted))).all()
        except SQLAlchemyError as error:
            raise _unavailable(error) from None
        for row in rows:
            marks[row.dataset_id].append(
                Mark(
                    row.dataset_id,
                    row.case_name,
                    row.fingerprint,
                    row.verdict,
                    row.reviewer,
                    as_utc(row.marked_at),
                    row.note,
                )
            )
        needed |= {row.dataset_id: row.approvals_needed for row in settings}
        return marks, needed

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


def now() -> datetime:
    return datetime.now(UTC)
