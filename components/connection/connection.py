"""Which Gentrace the studio talks to: opened once per process by the app's start-up, shown on every page.

With no API key the studio uses its own sandbox; the start-up hands over the function that starts it
(`open_connection`), so no room imports the sandbox."""

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import streamlit as st

from components.shared.text import escape
from services.gentrace.client import GentraceClient
from services.settings import ConnectionSettings, SettingsError, resolve_connection

SANDBOX_DB = Path(__file__).resolve().parents[2] / ".sandbox" / "gentrace.db"
SANDBOX_DB_VARIABLE = "STUDIO_SANDBOX_DB"  # another file for the app's own sandbox (tests, a second demo)


class LocalSandbox(Protocol):
    """The studio's own sandbox, running in this process."""

    @property
    def base_url(self) -> str: ...

    @property
    def api_key(self) -> str: ...

    def reset_demo_data(self) -> None: ...


SandboxStarter = Callable[[Path], LocalSandbox]


@dataclass(frozen=True)
class Connection:
    mode: str  # "gentrace" or "sandbox"
    base_url: str
    client: GentraceClient
    source: str
    sandbox: LocalSandbox | None = None  # the app's own sandbox, in sandbox mode


@st.cache_resource(show_spinner="Starting the local sandbox…")
def _open(
    _settings: ConnectionSettings, identity: tuple[str, str | None, str | None], _start: SandboxStarter | None
) -> Connection:
    """Cached by `identity` (mode, address, key fingerprint): the settings themselves are never hashed or kept."""
    settings = _settings
    if settings.mode == "sandbox":
        assert _start is not None  # get_connection says so first
        running = _start(Path(os.environ.get(SANDBOX_DB_VARIABLE) or SANDBOX_DB))
        client = GentraceClient(running.base_url, running.api_key)
        return Connection("sandbox", running.base_url, client, "default", running)
    assert settings.base_url is not None and settings.api_key is not None
    client = GentraceClient(settings.base_url, settings.api_key)
    return Connection("gentrace", settings.base_url, client, settings.source)


_starters: list[SandboxStarter] = []  # the start-up's, once per process: how this process starts its sandbox


def open_connection(start_sandbox: SandboxStarter) -> Connection | SettingsError:
    """For the start-up, every run: says how to start the sandbox (when no key is set), then opens the connection."""
    if not _starters:
        _starters.append(start_sandbox)
    return get_connection()


def get_connection() -> Connection | SettingsError:
    """The process-wide connection, or the configuration error that prevents one."""
    try:
        settings = resolve_connection(os.environ, st.secrets)
        if settings.mode == "sandbox" and not _starters:
            raise SettingsError("The studio's own sandbox is started by app.py: run the studio with `make run`.")
        return _open(settings, settings.identity, _starters[0] if _starters else None)
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
