"""The review screen (`/datasets?dataset=<id>&view=review`): one case at a time, where it stands, the dataset's
progress, and the actions, each with its keyboard shortcut. Every action is taken once per case it was pressed for:
its callback carries the case it was drawn for, and a press that arrives after the screen moved on (a double click,
a held-down key) finds that case no longer shown and does nothing."""

from typing import Any

import streamlit as st

from components.activity.recorder import recorder
from components.cases.case_view import case_values
from components.cases.changing import say_failure, say_report, send_change
from components.cases.fields import case_fields, check_form, form_state, start_form
from components.history.difference import show_difference
from components.review.standing import Review, review_csv, review_of, standing_words
from components.review.store import review_store
from components.shared import once, scopes
from components.shared.addresses import DATASETS_PAGE
from components.shared.lookups import CaseLookup
from components.shared.text import escape, note
from components.shell.sign_in import signed_in_email, who
from services.activity.actions import CASE_FIXED, CASE_FLAGGED, CASES_APPROVED, CASES_DELETED
from services.cases.change import CaseChange, ChangeReport
from services.cases.content import CaseContent, Pair, content_of
from services.cases.form import fields_of
from services.gentrace.client import GentraceClient
from services.gentrace.types import Dataset, TestCase
from services.history.difference import differences
from services.review.rules import (
    NOTE_LIMIT,
    Mark,
    Show,
    Standing,
    check_note,
    counts_as_a_second,
    next_to_review,
    walk,
)
from services.review.store import ReviewUnavailable, now

SHOWS: dict[Show, str] = {"to review": "To review", "flagged": "Flagged", "all": "All"}


def review_in_address() -> bool:
    """`&view=review`: the dataset's review instead of its test cases."""
    return st.query_params.get("view") == "review"


# -- where the screen is ---------------------------------------------------------------------------------------------


def _at_key(dataset_id: str) -> str:
    return f"review_at_{dataset_id}"


def _shown_case(dataset_id: str) -> tuple[str, int] | None:
    """The case on screen: its id and its position when it was shown."""
    at: tuple[str, int] | None = st.session_state.get(_at_key(dataset_id))
    return at


def _show_case(dataset_id: str, case: TestCase, position: int) -> None:
    st.session_state[_at_key(dataset_id)] = (case.id, position)


def _say(dataset_id: str, text: str, kind: str = "info") -> None:
    st.session_state.setdefault(f"review_said_{dataset_id}", []).append((kind, text))


def _move_on(dataset_id: str, position: int) -> None:
    """After an action: the next case to review after `position` opens on the next run."""
    st.session_state[f"review_advance_{dataset_id}"] = position
    st.session_state[f"review_flagging_{dataset_id}"] = None
    st.session_state[f"review_fixing_{dataset_id}"] = None
    st.session_state[f"review_deleting_{dataset_id}"] = None


def _pressed_for(dataset_id: str, case_id: str) -> bool:
    """Whether the case a button was drawn for is still the one on screen (else the press came late: ignored)."""
    shown = _shown_case(dataset_id)
    return shown is not None and shown[0] == case_id


def _position(dataset: Dataset, cases: CaseLookup, review: Review) -> int | None:
    """Where the screen is: the case moved on to, the one shown before, or the first not yet reviewed."""
    items = cases.items
    advance = st.session_state.pop(f"review_advance_{dataset.id}", None)
    shown = _shown_case(dataset.id)
    if advance is None and shown is not None:
        at = next((n for n, case in enumerate(items) if case.id == shown[0]), None)
        if at is not None:
            return at
        _say(dataset.id, "The case that was shown was deleted since this screen opened; here is the next one.")
        advance = shown[1] - 1
    if advance is not None:
        here = max(0, min(advance, len(items) - 1))
        following = next_to_review(review.standings, min(advance, len(items) - 1))
        if following is None:
            following = here
            if review.standings[here].state != "to review":
                _say(dataset.id, "Every case is reviewed: nothing is left to review.", "success")
    else:
        following = next_to_review(review.standings, None)
        if following is None:
            following = 0
    _show_case(dataset.id, items[following], following)
    return following


