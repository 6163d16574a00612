"""The Create-dataset page through AppTest, against a real sandbox over HTTP."""

import pytest
import responses

from tests.app.helpers import Page, expand, names_in, unescape
from tests.conftest import Api

BILLING = "Billing questions"  # the demo seed's golden dataset of support-chatbot


def test_create_by_slug_shows_the_card_and_the_dataset_exists(page: Page, api: Api) -> None:
    page.pipeline("support-chatbot").fill("Refund tone", "  Polite refusals  ").create()
    created = page.created
    assert created is not None
    assert (created.dataset.name, created.dataset.description) == ("Refund tone", "Polite refusals")
    assert created.is_golden is False
    assert "Refund tone" in names_in(api, "support-chatbot")
    text = page.text
    assert created.dataset.id in text
    assert "Support Chatbot" in text
    assert "Slug: support-chatbot" in text
    assert "Active" in text
    assert "Polite refusals" in text
    assert "client.datasets.retrieve" not in text  # drawn only when opened
    expand(page.at, "Use it from code")
    expand(page.at, "Details for engineers")
    text = page.text
    assert "client.datasets.retrieve" in text and "curl" in text and f'"id": "{created.dataset.id}"' in text
    assert next(s.value for s in page.at.success) == "Dataset created."
    assert api.session.headers["Authorization"].removeprefix("Bearer ") not in text
    assert [c.dataset.name for c in page.created_history] == ["Refund tone"]


def test_create_by_id_with_golden_reads_golden_back(page: Page, api: Api) -> None:
    pipeline = api.pipeline("meeting-notes")
    page.mode("id").pipeline(str(pipeline["id"]), mode="id").golden().fill("Standups").create()
    created = page.created
    assert created is not None
    assert created.dataset.pipeline_id == pipeline["id"]
    assert created.is_golden is True
    assert api.pipeline("meeting-notes")["goldenDatasetId"] == created.dataset.id
    assert "Yes, this is the pipeline's golden dataset." in page.text


def test_each_validation_error_is_under_its_field_and_inputs_are_kept(page: Page, api: Api) -> None:
    before = len(api.get("/datasets").json()["data"])
    page.mode("id").pipeline("not-a-uuid", mode="id")
    assert any("looks like" in e for e in page.errors), "the id shape is checked before submitting"
    page.golden().fill("", "d" * 10_001).create()
    assert page.errors == [  # each under its field, in the page's order, then the summary
        "A pipeline id looks like 123e4567-e89b-42d3-a456-426614174000 (32 hex digits in 5 groups).",
        "Give the dataset a name.",
        "Shorten the description to 10,000 characters or fewer (it has 10,001).",
        "Fix the 3 highlighted fields before creating the dataset.",
    ]
    assert page.created is None
    assert page.value("description") == "d" * 10_001
    assert page.value("golden") is True
    assert page.value("pipeline", mode="id") == "not-a-uuid"
    assert len(api.get("/datasets").json()["data"]) == before


def test_name_rules(page: Page) -> None:
    page.pipeline("support-chatbot")
    page.fill("x" * 256).create()
    assert any("255" in e for e in page.errors)
    page.fill("two\nlines").create()
    assert any("one line" in e for e in page.errors)
    assert page.value("name") == "two\nlines"
    page.fill("   ").create()
    assert any("Give the dataset a name" in e for e in page.errors)


def test_no_pipeline_chosen(page: Page) -> None:
    page.fill("Orphan").create()
    assert any("Choose the pipeline" in e for e in page.errors)
    assert page.value("name") == "Orphan"


def test_unknown_slug_is_reported_on_the_pipeline_field(page: Page, api: Api) -> None:
    page.pipeline("ghost-pipeline")
    assert "is not in the list of pipelines" in page.text
    page.fill("Lost", "kept text").create()
    assert any("No pipeline with the slug “ghost-pipeline”" in e for e in page.errors)
    assert any("fix the pipeline field" in e for e in page.errors)
    assert page.value("name") == "Lost"
    assert page.value("description") == "kept text"
    assert "Lost" not in {d["name"] for d in api.get("/datasets").json()["data"]}
    page.pipeline("contract-review")
    assert page.errors == [], "the field changed: its old error and the summary go at once"
    page.create()
    assert page.created is not None, "submitting again after a fix works"
    assert page.created.dataset.name == "Lost"


def test_invalid_key_explains_and_keeps_input(page: Page, monkeypatch: object) -> None:
    import streamlit as st

    monkeypatch.setenv("GENTRACE_API_KEY", "gen_api_revoked")  # type: ignore[attr-defined]
    st.cache_resource.clear()
    bad = Page()
    assert any("could not be loaded" in w for w in bad.warnings), "the list is missing and the page says why"
    bad.pipeline("support-chatbot").fill("Nope", "desc").create()
    assert any("API key was rejected" in e for e in bad.errors)
    assert bad.value("name") == "Nope"
    assert bad.value("pipeline") == "support-chatbot"
    assert "HTTP 401" in "\n".join(c.value for c in bad.at.code)
    assert "gen_api_revoked" not in bad.text


