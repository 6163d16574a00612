"""The review record every session of this process shares (services.review), on the studio's database."""

import streamlit as st

from components.shared.database import studio_database
from services.database.engine import DatabaseUnavailable, database_url
from services.review.store import ReviewStore, ReviewUnavailable


@st.cache_resource(show_spinner=False)
def _store(url: str) -> ReviewStore:
    return ReviewStore(studio_database())  # raises, and is then not kept: the next run tries again


def review_store() -> ReviewStore:
    """The store; `ReviewUnavailable` when the studio's database cannot be opened."""
    try:
        return _store(database_url())
    except DatabaseUnavailable as error:
        raise ReviewUnavailable(error.said) from None


def forget_reviews_of(dataset_ids: list[str]) -> None:
    """The review of datasets that no longer exist (the sandbox's demo data was reset)."""
    review_store().forget(dataset_ids)
