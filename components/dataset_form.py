"""Asks for the dataset's name and description, and sends the whole form exactly once per deliberate submit.

A double-click, or Enter pressed twice, starts a second script run while the first is still sending: Streamlit's
fast reruns start the new run at once and stop the old one at its next touch of `st`, including session state,
even though the request has already gone out. So each form instance has a token, and a submission (token + body)
is recorded before the request, with its outcome kept on the submission object itself (plain Python, which no
stop can interrupt). Any later run of the session waits for a submission still in flight and then copies its
outcome into session state; a submission already recorded is never sent again.
"""

import hashlib
import json
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.lookups import Lookup, forget_lookups
from components.pipeline_picker import PipelineChoice
from components.text import escape
from services.datasets import CreatedDataset, create_and_read_back, find_same_name
from services.errors import GentraceError
from services.gentrace import GentraceClient
from services.models import Dataset, DatasetCreate, FormField, InvalidDataset

INSTANCE = "form_instance"
TOKEN = "form_token"  # noqa: S105 (a session-state key, not a secret)
SENT = "form_sent"
ERRORS = "form_field_errors"
SUMMARY = "form_summary"
FAILURE = "form_failure"
DUPLICATE = "form_duplicate"
CONFIRMED = "form_duplicate_confirmed"
RESULT = "created_result"
HISTORY = "created_history"


def init_state() -> int:
    """Sets this session's defaults; returns the current form instance (it changes to clear the form)."""
    st.session_state.setdefault(INSTANCE, 0)
    st.session_state.setdefault(TOKEN, uuid.uuid4().hex)
    st.session_state.setdefault(SENT, {})
    st.session_state.setdefault(ERRORS, {})
    st.session_state.setdefault(HISTORY, [])
    return int(st.session_state[INSTANCE])


def start_new_form() -> None:
    """ "Create another dataset": a fresh, empty form with a new token."""
    st.session_state[INSTANCE] = int(st.session_state.get(INSTANCE, 0)) + 1
    st.session_state[TOKEN] = uuid.uuid4().hex
    for key in (ERRORS, SUMMARY, FAILURE, DUPLICATE, RESULT):
        st.session_state.pop(key, None)
    st.session_state[ERRORS] = {}


# Longer than the client's connect + read timeouts, so the sending run always finishes first.
WAIT_FOR_OTHER_RUN_SECONDS = 60


@dataclass
class Submission:
    """One body sent from one form instance, and what came back."""

    finished: threading.Event = field(default_factory=threading.Event)
    created: CreatedDataset | None = None
    error: GentraceError | None = None
    settled: bool = False  # its outcome has been copied into session state

    @property
    def may_send_again(self) -> bool:
        return self.finished.is_set() and self.created is None


@dataclass(frozen=True)
class Draft:
    name: str
    description: str
    is_golden: bool
    choice: PipelineChoice


def name_and_description(instance: int) -> tuple[str, str, bool, dict[FormField, DeltaGenerator]]:
    """The form's text inputs and its Create button; returns their values, whether it was submitted, and a slot
    under each field for its error."""
    slots: dict[FormField, DeltaGenerator] = {}
    with st.form(f"dataset_form_{instance}", border=False, enter_to_submit=True):
        name = st.text_input(
            "Name",
            key=f"name_{instance}",
            placeholder="e.g. Billing questions, hard cases",
            help="What people will see in Gentrace. Up to 255 characters, on one line.",
        )
        slots["name"] = st.empty()
        description = st.text_area(
            "Description (optional)",
            key=f"description_{instance}",
            placeholder="What is in this dataset and what it is for.",
            help="A few sentences for your colleagues: what the test cases cover and why. Up to 10,000 characters.",
            height=110,
        )
        slots["description"] = st.empty()
        submitted = st.form_submit_button("Create dataset", type="primary", icon=":material/add:")
    return name or "", description or "", submitted, slots


