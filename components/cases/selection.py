"""Which of a dataset's cases are ticked in its table (for "Delete selected", and what comes next)."""

import streamlit as st

from components.shared import scopes
from components.shared.confirm import Question


def _selected_key(dataset_id: str) -> str:
    return f"cases_selected_{dataset_id}"


def _version_key(dataset_id: str) -> str:
    return f"cases_selection_version_{dataset_id}"


def deleting(dataset_id: str) -> Question:
    """ "Delete selected (n)" asked, waiting for its confirmation."""
    return Question(f"cases_confirm_{dataset_id}", outcome_of=scopes.cases(dataset_id))


def selected(dataset_id: str) -> set[str]:
    chosen: set[str] = st.session_state.setdefault(_selected_key(dataset_id), set())
    return chosen


def redraw_version(dataset_id: str) -> int:
    """Part of each checkbox's key: a new number draws them again from the selection."""
    return int(st.session_state.get(_version_key(dataset_id), 0))


def _redraw(dataset_id: str) -> None:
    st.session_state[_version_key(dataset_id)] = redraw_version(dataset_id) + 1


def toggle(dataset_id: str, case_id: str, key: str) -> None:
    chosen = selected(dataset_id)
    if st.session_state.get(key):
        chosen.add(case_id)
    else:
        chosen.discard(case_id)
    deleting(dataset_id).close()


def select(dataset_id: str, case_ids: list[str] | None) -> None:
    """Adds these cases to the selection; None clears it."""
    if case_ids is None:
        selected(dataset_id).clear()
    else:
        selected(dataset_id).update(case_ids)
    _redraw(dataset_id)
    deleting(dataset_id).close()


def unselect(dataset_id: str, case_ids: set[str]) -> None:
    """Cases that are gone (deleted) are no longer selected."""
    chosen = selected(dataset_id)
    if chosen & case_ids:
        chosen.difference_update(case_ids)
        _redraw(dataset_id)
