import json
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


# Text that must show and travel exactly as written: markup, right-to-left, emoji, blanks, NUL, too long, math.
HOSTILE = [
    "**x** <img src=x onerror=alert(1)> [y](javascript:alert(1))",
    "مجموعة البيانات",
    "שלום \u202e evil",
    "👩‍💻 ✅ 🇫🇷",
    "   ",
    "\t\n",
    "a\u0000b",
    "x" * 256,
    "$x$ :red[y] `z`",
]


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


CANARY_KEY = "gen_api_CANARY_never_show_me_4c1d2e"  # the faulty sandbox's key: a test searches for it


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[RunningSandbox]:
    """A sandbox with demo data on a fresh temporary database, over real HTTP: one per test."""
    running = start_in_thread(tmp_path / "gentrace.db")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    """A sandbox that takes fault rules (`Api.inject`), one per test module, with a recognisable key."""
    running = start_in_thread(tmp_path_factory.mktemp("faulty") / "gentrace.db", api_key=CANARY_KEY, faults=True)
    yield running
    running.stop()


def numbered_cases(count: int) -> list[dict[str, Any]]:
    """Test cases "Case 0" … with one input each: {"q": "Q0"}."""
    return [{"name": f"Case {n}", "inputs": {"q": f"Q{n}"}} for n in range(count)]


GOOD_QUESTIONS = [
    "Can I get my money back after thirty days",
    "Where do invoices for the annual plan go",
    "Why does the login page keep asking me to verify",
    "Which countries do you ship furniture to",
    "Is the warranty transferable when I sell it",
    "How are taxes shown on receipts for Germany",
    "What happens to my data once I cancel",
    "Who can upgrade a team from free to pro",
    "When will the blue sofa be back in stock",
    "Does the mobile app work offline on planes",
    "Can two people share one seat licence",
    "What is the limit for file uploads today",
]
AILING_PROBLEMS = {
    "repeats": 2,
    "contradictions": 1,
    "near": 1,
    "missing": 1,
    "misspelt": 1,
    "empty": 1,
    "outliers": 1,
}


AILING_VERDICT = (  # the health line on the dataset's page for `ailing_cases`, naming each problem
    "Health: 8 problems in 23 cases (exact repeats: 2; contradictions: 1; near repeats: 1; missing expected "
    "outputs: 1; misspelt keys: 1; empty values: 1; inputs far too long: 1)."
)
AILING_HEADINGS = (  # the Health view's heading of each finding for `ailing_cases`
    "Exact repeats · 2",
    "Contradictions · 1",
    "Near repeats · 1",
    "Missing expected outputs · 1",
    "Key coverage · 1 misspelt key",
    "Empty values · 1",
    "Input lengths · 1 far too long",
)


def ailing_cases() -> list[dict[str, Any]]:
    """A dataset with one of each problem the health view finds (`AILING_PROBLEMS`), among 12 good cases."""

    def one(name: str, question: str, answer: str | None = "Yes", **inputs: Any) -> dict[str, Any]:
        case: dict[str, Any] = {"name": name, "inputs": {"question": question, **inputs}}
        if answer is not None:
            case["expectedOutputs"] = {"answer": answer}
        return case

    good = [one(f"Good {n}", question, f"Answer {n}") for n, question in enumerate(GOOD_QUESTIONS)]
    repeats = [one("Refund window", "How long is the refund window", "30 days") for _ in range(3)]
    contradiction = [one("Invoice yes", "Can I pay by invoice", "Yes"), one("Invoice no", "Can I pay by invoice", "No")]
    near = [
        one("Reset 1", "How do I reset my password?", "Use the link"),
        one("Reset 2", "how do I reset my password", "Use the link"),
    ]
    return [
        *good,
        *repeats,
        *contradiction,
        *near,
        one("No answer", "Do you sell gift cards", None),
        {"name": "Typo", "inputs": {"questoin": "Do you have a phone line"}, "expectedOutputs": {"answer": "No"}},
        one("Blank context", "What are your opening hours", "9 to 5", context="   "),
        one("Pasted manual", "Please read this manual. " * 150, "Summarise it"),
    ]


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

    def cases(self, dataset_id: str) -> list[dict[str, Any]]:
        """The dataset's test cases as Gentrace lists them."""
        return self.get("/test-cases", params={"datasetId": dataset_id}).json()["data"]  # type: ignore[no-any-return]

    def contents(self, dataset_id: str) -> list[tuple[str, Any, Any]]:
        """The dataset's cases as (name, inputs, expected outputs), in a fixed order: what must match exactly."""
        found = [(c["name"], c["inputs"], c["expectedOutputs"] or {}) for c in self.cases(dataset_id)]
        return sorted(found, key=lambda content: json.dumps(content, sort_keys=True))

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


@pytest.fixture
def faulty_api(faulty: RunningSandbox) -> Iterator[Api]:
    """The contract's client for the faulty sandbox; no fault rule outlives the test."""
    client = Api(faulty)
    yield client
    client.clear_faults()


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
