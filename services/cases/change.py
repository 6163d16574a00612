"""Changing a dataset's cases (adding, editing, deleting, importing, undoing, fixing, copying): one path for all.

A change is a list of pairs (before, after) (`content`). Gentrace has no update for a test case, so a pair with both
sides is carried out as "create the new case, then delete the old one", never the other way round: at no moment is
the case gone. Before anything is sent the dataset is listed once and the change refused when a case it starts from
was changed or removed meanwhile; then its record (the history) is written, and completed after. If the record
cannot be written, nothing is sent.

A create whose answer is lost is settled by listing the dataset and finding the new case by its fingerprint, never
by sending again blindly. A delete that fails after its create leaves both versions, and the report says so."""

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal, Protocol

from services.cases.content import CaseContent, Kind, Pair, counted
from services.cases.format import fingerprint
from services.failures import ExpectedFailure
from services.gentrace.client import GentraceClient
from services.gentrace.errors import GentraceError, NotFound
from services.gentrace.types import TestCase

Ended = Literal["done", "partial", "failed"]


class RecordUnavailable(ExpectedFailure):
    """The record of a change (the history) cannot be written: the change is not made."""


class ChangeRecord(Protocol):
    """Where a change is written before anything is sent, and completed after (the history store)."""

    def begin(
        self, dataset_id: str, kind: Kind, pairs: Sequence[Pair], *, who: str, note: str = "", undoes: str | None = None
    ) -> str: ...

    def complete(
        self,
        entry_id: str,
        state: Ended,
        outcome: str,
        *,
        done: Iterable[int] = (),
        created: Mapping[int, str] | None = None,
    ) -> None: ...


class CasesChangedElsewhere(ExpectedFailure):
    """The cases a change starts from are no longer as they were shown: someone replaced or removed them."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = list(names)
        super().__init__(", ".join(self.names))


@dataclass
class ChangeReport:
    entry_id: str
    kind: Kind
    pairs: tuple[Pair, ...]
    done: set[int] = field(default_factory=set)  # positions carried out whole
    created: dict[int, str] = field(default_factory=dict)  # position → the new case's id
    both_exist: set[int] = field(default_factory=set)  # an edit's new case made, its old one not deleted
    failed: dict[int, str] = field(default_factory=dict)  # position → why
    history_problem: str | None = None  # the entry could not be completed after the change

    @property
    def state(self) -> Ended:
        if len(self.done) == len(self.pairs):
            return "done"
        return "partial" if self.done or self.created or self.both_exist else "failed"

    @property
    def done_counts(self) -> tuple[int, int, int]:
        """Cases added, changed and removed by the pairs carried out."""
        return counted(self.pairs[at] for at in self.done)

    @property
    def summary(self) -> str:
        """What happened, for the record: "2 added, 1 changed; 1 failed"."""
        added, changed, removed = self.done_counts
        parts = [f"{n:,} {word}" for n, word in ((added, "added"), (changed, "changed"), (removed, "removed")) if n]
        text = ", ".join(parts) or "nothing changed"
        if self.both_exist:
            text += f"; {len(self.both_exist):,} with both versions"
        if self.failed:
            text += f"; {len(self.failed):,} failed"
        return text


@dataclass(frozen=True)
class CaseChange:
    """One change to a dataset's cases, as a person asked for it."""

    dataset_id: str
    kind: Kind
    pairs: tuple[Pair, ...]
    who: str
    note: str = ""
    undoes: str | None = None  # the history entry an undo puts back
    check: bool = True  # refuse it when a case it starts from changed since it was shown
    listed: Sequence[TestCase] | None = None  # the dataset as just listed (what the change was planned against)


def change_cases(
    client: GentraceClient,
    record: ChangeRecord,
    change: CaseChange,
    *,
    concurrency: int = 8,
    progress: Callable[[int], None] | None = None,
) -> ChangeReport:
    """The one path: check (one listing, unless the change has none to check and comes with the dataset as just
    listed), record, send, report. `CasesChangedElsewhere` and `RecordUnavailable` mean nothing was sent."""
    known = change.listed
    if known is None or (change.check and any(pair.before is not None for pair in change.pairs)):
        known = client.list_test_cases(dataset_id=change.dataset_id)
    if change.check:
        refuse_if_changed(known, change.pairs)
    return apply_pairs(
        client, record, change.dataset_id, change.kind, change.pairs, who=change.who, note=change.note,
        undoes=change.undoes, concurrency=concurrency, known=known, progress=progress,
    )  # fmt: skip


