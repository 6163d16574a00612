"""Every page runs through app.py (page config, sidebar, navigation), even when a link opens it directly."""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def through_the_router() -> None:
    """Call first in every page file.

    Streamlit 1.67 starts a process in its old multipage mode when a `pages/` folder exists, and leaves it only once
    `st.navigation` has run. So when the first request after a start is a link to a page (`/connection`,
    `/import_test_cases?dataset=…`), it runs that page file on its own, without app.py, and keeps doing so for every
    session. Leaving that mode here and running again sends this run, and all later ones, through app.py.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
