"""A dataset's health on small hand-made datasets: each finding, and what must not be flagged."""

import itertools
import random
import string
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from services.database.engine import open_database
from services.gentrace.types import TestCase
from services.health.checks import HealthChecks, listing_mark
from services.health.findings import analyse, input_text, verdict
from services.health.fixes import delete_repeats, rename_key
from services.health.near_repeats import DEFAULT_THRESHOLD, near_pairs, normalised
from services.health.summaries import HealthSummaries
from services.history.store import HistoryStore
from tests.conftest import GOOD_QUESTIONS

START = datetime(2026, 12, 1, tzinfo=UTC)
_clock = itertools.count()


def case(inputs: dict[str, Any], expected: dict[str, Any] | None = None, name: str = "A case") -> TestCase:
    created = START + timedelta(minutes=next(_clock))
    return TestCase.model_validate(
        {
            "id": str(uuid.uuid4()),
            "datasetId": "123e4567-e89b-42d3-a456-426614174001",
            "pipelineId": "123e4567-e89b-42d3-a456-426614174002",
            "name": name,
            "inputs": inputs,
            "expectedOutputs": expected,
            "createdAt": created.isoformat(),
            "updatedAt": created.isoformat(),
        }
    )


def distinct(n: int) -> list[TestCase]:
    """Cases with nothing in common but their keys: nothing to flag."""
    return [case({"question": GOOD_QUESTIONS[n]}, {"answer": f"Answer {n}"}) for n in range(n)]


def test_a_clean_dataset_has_no_problems_and_says_so() -> None:
    health = analyse(distinct(12))
    assert health.counts() == dict.fromkeys(health.counts(), 0)
    assert verdict(health) == "No problems found in 12 cases."


def test_an_empty_dataset_says_there_is_nothing_to_check() -> None:
    health = analyse([])
    assert health.total == 0 and health.problems() == 0
    assert verdict(health) == "No test cases yet, so nothing to check."


def test_exact_repeats_keep_the_oldest_and_count_only_the_copies() -> None:
    first = case({"question": "Refund?"}, {"answer": "Yes"}, name="Refund")
    second = case({"question": "Refund?"}, {"answer": "Yes"}, name="Refund")
    third = case({"question": "Refund?"}, {"answer": "Yes"}, name="Refund")
    other_name = case({"question": "Refund?"}, {"answer": "Yes"}, name="Refund, again")  # not a repeat: its name
    health = analyse([third, first, second, other_name, *distinct(5)])
    (group,) = health.repeats
    assert group.kept.id == first.id
    assert {c.id for c in group.repeats} == {second.id, third.id}
    assert health.counts()["repeats"] == 2
    assert health.counts()["contradictions"] == 0  # the same answer everywhere
    fix = delete_repeats(health)
    assert (fix.kind, len(fix.pairs)) == ("delete repeats", 2)
    assert {p.before.case_id for p in fix.pairs if p.before} == {second.id, third.id}
    assert all(p.after is None for p in fix.pairs)


def test_same_inputs_with_different_expected_outputs_contradict() -> None:
    yes = case({"question": "Can I get a refund?", "plan": "pro"}, {"answer": "Yes"})
    no = case({"plan": "pro", "question": "Can I get a refund?"}, {"answer": "No"})  # key order does not matter
    health = analyse([yes, no, *distinct(5)])
    (contradiction,) = health.contradictions
    assert {tuple(c.id for c in answer) for answer in contradiction.answers} == {(yes.id,), (no.id,)}
    assert health.counts()["repeats"] == 0
    assert health.counts()["near"] == 0  # identical inputs are not near repeats


