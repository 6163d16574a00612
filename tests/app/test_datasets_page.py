"""The Datasets page through AppTest: the list (search, sort, archived, counts), and a dataset's own view with each
change confirmed, a colleague's change caught, input kept on failure, and cases deleted."""

import html
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
import streamlit as st
from streamlit.testing.v1 import AppTest

from components.cases.table import search_key
from components.datasets.dataset_list import ARCHIVED_KEY, PIPELINE_KEY, SEARCH_KEY, SORT_KEY
from components.importing.dataset_chooser import DATASET_KEY
from tests.app.helpers import (
    Page,
    button,
    choose_pipeline,
    differences,
    field,
    open_datasets,
    page_links,
    run,
    shown,
    unescape,
)
from tests.conftest import Api, numbered_cases


def edit_details(at: AppTest) -> AppTest:
    button(at, "Edit details").click()
    return run(at)


def dataset(api: Api, name: str, pipeline: str = "support-chatbot") -> dict[str, Any]:
    found = api.get("/datasets", params={"pipelineSlug": pipeline, "archived": "true"}).json()["data"]
    return next(d for d in found if d["name"] == name)  # type: ignore[no-any-return]


def test_the_list_shows_names_golden_counts_and_hides_archived_until_asked(page: Page, api: Api) -> None:
    archived = api.new_dataset("Old cases", exact_name=True, description="First words", cases=numbered_cases(2))["id"]
    api.post(f"/datasets/{archived}", json={"isArchived": True})
    api.new_dataset("Refund cases", exact_name=True, description="First words", cases=numbered_cases(3))["id"]
    at = open_datasets(page)
    everything = [link.label for link in page_links(at)]
    assert {"Billing questions", "Customer escalations", "NDA clauses", "Refund cases"} <= set(everything)
    assert at.selectbox(key=PIPELINE_KEY).value == ""  # "All pipelines", with no choice made
    assert "datasets in 5 pipelines" in shown(at)
    at = choose_pipeline(at, "Support Chatbot")
    text = shown(at)
    assert "Billing questions" in [link.label for link in page_links(at)]
    assert "Refund cases" in [link.label for link in page_links(at)]
    assert "Old cases" not in [link.label for link in page_links(at)]
    assert "1 archived, hidden" in text and "Golden" in text
    assert at.query_params["pipeline_id"] == dataset(api, "Billing questions")["pipelineId"]

    at.toggle(key=ARCHIVED_KEY).set_value(True)
    run(at)
    assert "Old cases" in [link.label for link in page_links(at)]
    assert "Archived" in shown(at)

    at.text_input(key=SEARCH_KEY).input("refund")
    run(at)
    assert [link.label for link in page_links(at)] == ["Refund cases"]
    assert "1 of 5 datasets" in shown(at)

    at.text_input(key=SEARCH_KEY).input("")
    at.selectbox(key=SORT_KEY).set_value("Most test cases")
    run(at)
    names = [
        unescape(link.label)
        for link in page_links(at)
        if link.query_string.startswith("dataset=") and "view" not in link.query_string
    ]
    assert names[:4] == ["Billing questions", "Inbox, not yet reviewed", "Refund cases", "Old cases"]


def test_edit_keeps_what_was_typed_on_a_mistake_and_saves_a_good_name(page: Page, api: Api) -> None:
    dataset_id = api.new_dataset("Edit me", exact_name=True, description="First words")["id"]
    at = edit_details(open_datasets(page, dataset=dataset_id))
    name = next(t for t in at.text_input if t.label == "Name")
    name.input("   ")
    button(at, "Save changes").click()
    run(at)
    assert "Give the dataset a name." in shown(at)
    assert next(t for t in at.text_input if t.label == "Name").value == "   "

    next(t for t in at.text_input if t.label == "Name").input("Edited name")
    next(t for t in at.text_area if t.label == "Description (optional)").input("")
    button(at, "Save changes").click()
    run(at)
    assert "Saved." in shown(at)
    saved = api.get(f"/datasets/{dataset_id}").json()
    assert (saved["name"], saved["description"]) == ("Edited name", None)
    assert at.title[0].value == "Edited name"
    assert not [t for t in at.text_input if t.label == "Name"]  # saved: the form is put away


