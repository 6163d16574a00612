"""Duplicating a dataset: the new dataset created once (an unanswered create is looked for, never sent again blindly),
then every case of the source copied into it by the import's job, recorded as one History entry in the new dataset
whose note names the source. That note is how an interrupted duplicate is known again later: its entry never
completed, or completed with cases missing, and copying the source again finishes it (the copy skips what is there).
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from services.comparing.copying import CopiedCase, copy_plan
from services.datasets.create import CreatedDataset, create_and_read_back
from services.gentrace.client import GentraceClient
from services.gentrace.types import Dataset, DatasetCreate, TestCase
from services.history.store import Entry
from services.importing.job import ImportJob

_NOTE = re.compile(r"^duplicate of “.*” \(([0-9a-fA-F-]{36})\)$", re.DOTALL)


def duplicate_note(source: Dataset) -> str:
    """The copy's History note in the new dataset: "duplicate of “Support FAQ” (<its id>)"."""
    return f"duplicate of “{source.name}” ({source.id})"


def source_of(entry: Entry) -> str | None:
    """The id of the dataset this History entry duplicated, if it is a duplicate's copy."""
    match = _NOTE.match(entry.note) if entry.kind == "copy" else None
    return match.group(1).lower() if match else None


@dataclass(frozen=True)
class Duplicate:
    created: CreatedDataset
    job: ImportJob | None  # the copy of the cases; None when the source had none


StartCopy = Callable[[str, Sequence[CopiedCase]], ImportJob]  # (target id, cases) → the running copy


def duplicate(client: GentraceClient, source: Dataset, request: DatasetCreate, start_copy: StartCopy) -> Duplicate:
    """Creates the new dataset, then starts the copy of every case the source has now (listed first, so what is
    copied is what the source holds at that moment)."""
    cases: list[TestCase] = client.list_test_cases(dataset_id=source.id)
    created = create_and_read_back(client, request)
    plan = copy_plan(cases, ())
    if not plan.cases:
        return Duplicate(created, None)
    return Duplicate(created, start_copy(created.dataset.id, plan.cases))


@dataclass(frozen=True)
class Unfinished:
    """A duplicate whose copy did not finish: what exists, and what to copy to finish it."""

    source: Dataset
    missing: tuple[CopiedCase, ...]
    present: int  # of the source's cases, how many the duplicate has


def unfinished(source: Dataset, source_cases: Sequence[TestCase], duplicate_cases: Sequence[TestCase]) -> Unfinished:
    plan = copy_plan(source_cases, duplicate_cases)
    return Unfinished(source, plan.cases, plan.already_there)