def test_server_error_keeps_input_and_a_retry_works(page: Page, api: Api) -> None:
    page.pipeline("support-chatbot").fill("Flaky", "after an outage")
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        mocked.add_passthru(api.base.removesuffix("/v4") + "/v4/pipelines")
        mocked.add_passthru(api.base.removesuffix("/v4") + "/v4/datasets?")
        mocked.post(
            api.base + "/datasets", status=500, json={"message": "Internal server error occurred while processing"}
        )
        page.create()
    assert any("problem on its side" in e and "safe to try again" in e for e in page.errors)
    assert "HTTP 500" in "\n".join(c.value for c in page.at.code)
    assert page.value("name") == "Flaky"
    assert page.value("description") == "after an outage"
    page.create()
    assert page.created is not None
    assert names_in(api, "support-chatbot").count("Flaky") == 1


def test_slug_id_switch_changes_the_input_at_once_and_keeps_the_choice(page: Page, api: Api) -> None:
    assert [s.label for s in page.at.selectbox] == ["Pipeline slug"]
    page.pipeline("contract-review")
    page.mode("id")
    assert [s.label for s in page.at.selectbox] == ["Pipeline ID"]
    assert page.value("pipeline", mode="id") == api.pipeline("contract-review")["id"]
    assert "Contract Review" in page.text
    page.mode("slug")
    assert page.value("pipeline", mode="slug") == "contract-review"


def test_duplicate_name_needs_a_second_deliberate_confirmation(page: Page, api: Api) -> None:
    page.pipeline("support-chatbot").fill(f"  {BILLING.upper()} ").create()
    assert page.created is None
    assert any("already has a dataset named" in w for w in page.warnings)
    assert names_in(api, "support-chatbot").count(BILLING) == 1
    page.button("Yes, create it anyway").click()
    page.run()
    assert page.created is not None
    assert [n.casefold() for n in names_in(api, "support-chatbot")].count(BILLING.casefold()) == 2


def test_golden_replacement_notice(page: Page) -> None:
    page.pipeline("support-chatbot")
    assert not any("replace" in w for w in page.warnings)
    page.golden()
    assert any(
        "This will replace **Billing questions** as the golden dataset of Support Chatbot" in w for w in page.warnings
    )
    page.pipeline("meeting-notes")
    assert not any("replace" in w for w in page.warnings)
    assert "has no golden dataset yet" in page.text


def test_preview_shows_the_pipeline_before_submitting(page: Page) -> None:
    page.pipeline("support-chatbot")
    text = page.text
    assert "**Support Chatbot**" in text
    assert "3 datasets · Golden dataset: Billing questions" in text


def test_create_another_clears_the_form(page: Page) -> None:
    page.pipeline("support-chatbot").golden().fill("First", "one").create()
    assert page.created is not None
    page.button("Create another dataset").click()
    page.run()
    assert page.created is None
    assert page.value("name") in (None, "")
    assert page.value("description") in (None, "")
    assert page.value("golden") in (None, False)
    assert page.value("pipeline") is None
    assert page.errors == []
    page.pipeline("support-chatbot").fill("Second").create()
    assert page.created.dataset.name == "Second"
    assert [c.dataset.name for c in page.created_history] == ["First", "Second"]


def test_markup_in_names_is_shown_literally(page: Page) -> None:
    name = "**x** <img src=x onerror=alert(1)> [y](javascript:alert(1))"
    page.pipeline("support-chatbot").fill(name).create()
    assert page.created.dataset.name == name
    heading = page.at.header[0].value
    assert "<" not in heading.replace("\\<", ""), "every markup character reaches markdown escaped"
    assert "*" not in heading.replace("\\*", "")
    assert unescape(heading) == name


def test_connection_page_shows_mode_and_tests_the_key(page: Page) -> None:
    page.at.switch_page("pages/connection.py")
    page.run()
    assert any("Connected to Gentrace" in s.value for s in page.at.success)
    page.button("Test connection").click()
    page.run()
    assert any("The key works: 5 pipelines visible." in s.value for s in page.at.success)
    assert "GENTRACE_API_KEY" in page.text


def test_old_lookups_are_not_kept_alive_after_creates(page: Page) -> None:
    """Callbacks of old widgets stay in the session: they must not pin each run's pipeline or dataset lists."""
    import gc

    from components.shared.lookups import Lookup

    for n in range(4):
        page.pipeline("support-chatbot").fill(f"Batch {n}").create()
        assert page.created is not None
        page.button("Create another dataset").click()
        page.run()
    gc.collect()
    alive = [o for o in gc.get_objects() if isinstance(o, Lookup)]
    assert len(alive) <= 3, f"{len(alive)} pipeline/dataset lists still in memory"


def test_create_whose_answer_is_lost_after_commit_is_shown_once(
    page: Page, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    from services.gentrace.client import GentraceClient
    from services.gentrace.errors import ConnectionDropped

    original = GentraceClient.create_dataset

    def commit_then_drop(self: GentraceClient, request: object) -> object:
        original(self, request)  # type: ignore[arg-type]
        raise ConnectionDropped(may_have_acted=True)

    monkeypatch.setattr(GentraceClient, "create_dataset", commit_then_drop)
    page.pipeline("support-chatbot").fill("Lost answer").create()
    assert page.created is not None
    assert page.created.dataset.name == "Lost answer"
    assert any("created exactly once" in i.value for i in page.at.info)
    assert names_in(api, "support-chatbot").count("Lost answer") == 1
