"""The Connection page's parts: which Gentrace the studio talks to, a test of the key, resetting the sandbox's demo
data (asked first, done once), and how to switch between sandbox and Gentrace."""

import streamlit as st

from components.audit_trail import recorder
from components.connection import Connection, listens_beyond_this_machine
from components.lookups import forget_all
from components.sign_in import auth_providers
from components.text import escape, note
from components.ui import counted, engineers_details
from services.audit import DEMO_RESET
from services.gentrace.errors import GentraceError
from services.settings import SettingsError

_CONFIRM_RESET = "connection_confirm_reset"
_RESET_DONE = "connection_reset_done"


def _ask_reset(asking: bool) -> None:
    st.session_state[_CONFIRM_RESET] = asking
    st.session_state.pop(_RESET_DONE, None)


def _reset(connection: Connection) -> None:
    if connection.sandbox is None or not st.session_state.get(_CONFIRM_RESET):
        return  # the second click of a double-click finds the question already answered
    st.session_state[_CONFIRM_RESET] = False
    connection.sandbox.reset_demo_data()
    forget_all()
    recorder(connection).record(DEMO_RESET)
    st.session_state[_RESET_DONE] = True


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
    if connection.sandbox is None:
        return
    if st.session_state.get(_RESET_DONE):
        st.success("The demo data is back as it was at the start.", icon=":material/restart_alt:")
    if st.session_state.get(_CONFIRM_RESET):
        with st.container(border=True, key="confirm_reset"):
            st.warning(
                "Reset the demo data? Every pipeline, dataset and test case in the sandbox goes back to the demo "
                "set: what was created, changed or imported here is lost. Gentrace itself is not touched.",
                icon=":material/restart_alt:",
            )
            yes, no = st.columns(2)
            yes.button(
                "Yes, reset the demo data", type="primary", on_click=_reset, args=(connection,), key="confirm_reset_yes"
            )
            no.button("Cancel", on_click=_ask_reset, args=(False,), key="confirm_reset_no")
    else:
        st.button("Reset demo data", icon=":material/restart_alt:", on_click=_ask_reset, args=(True,))
        note("Puts the sandbox back to its demo pipelines and datasets, for a demo that starts clean.")


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
    if not isinstance(connection, Connection) or not st.button("Test connection", icon=":material/network_check:"):
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
