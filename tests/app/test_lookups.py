"""A failed pipeline-list load heals by itself within seconds; a good one is kept for a minute."""

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

import components.shared.lookups
from sandbox.server import RunningSandbox, start_in_thread
from tests.app.helpers import Page
from tests.conftest import Api


@pytest.fixture
def faulty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RunningSandbox]:
    running = start_in_thread(tmp_path / "gentrace.db", faults=True)
    monkeypatch.setenv("GENTRACE_API_KEY", running.api_key)
    monkeypatch.setenv("GENTRACE_BASE_URL", running.base_url)
    st.cache_resource.clear()
    yield running
    st.cache_resource.clear()
    running.stop()


def later(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    now = time.monotonic() + seconds
    monkeypatch.setattr(components.shared.lookups.time, "monotonic", lambda: now)


def test_a_failed_list_is_asked_for_again_after_a_few_seconds(
    faulty: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    Api(faulty).inject("GET /api/v4/pipelines", "status=503", 3)  # the request and its two retries
    page = Page()
    assert any("could not be loaded" in w for w in page.warnings)
    page.run()
    assert any("could not be loaded" in w for w in page.warnings), "a failure is kept for a few seconds"
    later(monkeypatch, components.shared.lookups.FAILED_LOOKUP_TTL_SECONDS + 1)
    page.run()
    assert not any("could not be loaded" in w for w in page.warnings)
    assert [s.label for s in page.at.selectbox] == ["Pipeline slug"]


def test_a_good_list_is_kept_for_a_minute(faulty: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    page = Page()
    assert [s.label for s in page.at.selectbox] == ["Pipeline slug"]
    Api(faulty).inject("GET /api/v4/pipelines", "status=503", 3)
    later(monkeypatch, components.shared.lookups.FAILED_LOOKUP_TTL_SECONDS + 1)
    page.run()
    assert [s.label for s in page.at.selectbox] == ["Pipeline slug"], "no new request: the list is still cached"
