"""Sharing the studio through AppTest: sign-in and the allowlist, who did what in the audit log and the Activity
page, links that prefill the create form, and the demo reset."""

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from components.connection.connection import Connection, get_connection
from components.create.created import RESULT
from components.create.form import INSTANCE, description_key, golden_key, name_key
from components.create.pipeline_picker import value_key
from sandbox.server import RunningSandbox
from services.activity.store import ActivityFilter, ActivityStore
from services.cases.content import CaseContent, Pair
from services.database.engine import open_database
from services.gentrace.types import DatasetCreate
from services.health.summaries import HealthSummaries, HealthSummary
from services.history.store import HistoryStore
from tests.app.helpers import Page, click, run, shown, unescape
from tests.conftest import ROOT, Api

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-cookie-secret-of-some-length",
    "client_id": "studio",
    "client_secret": "secret",
    "server_metadata_url": "http://localhost:9400/.well-known/openid-configuration",
}


def audit_lines(fallback: Path) -> list[dict[str, Any]]:
    """What the audit trail holds, oldest first, as the lines of its JSONL format: the studio's database (the
    test's own), and the local fallback file, which stays empty while the database is there."""
    assert not fallback.exists() or not fallback.read_text()
    entries = ActivityStore(open_database(os.environ["STUDIO_DATABASE_URL"])).everything(ActivityFilter())
    return [json.loads(entry.to_line()) for entry in reversed(entries)]


def signed_in_app(email: str | None, **user: Any) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": email, **user} if email else {"is_logged_in": False}
    return run(at)