def test_a_name_another_dataset_has_is_asked_about_first(page: Page, api: Api) -> None:
    dataset_id = api.new_dataset("Rename me", exact_name=True, description="First words")["id"]
    at = edit_details(open_datasets(page, dataset=dataset_id))
    next(t for t in at.text_input if t.label == "Name").input("billing QUESTIONS")
    button(at, "Save changes").click()
    run(at)
    assert "already has a dataset named Billing questions" in shown(at)
    assert api.get(f"/datasets/{dataset_id}").json()["name"] == "Rename me"
    button(at, "Yes, save with this name").click()
    run(at)
    assert api.get(f"/datasets/{dataset_id}").json()["name"] == "billing QUESTIONS"


def test_a_colleagues_change_is_shown_and_mine_waits_for_a_choice(page: Page, api: Api) -> None:
    dataset_id = api.new_dataset("Shared", exact_name=True, description="First words")["id"]
    at = edit_details(open_datasets(page, dataset=dataset_id))
    api.post(f"/datasets/{dataset_id}", json={"name": "Their name"})
    next(t for t in at.text_input if t.label == "Name").input("My name")
    button(at, "Save changes").click()
    run(at)
    text = shown(at)
    assert "Someone else changed this dataset" in text
    assert "Name: was “Shared”, now “Their name”" in text
    assert next(t for t in at.text_input if t.label == "Name").value == "My name"  # kept
    assert api.get(f"/datasets/{dataset_id}").json()["name"] == "Their name"

    button(at, "Overwrite with my change").click()
    run(at)
    assert "Saved." in shown(at)
    assert api.get(f"/datasets/{dataset_id}").json()["name"] == "My name"


def test_discarding_my_change_shows_theirs(page: Page, api: Api) -> None:
    dataset_id = api.new_dataset("Shared too", exact_name=True, description="First words")["id"]
    at = edit_details(open_datasets(page, dataset=dataset_id))
    api.post(f"/datasets/{dataset_id}", json={"description": "Theirs"})
    next(t for t in at.text_input if t.label == "Name").input("Mine")
    button(at, "Save changes").click()
    run(at)
    button(at, "Discard my change and reload").click()
    run(at)
    assert next(t for t in at.text_input if t.label == "Name").value == "Shared too"
    assert next(t for t in at.text_area if t.label == "Description (optional)").value == "Theirs"
    assert "Someone else changed" not in shown(at)


def test_golden_switch_names_the_one_it_replaces_and_is_confirmed(page: Page, api: Api) -> None:
    dataset_id = api.new_dataset("New golden", exact_name=True, description="First words")["id"]
    at = open_datasets(page, dataset=dataset_id)
    button(at, "Make it golden").click()
    run(at)
    assert "It replaces Billing questions" in shown(at)
    assert api.pipeline("support-chatbot")["goldenDatasetId"] != dataset_id
    button(at, "Yes, make it golden").click()
    run(at)
    assert api.pipeline("support-chatbot")["goldenDatasetId"] == dataset_id
    assert "It is now the golden dataset." in shown(at)
    assert "Pipeline: Support Chatbot (support-chatbot) · :material/star: Golden dataset · 0 test cases" in shown(at)

    button(at, "Stop it being golden").click()
    run(at)
    button(at, "Cancel").click()
    run(at)
    assert api.pipeline("support-chatbot")["goldenDatasetId"] == dataset_id


def test_archiving_the_golden_dataset_warns_and_restore_brings_it_back(page: Page, api: Api) -> None:
    golden = dataset(api, "Billing questions")["id"]
    at = open_datasets(page, dataset=golden)
    button(at, "Archive dataset").click()
    run(at)
    text = shown(at)
    assert "Archiving hides it from the dataset lists and pickers" in text
    assert "The pipeline keeps pointing at it" in text
    button(at, "Yes, archive it").click()
    run(at)
    assert api.get(f"/datasets/{golden}").json()["archivedAt"] is not None
    assert "Archived." in shown(at) and "This dataset was archived on" in shown(at)

    button(at, "Restore dataset").click()
    run(at)
    button(at, "Yes, restore it").click()
    run(at)
    assert api.get(f"/datasets/{golden}").json()["archivedAt"] is None


