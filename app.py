"""Gentrace Dataset Studio: the router. Page config, sign-in, connection, navigation; the pages do the rest."""

from pathlib import Path

import streamlit as st

from components.connection import get_connection, show_mode
from components.result_card import created_list
from components.sign_in import sign_in_gate

HERE = Path(__file__).resolve().parent

st.set_page_config(page_title="Gentrace Dataset Studio", page_icon=":material/dataset:", layout="centered")

signed_in = sign_in_gate()  # with sign-in on and nobody allowed signed in, nothing past this line is drawn or fetched
navigation = st.navigation(
    [
        st.Page(HERE / "pages" / "create_dataset.py", title="Create dataset", icon=":material/add_box:", default=True),
        st.Page(HERE / "pages" / "import_test_cases.py", title="Add test cases", icon=":material/upload_file:"),
        st.Page(HERE / "pages" / "datasets.py", title="Datasets", icon=":material/table_view:"),
        st.Page(HERE / "pages" / "activity.py", title="Activity", icon=":material/history:"),
        st.Page(HERE / "pages" / "connection.py", title="Connection", icon=":material/link:"),
    ],
    position="sidebar" if signed_in else "hidden",
)
if not signed_in:
    st.stop()
show_mode(get_connection())
navigation.run()
created_list()  # after the page, so a dataset created in this run is already listed
