"""Where a dataset's review stands, worked out once per listing and set of marks, and shown where it matters: the
dataset's header, a case's view, the golden confirmation, the Datasets list and the review's CSV."""

from dataclasses import dataclass, field
from functools import cached_property

import streamlit as st

from components.review.store import review_store
from components.shared.addresses import DATASETS_PAGE
from components.shared.formatting import local_time, viewer_zone
from components.shared.lookups import CaseLookup
from components.shared.text import escape, note
from services.cases.format import fingerprint
from services.exporting.spreadsheet import csv_bytes
from services.gentrace.types import Dataset, TestCase
from services.review.rules import Progress, Reckoning, Standing, indexed, progress_of, standing_of
from services.review.store import ReviewUnavailable


@dataclass(frozen=True)
class Review:
    standings: list[Standing] = field(default_factory=list)
    needed: int = 1
    error: str | None = None  # the record could not be read: nothing is shown as approved

    @cached_property
    def progress(self) -> Progress:
        return progress_of(self.standings, self.needed)


def _reckoning(cases: tuple[TestCase, ...]) -> Reckoning:
    return Reckoning([(case.name, fingerprint(case.name, case.inputs, case.expected_outputs)) for case in cases])


def _latest(cases: tuple[TestCase, ...]) -> list[Review]:
    return []  # one per listing: the review last worked out, so its progress is counted once


def review_of(dataset_id: str, cases: CaseLookup) -> Review:
    """The review of these cases: the dataset's marks read (only the new ones are fetched), and the standings of the
    cases they touch worked out again (marks are only ever added, or all forgotten)."""
    try:
        marks_of, needed_of = review_store().read([dataset_id])
    except ReviewUnavailable as error:
        return Review([Standing("to review") for _ in cases.items], error=error.said)
    needed = needed_of[dataset_id]
    shown = cases.derived(_reckoning).standings(marks_of[dataset_id], needed)
    latest = cases.derived(_latest)
    if not latest or latest[0].standings is not shown or latest[0].needed != needed:
        latest[:] = [Review(shown, needed)]
    return latest[0]


def standing_words(standing: Standing, needed: int = 1) -> str:
    """ "Approved by ana@example.com on 07 Dec 2026, 14:02", "Flagged by … : note", "To review", …"""
    if standing.state == "flagged" and standing.flag is not None:
        flag = standing.flag
        return f"Flagged by {flag.reviewer} on {local_time(flag.at, viewer_zone(), short=True)}: {flag.note}"
    if standing.state == "approved":
        return "Approved by " + " and ".join(standing.approvers)
    if standing.approvers:
        return f"Approved by 1 of {needed} ({standing.approvers[0]}): needs another person's approval"
    if standing.changed:
        return "Changed since it was approved: to review again"
    return "To review"


def _when(standing: Standing) -> str:
    return local_time(standing.approved_at, viewer_zone(), short=True) if standing.approved_at else ""


def review_line(dataset: Dataset, cases: CaseLookup) -> None:
    """On the dataset's page: "Reviewed: 12 of 40 approved · 2 flagged", linking to the review."""
    if cases.error is not None:
        return
    review = review_of(dataset.id, cases)
    progress = review.progress
    with st.container(horizontal=True, vertical_alignment="center", key="review_line"):
        if review.error is not None:
            st.markdown(f"**Reviewed:** could not be read ({escape(review.error)}).")
        elif not progress.total:
            st.markdown("**Reviewed:** nothing to review yet.")
        else:
            st.markdown(
                f"**Reviewed:** {progress.approved:,} of {progress.total:,} approved · {progress.flagged:,} flagged"
            )
        st.page_link(
            DATASETS_PAGE,
            label="Review cases",
            icon=":material/fact_check:",
            query_params={"dataset": dataset.id, "view": "review"},
        )


def case_review_line(dataset: Dataset, cases: CaseLookup, case: TestCase) -> None:
    """On a case's own view: who approved it and when, or the flag and its note."""
    review = review_of(dataset.id, cases)
    if review.error is not None:
        return
    at = next((n for n, c in enumerate(cases.items) if c.id == case.id), None)
    if at is None:
        return
    standing = review.standings[at]
    words = standing_words(standing, review.needed)
    if standing.state == "approved":
        words += f" on {_when(standing)}"
    icon = {"approved": ":material/verified:", "flagged": ":material/flag:"}.get(standing.state, ":material/pending:")
    with st.container(key="review_case_standing"):
        note(f"{icon} {escape(words)}")


def not_approved_warning(dataset_id: str, cases: CaseLookup) -> str:
    """For the golden confirmation: "12 of 40 test cases are not approved and 2 are flagged." or ""."""
    if cases.error is not None:
        return ""
    review = review_of(dataset_id, cases)
    progress = review.progress
    open_ = progress.total - progress.approved
    if not progress.total or not open_ or review.error is not None:
        return ""
    text = f"{open_:,} of {progress.total:,} test cases are not approved"
    return text + (
        f" and {progress.flagged:,} {'is' if progress.flagged == 1 else 'are'} flagged." if progress.flagged else "."
    )


def review_csv(dataset_id: str, cases: CaseLookup) -> bytes:
    """One row per case for a sign-off record: name, state, who, when, note."""
    review = review_of(dataset_id, cases)
    rows = []
    for case, standing in zip(cases.items, review.standings, strict=True):
        if standing.state == "flagged" and standing.flag is not None:
            who, when, text = (
                standing.flag.reviewer,
                local_time(standing.flag.at, viewer_zone(), short=True),
                standing.flag.note,
            )
        elif standing.approvers:
            who, when, text = ", ".join(standing.approvers), _when(standing), ""
        else:
            who, when, text = "", "", "changed since it was approved" if standing.changed else ""
        state = standing.state if standing.state != "to review" or not standing.approvers else "approved by 1 of 2"
        rows.append([case.name, state, who, when, text])
    return csv_bytes(["Test case", "State", "Who", "When", "Note"], rows)


def reviewed_words(case_counts: dict[str, int | None]) -> dict[str, str]:
    """For the Datasets list, by dataset id: "12 / 40", "all approved", "not started" (two queries for the page, no
    request). Worked out from the marks alone, so a case changed outside the studio since it was approved counts
    until its dataset is opened; the dataset's own page and its review tell."""
    try:
        marks, needed = review_store().read(case_counts)
    except ReviewUnavailable:
        return {}
    words = {}
    for dataset_id, total in case_counts.items():
        if total is None:
            continue
        index = indexed(marks[dataset_id])
        states = [standing_of(name, print_, index, needed[dataset_id]).state for name, print_ in index.by_content]
        approved = min(total, states.count("approved"))
        flagged = min(total - approved, states.count("flagged"))
        words[dataset_id] = Progress(approved, flagged, total - approved - flagged).word
    return words
