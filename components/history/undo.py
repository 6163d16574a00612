"""Undoing a history entry: a confirmation that says how many cases each way and lists what changed since (left
alone), then the undo sent once through the one change path as an entry of its own."""

import streamlit as st

from components.cases.changing import report_text, say_failure, say_report, send_change
from components.history.store import history_store
from components.shared import once, scopes
from components.shared.confirm import Question
from components.shared.formatting import counted
from components.shared.lookups import CaseLookup
from components.shared.text import escape
from components.shell.sign_in import who
from services.activity.actions import CHANGE_UNDONE
from services.cases.change import CaseChange, ChangeReport
from services.gentrace.client import GentraceClient
from services.gentrace.errors import NotFound
from services.gentrace.types import Dataset
from services.history.store import Entry, HistoryStore
from services.history.undo import undo_plan

KINDS = {
    "add": "Added by hand", "edit": "Edited", "delete": "Deleted", "import": "Imported", "undo": "Undo",
    "copy": "Copied in",
}  # fmt: skip


def undoing(dataset_id: str) -> Question:
    """Which entry's undo is being confirmed (its id), if any."""
    return Question(f"history_undo_asking_{dataset_id}", outcome_of=scopes.undo(dataset_id))


def confirm_undo(
    client: GentraceClient, store: HistoryStore, dataset: Dataset, entry: Entry, cases: CaseLookup
) -> None:
    whole = store.entry(entry.id)
    if whole is None:
        return
    plan = undo_plan(whole, cases.items)
    deleting, creating = plan.to_delete, plan.to_create
    with st.container(border=True, key="confirm_undo"):
        parts = []
        if deleting:
            parts.append(f"delete {counted(deleting, 'test case')}")
        if creating:
            parts.append(f"create {counted(creating, 'test case')} again")
        if parts:
            st.warning(f"Undo this change? It will {' and '.join(parts)}.", icon=":material/undo:")
        else:
            st.info("There is nothing left to undo: every case it touched has changed since.", icon=":material/info:")
        if plan.left_alone:
            st.markdown(
                f"{counted(len(plan.left_alone), 'test case')} changed or removed since "
                f"{'is' if len(plan.left_alone) == 1 else 'are'} left alone:\n"
                + "\n".join(f"- {escape(left.case.name)} ({escape(left.reason)})" for left in plan.left_alone[:20])
            )
        with st.container(horizontal=True):
            st.button(
                "Yes, undo it",
                type="primary",
                key=f"history_confirm_undo_{entry.id}",
                disabled=not plan.pairs,
                on_click=_undo,
                args=(client, dataset.id, entry.id),
            )
            st.button("Cancel", key=f"history_cancel_undo_{entry.id}", on_click=undoing(dataset.id).close)


def _undo(client: GentraceClient, dataset_id: str, entry_id: str) -> None:
    person = who()

    def change() -> CaseChange:
        """The undo planned against the dataset as it is now, not as the page showed it."""
        entry = history_store().entry(entry_id)
        if entry is None:
            raise NotFound("That history entry no longer exists.")
        current = client.list_test_cases(dataset_id=dataset_id)
        plan = undo_plan(entry, current)
        undone = KINDS.get(entry.kind, entry.kind) + (f" · {entry.note}" if entry.note else "")
        note = f"undoes: {undone}"
        return CaseChange(dataset_id, "undo", plan.pairs, person, note, entry.id, check=False, listed=current)

    send_change(
        client, scopes.undo(dataset_id), change, action=CHANGE_UNDONE, waiting="Undoing…",
        nothing="Nothing was undone",
    )  # fmt: skip
    undoing(dataset_id).close()


def undo_outcome(dataset_id: str) -> None:
    work = once.outcome(scopes.undo(dataset_id))
    if work is None:
        return
    if isinstance(work.result, ChangeReport):
        text = report_text(work.result)
        say_report(work.result, f"Undone: {text[0].lower()}{text[1:]}", lead="Undone:")
    else:
        say_failure(work)
