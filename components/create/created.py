"""The datasets created in this browser session: the one the form shows as its result, and every one (the sidebar
lists them under their current names)."""

import dataclasses

import streamlit as st

from services.datasets.create import CreatedDataset
from services.gentrace.types import Dataset

RESULT = "create_result"  # the dataset the form created last, until "Create another dataset"
HISTORY = "create_history"  # every dataset created in this session, oldest first


def keep_created(created: CreatedDataset) -> None:
    """The form's result, and one more in the session's list (each dataset once, however often it is settled)."""
    st.session_state[RESULT] = created
    history = created_history()
    if all(c.dataset.id != created.dataset.id for c in history):
        st.session_state[HISTORY] = [*history, created]


def last_created() -> CreatedDataset | None:
    created: CreatedDataset | None = st.session_state.get(RESULT)
    return created


def put_away_result() -> None:
    st.session_state.pop(RESULT, None)


def created_history() -> list[CreatedDataset]:
    """Every dataset created in this session, oldest first."""
    history: list[CreatedDataset] = st.session_state.get(HISTORY, [])
    return history


def seen_as(dataset: Dataset) -> None:
    """A dataset created in this session was read again (renamed here or elsewhere): the sidebar shows it as it is."""
    history = created_history()
    for at, created in enumerate(history):
        if created.dataset.id == dataset.id and created.dataset.name != dataset.name:
            history[at] = dataclasses.replace(created, dataset=dataset)
