"""A pipeline's datasets as a table: search, sort, archived or not, one page at a time; every name opens the
dataset's own view (`?dataset=<id>`), a link that can be sent to someone."""

from zoneinfo import ZoneInfo

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.health.checks import known_health
from components.shared.addresses import DATASETS_PAGE, arrived, followed
from components.shared.formatting import local_time, viewer_zone
from components.shared.lookups import load_case_counts, load_datasets_with_archived, load_pipelines
from components.shared.pager import page_of, pager
from components.shared.pipelines import pipeline_select
from components.shared.text import escape, note
from services.datasets.browse import BY_NAME, DatasetRow, Sort, dataset_rows
from services.gentrace.client import GentraceClient
from services.gentrace.types import Pipeline
from services.health.summaries import HealthSummary

PIPELINE_KEY = "datasets_pipeline"
SEARCH_KEY = "datasets_search"
SORT_KEY = "datasets_sort"
ARCHIVED_KEY = "datasets_show_archived"
_PAGE_KEY = "datasets_page"
_ARRIVED_KEY = "datasets_arrived_with"
PAGE_SIZE = 25
SORTS: dict[str, Sort] = {
    "Name (A to Z)": BY_NAME,
    "Name (Z to A)": ("name", True),
    "Most test cases": ("cases", True),
    "Fewest test cases": ("cases", False),
    "Newest first": ("created", True),
    "Oldest first": ("created", False),
    "Recently updated": ("updated", True),
}


def _pipeline_changed() -> None:
    st.session_state[_PAGE_KEY] = 1
    followed(_ARRIVED_KEY, st.session_state.get(PIPELINE_KEY))


def _back_to_first_page() -> None:
    st.session_state[_PAGE_KEY] = 1


def choose_pipeline(client: GentraceClient, base_url: str) -> Pipeline | None:
    """The searchable pipeline picker; `?pipeline_id=<id>` in the address chooses one."""
    catalog = load_pipelines(client, base_url)
    linked = (st.query_params.get("pipeline_id") or "").strip().lower()
    chosen_now = st.session_state.get(PIPELINE_KEY)
    if linked in catalog.by_id and arrived(_ARRIVED_KEY, linked, nothing_chosen=chosen_now is None):
        st.session_state[PIPELINE_KEY] = linked
        st.session_state[_PAGE_KEY] = 1
    chosen = pipeline_select(
        client,
        base_url,
        key=PIPELINE_KEY,
        on_change=_pipeline_changed,
        help_text="The pipeline whose datasets you want to see.",
    )
    st.query_params.from_dict({"pipeline_id": chosen} if chosen else {})  # the address follows the choice
    return catalog.by_id.get(chosen) if chosen else None


def dataset_table(client: GentraceClient, base_url: str, pipeline: Pipeline) -> None:
    datasets = load_datasets_with_archived(client, base_url, pipeline.id)
    if datasets.error is not None:
        st.error(f"The datasets could not be loaded. {escape(datasets.error)}", icon=":material/cloud_off:")
        return
    counts = load_case_counts(client, base_url, pipeline.id)

    search_column, sort_column, archived_column = st.columns([2.5, 2, 1.7], vertical_alignment="bottom")
    with search_column:
        search = st.text_input(
            "Search by name", key=SEARCH_KEY, placeholder="Part of a dataset's name", on_change=_back_to_first_page
        )
    with sort_column:
        sort = st.selectbox("Sort by", options=list(SORTS), key=SORT_KEY, on_change=_back_to_first_page)
    with archived_column:
        show_archived = st.toggle("Show archived", key=ARCHIVED_KEY, on_change=_back_to_first_page)

    rows = dataset_rows(
        datasets.items,
        pipeline,
        None if counts.error else counts.counts,
        search=search,
        sort=SORTS.get(sort or "", BY_NAME),
        show_archived=show_archived,
    )
    archived_total = sum(1 for d in datasets.items if d.archived_at is not None)
    total = len(datasets.items) - (0 if show_archived else archived_total)
    summary = f"{len(rows):,} of {total:,} datasets" if search.strip() else f"{total:,} datasets"
    if archived_total and not show_archived:
        summary += f" · {archived_total:,} archived, hidden"
    note(f"{summary} · times in {viewer_zone().key}")
    if counts.error is not None:
        st.warning(f"Test cases could not be counted. {escape(counts.error)}", icon=":material/cloud_off:")
    if not rows:
        st.info(
            "No dataset matches that search." if search.strip() else "This pipeline has no datasets yet.",
            icon=":material/search_off:",
        )
        return

    page, pages, shown = page_of(len(rows), PAGE_SIZE, st.session_state.get(_PAGE_KEY))
    _rows_table(rows[shown])
    if pages > 1:
        pager("datasets_list", page, pages, len(rows), PAGE_SIZE, _go_to)


_WIDTHS = [3.4, 1.2, 1.3, 1.5, 1.9, 1.9, 1.2]


def _rows_table(rows: list[DatasetRow]) -> None:
    zone = viewer_zone()  # the summary above names it
    health = known_health([row.dataset.id for row in rows])
    with st.container(key="dataset_table"):
        for column, heading in zip(
            st.columns(_WIDTHS),
            ("Name", "Golden", "Test cases", "Problems", "Created", "Updated", "Status"),
            strict=True,
        ):
            column.markdown(f"**{heading}**")
        for row in rows:
            dataset = row.dataset
            name, golden, cases, problems, created, updated, status = st.columns(_WIDTHS, vertical_alignment="center")
            # Labels are markdown: the name is escaped so it shows exactly as written.
            name.page_link(DATASETS_PAGE, label=escape(dataset.name), query_params={"dataset": dataset.id})
            golden.markdown(":material/star: Golden" if row.is_golden else "–")
            cases.markdown("?" if row.case_count is None else f"{row.case_count:,}")
            _problems(problems, dataset.id, health.get(dataset.id), zone)
            created.markdown(f":small[{escape(local_time(dataset.created_at, zone, short=True))}]")
            updated.markdown(f":small[{escape(local_time(dataset.updated_at, zone, short=True))}]")
            status.markdown("Archived" if row.archived else "Active")


def _problems(place: DeltaGenerator, dataset_id: str, known: HealthSummary | None, zone: ZoneInfo) -> None:
    """The problems its latest health check found, when it has been opened in this studio."""
    if known is None:
        place.markdown(":small[not checked]")
        return
    said = f"{known.problems:,} problem{'s' if known.problems != 1 else ''}" if known.problems else "No problems"
    cases = f"{known.cases:,} test case{'s' if known.cases != 1 else ''}"
    place.page_link(
        DATASETS_PAGE,
        label=said,
        query_params={"dataset": dataset_id, "view": "health"},
        help=f"Last checked {local_time(known.checked_at, zone, short=True)}, when it had {cases}.",
    )


def _go_to(page: int) -> None:
    st.session_state[_PAGE_KEY] = page