def test_near_repeats_differ_by_a_mark_a_capital_spacing_or_a_word() -> None:
    base = "How do I reset my password when the email link has expired"
    variants = [
        case({"question": base + "?"}, {"answer": "a"}),
        case({"question": base.lower()}, {"answer": "b"}),
        case({"question": base.replace("my ", "my  ")}, {"answer": "c"}),
        case({"question": base.replace("expired", "timed out")}, {"answer": "d"}),
    ]
    health = analyse([case({"question": base}, {"answer": "e"}), *variants, *distinct(10)])
    (group,) = health.near_groups(80)
    assert len(group.texts) == 5
    assert health.counts(80)["near"] == 1
    assert group.similarity(1) == 100.0  # a trailing "?" changes nothing the threshold sees


def test_near_repeats_follow_the_threshold() -> None:
    cases = [
        case({"question": "What is the capital of France"}),
        case({"question": "What is the capital city of France"}),
        *distinct(5),
    ]
    health = analyse(cases)
    assert len(health.near_groups(85)) == 1
    assert health.near_groups(95) == ()


def test_unrelated_texts_that_share_common_words_are_not_near_repeats() -> None:
    health = analyse(
        [
            case({"question": "How do I get a refund for my order"}),
            case({"question": "How do I change the address on my account"}),
            case({"question": "How do I export my invoices as a spreadsheet"}),
        ]
    )
    assert health.near_groups(70) == ()


def test_near_repeats_among_many_are_found_by_blocking_not_by_every_pair() -> None:
    pick = random.Random(19).choice
    words = ["".join(pick(string.ascii_lowercase) for _ in range(6)) for _ in range(3_000)]
    texts = [" ".join(pick(words) for _ in range(14)) for _ in range(2_000)]
    texts.append(texts[500] + " too")
    texts.append(texts[1500].upper() + "!")
    near = near_pairs(texts)
    groups = [set(group) for group in near.groups(90)]
    assert {500, 2000} in groups and {1500, 2001} in groups
    assert len(near.pairs) < 100  # far from the 2 million pairs comparing everything would score


def test_normalising_drops_case_marks_and_spacing_in_any_script() -> None:
    assert normalised("  What's   THE plan?! ") == "what s the plan"
    assert normalised("Ça   coûte COMBIEN ?") == "ça coûte combien"
    assert normalised("a_b") == "a b"


def test_cases_with_no_expected_output_or_a_blank_common_key_miss_one() -> None:
    none = case({"question": "A"}, None)
    empty = case({"question": "B"}, {})
    blank = case({"question": "C"}, {"answer": "  ", "source": "faq"})
    fine = [case({"question": f"Q{n}"}, {"answer": f"A{n}"}) for n in range(5)]
    health = analyse([none, empty, blank, *fine])
    missing = {m.case.id: m.keys for m in health.missing}
    assert missing == {none.id: (), empty.id: (), blank.id: ("answer",)}
    assert not any(e.case.id == blank.id for e in health.empty)  # counted once, as missing


def test_a_rarely_filled_key_left_blank_is_not_missing() -> None:
    cases = [case({"question": f"Q{n}"}, {"answer": f"A{n}", "note": ""}) for n in range(4)]
    cases.append(case({"question": "Q9"}, {"answer": "A9", "note": "checked"}))
    health = analyse(cases)
    assert health.missing == ()
    assert len(health.empty) == 4  # but their empty notes are empty values


def test_key_coverage_flags_a_misspelt_key_and_offers_the_rename() -> None:
    cases = [case({"question": f"Q{n}"}, {"answer": f"A{n}"}) for n in range(8)]
    typo = case({"questoin": "Q8"}, {"answer": "A8"})
    capital = case({"Question": "Q9"}, {"answer": "A9"})
    health = analyse([*cases, typo, capital])
    coverage = {(k.place, k.key): k for k in health.coverage}
    assert coverage[("input", "question")].share == 0.8
    assert coverage[("input", "questoin")].looks_like == "question"
    assert coverage[("input", "Question")].looks_like == "question"
    assert coverage[("expected output", "answer")].share == 1.0
    assert health.counts()["misspelt"] == 2
    fix = rename_key([*cases, typo, capital], coverage[("input", "questoin")])
    assert (fix.kind, fix.key, fix.new_key, len(fix.pairs)) == ("rename key", "questoin", "question", 1)
    (pair,) = fix.pairs
    assert pair.before is not None and pair.before.case_id == typo.id
    assert pair.after is not None and dict(pair.after.inputs) == {"question": "Q8"}
    assert dict(pair.after.expected_outputs) == {"answer": "A8"}


