"""The fixes a health finding offers, as changes to cases (pairs before → after) that go the way of every change:
reviewed, sent once by `services.cases.change.apply_pairs`, one history entry, undoable as a whole."""

from collections.abc import Sequence
from dataclasses import dataclass

from services.gentrace.types import TestCase
from services.health.findings import Health, KeyCoverage, values_at
from services.history.store import CaseContent, Pair


def content(case: TestCase) -> CaseContent:
    return CaseContent(case.name, case.inputs, case.expected_outputs or {}, case.id)


@dataclass(frozen=True)
class Fix:
    title: str  # what the button says: "Delete 3 repeats (keep the oldest of each)"
    note: str  # what the history entry says
    pairs: tuple[Pair, ...]
    left_alone: tuple[TestCase, ...] = ()  # cases the fix cannot change, said in the review


def delete_repeats(health: Health) -> Fix:
    """Every repeat deleted, the oldest copy of each kept."""
    pairs = tuple(Pair(content(case), None) for group in health.repeats for case in group.repeats)
    count = len(pairs)
    return Fix(
        f"Delete {count:,} repeat{'s' if count != 1 else ''} (keep the oldest of each)",
        f"Health fix: {count:,} repeat{'s' if count != 1 else ''} deleted, the oldest of each kept",
        pairs,
    )


def rename_key(cases: Sequence[TestCase], key: KeyCoverage) -> Fix:
    """`key` renamed to the common key it looks like, in every case that has it and not the other (those keep both
    and are left alone: a rename there would lose a value)."""
    assert key.looks_like is not None
    new = key.looks_like
    pairs, left_alone = [], []
    for case in cases:
        values = values_at(case, key.place)
        if key.key not in values:
            continue
        if new in values:
            left_alone.append(case)
            continue
        renamed = {new if name == key.key else name: value for name, value in values.items()}
        after = (
            CaseContent(case.name, renamed, case.expected_outputs or {})
            if key.place == "input"
            else CaseContent(case.name, case.inputs, renamed)
        )
        pairs.append(Pair(content(case), after))
    count = len(pairs)
    where = "input" if key.place == "input" else "expected output"
    return Fix(
        f"Rename key “{key.key}” to “{new}” in {count:,} case{'s' if count != 1 else ''}",
        f"Health fix: {where} key “{key.key}” renamed to “{new}”",
        tuple(pairs),
        tuple(left_alone),
    )
