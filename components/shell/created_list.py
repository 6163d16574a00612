"""The sidebar's list of datasets created in this browser session, each a link to its page under its current name."""

import streamlit as st

from components.create.created import created_history
from components.create.form import settle_submissions
from components.datasets.view import settle_for_the_sidebar
from components.shared.addresses import ACTIVITY_PAGE, DATASETS_PAGE
from components.shared.text import label

SHOWN = 5  # the newest; a sidebar of every create of a long session would be sent and drawn again on each run


def created_list() -> None:
    """A create or a rename that ended since the last run settles first, so it shows in this run."""
    settle_submissions()
    settle_for_the_sidebar()
    history = created_history()
    if not history:
        return
    with st.sidebar:
        st.markdown(f"**Created in this session** ({len(history)})")
        for created in list(reversed(history))[:SHOWN]:
            st.page_link(
                DATASETS_PAGE,
                label=label(created.dataset.name),
                icon=":material/dataset:",
                query_params={"dataset": created.dataset.id},
                width="stretch",
            )
        if len(history) > SHOWN:
            st.page_link(ACTIVITY_PAGE, label=f"{len(history) - SHOWN:,} more on the Activity page", width="stretch")
