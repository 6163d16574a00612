import streamlit as st

from components.connection import Connection, get_connection
from components.routing import through_the_router
from components.text import escape
from services.errors import GentraceError

through_the_router()

st.title("Connection", anchor=False)
connection = get_connection()

if not isinstance(connection, Connection):
    st.error(escape(str(connection)), icon=":material/error:")
elif connection.mode == "sandbox":
    st.info(
        "**Sandbox mode.** The app is using its built-in local copy of Gentrace, with demo pipelines and datasets. "
        "Nothing you create here is sent to Gentrace, and it is kept on this machine only.",
        icon=":material/science:",
    )
    st.markdown(f"Sandbox address: `{connection.base_url}`")
else:
    st.success(
        f"**Connected to Gentrace** at `{connection.base_url}`. Datasets you create here are real.",
        icon=":material/cloud_done:",
    )
    source = "an environment variable" if connection.source == "environment" else "`.streamlit/secrets.toml`"
    st.markdown(f"The API key comes from {source}. It stays on the server: it is never shown or sent to your browser.")

if isinstance(connection, Connection) and st.button("Test connection", icon=":material/network_check:"):
    with st.spinner("Asking Gentrace for its pipelines…"):
        try:
            count = len(connection.client.list_pipelines())
        except GentraceError as error:
            st.error(escape(error.message), icon=":material/error:")
            with st.expander("Details for engineers"):
                st.code(error.details, language=None, wrap_lines=True)
        else:
            st.success(f"The key works: {count} pipeline{'s' if count != 1 else ''} visible.", icon=":material/check:")

st.header("Switching between sandbox and Gentrace", anchor=False)
st.markdown(
    "Set your Gentrace API key (from Gentrace → Settings → API keys) and restart the app. Either export it before "
    "starting the app:"
)
st.code(
    'export GENTRACE_API_KEY="gen_api_..."\nexport GENTRACE_BASE_URL="https://gentrace.ai/api"  # optional\nmake run',
    language=None,
)
st.markdown("or put it in `.streamlit/secrets.toml` (never commit that file):")
st.code('GENTRACE_API_KEY = "gen_api_..."\nGENTRACE_BASE_URL = "https://gentrace.ai/api"  # optional', language=None)
st.markdown("With no key set, the app runs in sandbox mode.")
