"""Copying cases from one dataset into another: the cases to send (each once, what the target already holds left
out by fingerprint, so copying the same cases again adds nothing), sent by the import's job (its concurrency, its
progress and Cancel, lost answers settled by listing, never by sending blindly again), and taking B's version of a
case into A, which is an edit of A's case through the one change path."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from services.cases.content import CaseContent, Pair, content_of
from services.cases.format import fingerprint
from services.comparing.matching import Matched
from services.gentrace.types import TestCase

NAME_LIMIT = 255  # Gentrace's limit on a dataset's name


@dataclass(frozen=True)
class CopiedCase:
    """A case to create in the target, as the import's job sends it (`services.importing.job.SendableCase`)."""

    row: int  # its place in the source dataset, from 1
    name: str
    fingerprint: str
    inputs: dict[str, Any]
    expected_outputs: dict[str, Any]

    @property
    def content(self) -> tuple[dict[str, Any], dict[str, Any]]:
        return self.inputs, self.expected_outputs


@dataclass(frozen=True)
class CopyPlan:
    cases: tuple[CopiedCase, ...]  # to send
    already_there: int  # chosen, but the target holds the same case
    repeated: int  # chosen twice or more (the same content): sent once

    @property
    def words(self) -> str:
        """What the review says besides the count: "2 are already there"."""
        parts = []
        if self.already_there:
            parts.append(f"{self.already_there:,} {'is' if self.already_there == 1 else 'are'} already there")
        if self.repeated:
            parts.append(f"{self.repeated:,} {'repeats' if self.repeated == 1 else 'repeat'} another one chosen")
        return "; ".join(parts)


def copy_plan(
    chosen: Iterable[TestCase], target: Sequence[TestCase], positions: dict[str, int] | None = None
) -> CopyPlan:
    """`chosen` (in their order) as the cases to create in `target`. `positions`: each chosen case's place in its
    dataset by id, for the report of what failed."""
    there = {fingerprint(case.name, case.inputs, case.expected_outputs) for case in target}
    planned: list[CopiedCase] = []
    seen: set[str] = set()
    already = repeated = 0
    for n, case in enumerate(chosen):
        print_ = fingerprint(case.name, case.inputs, case.expected_outputs)
        if print_ in there:
            already += 1
        elif print_ in seen:
            repeated += 1
        else:
            seen.add(print_)
            row = (positions or {}).get(case.id, n) + 1
            planned.append(CopiedCase(row, case.name, print_, dict(case.inputs), dict(case.expected_outputs or {})))
    return CopyPlan(tuple(planned), already, repeated)


def take_theirs(pairs: Iterable[Matched]) -> tuple[Pair, ...]:
    """B's version of each matched case, as edits of A's cases: A's case is replaced by one with B's name, inputs
    and expected outputs."""
    return tuple(
        Pair(content_of(pair.a), CaseContent(pair.b.name, pair.b.inputs, pair.b.expected_outputs or {}))
        for pair in pairs
    )


def duplicate_name(name: str) -> str:
    """ "Support FAQ (copy)", shortened to fit Gentrace's limit."""
    suffix = " (copy)"
    return name[: NAME_LIMIT - len(suffix)] + suffix