# -- the actions -----------------------------------------------------------------------------------------------------


def _record(action: str, dataset: Dataset, **counts: int) -> None:
    trail = recorder()
    if trail is not None:
        trail.record(action, ids={"dataset": dataset.id}, counts=counts, name=dataset.name)


def _approve(dataset: Dataset, case: TestCase, position: int, approvers: tuple[str, ...], needed: int) -> None:
    if not _pressed_for(dataset.id, case.id):
        return
    reviewer = who()
    content = content_of(case)
    if not counts_as_a_second(Standing("to review", approvers), reviewer, needed):
        _say(dataset.id, f"You approved “{case.name}” already: it needs another person's approval.")
        _move_on(dataset.id, position)
        return
    try:
        review_store().add([Mark(dataset.id, case.name, content.fingerprint, "approved", reviewer, now())])
    except ReviewUnavailable as error:
        _say(dataset.id, f"“{case.name}” was not approved: {error.said}", "error")
        return
    _record(CASES_APPROVED, dataset, approved=1)
    _say(dataset.id, f"Approved “{case.name}”.", "success")
    _move_on(dataset.id, position)


def _open_flag(dataset_id: str, case: TestCase) -> None:
    if _pressed_for(dataset_id, case.id):
        st.session_state[f"review_flagging_{dataset_id}"] = case.id


def _flag(dataset: Dataset, case: TestCase, position: int) -> None:
    if not _pressed_for(dataset.id, case.id):
        return
    text = st.session_state.get(f"review_note_{case.id}") or ""
    problem = check_note(text)
    st.session_state[f"review_note_error_{case.id}"] = problem
    if problem:
        return
    try:
        review_store().add([Mark(dataset.id, case.name, content_of(case).fingerprint, "flagged", who(), now(), text)])
    except ReviewUnavailable as error:
        _say(dataset.id, f"“{case.name}” was not flagged: {error.said}", "error")
        return
    _record(CASE_FLAGGED, dataset, flagged=1)
    _say(dataset.id, f"Flagged “{case.name}” for another look.", "success")
    st.session_state.pop(f"review_note_{case.id}", None)
    _move_on(dataset.id, position)


def _skip(dataset_id: str, case_id: str, position: int) -> None:
    if _pressed_for(dataset_id, case_id):
        st.session_state.pop(f"review_said_{dataset_id}", None)
        _move_on(dataset_id, position)


def _step(dataset_id: str, case_id: str, target: TestCase, position: int) -> None:
    if _pressed_for(dataset_id, case_id):
        st.session_state.pop(f"review_said_{dataset_id}", None)
        _move_on(dataset_id, position)
        st.session_state.pop(f"review_advance_{dataset_id}", None)
        _show_case(dataset_id, target, position)


def _fix_form(case_id: str) -> str:
    return f"review_fix_{case_id}"


def _open_fix(dataset_id: str, case: TestCase) -> None:
    if not _pressed_for(dataset_id, case.id):
        return
    start_form(_fix_form(case.id), fields_of(content_of(case)), case.name)
    st.session_state[f"review_fixing_{dataset_id}"] = case.id


def _check_fix(case_id: str) -> None:
    form = _fix_form(case_id)
    form_state(form).review = check_form(form)


def _back_to_fixing(case_id: str) -> None:
    form_state(_fix_form(case_id)).review = None


def _close(dataset_id: str, what: str) -> None:
    st.session_state[f"review_{what}_{dataset_id}"] = None


