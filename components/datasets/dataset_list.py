"""Every dataset of every pipeline as one table: the pipeline a filter ("All pipelines" at first, `?pipeline=<slug>`
or `?pipeline_id=<id>` in a link), search, sort, archived or not, one page at a time; every name opens the
dataset's own view (`?dataset=<id>`), a link that can be sent to someone.

Three requests show it all, whatever the number of datasets: the pipelines, every dataset, and one listing of every
test case that is counted, not read."""

from zoneinfo import ZoneInfo

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.health.checks import known_health
from components.review.standing import reviewed_words
from components.shared.addresses import CREATE_PAGE, DATASETS_PAGE, arrived, followed
from components.shared.formatting import counted, local_time, viewer_zone
from components.shared.lookups import (
    PipelineCatalog,
    forget_all,
    load_case_counts,
    load_every_dataset,
    load_pipelines,
)
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
_MISSED_KEY = "datasets_link_missed"  # what a link named that is no pipeline, until the filter changes
ALL = ""  # the filter's first option: every pipeline
PAGE_SIZE = 25
SORTS: dict[str, Sort] = {
    "Name (A to Z)": BY_NAME,
    "Name (Z to A)": ("name", True),
    "Pipeline (A to Z)": ("pipeline", False),
    "Most test cases": ("cases", True),
    "Fewest test cases": ("cases", False),
    "Newest first": ("created", True),
    "Oldest first": ("created", False),
    "Recently updated": ("updated", True),
}


def _filter_changed() -> None:
    st.session_state[_PAGE_KEY] = 1
    st.session_state.pop(_MISSED_KEY, None)
    followed(_ARRIVED_KEY, st.session_state.get(PIPELINE_KEY) or None)


def _back_to_first_page() -> None:
    st.session_state[_PAGE_KEY] = 1


def _linked(catalog: PipelineCatalog) -> None:
    """A link's pipeline (`?pipeline_id=<id>` or `?pipeline=<slug>`) chooses the filter once."""
    by_id = (st.query_params.get("pipeline_id") or "").strip().lower()
    by_slug = (st.query_params.get("pipeline") or "").strip()
    link = by_id or by_slug
    if not arrived(_ARRIVED_KEY, link, nothing_chosen=not st.session_state.get(PIPELINE_KEY)):
        return
    found = catalog.by_id.get(by_id) if by_id else catalog.by_slug.get(by_slug)
    st.session_state[PIPELINE_KEY] = found.id if found else ALL
    st.session_state[_PAGE_KEY] = 1
    if found is None:
        st.session_state[_MISSED_KEY] = link
    else:
        st.session_state.pop(_MISSED_KEY, None)
        followed(_ARRIVED_KEY, found.id)


def choose_pipeline(client: GentraceClient, base_url: str) -> Pipeline | None:
    """The filter: "All pipelines", or one (searchable); the address follows it. None for every pipeline."""
    catalog = load_pipelines(client, base_url)
    _linked(catalog)
    labels = {ALL: "All pipelines"} | {p.id: p.label for p in catalog.items}
    chosen = pipeline_select(
        client,
        base_url,
        key=PIPELINE_KEY,
        on_change=_filter_changed,
        help_text="Show the datasets of one pipeline only.",
        labels=labels,
        first=True,
    )
    if missed := st.session_state.get(_MISSED_KEY):
        st.warning(
            f"There is no pipeline “{escape(missed)}”, so every dataset is shown.", icon=":material/filter_alt_off:"
        )
    st.query_params.from_dict({"pipeline_id": chosen} if chosen else {})  # the address follows the choice
    return catalog.by_id.get(chosen) if chosen else None