def refuse_if_changed(current: Sequence[TestCase], pairs: Sequence[Pair]) -> None:
    """`CasesChangedElsewhere` when a case the change starts from is gone from `current` or differs from what was
    shown."""
    by_id = {case.id: case for case in current}
    moved = []
    for pair in pairs:
        if pair.before is None:
            continue
        now = by_id.get(pair.before.case_id or "")
        if now is None or fingerprint(now.name, now.inputs, now.expected_outputs) != pair.before.fingerprint:
            moved.append(pair.before.name)
    if moved:
        raise CasesChangedElsewhere(moved)


def apply_pairs(
    client: GentraceClient,
    record: ChangeRecord,
    dataset_id: str,
    kind: Kind,
    pairs: Sequence[Pair],
    *,
    who: str,
    note: str = "",
    undoes: str | None = None,
    concurrency: int = 8,
    known: Sequence[TestCase] = (),
    progress: Callable[[int], None] | None = None,
) -> ChangeReport:
    """Records the change, carries out every pair (several at a time), and records what happened. `known`: the
    dataset's cases before the change, so a lost create is found among the new ones. `RecordUnavailable` from the
    first write means nothing was sent."""
    entry_id = record.begin(dataset_id, kind, pairs, who=who, note=note, undoes=undoes)
    report = ChangeReport(entry_id, kind, tuple(pairs))
    existing = {case.id for case in known}
    lock = threading.Lock()
    finished = 0

    def carry_out(position: int) -> None:
        nonlocal finished
        pair = pairs[position]
        try:
            if pair.after is not None:
                created = _create(client, dataset_id, pair.after, existing)
                with lock:
                    report.created[position] = created
                    existing.add(created)  # claimed: a lost answer for an identical case must find another
            if pair.before is not None and pair.before.case_id:
                _delete(client, pair.before.case_id)
        except GentraceError as error:
            with lock:
                if position in report.created:
                    report.both_exist.add(position)
                report.failed[position] = error.message
        else:
            with lock:
                report.done.add(position)
        finally:
            with lock:
                finished += 1
                if progress is not None:
                    progress(finished)

    # Cases with the same content (an undo that puts back a dataset's repeats) are created one after another: a
    # lost answer is settled by finding the new case by its fingerprint, which must not be a copy still in flight.
    chains: dict[str, list[int]] = {}
    for position, pair in enumerate(pairs):
        chains.setdefault(pair.after.fingerprint if pair.after is not None else f"#{position}", []).append(position)

    def carry_out_chain(positions: list[int]) -> None:
        for position in positions:
            carry_out(position)

    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(chains) or 1))) as pool:
        list(pool.map(carry_out_chain, chains.values()))
    try:
        record.complete(entry_id, report.state, report.summary, done=report.done, created=report.created)
    except RecordUnavailable as error:  # the change is made; the entry stays "pending", saying it may have been
        report.history_problem = str(error)
    return report


def _create(client: GentraceClient, dataset_id: str, case: CaseContent, existing: set[str]) -> str:
    try:
        return client.create_test_case(dataset_id, case.name, case.inputs, case.expected_outputs).id
    except GentraceError as error:
        if not error.may_have_acted:
            raise
        lost = error
    # The answer was lost after Gentrace may have created it: look, and send again only when it is surely not there.
    for found in client.list_test_cases(dataset_id=dataset_id):
        if (
            found.id not in existing
            and fingerprint(found.name, found.inputs, found.expected_outputs) == case.fingerprint
        ):
            return found.id
    try:
        return client.create_test_case(dataset_id, case.name, case.inputs, case.expected_outputs).id
    except GentraceError as error:
        error.message = f"{lost.message} {error.message}"
        raise


def _delete(client: GentraceClient, case_id: str) -> None:
    try:
        client.delete_test_case(case_id)
    except NotFound:
        return  # already gone: what was wanted
    except GentraceError as error:
        if not error.may_have_acted:
            raise
        try:
            client.get_test_case(case_id)
        except NotFound:
            return
        raise
