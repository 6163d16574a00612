"""A dataset's test cases: searchable, one page at a time, selectable and deletable after a confirmation that
says how many; and its exports (CSV and JSONL) that the import page reads back into the same cases."""

import functools
from collections.abc import Sequence

import streamlit as st

from components import once
from components.audit_trail import recorder
from components.connection import Connection, get_connection
from components.history import cases_scope_of, history_store, who
from components.import_progress import import_registry
from components.lookups import CaseLookup, forget_test_cases, load_test_cases
from components.text import escape, label, note
from components.ui import DATASETS_PAGE, counted, local_time, page_of, pager, viewer_zone
from services.audit import CASES_DELETED
from services.cases.change import ChangeReport, apply_pairs
from services.cases.columns import CaseColumn, cell_text
from services.datasets.browse import in_file_order, matching_cases
from services.exporting.dataset_files import export_csv, export_file_name, export_jsonl, export_xlsx
from services.gentrace.client import GentraceClient
from services.gentrace.errors import GentraceError
from services.gentrace.types import Dataset, TestCase
from services.history.store import CaseContent, HistoryUnavailable, Pair
from services.importing.job import import_concurrency

PAGE_SIZE = 20


def _selected_key(dataset_id: str) -> str:
    return f"cases_selected_{dataset_id}"


def _version_key(dataset_id: str) -> str:
    return f"cases_selection_version_{dataset_id}"


def _page_key(dataset_id: str) -> str:
    return f"cases_page_{dataset_id}"


def _confirm_key(dataset_id: str) -> str:
    return f"cases_confirm_{dataset_id}"


def _selected(dataset_id: str) -> set[str]:
    selected: set[str] = st.session_state.setdefault(_selected_key(dataset_id), set())
    return selected


def _redraw_checkboxes(dataset_id: str) -> None:
    """Checkboxes take their value from the selection again (their keys change)."""
    st.session_state[_version_key(dataset_id)] = int(st.session_state.get(_version_key(dataset_id), 0)) + 1


def _toggle(dataset_id: str, case_id: str, key: str) -> None:
    chosen = _selected(dataset_id)
    if st.session_state.get(key):
        chosen.add(case_id)
    else:
        chosen.discard(case_id)
    st.session_state[_confirm_key(dataset_id)] = False


def _select(dataset_id: str, case_ids: list[str] | None) -> None:
    """Adds these cases to the selection; None clears it."""
    if case_ids is None:
        _selected(dataset_id).clear()
    else:
        _selected(dataset_id).update(case_ids)
    _redraw_checkboxes(dataset_id)
    st.session_state[_confirm_key(dataset_id)] = False


def _ask_delete(dataset_id: str, asking: bool) -> None:
    st.session_state[_confirm_key(dataset_id)] = asking
    if asking:
        once.forget_outcome(cases_scope_of(dataset_id))