@pytest.fixture
def gentrace_env(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("GENTRACE_API_KEY", sandbox.api_key)
    monkeypatch.setenv("GENTRACE_BASE_URL", sandbox.base_url)
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def test_signed_out_sees_only_the_sign_in_screen(gentrace_env: None) -> None:
    at = signed_in_app(None)
    assert [b.label for b in at.button] == ["Sign in"]
    assert at.title[0].value == "Gentrace Dataset Studio"
    text = shown(at)
    assert "Sandbox mode" not in text and "Connected to Gentrace" not in text
    assert not at.selectbox and not at.text_input  # no form, so nothing was fetched for one


def test_an_allowed_person_sees_the_app_and_who_is_signed_in(
    gentrace_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDIO_ALLOWED_DOMAINS", "example.com")
    at = signed_in_app("ann@example.com")
    assert "Signed in as ann@example.com" in unescape("\n".join(m.value for m in at.sidebar.markdown)).replace("**", "")
    assert [b.label for b in at.sidebar.button] == ["Sign out"]
    assert at.title[0].value == "Create a dataset"


def test_someone_not_on_the_allowlist_sees_whom_to_ask_and_nothing_else(
    gentrace_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDIO_ALLOWED_EMAILS", "ann@example.com")
    monkeypatch.setenv("STUDIO_ACCESS_CONTACT", "the data team (#studio-access)")
    at = signed_in_app("eve@elsewhere.org")
    assert at.title[0].value == "No access"
    text = shown(at)
    assert "You are signed in as eve@elsewhere.org" in text
    assert "Ask the data team (#studio-access) for access." in text
    assert [b.label for b in at.button] == ["Sign out"]
    assert "Create a dataset" not in text and not at.selectbox


def test_an_unverified_email_is_not_let_in(gentrace_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIO_ALLOWED_DOMAINS", "example.com")
    assert signed_in_app("ann@example.com", email_verified=False).title[0].value == "No access"


def test_a_create_is_recorded_with_who_did_it_and_shown_on_the_activity_page(
    gentrace_env: None, api: Api, audit_file: Path
) -> None:
    at = signed_in_app("ann@example.com")
    instance = at.session_state[INSTANCE]
    picker = at.selectbox(key=value_key(instance, "slug"))
    picker.set_value("support-chatbot")
    run(at)
    at.text_input(key=name_key(instance)).input("Audited set")
    next(b for b in at.button if b.label == "Create dataset").click()
    run(at)
    assert at.session_state[RESULT].dataset.name == "Audited set"
    (line,) = audit_lines(audit_file)
    dataset_id = at.session_state[RESULT].dataset.id
    assert (line["who"], line["mode"], line["action"], line["ids"]["dataset"], line["outcome"]) == (
        "ann@example.com", "gentrace", "dataset created", dataset_id, "ok"
    )  # fmt: skip

    at.switch_page("pages/activity.py")
    run(at)
    table = shown(at)
    assert "ann@example.com" in table and "Created the dataset" in table
    assert f"[Audited set](datasets?dataset={dataset_id})" in table  # by its name, a link to it
    assert "| Mode |" not in table  # every entry is in the same mode
    at.selectbox(key="activity_who").set_value("ann@example.com")
    run(at)
    assert "1 entry ·" in shown(at) and at.query_params["who"] in ("ann@example.com", ["ann@example.com"])


def test_without_sign_in_changes_are_recorded_as_anonymous(page: Page, api: Api, audit_file: Path) -> None:
    datasets = api.get("/datasets", params={"pipelineSlug": "support-chatbot"}).json()["data"]
    target = next(d for d in datasets if d["name"] == "Billing questions")
    at = page.at
    at.query_params["dataset"] = target["id"]
    at.switch_page("pages/datasets.py")
    run(at)
    next(b for b in at.button if b.label == "Archive dataset").click()
    run(at)
    next(b for b in at.button if b.label == "Yes, archive it").click()
    run(at)
    (line,) = audit_lines(audit_file)
    assert (line["who"], line["action"], line["ids"]["dataset"]) == ("anonymous", "dataset archived", target["id"])


def test_a_link_fills_the_form_and_a_bad_value_is_that_fields_error(page: Page) -> None:
    at = page.at
    at.query_params.update({"pipeline": "support-chatbot", "golden": "true", "name": "From a link",
                            "description": "Shared by a lead"})  # fmt: skip
    run(at)
    instance = at.session_state[INSTANCE]
    assert at.selectbox(key=value_key(instance, "slug")).value == "support-chatbot"
    assert at.toggle(key=golden_key(instance)).value is True
    assert at.text_input(key=name_key(instance)).value == "From a link"
    assert at.text_area(key=description_key(instance)).value == "Shared by a lead"
    assert "This will replace" in shown(at)

    bad = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    bad.query_params.update({"pipeline": "Not A Slug", "golden": "perhaps", "name": "x" * 300})
    run(bad)
    errors = [unescape(e.value) for e in bad.error]
    assert any("lowercase letters" in e for e in errors)
    assert any("golden='perhaps'" in e for e in errors)
    assert any("255 characters" in e for e in errors)


def test_copy_a_link_to_this_form_gives_a_link_with_what_is_filled_in(page: Page) -> None:
    page.pipeline("support-chatbot").fill("Half done", "Needs cases")
    at = page.at
    next(b for b in at.button if b.label == "Copy a link to this form").click()
    run(at)
    (link,) = [c.value for c in at.code if "?" in c.value]
    assert link.endswith("?pipeline=support-chatbot&name=Half+done&description=Needs+cases")


def test_reset_demo_data_is_confirmed_and_brings_the_seed_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, audit_file: Path
) -> None:
    for name in ("GENTRACE_API_KEY", "GENTRACE_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STUDIO_SANDBOX_DB", str(tmp_path / "demo.db"))
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.switch_page("pages/connection.py")
        run(at)
        assert "Sandbox mode" in shown(at)
        connection = get_connection()
        assert isinstance(connection, Connection) and connection.sandbox is not None
        assert connection.sandbox.db_path == tmp_path / "demo.db"
        client = connection.client
        pipeline = client.list_pipelines(slug="support-chatbot")[0]
        made = client.create_dataset(DatasetCreate(name="Made in the demo", description=None, pipeline_id=pipeline.id))
        golden = next(d for d in client.list_datasets(pipeline_slug="support-chatbot") if d.name == "Billing questions")
        store = HistoryStore(open_database(os.environ["STUDIO_DATABASE_URL"]))
        store.begin(golden.id, "add", [Pair(None, CaseContent("Added in the demo", {"q": "x"}))], who="ann")
        summaries = HealthSummaries(store.engine)
        summaries.keep(HealthSummary(made.id, "mark", 3, 10, datetime.now(UTC)))
        next(b for b in at.button if b.label == "Reset demo data").click()
        run(at)
        assert "Reset the demo data?" in shown(at)
        next(b for b in at.button if b.label == "Yes, reset the demo data").click()
        run(at)
        assert "The demo data is back" in shown(at)
        names = {d.name for d in client.list_datasets(pipeline_slug="support-chatbot", archived=True)}
        assert "Made in the demo" not in names and "Billing questions" in names
        assert [line["action"] for line in audit_lines(audit_file)] == ["demo data reset"]
        # what the studio kept about the old demo's datasets went with them
        assert store.count(golden.id) == 0 and summaries.of([made.id]) == {}
    finally:
        st.cache_resource.clear()


def signed_in_at(email: str, page_file: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": email}
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(page_file)
    return run(at)


def test_every_kind_of_change_is_recorded_with_the_person_who_made_it(
    gentrace_env: None, api: Api, audit_file: Path
) -> None:
    body = {"name": "Shared by two", "description": None, "pipelineSlug": "support-chatbot"}
    dataset_id = api.post("/datasets", json=body).json()["id"]
    for n in range(2):
        api.post("/test-cases", json={"datasetId": dataset_id, "name": f"Case {n}", "inputs": {"q": str(n)}})
    # Two people, two sessions, their changes interleaved.
    ann = signed_in_at("ann@example.com", "pages/datasets.py", dataset=dataset_id)
    bob = signed_in_at("bob@example.com", "pages/datasets.py", dataset=dataset_id)
    click(ann, "Edit details")
    next(t for t in ann.text_input if t.label == "Name").input("Renamed by Ann")
    click(ann, "Save changes")
    click(run(bob), "Make it golden")
    click(bob, "Yes, make it golden")
    click(run(ann), "Archive dataset")
    click(ann, "Yes, archive it")
    click(run(bob), "Restore dataset")
    click(bob, "Yes, restore it")
    next(box for box in ann.checkbox if box.label == "Case 0").check()
    run(ann)
    click(ann, "Delete selected (1)")
    click(ann, "Yes, delete 1 test case")

    importer = signed_in_at("bob@example.com", "pages/import_test_cases.py", dataset=dataset_id)
    importer.file_uploader[0].upload("more.csv", b"name,question\r\nNew case,What now?\r\n", "text/csv")
    run(importer)
    click(importer, "Import 1 test case")
    from components.importing.registry import import_registry

    job = import_registry().latest(dataset_id)
    assert job is not None and job.wait(30)

    lines = [line for line in audit_lines(audit_file) if line["ids"].get("dataset") == dataset_id]
    assert [(line["who"], line["action"], line["outcome"]) for line in lines] == [
        ("ann@example.com", "dataset updated", "ok"),
        ("bob@example.com", "golden changed", "ok, made golden"),
        ("ann@example.com", "dataset archived", "ok"),
        ("bob@example.com", "dataset restored", "ok"),
        ("ann@example.com", "test cases deleted", "ok"),
        ("bob@example.com", "test cases imported", "finished"),
    ]
    assert lines[4]["counts"] == {"added": 0, "changed": 0, "removed": 1, "failed": 0}
    assert lines[5]["counts"]["created"] == 1
    assert {line["mode"] for line in lines} == {"gentrace"}


def test_the_connection_page_warns_when_anyone_who_reaches_the_studio_acts_with_the_key(gentrace_env: None) -> None:
    def warnings(address: str, signed_in: bool) -> str:
        st.config.set_option("server.address", address)
        at = signed_in_app("ann@example.com") if signed_in else run(AppTest.from_file(str(ROOT / "app.py")))
        at.switch_page("pages/connection.py")
        return shown(run(at))

    everywhere = "0.0.0.0"  # noqa: S104 (what the page must warn about)
    try:
        assert "Anyone who can reach this studio acts with this API key" in warnings(everywhere, signed_in=False)
        assert "Anyone who can reach" not in warnings("127.0.0.1", signed_in=False)
        assert "Anyone who can reach" not in warnings(everywhere, signed_in=True)
    finally:
        st.config.set_option("server.address", None)


def test_two_people_must_approve_when_the_dataset_asks_for_it(gentrace_env: None, api: Api) -> None:
    made = api.new_dataset("Two reviewers", cases=[{"name": "Refund", "inputs": {"q": "Refund?"}}])
    ana = signed_in_at("ana@example.com", "pages/datasets.py", dataset=made["id"], view="review")
    needed = ana.toggle(key=f"review_needed_{made['id']}")
    assert not needed.disabled
    needed.set_value(True)
    run(ana)
    ana.button(key=f"review_approve_{api.cases(made['id'])[0]['id']}").click()
    run(ana)
    (bar,) = ana.get("progress")
    assert unescape(bar.proto.text) == "0 approved · 0 flagged · 1 to review (1 approved by 1 of 2)"
    assert "needs another person's approval" in unescape(shown(ana))

    again = signed_in_at("ana@example.com", "pages/datasets.py", dataset=made["id"], view="review")
    again.button(key=f"review_approve_{api.cases(made['id'])[0]['id']}").click()
    run(again)
    assert "You approved “Refund” already" in unescape(shown(again))  # the same person twice does not count

    ben = signed_in_at("ben@example.com", "pages/datasets.py", dataset=made["id"], view="review")
    ben.button(key=f"review_approve_{api.cases(made['id'])[0]['id']}").click()
    run(ben)
    (bar,) = ben.get("progress")
    assert bar.proto.text == "1 approved · 0 flagged · 0 to review"
    page = signed_in_at("ben@example.com", "pages/datasets.py", dataset=made["id"], case=api.cases(made["id"])[0]["id"])
    assert "Approved by ana@example.com and ben@example.com on" in unescape(shown(page))
