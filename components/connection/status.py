"""The Connection page's parts: which Gentrace the studio talks to, a test of the key, and how to switch between
sandbox and Gentrace."""

import streamlit as st

from components.connection.connection import Connection, listens_beyond_this_machine
from components.connection.demo_reset import demo_reset
from components.shared.feedback import engineers_details
from components.shared.formatting import counted
from components.shared.text import escape
from components.shell.sign_in import auth_providers
from services.gentrace.errors import GentraceError
from services.settings import SettingsError


def connection_status(connection: Connection | SettingsError) -> None:
    if not isinstance(connection, Connection):
        st.error(escape(str(connection)), icon=":material/error:")
    elif connection.mode == "sandbox":
        _sandbox(connection)
    else:
        _gentrace(connection)


def _sandbox(connection: Connection) -> None:
    st.info(
        "**Sandbox mode.** The app is using its built-in local copy of Gentrace, with demo pipelines and datasets. "
        "Nothing you create here is sent to Gentrace, and it is kept on this machine only.",
        icon=":material/science:",
    )
    st.markdown(f"Sandbox address: `{connection.base_url}`")
    demo_reset(connection)


def _gentrace(connection: Connection) -> None:
    st.success(
        f"**Connected to Gentrace** at `{connection.base_url}`. Datasets you create here are real.",
        icon=":material/cloud_done:",
    )
    source = "an environment variable" if connection.source == "environment" else "`.streamlit/secrets.toml`"
    st.markdown(f"The API key comes from {source}. It stays on the server: it is never shown or sent to your browser.")
    if auth_providers() is None and listens_beyond_this_machine():
        st.warning(
            "**Anyone who can reach this studio acts with this API key.** It listens beyond this machine and sign-in "
            "is off. Turn on sign-in (an `[auth]` section in `.streamlit/secrets.toml`, see docs/deploy.md) or "
            "start it with `--server.address 127.0.0.1`.",
            icon=":material/lock_open:",
        )


def test_connection(connection: Connection | SettingsError) -> None:
    """A button that asks Gentrace for its pipelines and says how that went."""
    if not isinstance(connection, Connection) or not st.button(
        "Test connection", icon=":material/network_check:", key="connection_test"
    ):
        return
    asked = "the sandbox" if connection.mode == "sandbox" else "Gentrace"
    with st.spinner(f"Asking {asked} for its pipelines…"):
        try:
            count = len(connection.client.list_pipelines())
        except GentraceError as error:
            st.error(escape(error.message), icon=":material/error:")
            engineers_details(error.details)
        else:
            if connection.mode == "sandbox":
                message = f"The sandbox answers: {counted(count, 'pipeline')} in it."
            else:
                message = f"The key works: {counted(count, 'pipeline')} visible."
            st.success(message, icon=":material/check:")


def switching_help() -> None:
    st.header("Switching between sandbox and Gentrace", anchor=False)
    st.markdown(
        "Set your Gentrace API key (from Gentrace → Settings → API keys) and restart the app. Either export it "
        "before starting the app:"
    )
    address = '"https://gentrace.ai/api"  # optional'
    st.code(f'export GENTRACE_API_KEY="gen_api_..."\nexport GENTRACE_BASE_URL={address}\nmake run', language=None)
    st.markdown("or put it in `.streamlit/secrets.toml` (never commit that file):")
    st.code(f'GENTRACE_API_KEY = "gen_api_..."\nGENTRACE_BASE_URL = {address}', language=None)
    st.markdown("With no key set, the app runs in sandbox mode.")
