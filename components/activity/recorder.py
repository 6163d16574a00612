"""The one audit recorder every change uses: the process's audit log with who is acting and in which mode filled in,
made in a script run or a callback (where the signed-in person is known) and handed to the work."""

import logging
import os

import streamlit as st

from components.connection.connection import Connection, get_connection
from components.shell.sign_in import signed_in_email
from services.activity.log import AUDIT_LOGGER, AuditLog, Recorder, audit_log_path


@st.cache_resource(show_spinner=False)
def _audit_log(path: str) -> AuditLog:
    _to_the_app_log()
    return AuditLog(audit_log_path({"STUDIO_AUDIT_LOG": path}))


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


def audit_log() -> AuditLog:
    try:
        secrets = st.secrets.to_dict()
    except Exception:  # no secrets file
        secrets = {}
    return _audit_log(str(audit_log_path(os.environ, secrets)))


def recorder() -> Recorder | None:
    """The recorder for work started now; None when the studio is not configured (nothing can be changed then)."""
    connection = get_connection()
    if not isinstance(connection, Connection):
        return None
    return Recorder(audit_log(), signed_in_email(), connection.mode)
