"""Matching two datasets' cases (by name, by inputs, names or inputs used twice), the copy plan, taking B's version,
a duplicate's name and note."""

from datetime import UTC, datetime
from typing import Any

from services.cases.content import CaseContent
from services.comparing.copying import copy_plan, duplicate_name, take_theirs
from services.comparing.duplicating import duplicate_note, source_of, unfinished
from services.comparing.matching import NotMatched, compare
from services.gentrace.types import Dataset, TestCase
from services.history.store import Entry

NOW = datetime(2026, 12, 7, tzinfo=UTC)


def case(name: str, inputs: dict[str, Any], answer: str = "Yes", at: int = 0) -> TestCase:
    return TestCase.model_construct(
        id=f"{name}-{answer}-{at}", created_at=NOW, updated_at=NOW, inputs=inputs, expected_outputs={"answer": answer},
        dataset_id="d", name=name, pipeline_id="p",
    )  # fmt: skip


def dataset(name: str, dataset_id: str = "00000000-0000-4000-8000-000000000001") -> Dataset:
    return Dataset.model_construct(id=dataset_id, name=name, pipeline_id="p", description=None, archived_at=None)


def names(cases: tuple[TestCase, ...]) -> list[str]:
    return [c.name for c in cases]


def test_matched_by_name_each_case_lands_in_one_group() -> None:
    a = [case("Refund", {"q": "Refund?"}), case("Invoice", {"q": "Invoice?"}), case("Same", {"q": "s"}),
         case("Mine", {"q": "m"})]  # fmt: skip
    b = [case("Refund", {"q": "Refund?"}, "No"), case("Same", {"q": "s"}), case("Theirs", {"q": "t"})]
    found = compare(a, b, "name")
    assert names(found.only_a) == ["Invoice", "Mine"] and names(found.only_b) == ["Theirs"]
    assert [(p.a.name, p.b.expected_outputs) for p in found.different] == [("Refund", {"answer": "No"})]
    assert [p.a.name for p in found.identical] == ["Same"] and not found.not_matched
    assert found.counts_line == "2 only in A · 1 only in B · 1 in both, different · 1 identical"


def test_matched_by_inputs_the_key_order_is_ignored_and_a_new_name_is_a_difference() -> None:
    a = [case("Refund", {"q": "Refund?", "tier": "pro"})]
    b = [case("Refund question", {"tier": "pro", "q": "Refund?"})]
    found = compare(a, b, "inputs")
    assert [(p.a.name, p.b.name) for p in found.different] == [("Refund", "Refund question")]
    assert compare(a, b, "name").only_b == tuple(b)


def test_a_name_used_twice_is_not_matched_never_guessed() -> None:
    a = [case("Refund", {"q": "1"}), case("Refund", {"q": "2"}, at=1), case("Other", {"q": "o"})]
    b = [case("Refund", {"q": "1"}), case("Lone", {"q": "l"}), case("Lone", {"q": "l2"}, at=1)]
    found = compare(a, b, "name")
    assert not found.different and not found.identical
    assert names(found.only_a) == ["Other"] and not found.only_b
    refund, lone = found.not_matched
    assert refund.words("name") == "2 cases named “Refund” in A (1 in B)"
    assert lone.words("name") == "2 cases named “Lone” in B"
    both = NotMatched("x", tuple(a[:2]), tuple(b[1:]))
    assert both.words("inputs") == "2 cases with the same inputs in A and 2 in B"


def test_the_copy_plan_leaves_out_what_is_there_and_sends_repeats_once() -> None:
    chosen = [case("New", {"q": "n"}), case("Here", {"q": "h"}), case("New", {"q": "n"}, at=1)]
    plan = copy_plan(chosen, [case("Here", {"q": "h"}, at=9)], {chosen[0].id: 4})
    assert [(c.name, c.row) for c in plan.cases] == [("New", 5)]
    assert (plan.already_there, plan.repeated) == (1, 1)
    assert plan.words == "1 is already there; 1 repeats another one chosen"
    assert plan.cases[0].content == ({"q": "n"}, {"answer": "Yes"})
    assert copy_plan(chosen, chosen).cases == ()  # copying again adds nothing


def test_taking_bs_version_is_an_edit_of_as_case() -> None:
    mine, theirs = case("Refund", {"q": "r"}), case("Refund!", {"q": "r"}, "No")
    (pair,) = take_theirs([type("M", (), {"a": mine, "b": theirs})()])  # type: ignore[list-item]
    assert pair.before is not None and pair.before.case_id == mine.id
    assert pair.after == CaseContent("Refund!", {"q": "r"}, {"answer": "No"})


def test_a_duplicate_is_named_within_the_limit_and_known_again_by_its_note() -> None:
    assert duplicate_name("Support FAQ") == "Support FAQ (copy)"
    assert len(duplicate_name("x" * 255)) == 255
    source = dataset("Support “FAQ”")
    entry = Entry("e", "new", "copy", "ana", duplicate_note(source), "pending", "", NOW, None, None, 3, 0, 0)
    assert source_of(entry) == source.id
    assert (
        source_of(Entry("e", "new", "import", "ana", duplicate_note(source), "done", "", NOW, None, None, 3, 0, 0))
        is None
    )
    left = unfinished(source, [case("A", {"q": "a"}), case("B", {"q": "b"})], [case("A", {"q": "a"}, at=3)])
    assert left.present == 1 and [c.name for c in left.missing] == ["B"]
