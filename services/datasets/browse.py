"""Browsing: a pipeline's datasets as rows to sort and search, and a dataset's cases searched by their text."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from services.cases.format import json_text
from services.gentrace.types import Dataset, Pipeline, TestCase

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


def case_text(case: TestCase) -> str:
    """What a search of test cases looks in: the name, the inputs and the expected outputs."""
    return f"{case.name}\n{json_text(case.inputs)}\n{json_text(case.expected_outputs or {})}"


def matching_cases(cases: Sequence[TestCase], texts: Sequence[str], search: str) -> list[TestCase]:
    """The cases whose text (`texts[i]` belongs to `cases[i]`, already case-folded) holds the search text."""
    wanted = search.strip().casefold()
    if not wanted:
        return list(cases)
    return [case for case, text in zip(cases, texts, strict=True) if wanted in text]
