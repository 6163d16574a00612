"""The review screen (`/datasets?dataset=<id>&view=review`): the dataset's progress, one case at a time with where
it stands and its fields, and the actions, each with its keyboard shortcut (what they do is in `actions`, what they
open in `panels`)."""

from dataclasses import dataclass
from typing import Any

import streamlit as st

from components.cases.case_view import case_values
from components.cases.changing import say_failure, say_report
from components.cases.edit import Press
from components.review import actions, panels
from components.review.standing import Review, review_csv, review_of, standing_words
from components.shared import once, scopes
from components.shared.addresses import DATASETS_PAGE
from components.shared.lookups import CaseLookup
from components.shared.text import escape, note
from components.shell.sign_in import signed_in_email
from services.cases.change import ChangeReport
from services.gentrace.client import GentraceClient
from services.gentrace.types import Dataset, TestCase
from services.review.rules import Show, neighbours, next_to_review

SHOWS: dict[Show, str] = {"to review": "To review", "flagged": "Flagged", "all": "All"}
_ICONS = {"approved": ":material/verified:", "flagged": ":material/flag:"}


def review_in_address() -> bool:
    """`&view=review`: the dataset's review instead of its test cases."""
    return st.query_params.get("view") == "review"


def _position(dataset: Dataset, cases: CaseLookup, review: Review) -> int:
    """Where the screen is: the case moved on to, the one shown before, or the first not yet reviewed."""
    items = cases.items
    advance = actions.advance_asked(dataset.id)
    shown = actions.shown_case(dataset.id)
    if advance is None and shown is not None:
        at = next((n for n, case in enumerate(items) if case.id == shown[0]), None)
        if at is not None:
            return at
        actions.say(dataset.id, "The case that was shown was deleted since this screen opened; here is the next one.")
        advance = shown[1] - 1
    if advance is None:
        following = next_to_review(review.standings, None) or 0
    else:
        here = max(0, min(advance, len(items) - 1))
        found = next_to_review(review.standings, min(advance, len(items) - 1))
        following = here if found is None else found
        if found is None and review.standings[here].state != "to review":
            actions.say(dataset.id, "Every case is reviewed: nothing is left to review.", "success")
    actions.show_case(dataset.id, items[following], following)
    return following


def _change_outcome(dataset: Dataset) -> None:
    """A fix or a deletion asked for here, once it settled: what it did, and the next case."""
    work = once.outcome(scopes.cases(dataset.id))
    if work is None or work.context.get("kind_asked") != "review":
        return
    context: dict[str, Any] = work.context
    report = work.result
    if isinstance(report, ChangeReport):
        actions.moved_after_change(dataset.id, context, report)
        done = (
            "Fixed and approved. The old version is in the dataset's History, where the change can be undone."
            if report.kind == "edit"
            else "Deleted. Undo it under the dataset's History if that was a mistake."
        )
        say_report(report, done)
        if report.kind == "edit" and report.both_exist:
            note("Neither version counts as approved until one of them is removed (on the dataset's page).")
        for problem in context.get("review_problems") or ():
            st.warning(escape(f"The fix was saved but not approved: {problem}"), icon=":material/history_off:")
    elif work.error is not None:
        say_failure(work)