def test_selected_cases_are_deleted_after_a_confirmation_that_says_how_many(page: Page, api: Api) -> None:
    dataset_id = api.new_dataset("Prune me", exact_name=True, description="First words", cases=numbered_cases(4))["id"]
    at = open_datasets(page, dataset=dataset_id)
    boxes = {box.label: box for box in at.checkbox}
    boxes["Case 1"].check()
    boxes["Case 3"].check()
    run(at)
    button(at, "Delete selected (2)").click()
    run(at)
    assert "Delete 2 test cases from Prune me? The History below can undo it." in shown(at)
    button(at, "Yes, delete 2 test cases").click()
    run(at)
    assert "Deleted 2 of 2 test cases." in shown(at)
    left = api.get("/test-cases", params={"datasetId": dataset_id}).json()["data"]
    assert sorted(case["name"] for case in left) == ["Case 0", "Case 2"]
    assert sorted(box.label for box in at.checkbox) == ["Case 0", "Case 2"]
    assert not any(box.value for box in at.checkbox)


def test_search_narrows_the_cases_and_select_all_takes_only_those(page: Page, api: Api) -> None:
    dataset_id = api.new_dataset("Search me", exact_name=True, description="First words", cases=numbered_cases(25))[
        "id"
    ]
    at = open_datasets(page, dataset=dataset_id)
    assert len(at.checkbox) == 20  # one page
    assert "Showing 1–20 of 25" in shown(at)
    at.text_input(key=search_key(dataset_id)).input("q2")  # Q2, Q20–Q24
    run(at)
    assert sorted(box.label for box in at.checkbox) == ["Case 2", *(f"Case {n}" for n in range(20, 25))]
    button(at, "Select all 6 shown by the search").click()
    run(at)
    assert all(box.value for box in at.checkbox)
    assert button(at, "Delete selected (6)")


def test_a_link_to_a_dataset_that_does_not_exist_says_so(page: Page) -> None:
    at = open_datasets(page, dataset="00000000-0000-4000-8000-000000000000")
    assert "could not be opened" in shown(at)


def test_add_test_cases_from_an_archived_dataset_opens_the_import_page_with_it_chosen(page: Page, api: Api) -> None:
    dataset_id = api.new_dataset("Retired", exact_name=True, description="First words")["id"]
    api.post(f"/datasets/{dataset_id}", json={"isArchived": True})
    at = page.at
    at.query_params["dataset"] = dataset_id
    at.switch_page("pages/import_test_cases.py")
    run(at)
    assert at.selectbox(key=DATASET_KEY).value == dataset_id
    assert "Retired (archived)" in at.selectbox(key=DATASET_KEY).options


def test_a_link_with_something_else_than_an_id_is_refused_before_any_request(page: Page) -> None:
    at = open_datasets(page, dataset="../pipelines")
    assert "That is not a dataset ID" in shown(at)


def test_cases_come_first_as_a_table_with_a_column_per_key_and_no_json_for_flat_cases(page: Page, api: Api) -> None:
    cases = [
        {
            "name": f"Case {n}",
            "inputs": {"Question": f"Question {n}?", "Customer tier": "Free"},
            "expectedOutputs": {"Expected answer": f"Answer {n}", "Score": n},
        }
        for n in range(3)
    ]
    dataset_id = api.new_dataset("Readable", exact_name=True, cases=cases)["id"]
    at = open_datasets(page, dataset=dataset_id)
    assert "Pipeline: Support Chatbot (support-chatbot) · 3 test cases" in shown(at)
    assert [b.label for b in at.button][:3] == ["Edit details", "Make it golden", "Archive dataset"]
    assert not at.text_input(key=search_key(dataset_id)).value  # no settings form before the cases
    assert not [t for t in at.text_input if t.label == "Name"]
    cells = [unescape(m.value) for m in at.get("markdown")]
    headings = [
        "**Name**",
        "**Question**",
        "**Customer tier**",
        "**Expected answer**",
        "**Score**",
        "**Created**",
    ]
    assert all(heading in cells for heading in headings)
    assert "Question 0?" in cells and "Answer 2" in cells and "Free" in cells and "1" in cells
    assert not any(cell.startswith(("{", "[")) for cell in cells)
    assert [box.label for box in at.checkbox] == ["Case 0", "Case 1", "Case 2"]  # creation order


