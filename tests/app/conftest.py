"""The fixtures that start the studio under AppTest: a fresh sandbox per test, reached through the same settings a
person would set, and an audit log and history of the test's own. The helpers that drive it are in helpers.py."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from sandbox.server import RunningSandbox
from tests.app.helpers import Page


@pytest.fixture(autouse=True)
def audit_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every app test writes its audit log to a file of its own, never into the project."""
    path = tmp_path / "audit.jsonl"
    monkeypatch.setenv("STUDIO_AUDIT_LOG", str(path))
    monkeypatch.setenv("STUDIO_DATABASE_URL", f"sqlite:///{tmp_path / 'studio.db'}")  # and its history too
    return path


def _page_on(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[Page]:
    monkeypatch.setenv("GENTRACE_API_KEY", sandbox.api_key)
    monkeypatch.setenv("GENTRACE_BASE_URL", sandbox.base_url)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield Page()
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def page(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[Page]:
    """The app, connected to a fresh sandbox through the same settings a user would set."""
    yield from _page_on(sandbox, monkeypatch)


@pytest.fixture
def faulty_page(faulty: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[Page]:
    """The app, connected to the sandbox that injects faults on demand (tests/conftest's `faulty_api`)."""
    yield from _page_on(faulty, monkeypatch)
