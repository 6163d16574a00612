"""The one audit recorder every change uses: the process's audit trail (the studio's database, with this copy's
local file as the fallback) with who is acting and in which mode filled in, made in a script run or a callback
(where the signed-in person is known) and handed to the work."""

import logging
import os

import streamlit as st

from components.connection.connection import Connection, get_connection
from components.shared.database import studio_database
from components.shell.sign_in import signed_in_email
from services.activity.log import AUDIT_LOGGER, AuditLog, Recorder, audit_log_path
from services.activity.store import ActivityStore
from services.activity.trail import ActivityTrail
from services.database.engine import database_url


@st.cache_resource(show_spinner=False)
def _store(url: str) -> ActivityStore:
    return ActivityStore(studio_database())  # raises, and is then not kept: the next entry tries again


def activity_store() -> ActivityStore:
    """The audit trail's table; `DatabaseUnavailable` (an `ExpectedFailure`) when the database cannot be opened."""
    return _store(database_url())


@st.cache_resource(show_spinner=False)
def _trail(path: str, url: str) -> ActivityTrail:
    _to_the_app_log()
    trail = ActivityTrail(AuditLog(audit_log_path({"STUDIO_AUDIT_LOG": path})), activity_store)
    trail.catch_up()  # moving in: the local file's entries (an older studio's, or written while the database was away)
    return trail


def _to_the_app_log() -> None:
    """Audit lines also go to the app's output (stderr), where Streamlit's own log goes, whatever the root logger's
    level: Python leaves a logger without a handler at WARNING, which would drop them."""
    logger = logging.getLogger(AUDIT_LOGGER)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def activity_trail() -> ActivityTrail:
    try:
        secrets = st.secrets.to_dict()
    except Exception:  # no secrets file
        secrets = {}
    return _trail(str(audit_log_path(os.environ, secrets)), database_url())


def recorder() -> Recorder | None:
    """The recorder for work started now; None when the studio is not configured (nothing can be changed then)."""
    connection = get_connection()
    if not isinstance(connection, Connection):
        return None
    return Recorder(activity_trail(), signed_in_email(), connection.mode)