def test_deleted_cases_are_one_history_entry_and_undo_brings_them_back(page: Page, api: Api) -> None:
    dataset_id = api.new_dataset("Undo me", exact_name=True, cases=numbered_cases(4))["id"]
    at = open_datasets(page, dataset=dataset_id)
    assert "No changes yet." in shown(at)
    boxes = {box.label: box for box in at.checkbox}
    boxes["Case 1"].check()
    boxes["Case 3"].check()
    run(at)
    button(at, "Delete selected (2)").click()
    run(at)
    button(at, "Yes, delete 2 test cases").click()
    run(at)
    assert "Deleted 2 of 2 test cases." in shown(at)
    assert "Deleted · −2 removed" in shown(at)  # the History's newest entry
    button(at, "Undo this change").click()
    run(at)
    assert "Undo this change? It will create 2 test cases again." in shown(at)
    button(at, "Yes, undo it").click()
    run(at)
    assert "Undone: 2 added." in shown(at)
    left = sorted(c["name"] for c in api.get("/test-cases", params={"datasetId": dataset_id}).json()["data"])
    assert left == ["Case 0", "Case 1", "Case 2", "Case 3"]
    assert "Undo · +2 added · undoes: Deleted" in shown(at)


def test_a_case_added_by_hand_keeps_its_types_and_a_mistake_keeps_what_was_typed(page: Page, api: Api) -> None:
    cases = [{"name": "Refund", "inputs": {"Question": "Refund?"}, "expectedOutputs": {"Expected answer": "No"}}]
    dataset_id = api.new_dataset("Add by hand", exact_name=True, cases=cases)["id"]
    at = open_datasets(page, dataset=dataset_id)
    button(at, "Add a test case").click()
    run(at)
    assert [t.label for t in at.text_input if t.label.startswith("Field")] == ["Field 1", "Field 2"]
    field(at, "Value of Question").input("00123")
    field(at, "Value of Expected answer").input("twelve")
    at.selectbox(key=next(s.key for s in at.selectbox if s.label == "Type of field 2")).select("number")
    run(at)
    button(at, "Add test case").click()
    run(at)
    text = shown(at)
    assert "Give the test case a name." in text and "“twelve” is not a number." in text
    assert field(at, "Value of Question").value == "00123"  # kept
    assert len(api.get("/test-cases", params={"datasetId": dataset_id}).json()["data"]) == 1  # nothing sent

    field(at, "Test case name").input("Customer report, 1 Dec")
    field(at, "Value of Expected answer").input("12")
    run(at)
    assert '"Question": "00123"' in "\n".join(c.value for c in at.code)  # the exact JSON, before sending
    button(at, "Add and start another").click()
    run(at)
    assert "Added “Customer report, 1 Dec”." in shown(at)
    added = [
        c for c in api.get("/test-cases", params={"datasetId": dataset_id}).json()["data"] if c["name"] != "Refund"
    ]
    assert [(c["inputs"], c["expectedOutputs"]) for c in added] == [({"Question": "00123"}, {"Expected answer": 12})]
    assert field(at, "Value of Question").value == "" and field(at, "Test case name").value == ""  # fields kept
    assert "Added by hand · +1 added · Customer report, 1 Dec" in shown(at)


