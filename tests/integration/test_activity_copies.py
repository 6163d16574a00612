"""Two processes of the studio on one PostgreSQL, each recording through its audit trail at the same time: one
listing shows every entry of both, each once, with the copy that wrote it."""

import subprocess
import sys
from pathlib import Path

import pytest

from services.activity.store import ActivityFilter, ActivityStore
from services.database.engine import open_database
from tests.conftest import ROOT

RECORDS = """
import sys
from pathlib import Path
from services.activity.log import AuditLog
from services.activity.store import ActivityStore
from services.activity.trail import ActivityTrail
from services.database.engine import open_database
store = ActivityStore(open_database(sys.argv[1]))
trail = ActivityTrail(AuditLog(Path(sys.argv[3])), lambda: store, host=sys.argv[2])
for n in range(25):
    trail.record(who=f"{sys.argv[2]}@example.com", mode="gentrace", action="dataset updated",
                 ids={"dataset": "123e4567-e89b-42d3-a456-426614174000"}, counts={"n": n})
"""


@pytest.mark.parametrize("history_url", ["postgresql"], indirect=True)
def test_two_copies_record_at_once_and_one_listing_shows_both(history_url: str, tmp_path: Path) -> None:
    open_database(history_url)  # migrated once, as the first copy to start does
    copies = [
        subprocess.Popen(
            [sys.executable, "-c", RECORDS, history_url, name, str(tmp_path / name / "audit.jsonl")], cwd=ROOT
        )
        for name in ("copy-1", "copy-2")
    ]
    assert [copy.wait(120) for copy in copies] == [0, 0]
    page = ActivityStore(open_database(history_url)).page(ActivityFilter(), 0, 100)
    assert page.total == 50
    assert {(entry.host, entry.who) for entry in page.entries} == {
        ("copy-1", "copy-1@example.com"), ("copy-2", "copy-2@example.com"),
    }  # fmt: skip
    for name in ("copy-1", "copy-2"):
        mine = [entry.counts["n"] for entry in page.entries if entry.host == name]
        assert mine == list(range(24, -1, -1))  # each copy's entries newest first, none lost
    assert not any((tmp_path / name / "audit.jsonl").exists() for name in ("copy-1", "copy-2"))
