"""The process's audit log, and a recorder that knows who is acting, for work that outlives the script run."""

import os

import streamlit as st

from components.connection import Connection
from components.sign_in import signed_in_email
from services.audit import AuditLog, Recorder, audit_log_path


@st.cache_resource(show_spinner=False)
def _audit_log(path: str) -> AuditLog:
    return AuditLog(audit_log_path({"STUDIO_AUDIT_LOG": path}))


def audit_log() -> AuditLog:
    try:
        secrets = st.secrets.to_dict()
    except Exception:  # no secrets file
        secrets = {}
    return _audit_log(str(audit_log_path(os.environ, secrets)))


def recorder(connection: Connection) -> Recorder:
    """Call in a script run or a callback (where the signed-in person is known), then hand it to the work."""
    return Recorder(audit_log(), signed_in_email(), connection.mode)
