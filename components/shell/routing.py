"""Every page runs through app.py (page config, sidebar, navigation), even when a link opens it directly."""

import threading

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

_rerouted_once = threading.Event()  # per process, on purpose: the mode below is per process too


def through_the_router() -> None:
    """Call first in every page file.

    Streamlit 1.67 starts a process in its old multipage mode when a `pages/` folder exists, and leaves it only once
    `st.navigation` has run. So when the first request after a start is a link to a page (`/connection`,
    `/import_test_cases?dataset=…`), it runs that page file on its own, without app.py, and keeps doing so for every
    session. Leaving that mode here and running again sends this run, and all later ones, through app.py.

    The run is repeated once per process only: a repeated run loses a button press that started it, and Streamlit's
    AppTest puts every run back into the old mode (its pages then run on their own, as they always did there).
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        if not _rerouted_once.is_set():
            _rerouted_once.set()
            st.rerun()
