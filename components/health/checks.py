"""The health analysis of a dataset's cases, one per listing, on a worker every session of the process shares; what
each check found is kept in the studio's database for the Datasets list."""

import streamlit as st

from components.shared.database import studio_database
from components.shared.lookups import CaseLookup
from services.database.engine import DatabaseUnavailable
from services.health.checks import HealthCheck, HealthChecks, listing_mark
from services.health.summaries import HealthSummaries, HealthSummary

QUICK_SECONDS = 0.5  # a small dataset's analysis ends within this: shown at once, without a progress bar


@st.cache_resource(show_spinner=False)
def health_checks() -> HealthChecks:
    try:
        summaries = HealthSummaries(studio_database())
    except DatabaseUnavailable:  # the checks still run; only the Datasets list forgets them at a restart
        summaries = None
    return HealthChecks(summaries=summaries)


def known_health(dataset_ids: list[str]) -> dict[str, HealthSummary]:
    """What the latest check of each dataset found, for those checked in this studio (one query, no request)."""
    return health_checks().known(dataset_ids)


def forget_health_of(dataset_ids: list[str]) -> None:
    """What was found about datasets that no longer exist (the sandbox's demo data was reset)."""
    health_checks().forget(dataset_ids)


def check_of(dataset_id: str, cases: CaseLookup, wait: float = QUICK_SECONDS) -> HealthCheck:
    """The check of these cases (made, running, or started now), after waiting up to `wait` for it to end."""
    check = health_checks().check(dataset_id, cases.derived(listing_mark), cases.items)
    check.finished.wait(wait)
    return check
