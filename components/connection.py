"""Which Gentrace the app talks to: set up once per process, shown on every page."""

import os
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from components.text import escape
from sandbox.server import RunningSandbox, start_in_thread
from services.gentrace.client import GentraceClient
from services.settings import ConnectionSettings, SettingsError, resolve_connection

SANDBOX_DB = Path(__file__).resolve().parents[1] / ".sandbox" / "gentrace.db"
SANDBOX_DB_VARIABLE = "STUDIO_SANDBOX_DB"  # another file for the app's own sandbox (tests, a second demo)


@dataclass(frozen=True)
class Connection:
    mode: str  # "gentrace" or "sandbox"
    base_url: str
    client: GentraceClient
    source: str
    sandbox: RunningSandbox | None = None  # the app's own sandbox, in sandbox mode


@st.cache_resource(show_spinner="Starting the local sandbox…")
def _open(_settings: ConnectionSettings, identity: tuple[str, str | None, str | None]) -> Connection:
    """Cached by `identity` (mode, address, key fingerprint): the settings themselves are never hashed or kept."""
    settings = _settings
    if settings.mode == "sandbox":
        running = start_in_thread(Path(os.environ.get(SANDBOX_DB_VARIABLE) or SANDBOX_DB))
        client = GentraceClient(running.base_url, running.api_key)
        return Connection("sandbox", running.base_url, client, "default", running)
    assert settings.base_url is not None and settings.api_key is not None
    client = GentraceClient(settings.base_url, settings.api_key)
    return Connection("gentrace", settings.base_url, client, settings.source)


def get_connection() -> Connection | SettingsError:
    """The process-wide connection, or the configuration error that prevents one."""
    try:
        settings = resolve_connection(os.environ, st.secrets)
        return _open(settings, settings.identity)
    except SettingsError as error:
        return error


def require_connection() -> Connection:
    """The connection, or (when the app is not configured) a plain error and nothing more of the page."""
    connection = get_connection()
    if not isinstance(connection, Connection):
        st.error("The app is not configured correctly; see the Connection page.", icon=":material/error:")
        st.stop()
    return connection


def show_mode(connection: Connection | SettingsError) -> None:
    """The sidebar line every page shows: which mode, and where data goes."""
    with st.sidebar:
        if isinstance(connection, SettingsError):
            st.error(f"Configuration problem: {escape(str(connection))}", icon=":material/error:")
        elif connection.mode == "sandbox":
            st.info(
                "**Sandbox mode**: a local copy of Gentrace with demo data. Nothing here is sent to Gentrace.",
                icon=":material/science:",
            )
        else:
            st.success(f"**Connected to Gentrace** at {escape(connection.base_url)}", icon=":material/cloud_done:")


LOCAL_ADDRESSES = frozenset({"127.0.0.1", "localhost", "::1"})


def listens_beyond_this_machine() -> bool:
    """Streamlit listens on every interface unless `server.address` names a loopback one."""
    address = (st.get_option("server.address") or "").strip().strip("[]")
    return address not in LOCAL_ADDRESSES