def submit(
    client: GentraceClient,
    draft: Draft,
    datasets: Lookup[Dataset] | None,
    confirmed_duplicate: bool = False,
) -> None:
    """Validates, guards against duplicates and double submits, sends, and records the outcome in session state."""
    st.session_state[ERRORS] = {}
    for key in (SUMMARY, FAILURE, DUPLICATE):
        st.session_state.pop(key, None)
    try:
        request = DatasetCreate.from_form(
            name=draft.name,
            description=draft.description,
            is_golden=draft.is_golden,
            pipeline_mode=draft.choice.mode,
            pipeline=draft.choice.value,
        )
    except InvalidDataset as invalid:
        st.session_state[ERRORS] = dict(invalid.errors)
        st.session_state[SUMMARY] = invalid.summary
        return

    body = request.to_body()
    key = st.session_state[TOKEN] + hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    sent: dict[str, Submission] = st.session_state[SENT]
    earlier = sent.get(key)
    if earlier is not None and not earlier.may_send_again:
        return  # the same submission again (a double-click): settle_submissions() shows its outcome

    if not confirmed_duplicate and draft.choice.pipeline is not None:
        known = list(datasets.items if datasets else ()) + [
            c.dataset for c in st.session_state[HISTORY] if c.dataset.pipeline_id == draft.choice.pipeline.id
        ]
        existing = find_same_name(known, request.name)
        if existing is not None:
            st.session_state[DUPLICATE] = {"draft": draft, "existing": existing.name}
            return

    with st.spinner("Creating the dataset…"):
        submission = sent[key] = Submission()
        try:
            submission.created = create_and_read_back(client, request)
        except GentraceError as error:
            submission.error = error
        finally:
            submission.finished.set()
    settle_submissions()


def settle_submissions() -> None:
    """Waits for a submission still being sent by an earlier run, and shows the outcome of every finished one."""
    sent: dict[str, Submission] = st.session_state[SENT]
    pending = [s for s in sent.values() if not s.finished.is_set()]
    if pending:
        with st.spinner("Creating the dataset…"):
            for submission in pending:
                submission.finished.wait(WAIT_FOR_OTHER_RUN_SECONDS)
    for submission in sent.values():
        if submission.finished.is_set() and not submission.settled:
            _settle(submission)


def _settle(submission: Submission) -> None:
    """Copies one outcome into session state; safe to repeat if a stop cuts it short."""
    if submission.created is not None:
        created = submission.created
        st.session_state[RESULT] = created
        history: list[CreatedDataset] = st.session_state[HISTORY]
        if all(c.dataset.id != created.dataset.id for c in history):
            st.session_state[HISTORY] = [*history, created]
        forget_lookups()
    elif submission.error is not None:
        error = submission.error
        st.session_state[FAILURE] = error
        st.session_state[ERRORS] = {error.field: error.message} if error.field else {}
    submission.settled = True
    if submission.created is not None:
        st.rerun()


def show_field_errors(slots: dict[FormField, DeltaGenerator], live: dict[FormField, str | None]) -> None:
    """Puts each field's error under it: the last submit's, else a problem spotted while typing."""
    errors: dict[FormField, str] = st.session_state.get(ERRORS, {})
    for form_field, slot in slots.items():
        message = errors.get(form_field) or live.get(form_field)
        if message:
            slot.error(escape(message), icon=":material/error:")


def confirmed_duplicate() -> Draft | None:
    """The draft the person just confirmed despite its duplicate name (once), if they did."""
    if st.session_state.pop(CONFIRMED, False) and DUPLICATE in st.session_state:
        draft: Draft = st.session_state[DUPLICATE]["draft"]
        return draft
    return None


def _confirm() -> None:
    st.session_state[CONFIRMED] = True


def show_outcome() -> None:
    """Under the button: the summary line, a server failure with its details, or the duplicate-name question."""
    summary: str | None = st.session_state.get(SUMMARY)
    failure: GentraceError | None = st.session_state.get(FAILURE)
    duplicate: dict[str, Any] | None = st.session_state.get(DUPLICATE)
    if summary:
        st.error(summary, icon=":material/error:")
    if failure is not None:
        if failure.field is None:
            st.error(escape(failure.message), icon=":material/error:")
        else:
            st.error(f"The dataset was not created: fix the {failure.field} field above.", icon=":material/error:")
        with st.expander("Details for engineers"):
            st.code(failure.details, language=None, wrap_lines=True)
    if duplicate is not None:
        draft: Draft = duplicate["draft"]
        label = draft.choice.pipeline.label if draft.choice.pipeline else draft.choice.value or ""
        with st.container(border=True, key="duplicate_warning"):
            st.warning(
                f"{escape(label)} already has a dataset named **{escape(duplicate['existing'])}**. "
                "Create another one with the same name anyway?",
                icon=":material/content_copy:",
            )
            st.button("Yes, create it anyway", key="confirm_duplicate", on_click=_confirm)
