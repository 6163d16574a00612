"""Adding one test case, and editing one: a field per key (inputs and expected outputs), each with a type, the exact
JSON shown before anything is sent, and for an edit a review of the difference before "Save". Each is sent once
(components.once) and recorded in the history (services.cases.change)."""

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from components import once
from components.history import audited, cases_scope_of, history_store, who
from components.lookups import forget_test_cases, load_test_cases
from components.text import escape, label, note
from services.audit import CASE_ADDED
from services.cases.change import ChangeReport, apply_pairs
from services.cases.form import SIDES, TYPES, FieldInput, InvalidCase, build_case, suggested_fields
from services.gentrace.client import GentraceClient
from services.gentrace.errors import GentraceError
from services.gentrace.types import TestCase
from services.history.store import CaseContent, HistoryUnavailable, Pair


@dataclass
class _Form:
    fields: list[FieldInput] = dataclasses.field(default_factory=list)  # their shape; what is typed is in the widgets
    name: str = ""
    errors: dict[str | int, str] = dataclasses.field(default_factory=dict)
    review: CaseContent | None = None  # an edit being reviewed before "Save"
    said: str | None = None  # e.g. "Nothing changed, so nothing was sent."
    instance: int = 0  # a new number draws every widget afresh
    values: int = 0  # a new number empties the values only ("Add and start another")
    open: bool = False


def form_state(form: str) -> _Form:
    state: _Form = st.session_state.setdefault(f"case_form_{form}", _Form())
    return state


def _key(form: str, part: str, position: int | None = None) -> str:
    state = form_state(form)
    if part == "value":
        return f"cf_{form}_{state.instance}_{state.values}_{position}_value"
    return f"cf_{form}_{state.instance}_{position}_{part}"


def _fields(form: str) -> list[FieldInput]:
    """The fields as typed now."""
    typed = []
    for at, field in enumerate(form_state(form).fields):
        typed.append(
            FieldInput(
                st.session_state.get(_key(form, "side", at), field.side),
                st.session_state.get(_key(form, "key", at), field.key),
                st.session_state.get(_key(form, "type", at), field.type),
                st.session_state.get(_key(form, "value", at), field.value),
            )
        )
    return typed


def _name(form: str) -> str:
    return str(st.session_state.get(_key(form, "name"), form_state(form).name))


def start_form(form: str, fields: Sequence[FieldInput], name: str = "") -> None:
    """A fresh form with these fields (their values as given)."""
    state = form_state(form)
    state.fields, state.name, state.errors, state.review, state.said = list(fields), name, {}, None, None
    state.instance += 1


def _add_field(form: str) -> None:
    form_state(form).fields = [*_fields(form), FieldInput("input", "", "text", "")]


def check_form(form: str, case_id: str | None = None) -> CaseContent | None:
    state = form_state(form)
    state.said = None
    try:
        built = build_case(_name(form), _fields(form), case_id)
    except InvalidCase as invalid:
        state.errors = invalid.errors
        return None
    state.errors = {}
    return built


def case_fields(form: str) -> CaseContent | None:
    """Draws the name and the fields, each with its error; returns the case they make, or None."""
    state = form_state(form)
    errors = state.errors
    st.text_input("Test case name", value=state.name, key=_key(form, "name"))
    if "name" in errors:
        st.error(escape(errors["name"]), icon=":material/error:")
    for at, field in enumerate(state.fields):
        with st.container(border=True, key=f"case_field_{form}_{at}"):
            left, middle, right = st.columns([2.2, 1.4, 1.2])
            key = left.text_input(f"Field {at + 1}", value=field.key, key=_key(form, "key", at))
            middle.selectbox(
                f"Part of field {at + 1}",
                options=list(SIDES),
                index=list(SIDES).index(field.side),
                format_func=SIDES.__getitem__,
                key=_key(form, "side", at),
            )
            right.selectbox(
                f"Type of field {at + 1}",
                options=list(TYPES),
                index=list(TYPES).index(field.type),
                format_func=TYPES.__getitem__,
                key=_key(form, "type", at),
                help="Text is kept exactly as typed (00123 stays text). Number, True/false and JSON are converted.",
            )
            st.text_area(
                label(f"Value of {key.strip() or f'field {at + 1}'}"),
                value=field.value,
                key=_key(form, "value", at),
                height=80,
            )
            if at in errors:
                st.error(escape(errors[at]), icon=":material/error:")
    if "inputs" in errors:
        st.error(escape(errors["inputs"]), icon=":material/error:")
    st.button("Add a field", icon=":material/add:", key=f"add_field_{form}", on_click=_add_field, args=(form,))
    try:
        return build_case(_name(form), _fields(form))
    except InvalidCase:
        return None


