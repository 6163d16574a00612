"""The audit log: one whole JSON line per change, from many threads and processes at once, newest first, no key."""

import json
import subprocess
import sys
import threading
from pathlib import Path

from services.activity.actions import DATASET_CREATED
from services.activity.log import ANONYMOUS, AuditLog, audit_log_path
from tests.conftest import ROOT

KEY = "gen_api_CANARY_audit_9f8e7d"


def test_a_line_says_when_who_mode_what_ids_counts_and_outcome(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "deep" / "audit.jsonl")
    entry = log.record(who="ann@example.com", mode="gentrace", action=DATASET_CREATED,
                       ids={"dataset": "d1", "pipeline": "p1", "none": None}, counts={"golden": 1})  # fmt: skip
    (line,) = (tmp_path / "deep" / "audit.jsonl").read_text().splitlines()
    data = json.loads(line)
    assert data == {
        "time": entry.time, "who": "ann@example.com", "mode": "gentrace", "action": "dataset created",
        "ids": {"dataset": "d1", "pipeline": "p1"}, "counts": {"golden": 1}, "outcome": "ok",
    }  # fmt: skip
    assert entry.time.endswith("Z") and len(entry.time) == 24
    assert log.record(who=None, mode="sandbox", action=DATASET_CREATED).who == ANONYMOUS


