"""The review's rules (a content change, a fix in review, two people, a flag and its note) and its record on SQLite
and PostgreSQL (kept across engines, refused when the database is away)."""

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from services.cases.format import fingerprint
from services.database.engine import open_database
from services.review.rules import (
    Mark,
    Progress,
    Reckoning,
    check_note,
    neighbours,
    next_to_review,
    progress_of,
    standings,
)
from services.review.store import ReviewStore, ReviewUnavailable

START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
REFUND = ("Refund", fingerprint("Refund", {"q": "Refund?"}, {"a": "No"}))
REFUND_CHANGED = ("Refund", fingerprint("Refund", {"q": "Refund?"}, {"a": "Yes"}))
INVOICE = ("Invoice", fingerprint("Invoice", {"q": "Where?"}, {"a": "Billing"}))


def mark(content: tuple[str, str], verdict: str, who: str = "ana@example.com", minute: int = 0, note: str = "") -> Mark:
    return Mark("d1", content[0], content[1], verdict, who, START + timedelta(minutes=minute), note)  # type: ignore[arg-type]


def test_an_approval_belongs_to_the_content_and_a_change_makes_it_to_review_again() -> None:
    approved = [mark(REFUND, "approved")]
    (standing,) = standings([REFUND], approved)
    assert standing.state == "approved" and standing.approvers == ("ana@example.com",)
    assert standing.approved_at == START
    (changed,) = standings([REFUND_CHANGED], approved)
    assert changed.state == "to review" and changed.changed
    (never,) = standings([INVOICE], approved)
    assert never.state == "to review" and not never.changed


def test_two_cases_of_one_name_are_not_taken_for_each_others_older_version() -> None:
    both = standings([REFUND, REFUND_CHANGED], [mark(REFUND, "approved")])
    assert [s.state for s in both] == ["approved", "to review"]
    assert not both[1].changed


def test_a_fix_in_review_is_the_new_content_approved_by_whoever_saved_it() -> None:
    marks = [mark(REFUND, "flagged", note="Out of date"), mark(REFUND_CHANGED, "approved", "ben@example.com", 5)]
    (fixed,) = standings([REFUND_CHANGED], marks)
    assert fixed.state == "approved" and fixed.approvers == ("ben@example.com",)


def test_a_flag_voids_earlier_approvals_and_an_approval_clears_the_flag() -> None:
    flagged = [mark(REFUND, "approved"), mark(REFUND, "flagged", "ben@example.com", 1, "Check the policy")]
    (standing,) = standings([REFUND], flagged)
    assert standing.state == "flagged" and standing.flag is not None and standing.flag.note == "Check the policy"
    (cleared,) = standings([REFUND], [*flagged, mark(REFUND, "approved", minute=2)])
    assert cleared.state == "approved" and cleared.flag is None
    reflagged = [*flagged, mark(REFUND, "flagged", minute=3, note="Replaced")]
    assert standings([REFUND], reflagged)[0].flag.note == "Replaced"  # type: ignore[union-attr]


def test_two_people_means_two_different_people() -> None:
    once = [mark(REFUND, "approved")]
    twice_by_ana = [*once, mark(REFUND, "approved", minute=1)]
    assert standings([REFUND], twice_by_ana, needed=2)[0].state == "to review"
    with_ben = [*twice_by_ana, mark(REFUND, "approved", "ben@example.com", 2)]
    assert standings([REFUND], with_ben, needed=2)[0].approvers == ("ana@example.com", "ben@example.com")
    assert standings([REFUND], with_ben, needed=2)[0].state == "approved"
    progress = progress_of(standings([REFUND, INVOICE], twice_by_ana, needed=2), needed=2)
    assert progress.line == "0 approved · 0 flagged · 2 to review (1 approved by 1 of 2)"


