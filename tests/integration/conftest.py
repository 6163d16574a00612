"""What the integration tests share beyond the sandboxes (tests/conftest.py): a client that gives up at once on the
faulty sandbox, and a history of the test's own."""

from pathlib import Path

import pytest

from sandbox.server import RunningSandbox
from services.database.engine import open_database
from services.gentrace.client import GentraceClient
from services.history.store import HistoryStore


@pytest.fixture
def client(faulty: RunningSandbox) -> GentraceClient:
    """No retries and a 1 s read timeout: every fault the test injects is seen, and lost answers come quickly."""
    return GentraceClient(faulty.base_url, faulty.api_key, read_timeout=1.0, retries=0, backoff_factor=0)


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    return HistoryStore(open_database(f"sqlite:///{tmp_path / 'studio.db'}"))
