"""The studio's page addresses, and how a link in the address chooses something once.

A link (`?dataset=<id>`, `?pipeline_id=<id>`, a prefilled form) chooses what it names when the page is opened with
it, and only then: once the person chooses something else the page's address follows them, and that is not a new
link. The key that remembers the last link is the owning room's."""

from pathlib import Path

import streamlit as st

_PAGES = Path(__file__).resolve().parents[2] / "pages"
CREATE_PAGE = _PAGES / "create_dataset.py"
IMPORT_PAGE = _PAGES / "import_test_cases.py"
DATASETS_PAGE = _PAGES / "datasets.py"
ACTIVITY_PAGE = _PAGES / "activity.py"
CONNECTION_PAGE = _PAGES / "connection.py"


def arrived(key: str, link: object, *, nothing_chosen: bool = False) -> bool:
    """True once for each new link (`link`: what the address names, None or empty when it names nothing), and again
    while `nothing_chosen` (the page was left, and Streamlit dropped the choice its widget held)."""
    if not link or (st.session_state.get(key) == link and not nothing_chosen):
        return False
    st.session_state[key] = link
    return True


def followed(key: str, chosen: object) -> None:
    """The person chose `chosen` and the address now names it: that is where they are, not a link to follow."""
    st.session_state[key] = chosen