def _delete(client: GentraceClient, base_url: str, dataset_id: str) -> None:
    chosen = _selected(dataset_id)
    cases = [case for case in load_test_cases(client, base_url, dataset_id).items if case.id in chosen]
    if not cases:
        return

    connection = get_connection()
    trail = recorder(connection) if isinstance(connection, Connection) else None
    person = who()
    pairs = [Pair(CaseContent(case.name, case.inputs, case.expected_outputs or {}, case.id), None) for case in cases]
    named = ", ".join(case.name for case in cases[:3]) + (f" and {len(cases) - 3:,} more" if len(cases) > 3 else "")

    def work() -> ChangeReport:
        try:
            report = apply_pairs(
                client,
                history_store(),
                dataset_id,
                "delete",
                pairs,
                who=person,
                note=named,
                concurrency=import_concurrency(),
            )
        except HistoryUnavailable as error:
            raise GentraceError(f"The history cannot be written, so nothing was sent. {error}") from None
        finally:
            forget_test_cases(client, base_url, dataset_id)
        if trail is not None:
            counts = {"asked": len(pairs), "deleted": len(report.done), "failed": len(report.failed)}
            outcome = "ok" if not report.failed else f"{len(report.failed)} failed"
            trail.record(CASES_DELETED, ids={"dataset": dataset_id}, counts=counts, outcome=outcome)
        return report

    count = len(cases)
    waiting = f"Deleting {counted(count, 'test case')}…"
    once.start_once(cases_scope_of(dataset_id), waiting, work)
    st.session_state[_confirm_key(dataset_id)] = False


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
        _delete_outcome(dataset.id)
        return

    search = st.text_input(
        "Search test cases",
        key=f"cases_search_{dataset.id}",
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
        _table(dataset.id, matched[shown], cases.columns)
        if pages > 1:
            pager(f"cases_{dataset.id}", page, pages, len(matched), PAGE_SIZE, functools.partial(_go_to, dataset.id))
    _selection_actions(client, base_url, dataset, cases, matched)
    _delete_outcome(dataset.id)


def _in_file_order(dataset_id: str, cases: CaseLookup, searching: bool) -> tuple[Sequence[TestCase], Sequence[str]]:
    """The cases in creation order, those of this dataset's latest import in its file's order; with their search
    texts when searching."""
    texts: Sequence[str] = cases.search_texts if searching else ()
    job = import_registry().latest(dataset_id)
    order = in_file_order(cases.case_prints, job.file_rows) if job is not None and not job.running else None
    if order is None:
        return cases.items, texts
    return [cases.items[at] for at in order], [texts[at] for at in order] if searching else ()


def _delete_outcome(dataset_id: str) -> None:
    """The last deletion's outcome, under the buttons that asked for it."""
    finished = once.outcome(cases_scope_of(dataset_id))
    if finished is not None and isinstance(finished.result, ChangeReport) and finished.result.kind == "delete":
        _show_report(dataset_id, finished.result)
    elif finished is not None and finished.error is not None:
        st.error(f"Nothing was deleted. {escape(str(finished.error))}", icon=":material/error:")


MAX_KEY_COLUMNS = 6  # more would be too narrow to read; the rest share one "More fields" column


def _table(dataset_id: str, shown: list[TestCase], columns: list[CaseColumn]) -> None:
    zone = viewer_zone()
    chosen = _selected(dataset_id)
    version = st.session_state.get(_version_key(dataset_id), 0)
    own, more = columns[:MAX_KEY_COLUMNS], columns[MAX_KEY_COLUMNS:]
    headings = ["", "Name", *(c.heading for c in own), *(["More fields"] if more else []), "Created"]
    widths = [0.35, 3, *([3] * len(own)), *([3] * bool(more)), 2]
    with st.container(key="test_case_table"):
        for place, heading in zip(st.columns(widths), headings, strict=True):
            if heading:
                place.markdown(f"**{escape(heading)}**")
        for case in shown:
            places = st.columns(widths)
            key = f"case_pick_{version}_{case.id}"
            places[0].checkbox(
                case.name,  # hidden, so not markdown: it is only the accessible name, exactly as written
                value=case.id in chosen,
                key=key,
                on_change=_toggle,
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


def _selection_actions(
    client: GentraceClient, base_url: str, dataset: Dataset, cases: CaseLookup, matched: list[TestCase]
) -> None:
    chosen = _selected(dataset.id)
    if chosen:  # only then: a set of every case's id costs milliseconds on each rerun of a big dataset
        chosen &= {case.id for case in cases.items}  # cases deleted meanwhile are no longer selectable
    count = len(chosen)
    select_all, clear, delete = st.columns(3)
    select_all.button(
        f"Select all {len(matched):,} shown by the search" if len(matched) != len(cases.items) else "Select all",
        key=f"cases_select_all_{dataset.id}",
        on_click=_select,
        args=(dataset.id, [case.id for case in matched]),
        disabled=not matched,
    )
    clear.button(
        "Clear selection",
        key=f"cases_clear_{dataset.id}",
        on_click=_select,
        args=(dataset.id, None),
        disabled=not count,
    )
    delete.button(
        f"Delete selected ({count:,})",
        key=f"cases_ask_delete_{dataset.id}",
        icon=":material/delete:",
        on_click=_ask_delete,
        args=(dataset.id, True),
        disabled=not count,
    )
    if count and st.session_state.get(_confirm_key(dataset.id)):
        noun = counted(count, "test case")
        with st.container(border=True, key="confirm_delete"):
            st.warning(
                f"Delete {noun} from **{escape(dataset.name)}**? This cannot be undone.", icon=":material/delete:"
            )
            left, right = st.columns(2)
            left.button(
                f"Yes, delete {noun}",
                type="primary",
                key=f"cases_confirm_delete_{dataset.id}",
                on_click=_delete,
                args=(client, base_url, dataset.id),
            )
            right.button("Cancel", key=f"cases_cancel_{dataset.id}", on_click=_ask_delete, args=(dataset.id, False))


def _show_report(dataset_id: str, report: ChangeReport) -> None:
    if report.failed:
        st.warning(escape(report.message), icon=":material/warning:")
        for position, problem in report.failed.items():
            case = report.pairs[position].before
            if case is not None:
                st.markdown(f"- **{escape(case.name)}** ({escape(case.case_id or '')}): {escape(problem)}")
    else:
        st.success(
            escape(report.message) + " Undo it under History if that was a mistake.", icon=":material/check_circle:"
        )
    deleted = {report.pairs[at].before.case_id for at in report.done if report.pairs[at].before is not None}  # type: ignore[union-attr]
    chosen = _selected(dataset_id)
    if chosen & deleted:
        chosen.difference_update(deleted)
        _redraw_checkboxes(dataset_id)


def export_buttons(dataset: Dataset, cases: CaseLookup) -> None:
    """The files are made when a button is pressed, from the cases this page shows."""
    if cases.error is not None:
        note("The test cases could not be read, so there is nothing to export right now.")
        return
    items = cases.items
    st.download_button(
        "Download CSV",
        data=functools.partial(export_csv, items),
        file_name=export_file_name(dataset.name, "csv"),
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key=f"export_csv_{dataset.id}",
        help="Every test case, one per row, no cell starting a formula: imports back into the same cases.",
    )
    st.download_button(
        "Download Excel",
        data=functools.partial(export_xlsx, items),
        file_name=export_file_name(dataset.name, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        on_click="ignore",
        key=f"export_xlsx_{dataset.id}",
        disabled=not cases.fit_in_excel,
        help="Every test case, one per row, as an Excel workbook: text stays text, numbers and true/false are typed, "
        "and it imports back into the same cases."
        if cases.fit_in_excel
        else "A value is longer than the 32,767 characters an Excel cell holds: download CSV or JSONL instead.",
    )
    st.download_button(
        "Download JSONL",
        data=functools.partial(export_jsonl, items),
        file_name=export_file_name(dataset.name, "jsonl"),
        mime="application/jsonl",
        icon=":material/download:",
        on_click="ignore",
        key=f"export_jsonl_{dataset.id}",
        help="Every test case as Gentrace returns it, one JSON object per line.",
    )
