"""Undoing a history entry: its pairs reversed (a case it added is deleted, one it deleted is created again, an
edited one is put back as it was), after checking what the dataset holds now. A case changed or removed since the
entry is left alone and listed; the rest is undone. Undoing an undo redoes."""

from collections.abc import Sequence
from dataclasses import dataclass

from services.cases.content import CaseContent, Pair, content_of
from services.cases.format import fingerprint
from services.database.engine import as_utc
from services.gentrace.types import TestCase
from services.history.store import Entry


@dataclass(frozen=True)
class LeftAlone:
    case: CaseContent
    reason: str


@dataclass(frozen=True)
class UndoPlan:
    """`pairs` is what the undo does, as the history will record it: (the case now, the case it puts back)."""

    entry: Entry
    pairs: tuple[Pair, ...]
    left_alone: tuple[LeftAlone, ...]

    @property
    def to_create(self) -> int:
        return sum(1 for pair in self.pairs if pair.after is not None)

    @property
    def to_delete(self) -> int:
        return sum(1 for pair in self.pairs if pair.before is not None)


def undo_plan(entry: Entry, current: Sequence[TestCase]) -> UndoPlan:
    """What undoing `entry` would do to a dataset whose cases are now `current`. Only the pairs the entry carried
    out are undone (a pending or partial entry's others never happened)."""
    by_id = {case.id: case for case in current}
    by_print: dict[str, TestCase] = {}
    made_since: dict[str, list[TestCase]] = {}  # cases created after the entry: what put a deleted one back
    for case in current:
        print_ = fingerprint(case.name, case.inputs, case.expected_outputs)
        by_print.setdefault(print_, case)
        if as_utc(case.created_at) > as_utc(entry.created_at):
            made_since.setdefault(print_, []).append(case)
    pairs: list[Pair] = []
    left: list[LeftAlone] = []
    for pair in entry.pairs:
        if not pair.done:
            continue
        now = None
        if pair.after is not None:  # the entry made this case: it must still be there, unchanged
            now = by_id.get(pair.after.case_id or "") or by_print.get(pair.after.fingerprint)
            if now is None:
                left.append(LeftAlone(pair.after, "removed since"))
                continue
            if fingerprint(now.name, now.inputs, now.expected_outputs) != pair.after.fingerprint:
                left.append(LeftAlone(content_of(now), "changed since"))
                continue
        restore = pair.before
        if restore is not None and now is None and made_since.get(restore.fingerprint):
            # Put back since (by an earlier undo, or by hand). An older copy with the same content does not count:
            # deleting a dataset's repeats keeps one, and undoing it must bring the others back.
            made_since[restore.fingerprint].pop()
            left.append(LeftAlone(restore, "already there again"))
            continue
        pairs.append(Pair(content_of(now) if now is not None else None, restore))
    return UndoPlan(entry, tuple(pairs), tuple(left))
