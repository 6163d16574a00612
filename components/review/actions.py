"""What the review screen does: the case it shows, and each action on it (Approve, Fix, Flag, Skip, Previous, Next,
Delete) as a callback. Every action is taken once per case it was pressed for: its callback carries the case it was
drawn for, and a press that arrives after the screen moved on (a double click, a held-down key) finds that case no
longer shown and does nothing."""

from typing import Any

import streamlit as st

from components.activity.recorder import recorder
from components.cases.changing import send_change
from components.cases.fields import form_state, start_form
from components.review.store import review_store
from components.shared import scopes
from components.shell.sign_in import who
from services.activity.actions import CASE_FIXED, CASE_FLAGGED, CASES_APPROVED, CASES_DELETED
from services.cases.change import CaseChange, ChangeReport
from services.cases.content import CaseContent, Pair, content_of
from services.cases.form import fields_of
from services.gentrace.client import GentraceClient
from services.gentrace.types import Dataset, TestCase
from services.review.fix import approve_the_fix
from services.review.rules import Mark, Standing, check_note, counts_as_a_second
from services.review.store import ReviewUnavailable, now

PANELS = ("flagging", "fixing", "deleting")  # what an action opens under the case: `review_<panel>_<dataset>`


# -- the case on screen ----------------------------------------------------------------------------------------------


def shown_case(dataset_id: str) -> tuple[str, int] | None:
    """The case on screen: its id and its position when it was shown."""
    at: tuple[str, int] | None = st.session_state.get(f"review_at_{dataset_id}")
    return at


def show_case(dataset_id: str, case: TestCase, position: int) -> None:
    st.session_state[f"review_at_{dataset_id}"] = (case.id, position)


def say(dataset_id: str, text: str, kind: str = "info") -> None:
    """What an action says on the next run (once)."""
    st.session_state.setdefault(f"review_said_{dataset_id}", []).append((kind, text))


def said(dataset_id: str) -> list[tuple[str, str]]:
    """What the actions since the last run said, taken: it is said once."""
    taken: list[tuple[str, str]] = st.session_state.pop(f"review_said_{dataset_id}", [])
    return taken


def open_panel(dataset_id: str) -> str | None:
    """Which panel is open under the case on screen, if any."""
    shown = shown_case(dataset_id)
    for panel in PANELS:
        if shown is not None and st.session_state.get(f"review_{panel}_{dataset_id}") == shown[0]:
            return panel
    return None


def close_panels(dataset_id: str) -> None:
    for panel in PANELS:
        st.session_state[f"review_{panel}_{dataset_id}"] = None


def move_on(dataset_id: str, position: int) -> None:
    """After an action: the next case to review after `position` opens on the next run."""
    st.session_state[f"review_advance_{dataset_id}"] = position
    close_panels(dataset_id)


def advance_asked(dataset_id: str) -> int | None:
    """The position an action moved on from, taken."""
    position: int | None = st.session_state.pop(f"review_advance_{dataset_id}", None)
    return position


def _pressed_for(dataset_id: str, case_id: str) -> bool:
    """Whether the case a button was drawn for is still the one on screen (else the press came late: ignored)."""
    shown = shown_case(dataset_id)
    return shown is not None and shown[0] == case_id


# -- the actions -----------------------------------------------------------------------------------------------------


def _record(action: str, dataset: Dataset, **counts: int) -> None:
    trail = recorder()
    if trail is not None:
        trail.record(action, ids={"dataset": dataset.id}, counts=counts, name=dataset.name)


def _mark(dataset: Dataset, case: TestCase, verdict: str, note: str = "") -> bool:
    """Writes the mark; False, said, when the record cannot be written (nothing then shows as marked)."""
    mark = Mark(dataset.id, case.name, content_of(case).fingerprint, verdict, who(), now(), note)  # type: ignore[arg-type]
    try:
        review_store().add([mark])
    except ReviewUnavailable as error:
        say(dataset.id, f"“{case.name}” was not {verdict}: {error.said}", "error")
        return False
    return True


def approve(dataset: Dataset, case: TestCase, position: int, standing: Standing, needed: int) -> None:
    if not _pressed_for(dataset.id, case.id):
        return
    if not counts_as_a_second(standing, who(), needed):
        say(dataset.id, f"You approved “{case.name}” already: it needs another person's approval.")
    elif _mark(dataset, case, "approved"):
        _record(CASES_APPROVED, dataset, approved=1)
        say(dataset.id, f"Approved “{case.name}”.", "success")
    else:
        return
    move_on(dataset.id, position)


