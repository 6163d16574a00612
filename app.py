"""Gentrace Dataset Studio: the router. Page config, sign-in, connection, navigation; the pages do the rest."""

import streamlit as st

from components.connection import get_connection, show_mode
from components.result_card import created_list
from components.sign_in import sign_in_gate
from components.ui import ACTIVITY_PAGE, CONNECTION_PAGE, CREATE_PAGE, DATASETS_PAGE, IMPORT_PAGE

st.set_page_config(page_title="Gentrace Dataset Studio", page_icon=":material/dataset:", layout="centered")

signed_in = sign_in_gate()  # with sign-in on and nobody allowed signed in, nothing past this line is drawn or fetched
navigation = st.navigation(
    [
        st.Page(CREATE_PAGE, title="Create dataset", icon=":material/add_box:", default=True),
        st.Page(IMPORT_PAGE, title="Add test cases", icon=":material/upload_file:"),
        st.Page(DATASETS_PAGE, title="Datasets", icon=":material/table_view:"),
        st.Page(ACTIVITY_PAGE, title="Activity", icon=":material/history:"),
        st.Page(CONNECTION_PAGE, title="Connection", icon=":material/link:"),
    ],
    position="sidebar" if signed_in else "hidden",
)
if not signed_in:
    st.stop()
show_mode(get_connection())
navigation.run()
created_list()  # after the page, so a dataset created in this run is already listed
