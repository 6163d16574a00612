"""The fields of one test case, as the add and edit forms ask for them: its name and a field per key (inputs and
expected outputs), each with a type, and the exact JSON that will be sent."""

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from components.shared.text import escape, label, note
from services.cases.content import CaseContent
from services.cases.form import SIDES, TYPES, FieldInput, InvalidCase, build_case


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
    state: _Form = st.session_state.setdefault(f"cases_form_{form}", _Form())
    return state


def _key(form: str, part: str, position: int | None = None) -> str:
    state = form_state(form)
    if part == "value":
        return f"cases_field_{form}_{state.instance}_{state.values}_{position}_value"
    return f"cases_field_{form}_{state.instance}_{position}_{part}"


def typed_fields(form: str) -> list[FieldInput]:
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
    form_state(form).fields = [*typed_fields(form), FieldInput("input", "", "text", "")]


def check_form(form: str, case_id: str | None = None) -> CaseContent | None:
    state = form_state(form)
    state.said = None
    try:
        built = build_case(_name(form), typed_fields(form), case_id)
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
    st.button("Add a field", icon=":material/add:", key=f"cases_add_field_{form}", on_click=_add_field, args=(form,))
    try:
        return build_case(_name(form), typed_fields(form))
    except InvalidCase:
        return None


def show_what_is_sent(case: CaseContent | None) -> None:
    st.markdown("**What will be sent**")
    if case is None:
        note("Fill in a name and at least one input to see the exact JSON that will be sent.")
        return
    st.code(json.dumps(case.to_json(), indent=2, ensure_ascii=False), language=None)
