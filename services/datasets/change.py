"""Changing a dataset (name and description, golden, archived): what changed since the page was loaded (a
colleague's change is shown, never overwritten), sending it, and telling from a read-back whether a lost answer's
change was made."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import assert_never

from services.failures import ExpectedFailure
from services.gentrace.client import GentraceClient
from services.gentrace.errors import GentraceError
from services.gentrace.types import Dataset, DatasetEdit, Pipeline

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


class ChangedElsewhere(ExpectedFailure):
    """The dataset (or its pipeline's golden dataset) changed since the page was loaded."""

    def __init__(self, current: Dataset, changes: list[FieldChange]) -> None:
        self.current = current
        self.changes = changes
        super().__init__("; ".join(f"{c.what}: {c.before} → {c.after}" for c in changes) or "updated")


# -- changes ------------------------------------------------------------------------------------------------------


class ChangeKind(StrEnum):
    EDIT = "edit"  # name and description
    GOLDEN = "golden"
    ARCHIVE = "archive"


@dataclass(frozen=True)
class DatasetChange:
    """One change a person asked for. Build with `edit`, `golden` or `archive`."""

    kind: ChangeKind
    edit: DatasetEdit | None = None
    on: bool = False  # golden: make it golden (True) or stop it (False); archive: archive (True) or restore

    @classmethod
    def of_edit(cls, edit: DatasetEdit) -> "DatasetChange":
        return cls(ChangeKind.EDIT, edit=edit)

    @classmethod
    def golden(cls, on: bool) -> "DatasetChange":
        return cls(ChangeKind.GOLDEN, on=on)

    @classmethod
    def archive(cls, on: bool) -> "DatasetChange":
        return cls(ChangeKind.ARCHIVE, on=on)

    def done_in(self, dataset: Dataset, pipeline: Pipeline | None) -> bool:
        """True when `dataset` (and its pipeline) already shows this change."""
        match self.kind:
            case ChangeKind.EDIT:
                assert self.edit is not None
                return dataset.name == self.edit.name and dataset.description == self.edit.description
            case ChangeKind.ARCHIVE:
                return (dataset.archived_at is not None) == self.on
            case ChangeKind.GOLDEN:
                return pipeline is not None and (pipeline.golden_dataset_id == dataset.id) == self.on
            case _:
                assert_never(self.kind)

    @property
    def done_message(self) -> str:
        match self.kind:
            case ChangeKind.EDIT:
                return "Saved."
            case ChangeKind.ARCHIVE:
                return "Archived." if self.on else "Restored."
            case ChangeKind.GOLDEN:
                return "It is now the golden dataset." if self.on else "It is no longer the golden dataset."
            case _:
                assert_never(self.kind)


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
    match change.kind:
        case ChangeKind.EDIT:
            assert change.edit is not None
            return client.update_dataset(dataset_id, name=change.edit.name, description=change.edit.description)
        case ChangeKind.ARCHIVE:
            return client.update_dataset(dataset_id, is_archived=change.on)
        case ChangeKind.GOLDEN:
            return client.update_dataset(dataset_id, is_golden=change.on)
        case _:
            assert_never(change.kind)


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
    pipeline_now = client.get_pipeline(seen.pipeline_id) if change.kind is ChangeKind.GOLDEN else None
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
            pipeline = client.get_pipeline(seen.pipeline_id) if change.kind is ChangeKind.GOLDEN else None
        except GentraceError:
            error.message += " It may or may not have been changed: look at the dataset again before trying again."
            raise error from None
        if not change.done_in(dataset, pipeline):
            error.message += " Reading the dataset back shows it was not changed, so it is safe to try again."
            error.may_have_acted = False
            raise error from None
        recovered = f"{error.message} Reading the dataset back shows the change was made, once."
        return ChangeResult(dataset, pipeline, change.done_message, recovered)
    pipeline = None
    if change.kind is ChangeKind.GOLDEN:
        try:
            pipeline = client.get_pipeline(seen.pipeline_id)
        except GentraceError:
            pipeline = None
    return ChangeResult(dataset, pipeline, change.done_message)