def test_an_edit_is_reviewed_before_it_is_saved_and_the_old_link_leads_to_the_new_case(page: Page, api: Api) -> None:
    cases = [{"name": "Refund", "inputs": {"Question": "Refund?"}, "expectedOutputs": {"Expected answer": "No"}}]
    dataset = api.new_dataset("Edit by hand", exact_name=True, cases=cases)
    old_id = api.get("/test-cases", params={"datasetId": dataset["id"]}).json()["data"][0]["id"]
    at = open_datasets(page, dataset=dataset["id"], case=old_id)
    assert at.title[0].value == "Refund" and "Refund?" in shown(at)
    button(at, "Edit this test case").click()
    run(at)
    button(at, "Review the changes").click()
    run(at)
    assert "Nothing changed, so there is nothing to save." in shown(at)
    button(at, "Keep editing").click()
    run(at)
    field(at, "Value of Expected answer").input("No, within 30 days")
    run(at)
    button(at, "Review the changes").click()
    run(at)
    assert "expectedOutputs.Expected answer" in shown(at)
    assert api.get(f"/test-cases/{old_id}").status_code == 200  # nothing sent before Save
    button(at, "Save").click()
    run(at)
    assert "Saved." in shown(at)
    (now,) = api.get("/test-cases", params={"datasetId": dataset["id"]}).json()["data"]
    assert now["expectedOutputs"] == {"Expected answer": "No, within 30 days"} and now["id"] != old_id
    assert at.query_params["case"] == now["id"]  # the address follows the case

    at = open_datasets(page, dataset=dataset["id"], case=old_id)  # the old link, sent before the edit
    assert "This test case was replaced by an edit" in shown(at)
    link = next(link for link in page_links(at) if link.label == "Open the test case that replaced it")
    assert now["id"] in link.query_string


def test_a_pipeline_with_no_dataset_is_in_the_filter_and_links_to_the_create_form(page: Page, api: Api) -> None:
    assert api.post("/pipelines", json={"slug": "claims-triage", "displayName": "Claims triage"}).status_code == 200
    st.cache_resource.clear()  # the create page listed the pipelines before it was made
    at = choose_pipeline(open_datasets(page), "Claims triage")
    assert "Claims triage (claims-triage) has no datasets yet." in shown(at)
    (create,) = [link for link in page_links(at) if link.label == "Create a dataset for it"]
    assert create.query_string == "pipeline=claims-triage"
    assert not [link for link in page_links(at) if link.query_string.startswith("dataset=")]


def test_the_address_chooses_the_filter_by_slug_or_id_and_an_unknown_one_shows_everything(page: Page, api: Api) -> None:
    support = str(api.pipeline("support-chatbot")["id"])
    at = open_datasets(page, pipeline="support-chatbot")
    assert at.selectbox(key=PIPELINE_KEY).value == support
    assert "NDA clauses" not in [link.label for link in page_links(at)]
    assert at.query_params["pipeline_id"] == support

    at.query_params.clear()
    at = open_datasets(page, pipeline_id=str(api.pipeline("contract-review")["id"]).upper())
    names = [link.label for link in page_links(at)]
    assert "NDA clauses" in names and "Billing questions" not in names

    at.query_params.clear()
    at = open_datasets(page, pipeline="no-such-pipeline")
    assert "There is no pipeline “no-such-pipeline”, so every dataset is shown." in shown(at)
    assert at.selectbox(key=PIPELINE_KEY).value == ""
    names = [link.label for link in page_links(at)]
    assert "NDA clauses" in names and "Billing questions" in names


def test_a_dataset_whose_pipeline_was_archived_is_listed_with_the_pipelines_id(page: Page, api: Api) -> None:
    made = api.post("/pipelines", json={"slug": "retired-bot"}).json()
    api.new_dataset("Leftovers", pipeline="retired-bot", exact_name=True, cases=numbered_cases(2))
    assert api.post(f"/pipelines/{made['id']}", json={"isArchived": True}).status_code == 200
    st.cache_resource.clear()
    at = open_datasets(page)
    assert "Leftovers" in [link.label for link in page_links(at)]
    assert made["id"] in shown(at)


