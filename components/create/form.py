"""Asks for the dataset's name and description, and sends the whole form exactly once per deliberate submit.

The Create button's callback validates the form and starts the create through `components.once` under the form's
token and the body it sends: a double-click, or Enter pressed twice, sends it once; the same body may be sent again
only after it failed. Every script run first settles the create and copies its outcome into the form's state."""

import functools
import hashlib
import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.activity.recorder import recorder
from components.create.created import created_history, keep_created, put_away_result
from components.create.pipeline_picker import PipelineChoice, choice_from_state
from components.shared import once, scopes
from components.shared.feedback import engineers_details
from components.shared.lookups import Lookup, forget_lookups, load_datasets, load_pipelines
from components.shared.text import escape, note
from services.activity.actions import DATASET_CREATED
from services.activity.log import Recorder
from services.datasets.create import CreatedDataset, create_and_read_back, find_same_name, golden_dataset_name
from services.gentrace.client import GentraceClient
from services.gentrace.errors import GentraceError
from services.gentrace.types import Dataset, DatasetCreate, FormField, InvalidDataset

log = logging.getLogger(__name__)

INSTANCE = "create_form_instance"
_TOKEN = "create_form_token"  # noqa: S105 (a session-state key, not a secret)
_ERRORS = "create_field_errors"
_SUMMARY = "create_summary"
_FAILURE = "create_failure"
_DUPLICATE = "create_duplicate"
_SHOW_LINK = "create_show_link"


def init_state() -> int:
    """Sets this session's defaults; returns the current form instance (it changes to clear the form)."""
    st.session_state.setdefault(INSTANCE, 0)
    st.session_state.setdefault(_TOKEN, uuid.uuid4().hex)
    st.session_state.setdefault(_ERRORS, {})
    return int(st.session_state[INSTANCE])


def form_instance() -> int:
    """The current form's number (it changes to clear the form): part of every field's key."""
    return int(st.session_state.get(INSTANCE, 0))


def name_key(instance: int) -> str:
    return f"create_name_{instance}"


def description_key(instance: int) -> str:
    return f"create_description_{instance}"


def golden_key(instance: int) -> str:
    return f"create_golden_{instance}"


def form_values(instance: int) -> tuple[str, str, bool]:
    """(name, description, golden) as typed so far."""
    state = st.session_state
    name, description = state.get(name_key(instance)) or "", state.get(description_key(instance)) or ""
    return name, description, bool(state.get(golden_key(instance)))


def fill_form(
    instance: int, name: str | None, description: str | None, golden: bool | None, errors: dict[FormField, str]
) -> None:
    """Fills the form before it is drawn (a link that prefills it); what is None is left as it is."""
    for key, value in ((name_key(instance), name), (description_key(instance), description)):
        if value is not None:
            st.session_state[key] = value
    if golden is not None:
        st.session_state[golden_key(instance)] = golden
    st.session_state[_ERRORS] = dict(errors)


def pipeline_changed() -> None:
    """The pipeline field changed: its error from the last try no longer applies, nor does a summary of errors
    that are now all gone, nor a duplicate-name question about the old pipeline."""
    errors: dict[FormField, str] = st.session_state.get(_ERRORS, {})
    errors.pop("pipeline", None)
    errors.pop("golden", None)  # the golden choice is judged against the pipeline's datasets
    failure: GentraceError | None = st.session_state.get(_FAILURE)
    if failure is not None and failure.field in ("pipeline", None):
        st.session_state.pop(_FAILURE, None)
    if not errors:
        st.session_state.pop(_SUMMARY, None)
    st.session_state.pop(_DUPLICATE, None)


def _golden_changed() -> None:
    errors: dict[FormField, str] = st.session_state.get(_ERRORS, {})
    errors.pop("golden", None)
    if not errors:
        st.session_state.pop(_SUMMARY, None)


def field_errors() -> dict[FormField, str]:
    """The last submit's error under each field."""
    errors: dict[FormField, str] = st.session_state.get(_ERRORS, {})
    return errors


def link_requested() -> bool:
    """Whether "Copy a link to this form" was pressed (and not yet put away)."""
    return bool(st.session_state.get(_SHOW_LINK))


