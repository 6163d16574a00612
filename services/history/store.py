"""The history store: one entry per change to a dataset's cases, with the full content of every case before and
after, written before anything is sent ("pending": what is about to change) and completed after ("done", "partial"
or "failed": what happened). A crash in between leaves a pending entry that says what may have happened.

An entry is a list of pairs (before, after): an added case is (None, case), a deleted one (case, None), an edited
one (old, new). That one shape serves adds, edits, deletes, imports and undos, and an undo is the pairs reversed."""

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, delete, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, sessionmaker

from services.cases.change import RecordUnavailable
from services.cases.content import CaseContent, Kind, Pair, counted
from services.database.engine import as_utc

T = TypeVar("T")

State = Literal["pending", "done", "partial", "failed"]


class HistoryUnavailable(RecordUnavailable):
    """The history cannot be read or written; a change that needs it is not made."""


@dataclass(frozen=True)
class Entry:
    id: str
    dataset_id: str
    kind: Kind
    who: str
    note: str
    state: State
    outcome: str
    created_at: datetime
    completed_at: datetime | None
    undoes: str | None
    added: int
    changed: int
    removed: int
    pairs: tuple[Pair, ...] = ()  # filled when one entry is read whole


class _Base(DeclarativeBase):
    pass


class _EntryRow(_Base):
    __tablename__ = "history_entries"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    dataset_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    who: Mapped[str] = mapped_column(String(320))
    note: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    undoes: Mapped[str | None] = mapped_column(String(36), nullable=True)
    added: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    removed: Mapped[int] = mapped_column(Integer, default=0)
    pairs: Mapped[list["_PairRow"]] = relationship(order_by="_PairRow.position", cascade="all, delete-orphan")


class _PairRow(_Base):
    __tablename__ = "history_pairs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("history_entries.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    before_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    change: Mapped[str] = mapped_column(String(1))  # "+" added, "~" changed, "-" removed


def _now() -> datetime:
    return datetime.now(UTC)


