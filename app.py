"""Gentrace Dataset Studio: the router. Page config, sign-in, connection, navigation; the pages do the rest."""

from pathlib import Path

import streamlit as st

from components.activity.recorder import activity_trail
from components.connection.connection import LocalSandbox, open_connection, show_mode
from components.history.difference import STYLE as DIFFERENCE_STYLE
from components.history.store import open_history
from components.shell.created_list import created_list
from components.shell.heap import settle_heap
from components.shell.navigation import page_links, studio_pages
from components.shell.sign_in import sign_in_gate, signed_in_line


def local_sandbox(db_path: Path) -> LocalSandbox:
    """The studio's own sandbox, started in this process when no Gentrace key is set."""
    from sandbox.server import start_in_thread  # only then: a studio connected to Gentrace never loads it

    return start_in_thread(db_path)


# Wide on every page: one content width, so nothing jumps between pages or after a button (tables need the room).
st.set_page_config(page_title="Gentrace Dataset Studio", page_icon=":material/dataset:", layout="wide")

# Streamlit's wide layout pads the page by 5rem a side: at 1024 px, beside the sidebar, that left tables 560 px.
st.html(
    "<style>[data-testid='stMainBlockContainer']{padding-left:2rem;padding-right:2rem;padding-top:4rem;"
    f"max-width:1500px}}{DIFFERENCE_STYLE}</style>"
)
signed_in = sign_in_gate()  # with sign-in on and nobody allowed signed in, nothing past this line is drawn or fetched
navigation = st.navigation(studio_pages(), position="hidden")
if not signed_in:
    st.stop()
page_links()
signed_in_line()
show_mode(open_connection(local_sandbox))
open_history()  # its tables are made or migrated once per process, before any page needs them
activity_trail()  # once per process: an older studio's audit file (or one written while the database was away) moves in
created_list()  # before the page: a page ends early with st.stop(), which ends the run
try:
    navigation.run()
finally:
    settle_heap(navigation.url_path)  # the page's modules, once loaded, out of the collector's way
