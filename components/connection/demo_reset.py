"""Resetting the sandbox's demo data, from the Connection page: asked first, done once, recorded; what the studio's
own database kept about the sandbox's datasets (their history, their health) goes with them."""

import logging

import streamlit as st

from components.activity.recorder import recorder
from components.connection.connection import Connection
from components.health.checks import forget_health_of
from components.history.store import forget_history_of
from components.review.store import forget_reviews_of
from components.shared.confirm import Question
from components.shared.lookups import forget_all
from components.shared.text import note
from services.activity.actions import DEMO_RESET
from services.gentrace.errors import GentraceError
from services.history.store import HistoryUnavailable
from services.review.store import ReviewUnavailable

log = logging.getLogger(__name__)

_ASKING = Question("connection_confirm_reset")
_DONE = "connection_reset_done"


def _ask() -> None:
    _ASKING.ask()
    st.session_state.pop(_DONE, None)


def _reset(connection: Connection) -> None:
    if connection.sandbox is None or not _ASKING.asked:
        return  # the second click of a double-click finds the question already answered
    _ASKING.close()
    try:
        gone = [dataset.id for dataset in connection.client.list_datasets(archived=True)]
    except GentraceError:  # the local sandbox did not answer: reset it still, its old ids just stay remembered
        gone = []
    connection.sandbox.reset_demo_data()
    forget_all()
    # What the studio kept about the sandbox's datasets goes with them; nothing of a real Gentrace has these ids.
    try:
        forget_history_of(gone)
    except HistoryUnavailable:
        log.warning("the history of the demo's old datasets could not be forgotten")
    forget_health_of(gone)
    try:
        forget_reviews_of(gone)
    except ReviewUnavailable:
        log.warning("the review of the demo's old datasets could not be forgotten")
    if (trail := recorder()) is not None:
        trail.record(DEMO_RESET)
    st.session_state[_DONE] = True


def demo_reset(connection: Connection) -> None:
    """The button, its question, and how it went; only for the app's own sandbox."""
    if connection.sandbox is None:
        return
    if st.session_state.get(_DONE):
        st.success("The demo data is back as it was at the start.", icon=":material/restart_alt:")
    if _ASKING.asked:
        with st.container(border=True, key="confirm_reset"):
            st.warning(
                "Reset the demo data? Every pipeline, dataset and test case in the sandbox goes back to the demo "
                "set: what was created, changed or imported here is lost. Gentrace itself is not touched.",
                icon=":material/restart_alt:",
            )
            yes, no = st.columns(2)
            yes.button(
                "Yes, reset the demo data",
                type="primary",
                on_click=_reset,
                args=(connection,),
                key="connection_reset_yes",
            )
            no.button("Cancel", on_click=_ASKING.close, key="connection_reset_no")
    else:
        st.button("Reset demo data", icon=":material/restart_alt:", on_click=_ask, key="connection_reset")
        note("Puts the sandbox back to its demo pipelines and datasets, for a demo that starts clean.")