def test_appends_from_many_threads_interleave_whole_lines(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")

    def write(n: int) -> None:
        for i in range(200):
            log.record(who=f"user{n}@example.com", mode="sandbox", action=DATASET_CREATED, ids={"dataset": "x" * i})

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = (tmp_path / "audit.jsonl").read_bytes().splitlines()
    assert len(lines) == 1600
    assert all(json.loads(line)["action"] == "dataset created" for line in lines)


def test_appends_from_several_processes_interleave_whole_lines(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    script = (
        "import sys; from pathlib import Path; from services.activity.log import AuditLog\n"
        "log = AuditLog(Path(sys.argv[1]))\n"
        "for i in range(300): log.record(who=sys.argv[2], mode='sandbox', action='test cases deleted',"
        " ids={'dataset': 'y' * (i * 7 % 3000)}, counts={'deleted': i})\n"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", script, str(path), f"p{n}@example.com"], cwd=ROOT) for n in range(4)
    ]
    assert [process.wait(timeout=120) for process in processes] == [0, 0, 0, 0]
    lines = path.read_bytes().splitlines()
    assert len(lines) == 1200
    per_person = {f"p{n}@example.com": 0 for n in range(4)}
    for line in lines:
        per_person[json.loads(line)["who"]] += 1
    assert set(per_person.values()) == {300}


def test_latest_is_newest_first_and_skips_broken_lines(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    assert log.latest() == []
    for n in range(5):
        log.record(who=f"u{n % 2}@x.com", mode="sandbox", action="dataset updated", counts={"n": n})
    with (tmp_path / "audit.jsonl").open("ab") as file:
        file.write(b'{"time": "cut short\n')
    entries = log.latest()
    assert [e.counts["n"] for e in entries] == [4, 3, 2, 1, 0]
    assert log.latest(limit=2)[0].counts["n"] == 4
    assert [e.counts["n"] for e in log.latest(max_bytes=300)][:1] == [4]


def test_the_path_comes_from_the_environment_then_the_secrets_then_the_default() -> None:
    assert audit_log_path({"STUDIO_AUDIT_LOG": "/var/log/studio.jsonl"}) == Path("/var/log/studio.jsonl")
    assert audit_log_path({}, {"STUDIO_AUDIT_LOG": "x.jsonl"}) == Path("x.jsonl")
    assert audit_log_path({}) == Path(".studio/audit.jsonl")


def test_a_change_with_a_rejected_key_leaves_no_key_in_the_log(tmp_path: Path) -> None:
    import responses

    from services.gentrace.client import GentraceClient
    from services.gentrace.errors import GentraceError

    client = GentraceClient("https://gentrace.test/api", KEY, retries=0)
    log = AuditLog(tmp_path / "audit.jsonl")
    with responses.RequestsMock() as mocked:
        mocked.post("https://gentrace.test/api/v4/datasets/d1", status=401, json={"message": f"bad key {KEY}"})
        try:
            client.update_dataset("d1", name="x")
        except GentraceError as error:
            log.record(who="ann@example.com", mode="gentrace", action="dataset updated",
                       outcome=f"failed: {error.message} {error.details}")  # fmt: skip
    text = (tmp_path / "audit.jsonl").read_text()
    assert "failed" in text and KEY not in text and KEY[8:] not in text


def test_entries_are_described_in_plain_words_with_only_the_counts_that_are_not_zero() -> None:
    from services.activity.actions import (
        CASES_DELETED,
        CASES_IMPORTED,
        DATASET_CREATED,
        GOLDEN_CHANGED,
        HEALTH_FIXED,
        described,
    )
    from services.activity.log import AuditEntry

    def entry(action: str, outcome: str = "ok", counts: dict[str, int] | None = None, name: str = "") -> AuditEntry:
        return AuditEntry("2026-12-01T00:00:00.000Z", "ann", "sandbox", action, {}, counts or {}, outcome, name)

    failed = entry(DATASET_CREATED, "failed: No pipeline with the slug “support” exists in Gentrace.", name="Refunds")
    assert described(failed) == "Tried to create “Refunds”: No pipeline with the slug “support” exists in Gentrace."
    assert described(entry(DATASET_CREATED, "ok, made golden")) == "Created the dataset as the golden dataset"
    assert described(entry(GOLDEN_CHANGED, "ok, no longer golden")) == "Stopped it being the golden dataset"
    imported = entry(
        CASES_IMPORTED, "finished", {"rows": 5, "created": 5, "already there": 0, "failed": 0, "unknown": 0}
    )
    assert described(imported) == "Imported test cases: 5 created"
    partly = entry(CASES_IMPORTED, "finished", {"rows": 9, "created": 5, "already there": 3, "failed": 1})
    assert described(partly) == "Imported test cases: 5 created · 3 already there · 1 failed"
    assert described(entry(CASES_DELETED, "ok", {"asked": 2, "deleted": 2, "failed": 0})) == (
        "Deleted test cases: 2 deleted"
    )  # as the log's older lines say it
    deleted = {"added": 0, "changed": 0, "removed": 2, "failed": 1}
    assert described(entry(CASES_DELETED, "partial: 2 removed; 1 failed", deleted)) == (
        "Deleted test cases: 2 deleted · 1 failed"
    )
    fix = "Delete 2 repeats (keep the oldest of each)"
    assert described(entry(HEALTH_FIXED, "ok", {"added": 0, "changed": 0, "removed": 2}, name=fix)) == (
        "Fixed “Delete 2 repeats (keep the oldest of each)”: 2 removed"
    )
    assert described(entry(HEALTH_FIXED, "failed: changed elsewhere", name=fix)) == (
        "Tried to fix “Delete 2 repeats (keep the oldest of each)”: changed elsewhere"
    )


def test_a_name_is_kept_in_the_line_only_when_given() -> None:
    from services.activity.log import AuditEntry

    plain = AuditEntry("2026-12-01T00:00:00.000Z", "ann", "sandbox", "dataset created")
    assert b'"name"' not in plain.to_line()
    named = AuditEntry("2026-12-01T00:00:00.000Z", "ann", "sandbox", "dataset created", name="Refunds")
    assert AuditEntry.from_line(named.to_line()) == named


def test_a_sittings_approvals_are_one_line_and_anything_between_them_starts_another() -> None:
    from services.activity.actions import CASE_FLAGGED, CASES_APPROVED, described, grouped_approvals
    from services.activity.log import AuditEntry

    def entry(minute: int, action: str = CASES_APPROVED, who: str = "ana", dataset: str = "d1") -> AuditEntry:
        time = f"2026-12-07T{10 + minute // 60:02d}:{minute % 60:02d}:00.000Z"
        return AuditEntry(time, who, "sandbox", action, {"dataset": dataset}, {"approved": 1}, "ok", "Support FAQ")

    newest_first = [
        entry(200),  # more than an hour after the one before it: a sitting of its own
        entry(30), entry(20), entry(10),
        entry(9, CASE_FLAGGED),
        entry(8), entry(7, who="ben"), entry(6, dataset="d2"), entry(5),
    ]  # fmt: skip
    grouped = grouped_approvals(newest_first)
    assert [(g.time[11:16], g.action == CASES_APPROVED, g.who, g.counts["approved"]) for g in grouped] == [
        ("13:20", True, "ana", 1),
        ("10:30", True, "ana", 3),
        ("10:09", False, "ana", 1),
        ("10:08", True, "ana", 1),
        ("10:07", True, "ben", 1),
        ("10:06", True, "ana", 1),
        ("10:05", True, "ana", 1),
    ]
    assert described(grouped[1]) == "Approved 3 test cases in review"
    assert grouped_approvals([]) == []
