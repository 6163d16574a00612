import streamlit as st

from components.activity.table import activity_table, chosen_entries, latest_entries
from components.shared.text import note
from components.shell.routing import through_the_router

through_the_router()


st.title("Activity", anchor=False)
note(
    "Every change this studio made in Gentrace, newest first: who, when, what, and how it ended. The record is "
    "kept on the server running the studio."
)

entries = latest_entries()
if not entries:
    st.info("Nothing has been changed through this studio yet.", icon=":material/history:")
    st.stop()
activity_table(chosen_entries(entries), len(entries))