class HistoryStore:
    """One per process (or per database). Every method raises `HistoryUnavailable` when the database fails."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine  # opened and migrated (services.database)
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def begin(
        self,
        dataset_id: str,
        kind: Kind,
        pairs: Sequence[Pair],
        *,
        who: str,
        note: str = "",
        undoes: str | None = None,
    ) -> str:
        """Writes what is about to change, before anything is sent; returns the entry's id."""
        entry_id = uuid.uuid4().hex
        row = _EntryRow(
            id=entry_id,
            dataset_id=dataset_id,
            kind=kind,
            who=who,
            note=note,
            state="pending",
            outcome="",
            created_at=_now(),
            undoes=undoes,
        )
        row.added, row.changed, row.removed = counted(pairs)
        rows = [
            {
                "entry_id": entry_id,
                "position": position,
                "before": pair.before.to_json() if pair.before else None,
                "before_id": pair.before.case_id if pair.before else None,
                "after": pair.after.to_json() if pair.after else None,
                "after_id": pair.after.case_id if pair.after else None,
                "done": False,
                "change": pair.mark,
            }
            for position, pair in enumerate(pairs)
        ]

        def write(session: Session) -> None:
            session.add(row)
            session.flush()
            if rows:  # one executemany: an import's entry holds every case of the file
                session.execute(insert(_PairRow), rows)

        self._write(write)
        return entry_id

    def complete(
        self,
        entry_id: str,
        state: State,
        outcome: str,
        *,
        done: Iterable[int] = (),
        created: Mapping[int, str] | None = None,
    ) -> None:
        """What happened: the entry's state and outcome in words; `done`, the positions of the pairs carried out;
        `created`, the Gentrace id each position's new case got."""
        done_positions, created = set(done), dict(created or {})

        def write(session: Session) -> None:
            row = session.get(_EntryRow, entry_id)
            if row is None:
                raise HistoryUnavailable(f"No history entry {entry_id}.")
            row.state, row.outcome, row.completed_at = state, outcome, _now()
            positions = sorted(done_positions)
            for start in range(0, len(positions), 5000):  # within every database's limit on bound values
                session.execute(
                    update(_PairRow)
                    .where(_PairRow.entry_id == entry_id, _PairRow.position.in_(positions[start : start + 5000]))
                    .values(done=True)
                    .execution_options(synchronize_session=False)
                )
            if created:
                session.execute(
                    update(_PairRow),
                    [
                        {"id": pair_id, "after_id": created[position]}
                        for pair_id, position in self._pair_ids(session, entry_id, created)
                    ],
                    execution_options={"synchronize_session": False},
                )
            # The counts say what was done, not what was asked.
            done_query = (
                select(_PairRow.change, func.count())
                .where(_PairRow.entry_id == entry_id, _PairRow.done.is_(True))
                .group_by(_PairRow.change)
            )
            counts = dict(session.execute(done_query).all())
            row.added, row.changed, row.removed = (int(counts.get(mark, 0)) for mark in ("+", "~", "-"))

        self._write(write)

    @staticmethod
    def _pair_ids(session: Session, entry_id: str, positions: Mapping[int, str]) -> list[tuple[int, int]]:
        query = select(_PairRow.id, _PairRow.position).where(_PairRow.entry_id == entry_id)
        return [(pair_id, position) for pair_id, position in session.execute(query) if position in positions]

    def what_became_of(self, case_id: str) -> tuple[Entry, Pair] | None:
        """The latest change that replaced or removed this case (an old link to it can say so), if the studio
        made it."""

        def read(session: Session) -> tuple[Entry, Pair] | None:
            query = (
                select(_PairRow, _EntryRow)
                .join(_EntryRow, _EntryRow.id == _PairRow.entry_id)
                .where(_PairRow.before_id == case_id, _PairRow.done.is_(True))
                .order_by(_EntryRow.created_at.desc())
                .limit(1)
            )
            found = session.execute(query).first()
            if found is None:
                return None
            pair_row, entry_row = found
            pair = Pair(
                CaseContent.from_json(pair_row.before, pair_row.before_id),
                CaseContent.from_json(pair_row.after, pair_row.after_id),
                pair_row.done,
            )
            return _entry(entry_row), pair

        return self._read(read)

    def forget(self, dataset_ids: Iterable[str]) -> None:
        """Every entry of these datasets, gone (the sandbox's demo data was reset: they no longer exist)."""
        wanted = list(dict.fromkeys(dataset_ids))

        def write(session: Session) -> None:
            for start in range(0, len(wanted), 500):
                some = wanted[start : start + 500]
                entries = select(_EntryRow.id).where(_EntryRow.dataset_id.in_(some))
                session.execute(delete(_PairRow).where(_PairRow.entry_id.in_(entries)))
                session.execute(delete(_EntryRow).where(_EntryRow.dataset_id.in_(some)))

        self._write(write)

    def count(self, dataset_id: str) -> int:
        query = select(func.count()).where(_EntryRow.dataset_id == dataset_id)
        return self._read(lambda session: session.scalar(query) or 0)

    def entries(self, dataset_id: str, offset: int = 0, limit: int = 20) -> list[Entry]:
        """The dataset's entries, newest first, without their cases."""
        query = (
            select(_EntryRow)
            .where(_EntryRow.dataset_id == dataset_id)
            .order_by(_EntryRow.created_at.desc(), _EntryRow.id)
            .offset(offset)
            .limit(limit)
        )
        return self._read(lambda session: [_entry(row) for row in session.scalars(query)])

    def entry(self, entry_id: str) -> Entry | None:
        """One entry with every pair of cases."""

        def read(session: Session) -> Entry | None:
            row = session.get(_EntryRow, entry_id)
            return None if row is None else _entry(row, with_pairs=True)

        return self._read(read)

    def _write(self, work: Callable[[Session], object]) -> None:
        try:
            with self._sessions.begin() as session:
                work(session)
        except SQLAlchemyError as error:
            raise HistoryUnavailable(f"The history could not be written ({type(error).__name__}).") from None

    def _read(self, work: Callable[[Session], T]) -> T:
        try:
            with self._sessions() as session:
                return work(session)
        except SQLAlchemyError as error:
            raise HistoryUnavailable(f"The history could not be read ({type(error).__name__}).") from None


def _entry(row: _EntryRow, with_pairs: bool = False) -> Entry:
    pairs = (
        tuple(
            Pair(CaseContent.from_json(p.before, p.before_id), CaseContent.from_json(p.after, p.after_id), p.done)
            for p in row.pairs
        )
        if with_pairs
        else ()
    )
    return Entry(
        id=row.id,
        dataset_id=row.dataset_id,
        kind=row.kind,  # type: ignore[arg-type]
        who=row.who,
        note=row.note,
        state=row.state,  # type: ignore[arg-type]
        outcome=row.outcome,
        created_at=as_utc(row.created_at),
        completed_at=as_utc(row.completed_at) if row.completed_at else None,
        undoes=row.undoes,
        added=row.added,
        changed=row.changed,
        removed=row.removed,
        pairs=pairs,
    )