def _save_fix(client: GentraceClient, dataset: Dataset, case: TestCase, position: int) -> None:
    if not _pressed_for(dataset.id, case.id):
        return
    new = form_state(_fix_form(case.id)).review
    if new is None:
        return
    old = content_of(case)
    fixed = CaseContent(new.name, new.inputs, new.expected_outputs)
    if fixed.fingerprint == old.fingerprint:
        _say(dataset.id, "Nothing changed, so nothing was sent.")
        return
    reviewer = who()
    problems: list[str] = []

    def approve_the_fix(report: ChangeReport) -> None:
        """The new case counts as approved by whoever saved it, once it alone exists."""
        if 0 not in report.done:
            return
        try:
            review_store().add([Mark(dataset.id, fixed.name, fixed.fingerprint, "approved", reviewer, now())])
        except ReviewUnavailable as error:
            problems.append(error.said)

    change = CaseChange(dataset.id, "edit", (Pair(old, fixed),), reviewer, note=f"fixed in review: {old.name}")
    send_change(
        client, scopes.cases(dataset.id), change, action=CASE_FIXED, waiting="Saving the fix…",
        nothing="Nothing was saved", then=approve_the_fix, kind_asked="review", review_position=position,
        review_problems=problems,
    )  # fmt: skip


def _ask_delete(dataset_id: str, case_id: str) -> None:
    if _pressed_for(dataset_id, case_id):
        st.session_state[f"review_deleting_{dataset_id}"] = case_id


def _delete(client: GentraceClient, dataset: Dataset, case: TestCase, position: int) -> None:
    if not _pressed_for(dataset.id, case.id):
        return
    change = CaseChange(dataset.id, "delete", (Pair(content_of(case), None),), who(), case.name)
    send_change(
        client, scopes.cases(dataset.id), change, action=CASES_DELETED, waiting="Deleting…",
        nothing="Nothing was deleted", kind_asked="review", review_position=position,
    )  # fmt: skip


def _set_needed(dataset_id: str) -> None:
    wanted = 2 if st.session_state.get(f"review_needed_{dataset_id}") else 1
    try:
        review_store().set_needed(dataset_id, wanted)
    except ReviewUnavailable as error:
        _say(dataset_id, f"The setting was not saved: {error.said}", "error")


# -- the screen ------------------------------------------------------------------------------------------------------


def _change_outcome(dataset: Dataset) -> None:
    """A fix or a deletion asked for here, once it settled: what it did, and the next case."""
    work = once.outcome(scopes.cases(dataset.id))
    if work is None or work.context.get("kind_asked") != "review":
        return
    context: dict[str, Any] = work.context
    report = work.result
    if isinstance(report, ChangeReport):
        if not context.get("review_moved"):
            context["review_moved"] = True
            if 0 in report.done:  # the case left its place (a fix's new version is listed last): go on from there
                _move_on(dataset.id, int(context["review_position"]) - 1)
        done = (
            "Fixed and approved. The old version is in the History, where the change can be undone."
            if report.kind == "edit"
            else "Deleted. Undo it under History if that was a mistake."
        )
        say_report(report, done)
        if report.kind == "edit" and report.both_exist:
            note("Neither version counts as approved until one of them is removed (on the dataset's page).")
        for problem in context.get("review_problems") or ():
            st.warning(escape(f"The fix was saved but not approved: {problem}"), icon=":material/history_off:")
    elif work.error is not None:
        say_failure(work)


