"""The process's audit log, and a recorder that knows who is acting, for work that outlives the script run."""

import logging
import os

import streamlit as st

from components.connection import Connection
from components.sign_in import signed_in_email
from services.audit import AUDIT_LOGGER, AuditLog, Recorder, audit_log_path


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


def recorder(connection: Connection) -> Recorder:
    """Call in a script run or a callback (where the signed-in person is known), then hand it to the work."""
    return Recorder(audit_log(), signed_in_email(), connection.mode)
