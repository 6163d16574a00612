import streamlit as st

from components.activity_table import activity_table, chosen_entries, latest_entries
from components.routing import through_the_router
from components.text import note

through_the_router()


def activity() -> None:
    """It returns early rather than calling st.stop(), which would end the whole run (and the sidebar drawn after)."""
    st.title("Activity", anchor=False)
    note(
        "Every change this studio made in Gentrace, newest first: who, when, what, and how it ended. The record is "
        "kept on the server running the studio."
    )

    entries = latest_entries()
    if not entries:
        st.info("Nothing has been changed through this studio yet.", icon=":material/history:")
        return
    activity_table(chosen_entries(entries), len(entries))


activity()