def review_section(client: GentraceClient, dataset: Dataset, cases: CaseLookup) -> None:
    st.header("Review", anchor=False)
    st.page_link(
        DATASETS_PAGE,
        label="Back to the test cases",
        icon=":material/table_rows:",
        query_params={"dataset": dataset.id},
    )
    if cases.error is not None:
        st.error(f"The test cases could not be read: {escape(cases.error)}", icon=":material/error:")
        return
    if not cases.items:
        st.info("There is nothing to review: this dataset has no test cases yet.", icon=":material/info:")
        return
    _change_outcome(dataset)
    review = review_of(dataset.id, cases)
    if review.error is not None:
        st.error(
            f"The review cannot be read or written: {escape(review.error)} Nothing is shown as approved, and "
            "approvals and flags wait until the studio's database is back.",
            icon=":material/database:",
        )
    progress = review.progress
    st.progress(progress.approved / progress.total, text=escape(progress.line))
    _settings(dataset.id, review)
    position = _position(dataset, cases, review)
    if position is None:
        return
    for kind, text in st.session_state.pop(f"review_said_{dataset.id}", []):  # said once, after the action
        {"success": st.success, "error": st.error}.get(kind, st.info)(escape(text))
    show: Show = st.radio(
        "Show",
        list(SHOWS),
        format_func=SHOWS.__getitem__,
        horizontal=True,
        key=f"review_show_{dataset.id}",
        help="What Previous and Next walk through.",
    )
    case = cases.items[position]
    standing = review.standings[position]
    with st.container(border=True, key="review_case"):
        note(f"Case {position + 1:,} of {len(cases.items):,}")
        st.subheader(escape(case.name), anchor=False)
        icon = {"approved": ":material/verified:", "flagged": ":material/flag:"}.get(
            standing.state, ":material/pending:"
        )
        st.markdown(f"{icon} {escape(standing_words(standing, review.needed))}")
        _actions(client, dataset, cases, case, position, review, show)
        if st.session_state.get(f"review_fixing_{dataset.id}") == case.id:
            _fix_panel(client, dataset, case, position)
            return
        if st.session_state.get(f"review_flagging_{dataset.id}") == case.id:
            _flag_panel(dataset, case, position)
        if st.session_state.get(f"review_deleting_{dataset.id}") == case.id:
            _delete_panel(client, dataset, case, position)
        case_values("Inputs", case.inputs)
        case_values("Expected outputs", case.expected_outputs or {})
    st.download_button(
        "Download the review (CSV)",
        data=lambda: review_csv(dataset.id, cases),
        file_name=f"{dataset.name} review.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"review_download_{dataset.id}",
        on_click="ignore",
    )


def _settings(dataset_id: str, review: Review) -> None:
    signed_in = signed_in_email() is not None
    key = f"review_needed_{dataset_id}"
    if key not in st.session_state or st.session_state.get(f"{key}_seen") != review.needed:
        st.session_state[key] = review.needed > 1
        st.session_state[f"{key}_seen"] = review.needed
    st.toggle(
        "Needs approval by 2 people",
        key=key,
        on_change=_set_needed,
        args=(dataset_id,),
        disabled=not signed_in and review.needed == 1,
        help="A case counts as approved once two different people approved it."
        if signed_in
        else "This needs sign-in: with sign-in off everyone is “anonymous”, so two people cannot be told apart.",
    )


def _actions(
    client: GentraceClient,
    dataset: Dataset,
    cases: CaseLookup,
    case: TestCase,
    position: int,
    review: Review,
    show: Show,
) -> None:
    walked = walk(review.standings, show)
    earlier = [at for at in walked if at < position]
    later = [at for at in walked if at > position]
    standing = review.standings[position]
    with st.container(horizontal=True, key="review_actions"):
        st.button(
            "Approve",
            type="primary",
            shortcut="A",
            icon=":material/check:",
            key=f"review_approve_{case.id}",
            on_click=_approve,
            args=(dataset, case, position, standing.approvers, review.needed),
            disabled=review.error is not None,
            help="This case, as it is, is right. The next case to review opens.",
        )
        st.button(
            "Fix",
            shortcut="F",
            icon=":material/edit:",
            key=f"review_fix_{case.id}",
            on_click=_open_fix,
            args=(dataset.id, case),
            help="Edit any field; saved, the new case counts as approved by you.",
        )
        st.button(
            "Flag",
            shortcut="G",
            icon=":material/flag:",
            key=f"review_flag_{case.id}",
            on_click=_open_flag,
            args=(dataset.id, case),
            disabled=review.error is not None,
            help="It needs another look: say why in a note.",
        )
        st.button(
            "Skip",
            shortcut="S",
            icon=":material/skip_next:",
            key=f"review_skip_{case.id}",
            on_click=_skip,
            args=(dataset.id, case.id, position),
            help="Leave it for now; the next case to review opens.",
        )
        st.button(
            "Previous",
            shortcut="Left",
            icon=":material/arrow_back:",
            key=f"review_previous_{case.id}",
            on_click=_step,
            args=(dataset.id, case.id, cases.items[earlier[-1]], earlier[-1]) if earlier else (),
            disabled=not earlier,
        )
        st.button(
            "Next",
            shortcut="Right",
            icon=":material/arrow_forward:",
            key=f"review_next_{case.id}",
            on_click=_step,
            args=(dataset.id, case.id, cases.items[later[0]], later[0]) if later else (),
            disabled=not later,
        )
        st.button(
            "Delete",
            shortcut="D",
            icon=":material/delete:",
            key=f"review_delete_{case.id}",
            on_click=_ask_delete,
            args=(dataset.id, case.id),
            help="Delete this test case (asks first; the History can undo it).",
        )