def review_section(client: GentraceClient, dataset: Dataset, cases: CaseLookup) -> None:
    st.page_link(
        DATASETS_PAGE,
        label=f"Back to {escape(dataset.name)}",
        icon=":material/arrow_back:",
        query_params={"dataset": dataset.id},
    )
    st.title("Review", anchor=False)
    note(f"The test cases of {escape(dataset.name)}, one at a time.")
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
    for kind, text in actions.said(dataset.id):
        {"success": st.success, "error": st.error}.get(kind, st.info)(escape(text))
    show: Show = st.radio(
        "Show",
        list(SHOWS),
        format_func=SHOWS.__getitem__,
        horizontal=True,
        key=f"review_show_{dataset.id}",
        help="What Previous and Next walk through.",
    )
    case, standing = cases.items[position], review.standings[position]
    with st.container(border=True, key="review_case"):
        note(f"Case {position + 1:,} of {len(cases.items):,}")
        st.header(escape(case.name), anchor=False)
        st.markdown(
            f"{_ICONS.get(standing.state, ':material/pending:')} {escape(standing_words(standing, review.needed))}"
        )
        _action_buttons(client, dataset, cases, position, review, show)
        match actions.open_panel(dataset.id):
            case "fixing":
                panels.fix_panel(client, dataset, case, position)
                return
            case "flagging":
                panels.flag_panel(dataset, case, position)
            case "deleting":
                panels.delete_panel(client, dataset, case, position)
        case_values("Inputs", case.inputs, under_a_heading=True)
        case_values("Expected outputs", case.expected_outputs or {}, under_a_heading=True)
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
    """ "Needs approval by 2 people", as the record says (another copy of the studio may have changed it)."""
    signed_in = signed_in_email() is not None
    key = f"review_needed_{dataset_id}"
    if st.session_state.get(f"{key}_recorded") != review.needed:
        st.session_state[key] = review.needed > 1
        st.session_state[f"{key}_recorded"] = review.needed
    st.toggle(
        "Needs approval by 2 people",
        key=key,
        on_change=actions.set_needed,
        args=(dataset_id,),
        disabled=not signed_in and review.needed == 1,
        help="A case counts as approved once two different people approved it."
        if signed_in
        else "This needs sign-in: with sign-in off everyone is “anonymous”, so two people cannot be told apart.",
    )


@dataclass(frozen=True)
class _Action:
    label: str
    shortcut: str
    icon: str
    press: Press | None  # None: nothing to do (disabled)
    help: str | None = None


def _action_buttons(
    client: GentraceClient, dataset: Dataset, cases: CaseLookup, position: int, review: Review, show: Show
) -> None:
    case: TestCase = cases.items[position]
    earlier, later = neighbours(review.standings, show, position)
    writable = review.error is None
    buttons = [
        _Action(
            "Approve", "A", ":material/check:",
            Press(actions.approve, (dataset, case, position, review.standings[position], review.needed))
            if writable else None,
            "This case, as it is, is right. The next case to review opens.",
        ),
        _Action(
            "Fix", "F", ":material/edit:", Press(actions.open_fix, (dataset.id, case)),
            "Edit any field; saved, the new case counts as approved by you.",
        ),
        _Action(
            "Flag", "G", ":material/flag:", Press(actions.open_flag, (dataset.id, case.id)) if writable else None,
            "It needs another look: say why in a note.",
        ),
        _Action(
            "Skip", "S", ":material/skip_next:", Press(actions.skip, (dataset.id, case.id, position)),
            "Leave it for now; the next case to review opens.",
        ),
        _Action(
            "Previous", "Left", ":material/arrow_back:",
            Press(actions.step, (dataset.id, case.id, cases.items[earlier], earlier)) if earlier is not None else None,
        ),
        _Action(
            "Next", "Right", ":material/arrow_forward:",
            Press(actions.step, (dataset.id, case.id, cases.items[later], later)) if later is not None else None,
        ),
        _Action(
            "Delete", "D", ":material/delete:", Press(actions.ask_delete, (dataset.id, case.id)),
            "Delete this test case (asks first; the History can undo it).",
        ),
    ]  # fmt: skip
    with st.container(horizontal=True, key="review_actions"):
        for action in buttons:
            st.button(
                action.label,
                type="primary" if action.label == "Approve" else "secondary",
                shortcut=action.shortcut,
                icon=action.icon,
                key=f"review_{action.label.lower()}_{case.id}",
                on_click=action.press.on_click if action.press else None,
                args=action.press.args if action.press else None,
                disabled=action.press is None,
                help=action.help,
            )
