"""A dataset's Health view through AppTest: the verdict and each finding's count, the fixes reviewed, sent once and
undone from the History, the dataset's view and the Datasets list showing the problems."""

import threading
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from components.health.checks import health_checks
from components.health.findings import threshold_key
from services.health import checks
from tests.app.helpers import (
    DATASETS_PAGE,
    Page,
    button,
    choose_pipeline,
    differences,
    open_datasets,
    page_links,
    protos,
    run,
    shown,
    subheaders,
)
from tests.conftest import AILING_HEADINGS, AILING_PROBLEMS, AILING_VERDICT, Api, ailing_cases


def open_health(page: Page, dataset_id: str) -> AppTest:
    return open_datasets(page, dataset=dataset_id, view="health")


def test_the_health_view_shows_the_verdict_each_count_and_a_chart_with_its_words(page: Page, api: Api) -> None:
    dataset = api.new_dataset("Ailing", cases=ailing_cases())
    at = open_health(page, dataset["id"])
    assert at.query_params["view"] == "health"
    assert "8 problems in 23 cases." in subheaders(at)
    heads = subheaders(at)
    for heading in AILING_HEADINGS:
        assert heading in heads, heads
    text = shown(at)
    assert "Exact repeats: 2 · Contradictions: 1 · Near repeats: 1" in text  # the overview chart, in words
    assert "Input “questoin”" in text and "looks like “question”" in text  # the coverage chart, as a table
    assert "1 is over" in text  # the histogram's outlier, in words
    charts = protos(at, "VegaLiteChart")
    assert len(charts) == 3 and all(chart.spec for chart in charts)
    links = [link.label for link in page_links(at)]
    assert "Invoice yes" in links and "Invoice no" in links  # the contradiction, side by side
    assert "Pasted manual" in links and "Typo" in links and "No answer" in links


def test_deleting_repeats_is_reviewed_keeps_the_oldest_and_undo_brings_them_back(page: Page, api: Api) -> None:
    dataset = api.new_dataset("Repeats", cases=ailing_cases())
    before = api.cases(dataset["id"])
    copies = sorted((c for c in before if c["name"] == "Refund window"), key=lambda c: c["createdAt"])
    at = open_health(page, dataset["id"])
    button(at, "Delete 2 repeats (keep the oldest of each)").click()
    run(at)
    assert "Delete 2 test cases that repeat an older one?" in shown(at)
    assert len(api.cases(dataset["id"])) == 23  # nothing sent while reviewing
    button(at, "Yes, delete 2 repeats (keep the oldest of each)").click()
    run(at)
    assert "Delete 2 repeats (keep the oldest of each): deleted 2 of 2 test cases." in shown(at)
    after = api.cases(dataset["id"])
    assert len(after) == 21
    assert [c["id"] for c in after if c["name"] == "Refund window"] == [copies[0]["id"]]
    assert "Exact repeats · 0" in subheaders(at) and "6 problems in 21 cases." in subheaders(at)
    assert "Health fix: 2 repeats deleted, the oldest of each kept" in shown(at)  # its one history entry

    button(at, "Undo this change").click()
    run(at)
    button(at, "Yes, undo it").click()
    run(at)
    assert len(api.cases(dataset["id"])) == 23
    assert "Exact repeats · 2" in subheaders(at)


def test_a_misspelt_key_is_renamed_in_one_change_after_its_difference_is_shown(page: Page, api: Api) -> None:
    dataset = api.new_dataset("Typo", cases=ailing_cases())
    at = open_health(page, dataset["id"])
    button(at, "Rename key “questoin” to “question” in 1 case").click()
    run(at)
    text = shown(at)
    assert "Rename the input key “questoin” to “question” in 1 test case?" in text
    assert differences(at) == [  # the key's value leaves "questoin" and arrives under "question"
        [
            ("inputs.questoin", "Do you have a phone line", "<em>(none)</em>"),
            ("inputs.question", "<em>(none)</em>", "Do you have a phone line"),
        ]
    ]
    button(at, "Yes, rename key “questoin” to “question” in 1 case").click()
    run(at)
    renamed = next(c for c in api.cases(dataset["id"]) if c["name"] == "Typo")
    assert renamed["inputs"] == {"question": "Do you have a phone line"}
    assert "Key coverage · 0 misspelt keys" in subheaders(at)