def dataset_table(client: GentraceClient, base_url: str, pipeline: Pipeline | None) -> None:
    """The datasets of `pipeline`, or of every pipeline."""
    everything = load_every_dataset(client, base_url)
    if everything.error is not None:
        st.error(f"The datasets could not be loaded. {escape(everything.error)}", icon=":material/cloud_off:")
        st.button("Try again", icon=":material/refresh:", key="datasets_try_again", on_click=forget_all)
        return
    datasets = [d for d in everything.items if pipeline is None or d.pipeline_id == pipeline.id]
    if pipeline is not None and not datasets:
        st.info(f"{escape(pipeline.label)} has no datasets yet.", icon=":material/inbox:")
        st.page_link(
            CREATE_PAGE,
            label="Create a dataset for it",
            icon=":material/add_box:",
            query_params={"pipeline": pipeline.slug},
        )
        return
    counts = load_case_counts(client, base_url)

    search_column, sort_column, archived_column = st.columns([2.5, 2, 1.7], vertical_alignment="bottom")
    with search_column:
        search = st.text_input(
            "Search by name", key=SEARCH_KEY, placeholder="Part of a dataset's name", on_change=_back_to_first_page
        )
    with sort_column:
        sort = st.selectbox("Sort by", options=list(SORTS), key=SORT_KEY, on_change=_back_to_first_page)
    with archived_column:
        show_archived = st.toggle("Show archived", key=ARCHIVED_KEY, on_change=_back_to_first_page)

    catalog = load_pipelines(client, base_url)
    rows = dataset_rows(
        datasets,
        catalog.by_id,
        None if counts.error else counts.counts,
        search=search,
        sort=SORTS.get(sort or "", BY_NAME),
        show_archived=show_archived,
    )
    archived_total = sum(1 for d in datasets if d.archived_at is not None)
    total = len(datasets) - (0 if show_archived else archived_total)
    summary = f"{len(rows):,} of {counted(total, 'dataset')}" if search.strip() else counted(total, "dataset")
    if pipeline is None:
        summary += f" in {counted(len({d.pipeline_id for d in datasets}), 'pipeline')}"
    if archived_total and not show_archived:
        summary += f" · {archived_total:,} archived, hidden"
    note(f"{summary} · times in {viewer_zone().key}")
    if counts.error is not None:
        st.warning(f"Test cases could not be counted. {escape(counts.error)}", icon=":material/cloud_off:")
    if not rows:
        st.info(
            "No dataset matches that search." if search.strip() else "There are no datasets to show.",
            icon=":material/search_off:",
        )
        return

    page, pages, shown = page_of(len(rows), PAGE_SIZE, st.session_state.get(_PAGE_KEY))
    _rows_table(rows[shown])
    if pages > 1:
        pager("datasets_list", page, pages, len(rows), PAGE_SIZE, _go_to)


_WIDTHS = [3, 2.3, 1.1, 1.1, 1.4, 1.4, 1.6, 1.6, 1.1]


def _rows_table(rows: list[DatasetRow]) -> None:
    zone = viewer_zone()  # the summary above names it
    health = known_health([row.dataset.id for row in rows])
    reviewed = reviewed_words({row.dataset.id: row.case_count for row in rows})
    with st.container(key="dataset_table"):
        for column, heading in zip(
            st.columns(_WIDTHS),
            ("Name", "Pipeline", "Golden", "Test cases", "Problems", "Reviewed", "Created", "Updated", "Status"),
            strict=True,
        ):
            column.markdown(f"**{heading}**")
        for row in rows:
            dataset = row.dataset
            name, pipeline, golden, cases, problems, review, created, updated, status = st.columns(
                _WIDTHS, vertical_alignment="center"
            )
            # Labels are markdown: the name is escaped so it shows exactly as written.
            name.page_link(DATASETS_PAGE, label=escape(dataset.name), query_params={"dataset": dataset.id})
            if row.pipeline is not None:
                pipeline.markdown(
                    f"{escape(row.pipeline.display_name or row.pipeline.slug)}  \n:small[{escape(row.pipeline.slug)}]"
                )
            else:  # archived, deleted, or not listed: its id is all there is to say
                pipeline.markdown(f":small[{escape(dataset.pipeline_id)}]")
            golden.markdown(":material/star: Golden" if row.is_golden else "–")
            cases.markdown("?" if row.case_count is None else f"{row.case_count:,}")
            _problems(problems, dataset.id, health.get(dataset.id), zone)
            review.markdown(f":small[{escape(reviewed.get(dataset.id, '?'))}]")
            created.markdown(f":small[{escape(local_time(dataset.created_at, zone, short=True))}]")
            updated.markdown(f":small[{escape(local_time(dataset.updated_at, zone, short=True))}]")
            status.markdown("Archived" if row.archived else "Active")


def _problems(place: DeltaGenerator, dataset_id: str, known: HealthSummary | None, zone: ZoneInfo) -> None:
    """The problems its latest health check found, when it has been opened in this studio."""
    if known is None:
        place.markdown(":small[not checked]")
        return
    said = counted(known.problems, "problem") if known.problems else "No problems"
    place.page_link(
        DATASETS_PAGE,
        label=said,
        query_params={"dataset": dataset_id, "view": "health"},
        help=f"Last checked {local_time(known.checked_at, zone, short=True)}, when it had "
        f"{counted(known.cases, 'test case')}.",
    )


def _go_to(page: int) -> None:
    st.session_state[_PAGE_KEY] = page
