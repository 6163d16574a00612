"""A dataset's History: every change the studio made to its cases, newest first, paged; each entry's difference
field by field, and Undo after a confirmation (`undo`)."""

import functools

import streamlit as st

from components.history.difference import show_difference
from components.history.store import history_store
from components.history.undo import KINDS, confirm_undo, undo_outcome, undoing
from components.shared.formatting import local_time, viewer_zone
from components.shared.lookups import CaseLookup
from components.shared.pager import page_of, pager
from components.shared.text import escape, note
from services.gentrace.client import GentraceClient
from services.gentrace.types import Dataset
from services.history.difference import differences
from services.history.store import Entry, HistoryStore, HistoryUnavailable

PAGE_SIZE = 10
SHOWN_PAIRS = 50
_STATES = {
    "pending": "Not finished: the studio stopped while sending, so it may have been partly made",
    "partial": "Partly done",
    "failed": "Not done",
}


def _page_key(dataset_id: str) -> str:
    return f"history_page_{dataset_id}"


def what_changed(entry: Entry) -> str:
    parts = [f"+{entry.added:,} added", f"~{entry.changed:,} changed", f"−{entry.removed:,} removed"]
    return " · ".join(part for part, n in zip(parts, (entry.added, entry.changed, entry.removed), strict=True) if n)


def history_section(client: GentraceClient, dataset: Dataset, cases: CaseLookup) -> None:
    st.header("History", anchor=False)
    note(
        "Every change this studio made to these test cases, newest first, each one undoable. Changes made outside "
        "the studio (in Gentrace, or with its API) are not here."
    )
    undo_outcome(dataset.id)
    try:
        store = history_store()
        total = store.count(dataset.id)
    except HistoryUnavailable as error:
        st.warning(f"The history cannot be read right now. {escape(str(error))}", icon=":material/history_off:")
        return
    if not total:
        note("No changes yet.")
        return
    page, pages, shown = page_of(total, PAGE_SIZE, st.session_state.get(_page_key(dataset.id)))
    zone = viewer_zone()
    question = undoing(dataset.id)
    for entry in store.entries(dataset.id, shown.start, PAGE_SIZE):
        with st.container(border=True, key=f"history_entry_{entry.id}"):
            what = KINDS.get(entry.kind, entry.kind)
            summary = f"**{escape(what)}** · {escape(what_changed(entry) or 'nothing')}"
            st.markdown(summary + (f" · {escape(entry.note)}" if entry.note else ""))
            note(f"{escape(local_time(entry.created_at, zone))} · {escape(entry.who)}")
            if entry.state != "done":
                st.warning(
                    escape(_STATES.get(entry.state, entry.state))
                    + (f": {escape(entry.outcome)}" if entry.outcome else ""),
                    icon=":material/warning:",
                )
            with st.expander("What changed"):
                _difference(store, entry.id)
            if question.asked == entry.id:
                confirm_undo(client, store, dataset, entry, cases)
            else:
                st.button(
                    "Undo this change",
                    key=f"history_undo_{entry.id}",
                    icon=":material/undo:",
                    on_click=question.ask,
                    args=(entry.id,),
                )
    if pages > 1:
        pager(f"history_{dataset.id}", page, pages, total, PAGE_SIZE, functools.partial(_go_to, dataset.id))


def _go_to(dataset_id: str, page: int) -> None:
    st.session_state[_page_key(dataset_id)] = page


def _difference(store: HistoryStore, entry_id: str) -> None:
    entry = store.entry(entry_id)
    if entry is None:
        return
    for pair in entry.pairs[:SHOWN_PAIRS]:
        case = pair.after or pair.before
        assert case is not None
        mark = pair.mark.replace("-", "−")
        st.markdown(f"**{mark} {escape(case.name)}**" + ("" if pair.done else " *(not done)*"))
        if changes := differences(pair.before, pair.after):
            show_difference(changes)
    if len(entry.pairs) > SHOWN_PAIRS:
        note(f"The first {SHOWN_PAIRS} of {len(entry.pairs):,} test cases.")