def start_new_form() -> None:
    """ "Create another dataset": a fresh, empty form with a new token."""
    st.session_state[INSTANCE] = int(st.session_state.get(INSTANCE, 0)) + 1
    st.session_state[_TOKEN] = uuid.uuid4().hex
    for key in (_ERRORS, _SUMMARY, _FAILURE, _DUPLICATE, _SHOW_LINK):
        st.session_state.pop(key, None)
    st.session_state[_ERRORS] = {}
    put_away_result()


@dataclass(frozen=True)
class Draft:
    name: str
    description: str
    is_golden: bool
    choice: PipelineChoice


def name_and_description(client: GentraceClient, base_url: str, instance: int) -> dict[FormField, DeltaGenerator]:
    """The form's text inputs and its Create button; returns a slot under each field for its error."""
    slots: dict[FormField, DeltaGenerator] = {}
    with st.form(f"create_form_{instance}", border=False, enter_to_submit=True):
        st.text_input(
            "Name",
            key=name_key(instance),
            placeholder="e.g. Billing questions, hard cases",
            help="What people will see in Gentrace. Up to 255 characters, on one line.",
        )
        slots["name"] = st.empty()
        st.text_area(
            "Description (optional)",
            key=description_key(instance),
            placeholder="What is in this dataset and what it is for.",
            help="A few sentences for your colleagues: what the test cases cover and why. Up to 10,000 characters.",
            height=110,
        )
        slots["description"] = st.empty()
        create, link = st.columns([1, 1.4])
        create.form_submit_button(
            "Create dataset",
            type="primary",
            icon=":material/add:",
            on_click=submit_form,
            args=(client, base_url, instance),  # no closure: it would keep this run's page globals alive
        )
        # A submit button too: only a submit hands the form's typed values over, so the link can carry them.
        link.form_submit_button("Copy a link to this form", icon=":material/link:", on_click=show_link, args=(True,))
    return slots


def show_link(showing: bool) -> None:
    st.session_state[_SHOW_LINK] = showing


def submit_form(client: GentraceClient, base_url: str, instance: int) -> None:
    """The Create button's callback: reads the whole form from session state and submits it."""
    choice = choice_from_state(load_pipelines(client, base_url), instance)
    datasets = load_datasets(client, base_url, choice.pipeline.id) if choice.pipeline else None
    name, description, golden = form_values(instance)
    submit(client, Draft(name, description, golden, choice), datasets)


def submit(
    client: GentraceClient,
    draft: Draft,
    datasets: Lookup[Dataset] | None,
    confirmed_duplicate: bool = False,
) -> None:
    """Validates, guards against duplicates and double submits, and starts sending. Touches nothing but session
    state, so it is safe in a callback."""
    st.session_state[_ERRORS] = {}
    for key in (_SUMMARY, _FAILURE, _DUPLICATE):
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
        st.session_state[_ERRORS] = dict(invalid.errors)
        st.session_state[_SUMMARY] = invalid.summary
        return

    body = request.to_body()
    key = st.session_state[_TOKEN] + hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    if once.already(key):
        return  # the same submission again (a double-click): settle_submissions() shows its outcome

    if not confirmed_duplicate and draft.choice.pipeline is not None:
        known = list(datasets.items if datasets else ()) + [
            c.dataset for c in created_history() if c.dataset.pipeline_id == draft.choice.pipeline.id
        ]
        existing = find_same_name(known, request.name)
        if existing is not None:
            st.session_state[_DUPLICATE] = {"draft": draft, "existing": existing.name}
            return

    trail = recorder()
    once.start_once(scopes.create(), "Creating the dataset…", functools.partial(_send, client, request, trail), key=key)


def _send(client: GentraceClient, request: DatasetCreate, trail: Recorder | None) -> CreatedDataset:
    created: CreatedDataset | None = None
    error: GentraceError | None = None
    try:
        created = create_and_read_back(client, request)
        return created
    except GentraceError as failure:
        error = failure
        raise
    finally:
        if trail is not None:
            _audit_create(trail, request, created, error)


