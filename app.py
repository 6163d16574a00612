"""Gentrace Dataset Studio: the router. Page config, connection, navigation; the pages do the rest."""

from pathlib import Path

import streamlit as st

from components.connection import get_connection, show_mode
from components.result_card import created_list

HERE = Path(__file__).resolve().parent

st.set_page_config(page_title="Gentrace Dataset Studio", page_icon=":material/dataset:", layout="centered")

navigation = st.navigation(
    [
        st.Page(HERE / "pages" / "create_dataset.py", title="Create dataset", icon=":material/add_box:", default=True),
        st.Page(HERE / "pages" / "import_test_cases.py", title="Add test cases", icon=":material/upload_file:"),
        st.Page(HERE / "pages" / "datasets.py", title="Datasets", icon=":material/table_view:"),
        st.Page(HERE / "pages" / "connection.py", title="Connection", icon=":material/link:"),
    ]
)
show_mode(get_connection())
navigation.run()
created_list()  # after the page, so a dataset created in this run is already listed