def test_keys_that_are_merely_alike_or_used_side_by_side_are_not_misspellings() -> None:
    cases = [case({"question": f"Q{n}", "user": "u"}, {"answer": "a"}) for n in range(8)]
    cases += [case({"question": "Q", "questions": "Q1, Q2"}, {"answer": "a"}) for _ in range(2)]  # both at once
    cases += [case({"question": "Q", "user": "u", "users": "x"}, {"answer": "a"})]
    cases += [case({"id": "1"}, {"answer": "a"}), case({"question": "Q", "ui": "dark"}, {"answer": "a"})]
    health = analyse(cases)
    flagged = {k.key: k.looks_like for k in health.misspelt}
    assert "questions" not in flagged  # side by side with "question" in every case that has it
    assert "ui" not in flagged and "id" not in flagged  # too short to judge
    assert flagged.get("users") is None  # side by side with "user"


def test_a_rename_leaves_alone_cases_that_have_both_keys() -> None:
    cases = [case({"question": f"Q{n}"}) for n in range(8)]
    cases += [case({"questoin": "typo"}), case({"questoin": "typo", "question": "kept"})]
    health = analyse(cases)
    (key,) = health.misspelt
    fix = rename_key(cases, key)
    assert len(fix.pairs) == 1 and [c.id for c in fix.left_alone] == [cases[-1].id]


def test_blank_and_whitespace_text_are_empty_values_numbers_and_false_are_not() -> None:
    blank = case({"question": " \n\t", "context": "x"}, {"answer": "a"})
    fine = case({"question": "x", "count": 0, "flag": False, "list": []}, {"answer": "a"})
    health = analyse([blank, fine])
    assert [(e.case.id, e.places) for e in health.empty] == [(blank.id, ("input “question”",))]


def test_an_input_far_longer_than_the_rest_is_an_outlier_and_the_rest_are_binned() -> None:
    cases = [case({"question": "x" * (180 + n)}) for n in range(40)]
    huge = case({"question": "y" * 5_000})
    slightly = case({"question": "z" * 260})
    health = analyse([*cases, huge, slightly])
    assert [(c.id, n) for c, n in health.lengths.outliers] == [(huge.id, 5_000)]
    assert sum(count for _, _, count in health.lengths.bins) == 41  # every case but the outlier
    assert health.lengths.limit is not None and 260 < health.lengths.limit < 5_000


def test_a_few_cases_have_no_outliers() -> None:
    health = analyse([case({"q": "a"}), case({"q": "b" * 10_000})])
    assert health.lengths.outliers == () and health.lengths.limit is None


def test_nested_lists_numbers_and_long_text_are_analysed_as_text() -> None:
    nested = {"messages": [{"role": "user", "content": "Hi"}], "n": 3}
    assert input_text({"q": {"a": [1, 2]}}) == '{"a":[1,2]}'
    assert input_text(nested) == 'messages: [{"role":"user","content":"Hi"}]\nn: 3'
    cases = [case(nested, {"a": 1}), case(dict(nested), {"a": 2}), case({"q": "w " * 50_000}), case({"q": 12})]
    health = analyse(cases)
    assert len(health.contradictions) == 1
    assert health.total == 4


def test_half_a_surrogate_pair_does_not_stop_the_analysis() -> None:
    health = analyse([case({"q": "\ud800 odd"}, {"a": "\udfff"}), case({"q": "\ud800 odd"}, {"a": "\udfff"})])
    assert health.repeat_count == 1  # the same name, inputs and expected outputs: a repeat, surrogates and all
    assert health.total == 2