def show_what_is_sent(case: CaseContent | None) -> None:
    st.markdown("**What will be sent**")
    if case is None:
        note("Fill in a name and at least one input to see the exact JSON that will be sent.")
        return
    st.code(json.dumps(case.to_json(), indent=2, ensure_ascii=False), language=None)


# -- adding --------------------------------------------------------------------------------------------------------


def add_form_id(dataset_id: str) -> str:
    return f"add_{dataset_id}"


def open_add(dataset_id: str, cases: Sequence[TestCase]) -> None:
    """Opens the add form with the fields the dataset's cases use."""
    start_form(add_form_id(dataset_id), suggested_fields(cases) or [FieldInput("input", "", "text", "")])
    form_state(add_form_id(dataset_id)).open = True


def add_is_open(dataset_id: str) -> bool:
    return form_state(add_form_id(dataset_id)).open


def close_add(dataset_id: str) -> None:
    form_state(add_form_id(dataset_id)).open = False


def add_panel(client: GentraceClient, base_url: str, dataset_id: str) -> None:
    form = add_form_id(dataset_id)
    with st.container(border=True, key="add_case"):
        st.subheader("Add a test case", anchor=False)
        note("One field per key; an empty value leaves its key out. A dot in a field's name nests: user.plan.")
        built = case_fields(form)
        show_what_is_sent(built)
        with st.container(horizontal=True):
            st.button(
                "Add test case",
                type="primary",
                key=f"add_case_{dataset_id}",
                on_click=_add,
                args=(client, base_url, dataset_id, False),
            )
            st.button(
                "Add and start another",
                key=f"add_another_{dataset_id}",
                on_click=_add,
                args=(client, base_url, dataset_id, True),
            )
            st.button("Cancel", key=f"add_cancel_{dataset_id}", on_click=close_add, args=(dataset_id,))


def _add(client: GentraceClient, base_url: str, dataset_id: str, again: bool) -> None:
    form = add_form_id(dataset_id)
    built = check_form(form)
    if built is None:
        return
    person = who()
    known = load_test_cases(client, base_url, dataset_id).items
    pairs = [Pair(None, built)]
    record = audited(CASE_ADDED, dataset_id)

    def work() -> ChangeReport:
        try:
            store = history_store()
            report = apply_pairs(client, store, dataset_id, "add", pairs, who=person, note=built.name, known=known)
        except HistoryUnavailable as error:
            record(None, "the history cannot be written")
            raise GentraceError(f"Nothing was added: the history cannot be written. {error}") from None
        finally:
            forget_test_cases(client, base_url, dataset_id)
        record(report, None)
        return report

    once.forget_outcome(cases_scope_of(dataset_id))
    once.start_once(cases_scope_of(dataset_id), "Adding the test case…", work, form=form, again=again, kind_asked="add")


def after_case_change(dataset_id: str) -> None:
    """Once a change to the cases has settled: an add that worked closes its form, or empties its values for the
    next one; an edit that worked moves the address to the case that replaced the old one."""
    work = once.outcome(cases_scope_of(dataset_id))
    if work is None or work.shown or not isinstance(work.result, ChangeReport):
        return
    work.shown = True
    report = work.result
    if report.kind == "add" and report.done and (form := work.context.get("form")):
        state = form_state(form)
        if work.context.get("again"):  # the same fields, empty
            state.fields = [FieldInput(f.side, f.key, f.type, "") for f in _fields(form)]
            state.name = ""
            state.instance += 1
        else:
            state.open = False
    if report.kind == "edit" and report.created and (form := work.context.get("form")):
        form_state(form).review = None
        new_id = report.created.get(0)
        if new_id and st.query_params.get("case") == work.context.get("old_id"):
            st.query_params["case"] = new_id


def case_change_outcome(dataset_id: str, kinds: tuple[str, ...]) -> None:
    """The last add or edit's outcome, where it was asked for."""
    work = once.outcome(cases_scope_of(dataset_id))
    if work is None:
        return
    if isinstance(work.result, ChangeReport) and work.result.kind in kinds:
        report = work.result
        if report.kind == "add" and report.done:
            name = report.pairs[0].after.name if report.pairs[0].after else ""
            st.success(
                f"Added “{escape(name)}”. Undo it under History if that was a mistake.", icon=":material/check_circle:"
            )
        elif report.kind == "edit" and report.done:
            st.success(
                "Saved. Gentrace keeps no versions, so the case was replaced by its new version (a new ID); the old "
                "one is in the History, where the change can be undone.",
                icon=":material/check_circle:",
            )
        else:
            st.warning(escape(report.message), icon=":material/warning:")
            for problem in report.failed.values():
                st.markdown(f"- {escape(problem)}")
    elif work.error is not None and work.context.get("kind_asked") in kinds:
        st.error(escape(str(work.error)), icon=":material/error:")
