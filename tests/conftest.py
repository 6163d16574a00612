import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import requests

from sandbox.server import RunningSandbox, start_in_thread
from services.gentrace.types import DatasetCreate

ROOT = Path(__file__).resolve().parents[1]
TIMESTAMP = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"


def dataset_request(name: str, **overrides: object) -> DatasetCreate:
    """A create request built the way the form builds it: by default into support-chatbot, no description."""
    form: dict[str, object] = {
        "name": name,
        "description": "",
        "is_golden": False,
        "pipeline_mode": "slug",
        "pipeline": "support-chatbot",
        **overrides,
    }
    return DatasetCreate.from_form(**form)  # type: ignore[arg-type]


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[RunningSandbox]:
    """A sandbox with demo data on a fresh temporary database, over real HTTP."""
    running = start_in_thread(tmp_path / "gentrace.db")
    yield running
    running.stop()


def numbered_cases(count: int) -> list[dict[str, Any]]:
    """Test cases "Case 0" … with one input each: {"q": "Q0"}."""
    return [{"name": f"Case {n}", "inputs": {"q": f"Q{n}"}} for n in range(count)]


COUNTER = "latency=0"  # a fault rule that answers normally: it counts the requests it saw


class Api:
    """A client that speaks only the public contract: plain requests plus a bearer key."""

    def __init__(self, sandbox: RunningSandbox, api_key: str | None = None) -> None:
        self.base = sandbox.base_url + "/v4"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {api_key or sandbox.api_key}"

    def get(self, path: str, **kwargs: object) -> requests.Response:
        return self.session.get(self.base + path, timeout=30, **kwargs)  # type: ignore[arg-type]

    def post(self, path: str, **kwargs: object) -> requests.Response:
        return self.session.post(self.base + path, timeout=30, **kwargs)  # type: ignore[arg-type]

    def delete(self, path: str) -> requests.Response:
        return self.session.delete(self.base + path, timeout=30)

    def pipeline(self, slug: str) -> dict[str, object]:
        (found,) = self.get("/pipelines", params={"slug": slug}).json()["data"]
        return found  # type: ignore[no-any-return]

    def new_dataset(
        self,
        label: str = "Dataset",
        *,
        pipeline: str = "support-chatbot",
        description: str | None = None,
        cases: Sequence[dict[str, Any]] = (),
        exact_name: bool = False,
        **extra: object,
    ) -> dict[str, Any]:
        """A dataset named `label` plus a random suffix (or exactly `label`), with `cases` in it; its JSON."""
        name = label if exact_name else f"{label} {uuid.uuid4().hex[:6]}"
        body = {"name": name, "description": description, "pipelineSlug": pipeline, **extra}
        response = self.post("/datasets", json=body)
        assert response.status_code == 200, response.text
        dataset: dict[str, Any] = response.json()
        for case in cases:
            assert self.post("/test-cases", json={"datasetId": dataset["id"], **case}).status_code == 200
        return dataset

    # Faults (a sandbox started with faults on; see sandbox/faults.py)

    @property
    def _faults(self) -> str:
        return self.base.removesuffix("/v4") + "/__sandbox/faults"

    def inject(self, route: str, fault: str, times: int = 1) -> None:
        """The next `times` requests on `route` ("POST /api/v4/datasets") get `fault`."""
        response = self.session.post(self._faults, json={"route": route, "fault": fault, "times": times}, timeout=10)
        assert response.status_code == 200, response.text

    def requests_seen(self, route: str) -> int:
        """How many requests reached `route` since `inject(route, COUNTER, 1000)`: a rule that answers normally
        and counts down."""
        rules = self.session.get(self._faults, timeout=10).json()["rules"]
        return sum(1000 - r["times"] for r in rules if r["route"] == route and r["fault"] == COUNTER)

    def clear_faults(self) -> None:
        self.session.delete(self._faults, timeout=10)


@pytest.fixture
def api(sandbox: RunningSandbox) -> Api:
    return Api(sandbox)


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real PostgreSQL for the tests' session, run without root by the `pgserver` package."""
    import pgserver

    server = pgserver.get_server(tmp_path_factory.mktemp("postgres"), cleanup_mode="stop")
    yield server.get_uri().replace("postgresql://", "postgresql+psycopg://", 1)
    server.cleanup()


@pytest.fixture(params=["sqlite", "postgresql"])
def history_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The history store's database: SQLite in a file of its own, or a fresh database on the test PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'studio.db'}"
    base: str = request.getfixturevalue("postgres_url")
    import sqlalchemy

    name = f"studio_{uuid.uuid4().hex[:12]}"
    engine = sqlalchemy.create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.replace("/postgres?", f"/{name}?", 1)
