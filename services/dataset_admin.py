"""Looking after datasets that exist: the list a pipeline's datasets are browsed in, and every change made to one
(name and description, golden, archived, deleting test cases), each guarded against a colleague's change made
since the page was loaded and against answers lost on the way."""

import json
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from services.errors import GentraceError, NotFound
from services.gentrace import GentraceClient
from services.models import Dataset, DatasetEdit, Pipeline, TestCase

# -- the list ---------------------------------------------------------------------------------------------------

SortKey = Literal["name", "cases", "created", "updated"]
SORTS: Mapping[str, tuple[SortKey, bool]] = {
    "Name (A to Z)": ("name", False),
    "Name (Z to A)": ("name", True),
    "Most test cases": ("cases", True),
    "Fewest test cases": ("cases", False),
    "Newest first": ("created", True),
    "Oldest first": ("created", False),
    "Recently updated": ("updated", True),
}


@dataclass(frozen=True, slots=True)
class DatasetRow:
    dataset: Dataset
    is_golden: bool
    case_count: int | None  # None: the cases could not be counted

    @property
    def archived(self) -> bool:
        return self.dataset.archived_at is not None


def dataset_rows(
    datasets: Sequence[Dataset],
    pipeline: Pipeline | None,
    counts: Mapping[str, int] | None,
    *,
    search: str = "",
    sort: str = "Name (A to Z)",
    show_archived: bool = False,
) -> list[DatasetRow]:
    """The datasets a person asked to see, in the order asked for; the golden one first among equals."""
    wanted = search.strip().casefold()
    golden = pipeline.golden_dataset_id if pipeline else None
    rows = [
        DatasetRow(d, d.id == golden, None if counts is None else counts.get(d.id, 0))
        for d in datasets
        if (show_archived or d.archived_at is None) and (not wanted or wanted in d.name.casefold())
    ]
    key, reverse = SORTS.get(sort, SORTS["Name (A to Z)"])
    order: dict[SortKey, Callable[[DatasetRow], Any]] = {
        "name": lambda row: row.dataset.name.casefold(),
        "cases": lambda row: row.case_count or 0,
        "created": lambda row: row.dataset.created_at,
        "updated": lambda row: row.dataset.updated_at,
    }
    rows.sort(key=order[key], reverse=reverse)
    return rows


def json_text(value: object) -> str:
    """A value as one line of JSON, every character as itself."""
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def case_text(case: TestCase) -> str:
    """What a search of test cases looks in: the name, the inputs and the expected outputs."""
    return f"{case.name}\n{json_text(case.inputs)}\n{json_text(case.expected_outputs or {})}"


def matching_cases(cases: Sequence[TestCase], texts: Sequence[str], search: str) -> list[TestCase]:
    """The cases whose text (`texts[i]` belongs to `cases[i]`, already case-folded) holds the search text."""
    wanted = search.strip().casefold()
    if not wanted:
        return list(cases)
    return [case for case, text in zip(cases, texts, strict=True) if wanted in text]


# -- what changed since the page was loaded ------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    what: str
    before: str
    after: str


def _shown(value: str | None) -> str:
    return value if value else "(none)"


def _archived(moment: datetime | None) -> str:
    return "archived" if moment is not None else "active"


def changes_between(seen: Dataset, current: Dataset) -> list[FieldChange]:
    """What a colleague changed: each field that differs, old and new."""
    found = []
    if seen.name != current.name:
        found.append(FieldChange("Name", seen.name, current.name))
    if seen.description != current.description:
        found.append(FieldChange("Description", _shown(seen.description), _shown(current.description)))
    if (seen.archived_at is None) != (current.archived_at is None):
        found.append(FieldChange("Status", _archived(seen.archived_at), _archived(current.archived_at)))
    return found


class ChangedElsewhere(Exception):
    """The dataset (or its pipeline's golden dataset) changed since the page was loaded."""

    def __init__(self, current: Dataset, changes: list[FieldChange]) -> None:
        self.current = current
        self.changes = changes
        super().__init__("; ".join(f"{c.what}: {c.before} → {c.after}" for c in changes) or "updated")


# -- changes ------------------------------------------------------------------------------------------------------

ChangeKind = Literal["edit", "golden", "archive"]


@dataclass(frozen=True)
class DatasetChange:
    """One change a person asked for. Build with `edit`, `golden` or `archive`."""

    kind: ChangeKind
    edit: DatasetEdit | None = None
    on: bool = False  # golden: make it golden (True) or stop it (False); archive: archive (True) or restore

    @classmethod
    def of_edit(cls, edit: DatasetEdit) -> "DatasetChange":
        return cls("edit", edit=edit)

    @classmethod
    def golden(cls, on: bool) -> "DatasetChange":
        return cls("golden", on=on)

    @classmethod
    def archive(cls, on: bool) -> "DatasetChange":
        return cls("archive", on=on)

    def done_in(self, dataset: Dataset, pipeline: Pipeline | None) -> bool:
        """True when `dataset` (and its pipeline) already shows this change."""
        if self.kind == "edit" and self.edit is not None:
            return dataset.name == self.edit.name and dataset.description == self.edit.description
        if self.kind == "archive":
            return (dataset.archived_at is not None) == self.on
        return pipeline is not None and (pipeline.golden_dataset_id == dataset.id) == self.on

    @property
    def done_message(self) -> str:
        if self.kind == "edit":
            return "Saved."
        if self.kind == "archive":
            return "Archived." if self.on else "Restored."
        return "It is now the golden dataset." if self.on else "It is no longer the golden dataset."


