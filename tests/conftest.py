from collections.abc import Iterator
from pathlib import Path

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


@pytest.fixture
def api(sandbox: RunningSandbox) -> Api:
    return Api(sandbox)
