import streamlit as st

from components.activity.table import activity_section
from components.shared.text import note
from components.shell.routing import through_the_router

through_the_router()


st.title("Activity", anchor=False)
note(
    "Every change made in Gentrace through any copy of this studio that shares its database, newest first: who, "
    "when, what, and how it ended."
)
activity_section()
