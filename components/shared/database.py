"""The studio's own database (services.database), opened once per process and URL for every room that keeps
something in it (the history, the health summaries)."""

import streamlit as st
from sqlalchemy.engine import Engine

from services.database.engine import database_url, open_database


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return open_database(url)  # raises, and is then not kept: the next run tries again


def studio_database() -> Engine:
    """The engine, its tables migrated; `DatabaseUnavailable` when it cannot be opened."""
    return _engine(database_url())