def open_flag(dataset_id: str, case_id: str) -> None:
    if _pressed_for(dataset_id, case_id):
        close_panels(dataset_id)
        st.session_state[f"review_flagging_{dataset_id}"] = case_id


def flag(dataset: Dataset, case: TestCase, position: int) -> None:
    if not _pressed_for(dataset.id, case.id):
        return
    text = st.session_state.get(f"review_note_{case.id}") or ""
    problem = check_note(text)
    st.session_state[f"review_note_error_{case.id}"] = problem
    if problem or not _mark(dataset, case, "flagged", text):
        return  # the note stays as typed
    _record(CASE_FLAGGED, dataset, flagged=1)
    say(dataset.id, f"Flagged “{case.name}” for another look.", "success")
    st.session_state.pop(f"review_note_{case.id}", None)
    move_on(dataset.id, position)


def skip(dataset_id: str, case_id: str, position: int) -> None:
    if _pressed_for(dataset_id, case_id):
        move_on(dataset_id, position)


def step(dataset_id: str, case_id: str, target: TestCase, position: int) -> None:
    """Previous and Next: straight to `target`, reviewed or not."""
    if _pressed_for(dataset_id, case_id):
        close_panels(dataset_id)
        show_case(dataset_id, target, position)


def fix_form(case_id: str) -> str:
    return f"review_fix_{case_id}"


def open_fix(dataset_id: str, case: TestCase) -> None:
    if _pressed_for(dataset_id, case.id):
        close_panels(dataset_id)
        start_form(fix_form(case.id), fields_of(content_of(case)), case.name)
        st.session_state[f"review_fixing_{dataset_id}"] = case.id


def close(dataset_id: str) -> None:
    """ "Cancel" in a panel."""
    close_panels(dataset_id)


def save_fix(client: GentraceClient, dataset: Dataset, case: TestCase, position: int) -> None:
    """Sends the fix through the one change path; once the new case alone exists, it counts as approved by whoever
    saved it (written on the worker, before the page hears of the change)."""
    new = form_state(fix_form(case.id)).review
    if not _pressed_for(dataset.id, case.id) or new is None:
        return
    old = content_of(case)
    fixed = CaseContent(new.name, new.inputs, new.expected_outputs)
    reviewer = who()
    problems: list[str] = []

    def approve(report: ChangeReport) -> None:
        try:
            approve_the_fix(review_store(), dataset.id, report, reviewer)
        except ReviewUnavailable as error:
            problems.append(error.said)

    change = CaseChange(dataset.id, "edit", (Pair(old, fixed),), reviewer, note=f"fixed in review: {old.name}")
    send_change(
        client, scopes.cases(dataset.id), change, action=CASE_FIXED, waiting="Saving the fix…",
        nothing="Nothing was saved", then=approve, kind_asked="review", review_position=position,
        review_problems=problems,
    )  # fmt: skip


def ask_delete(dataset_id: str, case_id: str) -> None:
    if _pressed_for(dataset_id, case_id):
        close_panels(dataset_id)
        st.session_state[f"review_deleting_{dataset_id}"] = case_id


def delete(client: GentraceClient, dataset: Dataset, case: TestCase, position: int) -> None:
    if not _pressed_for(dataset.id, case.id):
        return
    change = CaseChange(dataset.id, "delete", (Pair(content_of(case), None),), who(), case.name)
    send_change(
        client, scopes.cases(dataset.id), change, action=CASES_DELETED, waiting="Deleting…",
        nothing="Nothing was deleted", kind_asked="review", review_position=position,
    )  # fmt: skip


def set_needed(dataset_id: str) -> None:
    wanted = 2 if st.session_state.get(f"review_needed_{dataset_id}") else 1
    try:
        review_store().set_needed(dataset_id, wanted)
    except ReviewUnavailable as error:
        say(dataset_id, f"The setting was not saved: {error.said}", "error")


def moved_after_change(dataset_id: str, context: dict[str, Any], report: ChangeReport) -> None:
    """A fix or deletion asked for here ended: once, the screen goes on from where the case was (it left its
    place: a fix's new version is listed last)."""
    if context.get("review_moved"):
        return
    context["review_moved"] = True
    if 0 in report.done:
        move_on(dataset_id, int(context["review_position"]) - 1)
