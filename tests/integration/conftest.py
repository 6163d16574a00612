from collections.abc import Iterator

import pytest

from sandbox.server import RunningSandbox, start_in_thread
from tests.conftest import Api


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    """A sandbox that takes fault rules, one per test module."""
    running = start_in_thread(tmp_path_factory.mktemp("faulty") / "gentrace.db", faults=True)
    yield running
    running.stop()


@pytest.fixture
def faulty_api(faulty: RunningSandbox) -> Iterator[Api]:
    """The contract's client for that sandbox; no fault rule outlives the test."""
    api = Api(faulty)
    yield api
    api.clear_faults()