def test_the_verdict_counts_every_problem() -> None:
    cases = [
        case({"question": "Refund?"}, {"answer": "Yes"}, name="R"),
        case({"question": "Refund?"}, {"answer": "Yes"}, name="R"),
        case({"question": "Refund?"}, {"answer": "No"}, name="R2"),
        case({"question": "Shipping?"}, None),
        *distinct(4),
    ]
    health = analyse(cases)
    assert health.counts() == {
        "repeats": 1,
        "contradictions": 1,
        "near": 0,
        "missing": 1,
        "misspelt": 0,
        "empty": 0,
        "outliers": 0,
    }
    assert verdict(health) == "3 problems in 8 cases."


def test_a_check_runs_once_per_listing_and_again_after_a_change() -> None:
    checks = HealthChecks()
    cases = distinct(5)
    first = checks.check("d", listing_mark(cases), cases)
    assert checks.check("d", listing_mark(list(cases)), cases) is first
    assert first.finished.wait(10) and first.health is not None and first.done == 1.0
    assert checks.known(["d"])["d"].problems == 0
    changed = cases[1:]
    second = checks.check("d", listing_mark(changed), changed)
    assert second is not first and second.finished.wait(10)
    assert second.health is not None and second.health.total == 4
    assert checks.known(["d"])["d"].cases == 4 and checks.known(["unknown"]) == {}


def test_what_a_check_found_is_kept_in_the_database_for_after_a_restart(history_url: str) -> None:
    cases = [*distinct(5), case({"question": GOOD_QUESTIONS[0]}, {"answer": "Answer 0"})]  # one exact repeat
    store = HistoryStore(open_database(history_url))
    check = HealthChecks(summaries=HealthSummaries(store.engine)).check("d", listing_mark(cases), cases)
    assert check.finished.wait(10) and check.error is None
    store.engine.dispose()

    restarted = HealthChecks(summaries=HealthSummaries(open_database(history_url)))
    (kept,) = restarted.known(["d", "never checked"]).values()
    assert (kept.dataset_id, kept.problems, kept.cases, kept.listing_mark) == ("d", 1, 6, listing_mark(cases))
    assert kept.checked_at.tzinfo is not None and kept.checked_at == check.checked_at


def test_a_newer_check_replaces_the_kept_one_and_an_older_one_ending_late_does_not(tmp_path: Path) -> None:
    summaries = HealthSummaries(open_database(f"sqlite:///{tmp_path / 'studio.db'}"))
    checks = HealthChecks(summaries=summaries)
    old, new = distinct(3), distinct(4)
    first = checks.check("d", listing_mark(old), old)
    assert first.finished.wait(10)
    second = checks.check("d", listing_mark(new), new)
    assert second.finished.wait(10)
    assert summaries.of(["d"])["d"].cases == 4
    checks._keep(first)  # as if the older listing's check had ended last
    assert summaries.of(["d"])["d"].cases == 4


def test_a_failing_database_costs_the_list_its_counts_not_the_check(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = HistoryStore(open_database(f"sqlite:///{tmp_path / 'studio.db'}"))
    with store.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE health_summaries")
    checks = HealthChecks(summaries=HealthSummaries(store.engine))
    cases = distinct(3)
    check = checks.check("d", listing_mark(cases), cases)
    assert check.finished.wait(10) and check.error is None and check.health is not None
    assert HealthSummaries(store.engine).of(["d"]) == {}
    assert "could not be kept (OperationalError)" in caplog.text
    assert "could not be read (OperationalError)" in caplog.text


def test_long_inputs_are_scored_on_their_start_and_do_not_take_long() -> None:
    pick = random.Random(3).choice
    words = ["".join(pick(string.ascii_lowercase) for _ in range(7)) for _ in range(500)]
    documents = [" ".join(pick(words) for _ in range(12_000)) for _ in range(40)]  # about 100,000 characters each
    documents.append(documents[0] + " one more line")
    near = near_pairs(documents)
    assert [set(group) for group in near.groups(DEFAULT_THRESHOLD)] == [{0, 40}]