def test_a_double_click_on_yes_sends_the_fix_once(page: Page, api: Api) -> None:
    dataset = api.new_dataset("Twice", cases=ailing_cases())
    at = open_health(page, dataset["id"])
    button(at, "Delete 2 repeats (keep the oldest of each)").click()
    run(at)
    yes = button(at, "Yes, delete 2 repeats (keep the oldest of each)")
    yes.click()
    yes.click()
    run(at)
    assert len(api.cases(dataset["id"])) == 21
    assert sum("Health fix" in m.value for m in at.markdown) == 1  # one history entry


def test_the_threshold_moves_what_counts_as_a_near_repeat(page: Page, api: Api) -> None:
    cases = [
        {"name": "A", "inputs": {"q": "What is the capital of France"}},
        {"name": "B", "inputs": {"q": "What is the capital city of France"}},
    ]
    dataset = api.new_dataset("Near", cases=cases)
    at = open_health(page, dataset["id"])
    assert "Near repeats · 1" in subheaders(at)  # 92% alike, over the 90% threshold
    assert "92% alike" in shown(at)
    at.slider(key=threshold_key(dataset["id"])).set_value(95)
    run(at)
    assert "Near repeats · 0" in subheaders(at)
    assert "2 problems in 2 cases." in subheaders(at)  # the verdict follows the threshold


def test_the_dataset_view_says_the_verdict_and_the_list_shows_the_problems(page: Page, api: Api) -> None:
    clean = api.new_dataset("Clean", cases=ailing_cases()[:12])  # the good cases only
    open_datasets(page, dataset=clean["id"])
    dataset = api.new_dataset("Listed", cases=ailing_cases())
    at = open_datasets(page, dataset=dataset["id"])
    assert AILING_VERDICT in shown(at)
    assert "See the dataset's health" in [link.label for link in page_links(at)]
    at.query_params.clear()
    at.switch_page(DATASETS_PAGE)
    run(at)
    at = choose_pipeline(at, "Support Chatbot")
    links = [link.label for link in page_links(at)]
    assert f"{sum(AILING_PROBLEMS.values())} problems" in links and "No problems" in links
    assert "not checked" in shown(at)  # the other datasets were never opened


def test_after_a_restart_the_list_still_shows_the_problems_found_before(page: Page, api: Api) -> None:
    dataset = api.new_dataset("Checked before", cases=ailing_cases())
    at = open_health(page, dataset["id"])
    assert "8 problems in 23 cases." in subheaders(at)
    st.cache_resource.clear()  # what a restart forgets; the studio's database stays
    at.query_params.clear()
    at = choose_pipeline(open_datasets(page), "Support Chatbot")
    (link,) = [link for link in page_links(at) if link.label == f"{sum(AILING_PROBLEMS.values())} problems"]
    assert "when it had 23 test cases." in link.help
    assert health_checks().latest(dataset["id"]) is None  # nothing was worked out again


def test_a_dataset_without_cases_says_there_is_nothing_to_check(page: Page, api: Api) -> None:
    dataset = api.new_dataset("Empty")
    at = open_health(page, dataset["id"])
    assert "This dataset has no test cases yet, so there is nothing to check." in [i.value for i in at.info]


def test_while_a_big_dataset_is_worked_out_the_page_shows_progress_and_stays_usable(
    page: Page, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real = checks.analyse

    def slow(cases: Any, progress: Any) -> Any:
        progress(0.3, "Looking for near repeats")
        release.wait(60)
        return real(cases, progress)

    monkeypatch.setattr(checks, "analyse", slow)
    dataset = api.new_dataset("Slow", cases=ailing_cases())
    at = open_datasets(page, dataset=dataset["id"])
    (bar,) = protos(at, "Progress")
    assert bar.text == "Checking the health of 23 test cases: Looking for near repeats…" and bar.value == 30
    assert "Good 0" in [link.label for link in page_links(at)]  # the cases are there meanwhile
    release.set()
    check = health_checks().latest(dataset["id"])
    assert check is not None and check.finished.wait(30)
    run(at)
    assert AILING_VERDICT in shown(at)
    assert protos(at, "Progress") == []