@dataclass(frozen=True)
class ChangeResult:
    dataset: Dataset
    pipeline: Pipeline | None  # read back after a golden change; None when not read or the read failed
    message: str
    recovered: str | None = None  # the answer was lost, and reading back showed the change was made
    sent: bool = True  # False: the dataset already showed the change, so nothing was sent


def _changes_since(
    seen: Dataset, current: Dataset, seen_golden: str | None, pipeline: Pipeline | None
) -> list[FieldChange]:
    changes = changes_between(seen, current) if current.updated_at != seen.updated_at else []
    if current.updated_at != seen.updated_at and not changes:
        changes = [FieldChange("Last updated", seen.updated_at.isoformat(), current.updated_at.isoformat())]
    if pipeline is not None and pipeline.golden_dataset_id != seen_golden:
        changes.append(
            FieldChange("Pipeline's golden dataset", _shown(seen_golden), _shown(pipeline.golden_dataset_id))
        )
    return changes


def _send(client: GentraceClient, dataset_id: str, change: DatasetChange) -> Dataset:
    if change.kind == "edit" and change.edit is not None:
        return client.update_dataset(dataset_id, name=change.edit.name, description=change.edit.description)
    if change.kind == "archive":
        return client.update_dataset(dataset_id, is_archived=change.on)
    return client.update_dataset(dataset_id, is_golden=change.on)


def apply_change(
    client: GentraceClient,
    seen: Dataset,
    change: DatasetChange,
    *,
    seen_golden: str | None = None,
    overwrite: bool = False,
) -> ChangeResult:
    """Reads the dataset again; when it already shows the change (a second click of a double-click), sends nothing;
    refuses with `ChangedElsewhere` when it moved since `seen` (unless `overwrite`); sends the change once, and when
    the answer is lost reads the dataset back to tell whether it was made."""
    current = client.get_dataset(seen.id)
    pipeline_now = client.get_pipeline(seen.pipeline_id) if change.kind == "golden" else None
    if change.done_in(current, pipeline_now):
        return ChangeResult(current, pipeline_now, change.done_message, sent=False)
    if not overwrite and (changes := _changes_since(seen, current, seen_golden, pipeline_now)):
        raise ChangedElsewhere(current, changes)
    try:
        dataset = _send(client, seen.id, change)
    except GentraceError as error:
        if not error.may_have_acted:
            raise
        try:
            dataset = client.get_dataset(seen.id)
            pipeline = client.get_pipeline(seen.pipeline_id) if change.kind == "golden" else None
        except GentraceError:
            error.message += " It may or may not have been changed: reload the page to see, before trying again."
            raise error from None
        if not change.done_in(dataset, pipeline):
            error.message += " Reading the dataset back shows it was not changed, so it is safe to try again."
            error.may_have_acted = False
            raise error from None
        recovered = f"{error.message} Reading the dataset back shows the change was made, once."
        return ChangeResult(dataset, pipeline, change.done_message, recovered)
    pipeline = None
    if change.kind == "golden":
        try:
            pipeline = client.get_pipeline(seen.pipeline_id)
        except GentraceError:
            pipeline = None
    return ChangeResult(dataset, pipeline, change.done_message)


# -- deleting test cases ------------------------------------------------------------------------------------------


@dataclass
class DeleteReport:
    asked: int
    deleted: list[str] = field(default_factory=list)  # ids, including those that were already gone
    failed: list[tuple[TestCase, str]] = field(default_factory=list)  # case, what went wrong

    @property
    def message(self) -> str:
        deleted = len(self.deleted)
        text = f"Deleted {deleted:,} of {self.asked:,} test case{'s' if self.asked != 1 else ''}."
        if self.failed:
            text += f" {len(self.failed):,} could not be deleted: see below, then try again."
        return text


def _delete_one(client: GentraceClient, case: TestCase) -> str | None:
    """None when the case is gone afterwards (deleted now or before); else what went wrong."""
    try:
        client.delete_test_case(case.id)
    except NotFound:
        return None
    except GentraceError as error:
        if not error.may_have_acted:
            return error.message
        try:
            client.get_test_case(case.id)
        except NotFound:
            return None
        except GentraceError:
            return f"{error.message} It may or may not have been deleted."
        return f"{error.message} It was not deleted."
    return None


def delete_test_cases(client: GentraceClient, cases: Sequence[TestCase], concurrency: int = 8) -> DeleteReport:
    """Deletes each case once, several at a time; a case already gone counts as deleted."""
    report = DeleteReport(asked=len(cases))
    lock = threading.Lock()

    def delete(case: TestCase) -> None:
        problem = _delete_one(client, case)
        with lock:
            if problem is None:
                report.deleted.append(case.id)
            else:
                report.failed.append((case, problem))

    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(cases) or 1))) as pool:
        list(pool.map(delete, cases))
    return report