def test_progress_walks_and_the_next_case_to_review() -> None:
    shown = standings([REFUND, INVOICE, REFUND_CHANGED], [mark(INVOICE, "flagged", note="?")])
    assert progress_of(shown).line == "0 approved · 1 flagged · 2 to review"
    assert neighbours(shown, "flagged", 0) == (None, 1) and neighbours(shown, "flagged", 1) == (None, None)
    assert neighbours(shown, "to review", 1) == (0, 2) and neighbours(shown, "all", 2) == (1, None)
    assert next_to_review(shown, None) == 0
    assert next_to_review(shown, 0) == 2
    assert next_to_review(shown, 2) == 0  # round again
    assert Progress(0, 0, 0).word == "no cases" and Progress(40, 0, 0).word == "all approved"
    assert Progress(0, 0, 40).word == "not started" and Progress(12, 2, 26).word == "12 / 40"


def test_a_note_is_required_and_at_most_2000_characters() -> None:
    assert check_note("  ") is not None
    assert check_note("x" * 2_001) == "The note is 2,001 characters long; keep it to 2,000."
    assert check_note("x" * 2_000) is None


def test_marks_and_settings_are_kept_across_engines(history_url: str) -> None:
    first = ReviewStore(open_database(history_url))
    first.add([mark(REFUND, "approved"), mark(REFUND, "flagged", minute=1, note="<b>why</b>")])
    first.set_needed("d1", 2)
    again = ReviewStore(open_database(history_url))  # another copy of the studio, or a restart
    marks, needed = again.read(["d1", "d2"])
    assert [m.verdict for m in marks["d1"]] == ["approved", "flagged"] and marks["d2"] == ()
    assert marks["d1"][1].note == "<b>why</b>" and marks["d1"][0].at == START
    assert needed == {"d1": 2, "d2": 1}
    again.forget(["d1"])
    assert first.read(["d1"]) == ({"d1": ()}, {"d1": 1})


def test_a_read_fetches_only_the_marks_added_since_and_keeps_their_order(history_url: str) -> None:
    here, there = ReviewStore(open_database(history_url)), ReviewStore(open_database(history_url))
    here.add([mark(REFUND, "approved", minute=5)])
    before = here.read(["d1"])[0]["d1"]
    there.add([mark(REFUND, "flagged", minute=9, note="newest"), mark(REFUND, "approved", minute=1, who="bo")])
    after = here.read(["d1"])[0]["d1"]
    assert [(m.at.minute, m.verdict) for m in after] == [(1, "approved"), (5, "approved"), (9, "flagged")]
    assert after[1] is before[0]  # what was read is not read again
    assert here.read(["d1"])[0]["d1"] is after
    there.forget(["d1"])  # another copy of the studio forgets them
    assert here.read(["d1"])[0]["d1"] == ()
    there.add([mark(REFUND, "approved", minute=2)])
    assert [m.at.minute for m in here.read(["d1"])[0]["d1"]] == [2]


def test_a_mark_that_cannot_be_written_is_refused(tmp_path: Path) -> None:
    store = ReviewStore(create_engine(f"sqlite:///{tmp_path / 'missing-folder' / 'none.db'}"))  # no such folder
    with pytest.raises(ReviewUnavailable):
        store.add([mark(REFUND, "approved")])
    with pytest.raises(ReviewUnavailable):
        store.read(["d1"])


def test_standings_kept_current_mark_by_mark_are_the_standings_worked_out_afresh() -> None:
    rng = random.Random(7)
    contents = [(f"Case {n % 6}", f"print-{n}") for n in range(12)]  # two contents under each name
    reckoning, marks = Reckoning(contents), ()
    for step in range(120):
        name, print_ = rng.choice([*contents, ("Case 1", "an older version")])
        new = Mark("d1", name, print_, rng.choice(["approved", "flagged"]), rng.choice(["ana", "bo"]), START)
        at = len(marks) if step % 10 else rng.randrange(len(marks) + 1)  # now and then sorted in among them
        marks = (*marks[:at], new, *marks[at:])
        needed = 2 if step > 80 else 1
        assert reckoning.standings(marks, needed) == standings(contents, marks, needed), step
    assert reckoning.standings(marks, 2) is reckoning.standings(marks, 2)
