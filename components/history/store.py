"""The history every session of this process shares (services.history), on the studio's database."""

import logging

import streamlit as st

from components.shared.database import studio_database
from services.database.engine import DatabaseUnavailable, database_url
from services.history.store import HistoryStore, HistoryUnavailable

log = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def _store(url: str) -> HistoryStore:
    return HistoryStore(studio_database())  # raises, and is then not kept: the next run tries again


def history_store() -> HistoryStore:
    """The store; `HistoryUnavailable` when the studio's database cannot be opened."""
    try:
        return _store(database_url())
    except DatabaseUnavailable as error:
        raise HistoryUnavailable(error.said) from None


def forget_history_of(dataset_ids: list[str]) -> None:
    """The history of datasets that no longer exist (the sandbox's demo data was reset)."""
    history_store().forget(dataset_ids)


def open_history() -> None:
    """At start: makes or migrates the studio's tables once per process. A database that cannot be opened is
    reported where the history is needed (nothing is changed without it), not here."""
    try:
        history_store()
    except HistoryUnavailable:
        log.warning("the history database could not be opened; changes to test cases wait for it")
