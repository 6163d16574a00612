"""Browsing: every dataset as rows to filter, sort and search, and a dataset's cases searched by their text."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from services.cases.format import json_text
from services.gentrace.types import Dataset, Pipeline, TestCase

# -- the list ---------------------------------------------------------------------------------------------------

SortKey = Literal["name", "pipeline", "cases", "created", "updated"]
Sort = tuple[SortKey, bool]  # what to sort by, and whether descending
BY_NAME: Sort = ("name", False)


@dataclass(frozen=True, slots=True)
class DatasetRow:
    dataset: Dataset
    pipeline: Pipeline | None  # None: archived, deleted, or not in the list of pipelines
    is_golden: bool
    case_count: int | None  # None: the cases could not be counted

    @property
    def archived(self) -> bool:
        return self.dataset.archived_at is not None


def dataset_rows(
    datasets: Sequence[Dataset],
    pipelines: Mapping[str, Pipeline],
    counts: Mapping[str, int] | None,
    *,
    search: str = "",
    sort: Sort = BY_NAME,
    show_archived: bool = False,
) -> list[DatasetRow]:
    """The datasets a person asked to see, in the order asked for, each with its pipeline (by id, from `pipelines`)
    and whether it is that pipeline's golden dataset."""
    wanted = search.strip().casefold()
    rows = []
    for d in datasets:
        if (show_archived or d.archived_at is None) and (not wanted or wanted in d.name.casefold()):
            pipeline = pipelines.get(d.pipeline_id)
            golden = pipeline is not None and pipeline.golden_dataset_id == d.id
            rows.append(DatasetRow(d, pipeline, golden, None if counts is None else counts.get(d.id, 0)))
    key, reverse = sort
    order: dict[SortKey, Callable[[DatasetRow], Any]] = {
        "name": lambda row: row.dataset.name.casefold(),
        "pipeline": lambda row: ((row.pipeline.label if row.pipeline else row.dataset.pipeline_id).casefold(),
                                 row.dataset.name.casefold()),
        "cases": lambda row: row.case_count or 0,
        "created": lambda row: row.dataset.created_at,
        "updated": lambda row: row.dataset.updated_at,
    }  # fmt: skip
    rows.sort(key=order[key], reverse=reverse)
    return rows


def case_text(case: TestCase) -> str:
    """What a search of test cases looks in: the name, the inputs and the expected outputs."""
    return f"{case.name}\n{json_text(case.inputs)}\n{json_text(case.expected_outputs or {})}"


def search_texts(cases: Sequence[TestCase]) -> tuple[str, ...]:
    """Each case's text as a search looks in it, lower-cased (`matching_cases`)."""
    return tuple(case_text(case).casefold() for case in cases)


def in_file_order(prints: Sequence[str], rows: Mapping[str, int]) -> list[int] | None:
    """The cases' positions with those an import created (known by fingerprint → the file's row) put in the file's
    order among themselves, everything else where it was. An import sends rows several at once, so Gentrace's
    creation order can swap neighbours. None when no case came from that import."""
    mine = [at for at, print_ in enumerate(prints) if print_ in rows]
    if not mine:
        return None
    order = list(range(len(prints)))
    for at, taken in zip(mine, sorted(mine, key=lambda position: rows[prints[position]]), strict=True):
        order[at] = taken
    return order


def matching_cases(cases: Sequence[TestCase], texts: Sequence[str], search: str) -> list[TestCase]:
    """The cases whose text (`texts[i]` belongs to `cases[i]`, already case-folded) holds the search text."""
    wanted = search.strip().casefold()
    if not wanted:
        return list(cases)
    return [case for case, text in zip(cases, texts, strict=True) if wanted in text]
