"""`python -m sandbox --reset` puts a database back to the demo data, while a sandbox serves it."""

import subprocess
import sys
from pathlib import Path

from sandbox.server import start_in_thread
from tests.conftest import ROOT, Api


def test_reset_from_the_shell_brings_back_the_seed_under_a_running_sandbox(tmp_path: Path) -> None:
    db = tmp_path / "gentrace.db"
    running = start_in_thread(db)
    try:
        api = Api(running)
        seeded = sorted(d["name"] for d in api.get("/datasets", params={"archived": "true"}).json()["data"])
        made = api.post(
            "/datasets", json={"name": "Made today", "description": None, "pipelineSlug": "support-chatbot"}
        )
        golden = api.pipeline("support-chatbot")["goldenDatasetId"]
        api.post(f"/datasets/{made.json()['id']}", json={"isGolden": True})
        done = subprocess.run(
            [sys.executable, "-m", "sandbox", "--reset", "--db", str(db)], cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert "Demo data restored" in done.stdout
        after = sorted(d["name"] for d in api.get("/datasets", params={"archived": "true"}).json()["data"])
        assert after == seeded
        assert api.pipeline("support-chatbot")["goldenDatasetId"] not in (None, golden, made.json()["id"])
    finally:
        running.stop()
