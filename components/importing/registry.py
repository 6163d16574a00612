"""Every import of this server process (one registry for every session): what a reloaded tab finds, and the file
order the dataset's table shows the latest import's cases in."""

from collections.abc import Mapping

import streamlit as st

from services.importing.job import ImportRegistry


@st.cache_resource
def import_registry() -> ImportRegistry:
    return ImportRegistry()


def latest_file_rows(dataset_id: str) -> Mapping[str, int] | None:
    """The file's row of each case (by fingerprint) of the dataset's latest finished import; None without one."""
    job = import_registry().latest(dataset_id)
    return job.file_rows if job is not None and not job.running else None
