"""How the studio says what went wrong: the plain-language line, and the engineers' details folded under it."""

import streamlit as st

from components.shared.text import escape
from services.failures import ExpectedFailure


def engineers_details(details: str) -> None:
    """The technical line behind a plain-language error, folded away."""
    with st.expander("Details for engineers"):
        st.code(details, language=None, wrap_lines=True)


def show_failure(error: ExpectedFailure, lead: str = "") -> None:
    """A change that did not happen: `lead` ("Nothing was changed.") then what the failure says, and its details."""
    st.error(escape(f"{lead} {error.said}".strip()), icon=":material/error:")
    if error.details:
        engineers_details(error.details)