def _audit_create(
    trail: Recorder, request: DatasetCreate, created: CreatedDataset | None, error: GentraceError | None
) -> None:
    if created is not None:
        ids = {"dataset": created.dataset.id, "pipeline": created.dataset.pipeline_id}
        outcome = "ok, made golden" if request.is_golden else "ok"
        outcome += ", found after a lost answer" if created.recovered else ""
    else:
        ids = {"pipeline": request.pipeline_ref}
        outcome = f"failed: {error.message}" if error is not None else "failed"
    trail.record(DATASET_CREATED, ids=ids, outcome=outcome, name=request.name)


def settle_submissions() -> None:
    """Waits for a create still being sent by an earlier run, and takes its outcome over into the form's state."""
    once.settle(scopes.create())
    work = once.outcome(scopes.create())
    if work is None or work.shown:
        return
    if isinstance(work.result, CreatedDataset):
        keep_created(work.result)
        forget_lookups()
    elif isinstance(work.error, GentraceError):
        error = work.error
        st.session_state[_FAILURE] = error
        st.session_state[_ERRORS] = {error.field: error.message} if error.field else {}
    work.shown = True  # safe to repeat if a stop cut it short: the history keeps each dataset once


def show_field_errors(slots: dict[FormField, DeltaGenerator], live: dict[FormField, str | None]) -> None:
    """Puts each field's error under it: the last submit's, else a problem spotted while typing."""
    errors: dict[FormField, str] = st.session_state.get(_ERRORS, {})
    for form_field, slot in slots.items():
        message = errors.get(form_field) or live.get(form_field)
        if message:
            slot.error(escape(message), icon=":material/error:")


def _confirm_duplicate(client: GentraceClient) -> None:
    duplicate: dict[str, Any] | None = st.session_state.get(_DUPLICATE)
    if duplicate is not None:
        submit(client, duplicate["draft"], None, confirmed_duplicate=True)


def show_outcome(client: GentraceClient) -> None:
    """Under the button: the summary line, a server failure with its details, or the duplicate-name question."""
    summary: str | None = st.session_state.get(_SUMMARY)
    failure: GentraceError | None = st.session_state.get(_FAILURE)
    duplicate: dict[str, Any] | None = st.session_state.get(_DUPLICATE)
    if summary:
        st.error(summary, icon=":material/error:")
    if failure is not None:
        if failure.field is None:
            st.error(escape(failure.message), icon=":material/error:")
        else:
            st.error(f"The dataset was not created: fix the {failure.field} field above.", icon=":material/error:")
        engineers_details(failure.details)
    if duplicate is not None:
        draft: Draft = duplicate["draft"]
        label = draft.choice.pipeline.label if draft.choice.pipeline else draft.choice.value or ""
        with st.container(border=True, key="duplicate_warning"):
            st.warning(
                f"{escape(label)} already has a dataset named **{escape(duplicate['existing'])}**. "
                "Create another one with the same name anyway?",
                icon=":material/content_copy:",
            )
            st.button(
                "Yes, create it anyway", key="create_confirm_duplicate", on_click=_confirm_duplicate, args=(client,)
            )


def golden_toggle(instance: int, choice: PipelineChoice, datasets: Lookup[Dataset] | None) -> bool:
    """The golden switch, and the notice that says which dataset it replaces before anything is sent."""
    golden = st.toggle("Golden dataset", key=golden_key(instance), on_change=_golden_changed)
    note(
        "The golden dataset is a pipeline's trusted reference set, the one its results are judged against by default. "
        "A pipeline has at most one."
    )
    pipeline = choice.pipeline
    if golden and pipeline is not None and pipeline.golden_dataset_id:
        current = golden_dataset_name(pipeline, datasets.items if datasets else ())
        st.warning(
            f"This will replace **{escape(current or pipeline.golden_dataset_id)}** as the golden dataset of "
            f"{escape(pipeline.label)}.",
            icon=":material/swap_horiz:",
        )
    elif golden and pipeline is not None:
        note(f"{escape(pipeline.label)} has no golden dataset yet: this one will become it.")
    return golden