def sent_requests(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every request the studio sends from now on, as "METHOD /path"."""
    seen: list[str] = []
    send = requests.adapters.HTTPAdapter.send

    def counting(self: requests.adapters.HTTPAdapter, request: requests.PreparedRequest, **kwargs: Any) -> Any:
        seen.append(f"{request.method} {urlsplit(request.url or '').path}")
        return send(self, request, **kwargs)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", counting)
    return seen


def test_the_first_load_of_every_dataset_sends_three_requests_and_counts_from_one_listing(
    page: Page, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    st.cache_data.clear()
    st.cache_resource.clear()
    seen = sent_requests(monkeypatch)
    at = open_datasets(page)
    assert sorted(seen) == ["GET /api/v4/datasets", "GET /api/v4/pipelines", "GET /api/v4/test-cases"]
    listed = {link.label for link in page_links(at) if link.query_string.startswith("dataset=")}
    assert len(listed) == len(api.get("/datasets").json()["data"])
    cells = [m.value for m in at.get("markdown")]
    for name in ("Billing questions", "Inbox, not yet reviewed"):  # counted from the one listing
        assert f"{len(api.cases(dataset(api, name)['id'])):,}" in cells

    seen.clear()
    at.text_input(key=SEARCH_KEY).input("billing")
    run(at)
    assert seen == []  # a rerun asks nothing again


def test_a_listing_that_fails_says_so_with_try_again_and_keeps_the_filter(faulty_page: Page, faulty_api: Api) -> None:
    at = choose_pipeline(open_datasets(faulty_page), "Support Chatbot")
    chosen = at.selectbox(key=PIPELINE_KEY).value
    st.cache_resource.clear()
    faulty_api.inject("GET /api/v4/datasets", "status=503", 3)  # the request and its two retries
    run(at)
    assert "The datasets could not be loaded." in shown(at)
    assert at.selectbox(key=PIPELINE_KEY).value == chosen
    button(at, "Try again").click()
    run(at)
    assert "could not be loaded" not in shown(at)
    assert at.selectbox(key=PIPELINE_KEY).value == chosen
    assert "Billing questions" in [link.label for link in page_links(at)]


def review_an_edit(page: Page, api: Api, before: str, after: str) -> tuple[str, str, str]:
    """The row of "Review the changes" for an edit of the expected answer from `before` to `after`."""
    cases = [{"name": "Path", "inputs": {"Question": "Where?"}, "expectedOutputs": {"Expected answer": before}}]
    made = api.new_dataset("Marks", cases=cases)
    (case,) = api.cases(made["id"])
    at = open_datasets(page, dataset=made["id"], case=case["id"])
    button(at, "Edit this test case").click()
    run(at)
    field(at, "Value of Expected answer").input(after)
    run(at)
    button(at, "Review the changes").click()
    run(at)
    ((row,),) = differences(at)
    return row


def test_the_edits_review_marks_removed_words_before_and_added_words_after_as_elements(page: Page, api: Api) -> None:
    row = review_an_edit(page, api, "Settings > Billing > Payment method.", "Settings > Payment.")
    assert row == (
        "expectedOutputs.Expected answer",
        "Settings &gt; <del>Billing &gt; </del>Payment<del> method</del>.",
        "Settings &gt; Payment.",
    )
    row = review_an_edit(page, api, "Refunds take 5 days.", "Refunds take 10 days.")
    assert row[1:] == ("Refunds take <del>5</del> days.", "Refunds take <strong>10</strong> days.")


def test_every_markdown_and_html_character_in_an_edit_shows_as_written(page: Page, api: Api) -> None:
    hostile = r"*a* _b_ `c` [d](e) # f ~~g~~ | h \ $i$ <b>j</b> &amp; :red[k] > l"
    before, after = f"{hostile} old", f"{hostile} new"
    row = review_an_edit(page, api, before, after)
    marks = re.compile(r"</?(del|strong)>")
    assert marks.sub("", row[1]) == html.escape(before)  # the text, escaped once, no markup taken from it
    assert marks.sub("", row[2]) == html.escape(after)
    assert row[1].endswith("<del>old</del>") and row[2].endswith("<strong>new</strong>")
    assert set(re.findall(r"<(\w+)", row[1] + row[2])) == {"del", "strong"}  # no element but the marks
