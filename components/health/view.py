"""A dataset's health on its page: the analysis (one per listing, on a worker every session shares, with progress
while it runs), a one-line verdict on the dataset's view, and the Health view (`&view=health`): the verdict, the
problems as a chart, then each finding with its examples and its fix."""

import streamlit as st

from components.health.charts import FINDING_NAMES, overview_spec, show
from components.health.checks import check_of
from components.health.findings import FINDINGS_SHOWN, threshold
from components.health.fixes import fix_outcome
from components.shared.addresses import DATASETS_PAGE
from components.shared.lookups import CaseLookup
from components.shared.text import escape, note
from services.gentrace.client import GentraceClient
from services.gentrace.types import Dataset
from services.health.findings import verdict


def health_in_address() -> bool:
    """`&view=health`: the dataset's Health view instead of its test cases."""
    return st.query_params.get("view") == "health"


def health_summary(dataset: Dataset, cases: CaseLookup) -> None:
    """On the dataset's view: the verdict and the way to the Health view."""
    if cases.error is not None:
        return
    check = check_of(dataset.id, cases)
    with st.container(border=True, key="health_summary"), st.container(horizontal=True, vertical_alignment="center"):
        if check.health is not None:
            at = threshold(dataset.id)
            problems = check.health.problems(at)
            icon = ":material/warning:" if problems else ":material/check_circle:"
            found = [
                f"{FINDING_NAMES[key].lower()}: {count:,}" for key, count in check.health.counts(at).items() if count
            ]
            kinds = f" ({'; '.join(found)})" if found else ""
            st.markdown(f"{icon} **Health:** {escape(verdict(check.health, at).rstrip('.') + kinds + '.')}")
        elif check.error is not None:
            st.markdown(f"**Health:** could not be worked out ({escape(check.error)}).")
        else:
            _progress(dataset.id, cases)
        st.page_link(
            DATASETS_PAGE,
            label="See the dataset's health",
            icon=":material/monitor_heart:",
            query_params={"dataset": dataset.id, "view": "health"},
        )


def health_section(client: GentraceClient, dataset: Dataset, cases: CaseLookup) -> None:
    """The Health view: verdict, problems by kind, and each finding."""
    st.header("Health", anchor=False)
    st.page_link(
        DATASETS_PAGE,
        label="Back to the test cases",
        icon=":material/table_rows:",
        query_params={"dataset": dataset.id},
    )
    fix_outcome(dataset.id)
    if cases.error is not None:
        st.error(f"The test cases could not be read. {escape(cases.error)}", icon=":material/cloud_off:")
        return
    check = check_of(dataset.id, cases)
    if check.health is None:
        if check.error is not None:
            st.error(f"The health could not be worked out ({escape(check.error)}).", icon=":material/error:")
        else:
            _progress(dataset.id, cases)
        return
    health = check.health
    if not health.total:
        st.info("This dataset has no test cases yet, so there is nothing to check.", icon=":material/inbox:")
        return
    at = threshold(dataset.id)
    counts = health.counts(at)
    st.subheader(escape(verdict(health, at)), anchor=False)
    show(overview_spec(tuple(counts.items())), "Problems found, by kind: " + _counts_text(counts))
    note(_counts_text(counts))
    for finding in FINDINGS_SHOWN:
        finding(client, dataset, health, at)


def _counts_text(counts: dict[str, int]) -> str:
    return " · ".join(f"{FINDING_NAMES[key]}: {count:,}" for key, count in counts.items())


@st.fragment(run_every=0.5)
def _progress(dataset_id: str, cases: CaseLookup) -> None:
    """While the analysis runs: how far it got; the whole page is drawn again once it ends."""
    check = check_of(dataset_id, cases, wait=0)
    if check.finished.is_set():
        st.rerun()
    st.progress(check.done, text=f"Checking the health of {len(cases.items):,} test cases: {check.stage}…")
