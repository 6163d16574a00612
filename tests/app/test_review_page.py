"""Reviewing a dataset through AppTest: each action and where the screen goes after it, the filters, the header,
the case's view, the golden confirmation, the two-person rule, and a review record that cannot be written."""

from typing import Any

from streamlit.testing.v1 import AppTest

from components.shared.lookups import forget_all
from tests.app.helpers import Page, button, field, open_datasets, page_links, run, shown, unescape
from tests.conftest import Api


def five(api: Api) -> dict[str, Any]:
    cases = [
        {"name": f"Case {n}", "inputs": {"question": f"Question {n}?"}, "expectedOutputs": {"answer": f"Answer {n}"}}
        for n in range(1, 6)
    ]
    return api.new_dataset("Review", cases=cases)


def at_address(page: Page, **query: str) -> AppTest:
    """The Datasets page at exactly this address (the last address's parameters forgotten)."""
    page.at.query_params.clear()
    return open_datasets(page, **query)


def review(page: Page, dataset_id: str) -> AppTest:
    return at_address(page, dataset=dataset_id, view="review")


def progress(at: AppTest) -> str:
    (bar,) = at.get("progress")
    return unescape(str(bar.proto.text))


def heading(at: AppTest) -> str:
    return at.header[0].value


def test_approve_flag_skip_and_the_progress(page: Page, api: Api) -> None:
    made = five(api)
    at = review(page, made["id"])
    assert at.query_params["view"] == "review"
    assert progress(at) == "0 approved · 0 flagged · 5 to review"
    assert "Case 1 of 5" in shown(at) and heading(at) == "Case 1"
    assert "Question 1?" in shown(at) and "Answer 1" in shown(at)

    button(at, "Approve").click()
    run(at)
    assert heading(at) == "Case 2" and progress(at) == "1 approved · 0 flagged · 4 to review"
    button(at, "Flag").click()
    run(at)
    button(at, "Flag it").click()
    run(at)
    assert "a flag needs a note" in shown(at)  # refused under the field
    field(at, "Note: what needs another look").input("x" * 2_001)
    button(at, "Flag it").click()
    run(at)
    assert "keep it to 2,000" in shown(at)
    assert field(at, "Note: what needs another look").value == "x" * 2_001  # what was typed is kept
    field(at, "Note: what needs another look").input("**Out of date** <b>since</b> May")
    button(at, "Flag it").click()
    run(at)
    assert heading(at) == "Case 3" and progress(at) == "1 approved · 1 flagged · 3 to review"
    button(at, "Skip").click()
    run(at)
    assert heading(at) == "Case 4"

    at.radio(key=f"review_show_{made['id']}").set_value("flagged")
    run(at)
    button(at, "Previous").click()
    run(at)
    assert heading(at) == "Case 2"
    flag = next(m.value for m in at.markdown if "Flagged by" in m.value)
    assert unescape(flag).endswith(
        "Flagged by anonymous on "
        + unescape(flag).split(" on ")[1].split(": ")[0]
        + ": **Out of date** <b>since</b> May"
    )

    at = at_address(page, dataset=made["id"])
    assert "Reviewed: 1 of 5 approved · 1 flagged" in shown(at)
    assert any(link.label == "Review cases" for link in page_links(at))
    first = api.cases(made["id"])[0]
    at = at_address(page, dataset=made["id"], case=first["id"])
    assert "Approved by anonymous on" in shown(at)


def test_a_late_press_for_a_case_already_approved_does_nothing(page: Page, api: Api) -> None:
    made = five(api)
    at = review(page, made["id"])
    approve = button(at, "Approve")
    approve.click()
    run(at)
    assert heading(at) == "Case 2"
    approve.click()  # the same button again: the press was for Case 1, no longer shown
    run(at)
    assert heading(at) == "Case 2" and progress(at).startswith("1 approved")


def test_a_fix_goes_through_the_history_and_counts_as_approved(page: Page, api: Api) -> None:
    made = five(api)
    at = review(page, made["id"])
    button(at, "Fix").click()
    run(at)
    field(at, "Value of answer").input("A better answer")
    button(at, "Review the changes").click()
    run(at)
    button(at, "Save and approve").click()
    run(at)
    assert "Fixed and approved" in shown(at)
    assert heading(at) == "Case 2"
    assert progress(at) == "1 approved · 0 flagged · 4 to review"
    answers = [case["expectedOutputs"]["answer"] for case in api.cases(made["id"])]
    assert "A better answer" in answers and "Answer 1" not in answers
    at = at_address(page, dataset=made["id"])
    assert "fixed in review: Case 1" in unescape(shown(at))  # the History names it


def test_an_edit_outside_the_review_makes_it_to_review_again(page: Page, api: Api) -> None:
    made = five(api)
    at = review(page, made["id"])
    button(at, "Approve").click()
    run(at)
    first = api.cases(made["id"])[0]
    api.post("/test-cases", json={"datasetId": made["id"], "name": "Case 1", "inputs": {"question": "Changed?"}})
    api.delete(f"/test-cases/{first['id']}")
    forget_all()  # as when the listing's cache expires
    at = review(page, made["id"])
    assert progress(at).startswith("0 approved")
    changed = next(case for case in api.cases(made["id"]) if case["name"] == "Case 1")
    at = at_address(page, dataset=made["id"], case=changed["id"])
    assert "Changed since it was approved" in shown(at)


def test_golden_confirmation_says_what_is_not_approved(page: Page, api: Api) -> None:
    made = five(api)
    at = review(page, made["id"])
    button(at, "Approve").click()
    run(at)
    at = at_address(page, dataset=made["id"])
    button(at, "Make it golden").click()
    run(at)
    assert "4 of 5 test cases are not approved." in shown(at)


def test_an_empty_dataset_has_nothing_to_review(page: Page, api: Api) -> None:
    made = api.new_dataset("Empty")
    at = review(page, made["id"])
    assert "There is nothing to review" in shown(at)


def test_two_people_need_sign_in(page: Page, api: Api) -> None:
    made = five(api)
    at = review(page, made["id"])
    toggle = at.toggle(key=f"review_needed_{made['id']}")
    assert toggle.disabled and "needs sign-in" in (toggle.help or "")
