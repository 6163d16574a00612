"""A dataset's test cases as a table: a column per key, searchable, one page at a time, each name a link to the
case (and "Edit" beside it), each row selectable; the cases of the dataset's latest import in their file's order."""

import functools
from collections.abc import Sequence

import streamlit as st

from components.cases.delete import delete_outcome, selection_actions
from components.cases.selection import redraw_version, selected, toggle
from components.importing.registry import latest_file_rows
from components.shared.addresses import DATASETS_PAGE
from components.shared.formatting import counted, local_time, viewer_zone
from components.shared.lookups import CaseLookup
from components.shared.pager import page_of, pager
from components.shared.text import escape, label, note
from services.cases.columns import CaseColumn, case_columns, cell_text
from services.cases.format import fingerprints_in_order
from services.datasets.browse import in_file_order, matching_cases, search_texts
from services.gentrace.client import GentraceClient
from services.gentrace.types import Dataset, TestCase

PAGE_SIZE = 20
MAX_KEY_COLUMNS = 6  # more would be too narrow to read; the rest share one "More fields" column


def _page_key(dataset_id: str) -> str:
    return f"cases_page_{dataset_id}"


def search_key(dataset_id: str) -> str:
    return f"cases_search_{dataset_id}"


def _go_to(dataset_id: str, page: int) -> None:
    st.session_state[_page_key(dataset_id)] = page


def _first_page(dataset_id: str) -> None:
    st.session_state[_page_key(dataset_id)] = 1


def test_case_section(client: GentraceClient, base_url: str, dataset: Dataset, cases: CaseLookup) -> None:
    st.header("Test cases", anchor=False)
    if cases.error is not None:
        st.error(f"The test cases could not be read. {escape(cases.error)}", icon=":material/cloud_off:")
        return
    if not cases.items:
        note("No test cases yet. Add some from a spreadsheet with “Add test cases”.")
        delete_outcome(dataset.id)
        return

    search = st.text_input(
        "Search test cases",
        key=search_key(dataset.id),
        placeholder="Words in a name, an input or an expected output",
        on_change=_first_page,
        args=(dataset.id,),
    )
    items, texts = _in_file_order(dataset.id, cases, bool(search.strip()))
    matched = matching_cases(items, texts, search)
    total = len(cases.items)
    how_many = f"{len(matched):,} of {total:,} match" if search.strip() else counted(total, "test case")
    note(f"{how_many} · times in {viewer_zone().key} · tick cases to select them")
    if not matched:
        st.info("No test case matches that search.", icon=":material/search_off:")
    else:
        page, pages, shown = page_of(len(matched), PAGE_SIZE, st.session_state.get(_page_key(dataset.id)))
        _table(dataset.id, matched[shown], cases.derived(case_columns))
        if pages > 1:
            pager(f"cases_{dataset.id}", page, pages, len(matched), PAGE_SIZE, functools.partial(_go_to, dataset.id))
    selection_actions(client, base_url, dataset, cases, matched)
    delete_outcome(dataset.id)


def _in_file_order(dataset_id: str, cases: CaseLookup, searching: bool) -> tuple[Sequence[TestCase], Sequence[str]]:
    """The cases in creation order, those of this dataset's latest import in its file's order; with their search
    texts when searching."""
    texts: Sequence[str] = cases.derived(search_texts) if searching else ()
    rows = latest_file_rows(dataset_id)
    order = in_file_order(cases.derived(fingerprints_in_order), rows) if rows is not None else None
    if order is None:
        return cases.items, texts
    return [cases.items[at] for at in order], [texts[at] for at in order] if searching else ()


def _table(dataset_id: str, shown: list[TestCase], columns: list[CaseColumn]) -> None:
    zone = viewer_zone()
    chosen = selected(dataset_id)
    version = redraw_version(dataset_id)
    own, more = columns[:MAX_KEY_COLUMNS], columns[MAX_KEY_COLUMNS:]
    headings = ["", "Name", *(c.heading for c in own), *(["More fields"] if more else []), "Created"]
    widths = [0.35, 3, *([3] * len(own)), *([3] * bool(more)), 2]
    with st.container(key="test_case_table"):
        for place, heading in zip(st.columns(widths), headings, strict=True):
            if heading:
                place.markdown(f"**{escape(heading)}**")
        for case in shown:
            places = st.columns(widths)
            key = f"cases_pick_{version}_{case.id}"
            places[0].checkbox(
                case.name,  # hidden, so not markdown: it is only the accessible name, exactly as written
                value=case.id in chosen,
                key=key,
                on_change=toggle,
                args=(dataset_id, case.id, key),
                label_visibility="collapsed",
            )
            opens = {"dataset": dataset_id, "case": case.id}
            with places[1].container(horizontal=True, gap="small"):  # "Edit" goes under the name when narrow
                st.page_link(DATASETS_PAGE, label=label(case.name), query_params=opens)
                st.page_link(DATASETS_PAGE, label="Edit", icon=":material/edit:", query_params=opens | {"edit": "1"})
            for place, column in zip(places[2:], own, strict=False):
                place.markdown(escape(cell_text(column.value(case))))
            if more:
                rest = [f"{c.heading}: {cell_text(c.value(case), 80)}" for c in more if c.value(case) is not None]
                places[-2].markdown(escape("\n".join(rest)))
            places[-1].markdown(f":small[{escape(local_time(case.created_at, zone, short=True))}]")
