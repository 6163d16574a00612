"""Comparing two datasets through AppTest: the counts and a different pair side by side, copying B's missing cases
into A (reviewed, sent once, one History entry, again adds nothing), taking B's version, the table's "Copy
selected to…", duplicating a dataset, and comparing a dataset with itself or with one that is gone."""

import html
import os
import re
from typing import Any

from streamlit.testing.v1 import AppTest

from components.importing.registry import import_registry
from components.shared.text import label
from services.cases.content import CaseContent, Pair
from services.database.engine import open_database
from services.history.store import HistoryStore
from tests.app.helpers import (
    Page,
    button,
    click,
    differences,
    field,
    open_datasets,
    page_links,
    run,
    shown,
    unescape,
)
from tests.conftest import Api


def question(name: str, q: str, answer: str) -> dict[str, Any]:
    return {"name": name, "inputs": {"question": q}, "expectedOutputs": {"answer": answer}}


def pair(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    golden = api.new_dataset(
        "Golden FAQ",
        cases=[question("Refund", "Refund?", "Within 30 days"), question("Invoice", "Invoice?", "Billing page"),
               question("Only mine", "Mine?", "Yes")],
    )  # fmt: skip
    scratch = api.new_dataset(
        "This week",
        cases=[question("Refund", "Refund?", "Within 14 days"), question("Invoice", "Invoice?", "Billing page"),
               question("Password", "Reset?", "Use the link"), question("Plan", "Upgrade?", "Settings")],
    )  # fmt: skip
    return golden, scratch


def compare_view(page: Page, a: str, b: str = "") -> AppTest:
    page.at.query_params.clear()
    return open_datasets(page, dataset=a, compare=b)


def metrics(at: AppTest) -> dict[str, str]:
    return {unescape(m.label): m.value for m in at.metric}


def finished_copy(at: AppTest, target: str) -> AppTest:
    job = import_registry().latest(target)
    assert job is not None and job.wait(30)
    return run(at)


def test_the_counts_and_a_different_pair_side_by_side(page: Page, api: Api) -> None:
    golden, scratch = pair(api)
    at = compare_view(page, golden["id"], scratch["id"])
    assert metrics(at) == {"Only in A": "1", "Only in B": "2", "In both, different": "1", "Identical": "1"}, shown(at)
    (answer,) = [row for table in differences(at) for row in table]
    assert answer[0] == "expectedOutputs.answer" and "30" in answer[1] and "14" in answer[2]
    assert f"In A ({golden['name']})" in shown(at) and f"In B ({scratch['name']})" in shown(at)
    at.radio(key=f"comparing_by_{golden['id']}").set_value("inputs")
    run(at)
    assert metrics(at)["In both, different"] == "1"


def test_copy_the_missing_cases_then_again_adds_nothing(page: Page, api: Api) -> None:
    golden, scratch = pair(api)
    at = compare_view(page, golden["id"], scratch["id"])
    click(at, "Copy all 2 into A")
    assert f"Copy 2 test cases into {golden['name']}?" in shown(at)
    assert len(api.cases(golden["id"])) == 3  # nothing sent before the confirmation
    button(at, "Copy 2 test cases").click()
    button(at, "Copy 2 test cases").click()  # a double click starts one copy
    run(at)
    at = finished_copy(at, golden["id"])
    assert f"Copied into {golden['name']}: 2 created." in shown(at)
    assert sorted(c["name"] for c in api.cases(golden["id"])) == ["Invoice", "Only mine", "Password", "Plan", "Refund"]
    assert metrics(at)["Only in B"] == "0"
    page.at.query_params.clear()
    at = open_datasets(page, dataset=golden["id"])
    assert "Copied in" in shown(at) and f"copied from “{scratch['name']}”" in shown(at)


def test_copying_what_is_there_is_refused_as_nothing_to_copy(page: Page, api: Api) -> None:
    golden, scratch = pair(api)
    at = compare_view(page, golden["id"], scratch["id"])
    at.checkbox(key=next(c.key for c in at.checkbox if c.label == "Password")).check()
    run(at)
    click(at, "Copy the 1 ticked into A")
    assert f"Copy 1 test case into {golden['name']}?" in shown(at)
    api.post("/test-cases", json={"datasetId": golden["id"], **question("Password", "Reset?", "Use the link")})
    click(at, "Copy 1 test case")
    at = finished_copy(at, golden["id"])
    assert "0 created, 1 already there" in shown(at)  # a colleague added it meanwhile: the copy skipped it
    assert [c["name"] for c in api.cases(golden["id"])].count("Password") == 1


def test_take_bs_version_through_the_change_path(page: Page, api: Api) -> None:
    golden, scratch = pair(api)
    at = compare_view(page, golden["id"], scratch["id"])
    click(at, "Take B's version of “Refund”")
    assert f"Replace 1 test case of {golden['name']} with B's version?" in shown(at)
    click(at, "Take B's version of 1 test case")
    assert "Took B's version of 1 test case" in shown(at)
    answers = {c["name"]: c["expectedOutputs"]["answer"] for c in api.cases(golden["id"])}
    assert answers["Refund"] == "Within 14 days"
    assert metrics(at) == {"Only in A": "1", "Only in B": "2", "In both, different": "0", "Identical": "2"}


def test_a_dataset_compared_with_itself_or_with_one_that_is_gone(page: Page, api: Api) -> None:
    golden, _ = pair(api)
    at = compare_view(page, golden["id"], golden["id"])
    assert "That is this dataset itself" in shown(at)
    at = compare_view(page, golden["id"], "123e4567-e89b-42d3-a456-426614174000")
    assert "The other dataset could not be read" in shown(at)
    at = compare_view(page, golden["id"])
    assert "Choose the dataset to compare this one with." in shown(at)


def test_names_used_twice_are_listed_as_not_matched(page: Page, api: Api) -> None:
    a = api.new_dataset("Twice", cases=[question("Refund", "1", "a"), question("Refund", "2", "b")])
    b = api.new_dataset("Once", cases=[question("Refund", "1", "a")])
    at = compare_view(page, a["id"], b["id"])
    assert metrics(at)["Not matched"] == "1"
    assert "2 cases named “Refund” in A (1 in B)" in shown(at)


def test_copy_selected_to_another_dataset_from_the_table(page: Page, api: Api) -> None:
    golden, scratch = pair(api)
    page.at.query_params.clear()
    at = open_datasets(page, dataset=scratch["id"])
    at.checkbox(key=next(c.key for c in at.checkbox if c.label == "Plan")).check()
    run(at)
    click(at, "Copy selected (1) to…")
    at.selectbox(key=f"comparing_copy_to_target_{scratch['id']}").set_value(golden["id"])
    run(at)
    click(at, "Review the copy")
    assert f"Copy 1 test case into {golden['name']}?" in shown(at)
    click(at, "Copy 1 test case")
    at = finished_copy(at, golden["id"])
    assert f"Copied into {golden['name']}: 1 created." in shown(at)
    assert "Plan" in [c["name"] for c in api.cases(golden["id"])]


def test_duplicate_a_dataset(page: Page, api: Api) -> None:
    _, scratch = pair(api)
    page.at.query_params.clear()
    at = open_datasets(page, dataset=scratch["id"])
    click(at, "Duplicate")
    assert field(at, "Name of the new dataset").value == f"{scratch['name']} (copy)"
    field(at, "Name of the new dataset").input("")
    click(at, "Duplicate dataset")
    assert "Duplicate this dataset" in shown(at)  # refused under the field, the form still open
    field(at, "Name of the new dataset").input("Next week")
    click(at, "Duplicate dataset")
    new_id = (
        at.query_params["dataset"][0] if isinstance(at.query_params["dataset"], list) else at.query_params["dataset"]
    )
    assert new_id != scratch["id"]
    at = finished_copy(at, new_id)
    assert at.title[0].value == "Next week"
    assert sorted(c["name"] for c in api.cases(new_id)) == sorted(c["name"] for c in api.cases(scratch["id"]))
    assert "golden" not in shown(at).lower().split("pipeline:")[1].split("\n")[0]


def test_hostile_text_in_either_dataset_shows_as_written(page: Page, api: Api) -> None:
    hostile = r"*a* _b_ `c` [d](e) # f ~~g~~ | h \ $i$ <b>j</b> &amp; :red[k] > l"
    a = api.new_dataset(hostile, cases=[question(hostile, hostile, f"{hostile} old")], exact_name=True)
    b = api.new_dataset(f"{hostile} B", cases=[question(hostile, hostile, f"{hostile} new"),
                                                question(f"{hostile} 2", "x", "y")], exact_name=True)  # fmt: skip
    at = compare_view(page, a["id"], b["id"])
    links = [unescape(link.label) for link in page_links(at)]
    assert hostile in links and f"{hostile} 2" in links
    (row,) = [row for table in differences(at) for row in table]
    marks = re.compile(r"</?(del|strong)>")
    assert marks.sub("", row[1]) == html.escape(f"{hostile} old")
    assert f"A: {hostile} · B: {hostile} B" in shown(at)
    assert set(re.findall(r"<(\w+)", row[1] + row[2])) == {"del", "strong"}
    click(at, label(f"Take B's version of “{hostile}”"))  # the label escapes what would be markdown
    assert f"Replace 1 test case of {hostile} with B's version?" in shown(at)


def test_a_duplicate_whose_copy_did_not_finish_says_so_and_is_finished(page: Page, api: Api) -> None:
    source = api.new_dataset("Source", cases=[question(f"Case {n}", f"Q{n}?", f"A{n}") for n in range(4)])
    half = api.new_dataset(
        f"{source['name']} (copy)", cases=[question(f"Case {n}", f"Q{n}?", f"A{n}") for n in range(2)]
    )
    store = HistoryStore(open_database(os.environ["STUDIO_DATABASE_URL"]))
    note = f"duplicate of “{source['name']}” ({source['id']})"
    pairs = [Pair(None, CaseContent(f"Case {n}", {"question": f"Q{n}?"}, {"answer": f"A{n}"})) for n in range(4)]
    store.begin(half["id"], "copy", pairs, who="ann", note=note)  # the studio stopped half-way: never completed
    page.at.query_params.clear()
    at = open_datasets(page, dataset=half["id"])
    assert f"This dataset is a duplicate of “{source['name']}”, and its copy did not finish: 2 of 4" in shown(at)
    click(at, "Finish the duplicate")
    assert f"Copy 2 test cases into {half['name']}?" in shown(at)
    click(at, "Copy 2 test cases")
    at = finished_copy(at, half["id"])
    assert api.contents(half["id"]) == api.contents(source["id"])
    assert "did not finish" not in shown(at)
