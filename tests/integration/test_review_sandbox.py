"""A fix saved in review, against the sandbox with its faults: a lost answer ends with exactly one copy, and that
copy approved; an old version that cannot be deleted leaves both, and neither approved."""

from pathlib import Path

import pytest

from services.cases.change import CaseChange, change_cases
from services.cases.content import CaseContent, Pair, content_of
from services.database.engine import open_database
from services.gentrace.client import GentraceClient
from services.history.store import HistoryStore
from services.review.fix import approve_the_fix
from services.review.rules import Standing, standings
from services.review.store import ReviewStore
from tests.conftest import Api

CASES = [{"name": "Refund", "inputs": {"q": "Refund?"}, "expectedOutputs": {"answer": "No"}}]


@pytest.fixture
def reviews(tmp_path: Path) -> ReviewStore:
    return ReviewStore(open_database(f"sqlite:///{tmp_path / 'studio.db'}"))


def fix(client: GentraceClient, store: HistoryStore, reviews: ReviewStore, dataset_id: str) -> int:
    (case,) = client.list_test_cases(dataset_id=dataset_id)
    fixed = CaseContent(case.name, case.inputs, {"answer": "Within 30 days"})
    change = CaseChange(dataset_id, "edit", (Pair(content_of(case), fixed),), "ana@example.com")
    report = change_cases(client, store, change)
    return approve_the_fix(reviews, dataset_id, report, "ana@example.com")


def where_they_stand(client: GentraceClient, reviews: ReviewStore, dataset_id: str) -> list[tuple[str, Standing]]:
    cases = client.list_test_cases(dataset_id=dataset_id)
    marks, needed = reviews.read([dataset_id])
    shown = standings([(c.name, content_of(c).fingerprint) for c in cases], marks[dataset_id], needed[dataset_id])
    return [((c.expected_outputs or {})["answer"], standing) for c, standing in zip(cases, shown, strict=True)]


@pytest.mark.parametrize("fault", ["drop=after", "slow=3", "status=503"])
def test_a_fix_whose_create_answer_is_lost_ends_with_one_copy_and_that_copy_approved(
    client: GentraceClient, store: HistoryStore, reviews: ReviewStore, faulty_api: Api, fault: str
) -> None:
    dataset = faulty_api.new_dataset("Fix lost", cases=CASES)
    faulty_api.inject("POST /api/v4/test-cases", fault, 1)
    assert fix(client, store, reviews, dataset["id"]) == 1
    ((answer, standing),) = where_they_stand(client, reviews, dataset["id"])
    assert answer == "Within 30 days"
    assert (standing.state, standing.approvers) == ("approved", ("ana@example.com",))


def test_a_fix_whose_delete_fails_leaves_both_versions_and_neither_approved(
    client: GentraceClient, store: HistoryStore, reviews: ReviewStore, faulty_api: Api
) -> None:
    dataset = faulty_api.new_dataset("Fix both", cases=CASES)
    (old,) = client.list_test_cases(dataset_id=dataset["id"])
    faulty_api.inject(f"DELETE /api/v4/test-cases/{old.id}", "status=500", 1)
    assert fix(client, store, reviews, dataset["id"]) == 0
    both = where_they_stand(client, reviews, dataset["id"])
    assert sorted(answer for answer, _ in both) == ["No", "Within 30 days"]
    assert [standing.state for _, standing in both] == ["to review", "to review"]
