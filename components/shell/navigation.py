"""The studio's pages and the sidebar's links to them.

The sidebar draws its own links rather than Streamlit's page menu: that menu does nothing when its page is already
open, so "Datasets" could not leave a dataset's view for the list (a link with its own address can)."""

import streamlit as st

from components.shared.addresses import ACTIVITY_PAGE, CONNECTION_PAGE, CREATE_PAGE, DATASETS_PAGE, IMPORT_PAGE

_PAGES = (
    (CREATE_PAGE, "Create dataset", ":material/add_box:"),
    (IMPORT_PAGE, "Add test cases", ":material/upload_file:"),
    (DATASETS_PAGE, "Datasets", ":material/table_view:"),
    (ACTIVITY_PAGE, "Activity", ":material/history:"),
    (CONNECTION_PAGE, "Connection", ":material/link:"),
)


def studio_pages() -> list[st.Page]:
    return [st.Page(path, title=title, icon=icon, default=path == CREATE_PAGE) for path, title, icon in _PAGES]


def page_links() -> None:
    """One link per page; each opens its page afresh, without the address's `?dataset=…` or other choices."""
    with st.sidebar:
        for path, title, icon in _PAGES:
            st.page_link(path, label=title, icon=icon, query_params={}, width="stretch")
        st.divider()
