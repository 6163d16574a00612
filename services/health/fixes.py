"""The fixes a health finding offers, as changes to cases (pairs before → after) that go the way of every change:
reviewed, sent once by `services.cases.change`, one history entry, undoable as a whole."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from services.cases.content import CaseContent, Pair, content_of
from services.gentrace.types import TestCase
from services.health.findings import Health, KeyCoverage, Place, values_at


@dataclass(frozen=True)
class Fix:
    kind: Literal["delete repeats", "rename key"]
    note: str  # what the history entry says
    pairs: tuple[Pair, ...]
    left_alone: tuple[TestCase, ...] = ()  # cases the fix cannot change (a rename there would lose a value)
    place: Place = "input"  # a rename's side, and its keys
    key: str = ""
    new_key: str = ""


def delete_repeats(health: Health) -> Fix:
    """Every repeat deleted, the oldest copy of each kept."""
    pairs = tuple(Pair(content_of(case), None) for group in health.repeats for case in group.repeats)
    count = len(pairs)
    return Fix(
        "delete repeats",
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
        pairs.append(Pair(content_of(case), after))
    where = "input" if key.place == "input" else "expected output"
    return Fix(
        "rename key",
        f"Health fix: {where} key “{key.key}” renamed to “{new}”",
        tuple(pairs),
        tuple(left_alone),
        key.place,
        key.key,
        new,
    )