def _flag_panel(dataset: Dataset, case: TestCase, position: int) -> None:
    with st.container(border=True, key="review_flag_note"):
        st.text_area(
            "Note: what needs another look",
            key=f"review_note_{case.id}",
            max_chars=None,
            placeholder="For example: the answer is out of date since the new refund policy.",
            help=f"Required, up to {NOTE_LIMIT:,} characters.",
        )
        if problem := st.session_state.get(f"review_note_error_{case.id}"):
            st.error(escape(problem), icon=":material/error:")
        with st.container(horizontal=True):
            st.button(
                "Flag it",
                type="primary",
                key=f"review_flag_save_{case.id}",
                on_click=_flag,
                args=(dataset, case, position),
            )
            st.button("Cancel", key=f"review_flag_cancel_{case.id}", on_click=_close, args=(dataset.id, "flagging"))


def _delete_panel(client: GentraceClient, dataset: Dataset, case: TestCase, position: int) -> None:
    with st.container(border=True, key="review_confirm_delete"):
        st.warning(
            f"Delete “{escape(case.name)}” from **{escape(dataset.name)}**? The History can undo it.",
            icon=":material/delete:",
        )
        with st.container(horizontal=True):
            st.button(
                "Yes, delete it",
                type="primary",
                key=f"review_delete_yes_{case.id}",
                on_click=_delete,
                args=(client, dataset, case, position),
            )
            st.button("Cancel", key=f"review_delete_cancel_{case.id}", on_click=_close, args=(dataset.id, "deleting"))


def _fix_panel(client: GentraceClient, dataset: Dataset, case: TestCase, position: int) -> None:
    form = _fix_form(case.id)
    state = form_state(form)
    with st.container(border=True, key="review_fix"):
        if state.review is None:
            st.subheader("Fix this test case", anchor=False)
            case_fields(form)
            with st.container(horizontal=True):
                st.button(
                    "Review the changes", type="primary", key=f"review_fix_check_{case.id}", on_click=_check_fix,
                    args=(case.id,),
                )  # fmt: skip
                st.button("Cancel", key=f"review_fix_cancel_{case.id}", on_click=_close, args=(dataset.id, "fixing"))
            return
        changes = differences(content_of(case), state.review)
        st.subheader("Review the changes", anchor=False)
        if not changes:
            st.info("Nothing changed, so there is nothing to save.", icon=":material/info:")
        else:
            note("Nothing is sent until you press Save. Removed words are struck through, added words in bold.")
            show_difference(changes)
        with st.container(horizontal=True):
            st.button(
                "Save and approve",
                type="primary",
                key=f"review_fix_save_{case.id}",
                disabled=not changes,
                on_click=_save_fix,
                args=(client, dataset, case, position),
            )
            st.button("Keep editing", key=f"review_fix_back_{case.id}", on_click=_back_to_fixing, args=(case.id,))
