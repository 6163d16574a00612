"""The studio's history of a dataset's cases: the store every session shares, what a change records, and the
History section (newest first, paged; each entry's difference; Undo after a confirmation)."""

import functools
import json
import logging
from collections.abc import Callable

import streamlit as st

from components import once
from components.audit_trail import recorder
from components.connection import Connection, get_connection
from components.lookups import CaseLookup, forget_test_cases
from components.sign_in import signed_in_email
from components.text import escape, note
from components.ui import counted, engineers_details, local_time, page_of, pager, viewer_zone
from services.audit import CHANGE_UNDONE
from services.cases.change import ChangeReport, apply_pairs
from services.gentrace.client import GentraceClient
from services.gentrace.errors import GentraceError
from services.gentrace.types import Dataset
from services.history.difference import FieldChange, differences
from services.history.store import CaseContent, Entry, HistoryStore, HistoryUnavailable, Pair, State, database_url
from services.history.undo import undo_plan
from services.importing.job import ImportJob, import_concurrency

log = logging.getLogger(__name__)
PAGE_SIZE = 10


@st.cache_resource(show_spinner=False)
def _store(url: str) -> HistoryStore:
    return HistoryStore(url)  # raises, and is then not kept: the next run tries again


def history_store() -> HistoryStore:
    """The history every session of this process shares; `HistoryUnavailable` when its database cannot be opened."""
    return _store(database_url())


def open_history() -> None:
    """At start: makes or migrates the history's tables once per process. A database that cannot be opened is
    reported where the history is needed (nothing is changed without it), not here."""
    try:
        history_store()
    except HistoryUnavailable:
        log.warning("the history database could not be opened; changes to test cases wait for it")


def who() -> str:
    return signed_in_email() or "anonymous"


def audited(action: str, dataset_id: str, name: str | None = None) -> Callable[[ChangeReport | None, str | None], None]:
    """What records a change to cases in the audit log once it ended (who is known only in the callback). `name`:
    what the entry is about; by default the case's name when the change is about one."""
    connection = get_connection()
    trail = recorder(connection) if isinstance(connection, Connection) else None

    def record(report: ChangeReport | None, failure: str | None) -> None:
        if trail is None:
            return
        if report is None:
            trail.record(
                action, ids={"dataset": dataset_id}, outcome=f"failed: {failure or ''}".strip(), name=name or ""
            )
            return
        added, changed, removed = report.done_counts
        counts = {"added": added, "changed": changed, "removed": removed, "failed": len(report.failed)}
        outcome = "ok" if report.state == "done" else f"{report.state}: {report.message}"
        one = (report.pairs[0].after or report.pairs[0].before).name if len(report.pairs) == 1 else ""  # type: ignore[union-attr]
        trail.record(action, ids={"dataset": dataset_id}, counts=counts, outcome=outcome, name=name or one)

    return record


# -- imports write their entry on the import's thread -------------------------------------------------------------


def recording_import(store: HistoryStore, who: str) -> tuple[Callable[[ImportJob], None], Callable[[ImportJob], None]]:
    """(before_sending, after) hooks for an import: the entry with every case the file would add, written before
    any is sent (if it cannot be, nothing is), and completed with the cases that were created."""

    def before(job: ImportJob) -> None:
        pairs = [Pair(None, CaseContent(case.name, *case.content)) for case in job.cases]
        job.history_entry = store.begin(job.dataset_id, "import", pairs, who=who, note=job.label)

    def after(job: ImportJob) -> None:
        if job.history_entry is None:
            return
        created = job.created_cases()
        progress = job.progress()
        state: State = "done" if len(created) == len(job.cases) else "partial" if created else "failed"
        outcome = f"{progress.created:,} created" + (
            f", {progress.already_there:,} already there" if progress.already_there else ""
        )
        try:
            store.complete(
                job.history_entry,
                state,
                outcome,
                done=created,
                created={at: case_id for at, case_id in created.items() if case_id},
            )
        except HistoryUnavailable:
            log.exception("the history entry of import %s could not be completed", job.id)

    return before, after


# -- the History section ------------------------------------------------------------------------------------------

_KINDS = {"add": "Added by hand", "edit": "Edited", "delete": "Deleted", "import": "Imported", "undo": "Undo"}
_STATES = {
    "pending": "Not finished: the studio stopped while sending, so it may have been partly made",
    "partial": "Partly done",
    "failed": "Not done",
}
SHOWN_PAIRS = 50


def _page_key(dataset_id: str) -> str:
    return f"history_page_{dataset_id}"


def _asking_key(dataset_id: str) -> str:
    return f"history_undo_asking_{dataset_id}"


def undo_scope(dataset_id: str) -> str:
    return f"history:{dataset_id}"


def cases_scope_of(dataset_id: str) -> str:
    """Where a change to a dataset's cases (add, edit, delete) runs once: `components.once`."""
    return f"dataset:{dataset_id}:cases"


def what_changed(entry: Entry) -> str:
    parts = [f"+{entry.added:,} added", f"~{entry.changed:,} changed", f"−{entry.removed:,} removed"]
    return " · ".join(part for part, n in zip(parts, (entry.added, entry.changed, entry.removed), strict=True) if n)


def history_section(client: GentraceClient, dataset: Dataset, cases: CaseLookup) -> None:
    st.header("History", anchor=False)
    note(
        "Every change this studio made to these test cases, newest first, each one undoable. Changes made outside "
        "the studio (in Gentrace, or with its API) are not here."
    )
    _undo_outcome(dataset.id)
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
    for entry in store.entries(dataset.id, shown.start, PAGE_SIZE):
        with st.container(border=True, key=f"history_entry_{entry.id}"):
            what = _KINDS.get(entry.kind, entry.kind)
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
            if st.session_state.get(_asking_key(dataset.id)) == entry.id:
                _confirm_undo(client, store, dataset, entry, cases)
            else:
                st.button(
                    "Undo this change",
                    key=f"undo_{entry.id}",
                    icon=":material/undo:",
                    on_click=_ask_undo,
                    args=(dataset.id, entry.id),
                )
    if pages > 1:
        pager(f"history_{dataset.id}", page, pages, total, PAGE_SIZE, functools.partial(_go_to, dataset.id))


def _go_to(dataset_id: str, page: int) -> None:
    st.session_state[_page_key(dataset_id)] = page


def _ask_undo(dataset_id: str, entry_id: str | None) -> None:
    st.session_state[_asking_key(dataset_id)] = entry_id
    once.forget_outcome(undo_scope(dataset_id))


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
            st.markdown(difference_table(changes))
    if len(entry.pairs) > SHOWN_PAIRS:
        note(f"The first {SHOWN_PAIRS} of {len(entry.pairs):,} test cases.")


def difference_table(changes: list[FieldChange]) -> str:
    """Field · Before · After, as a markdown table; every value escaped."""
    rows = [
        f"| {escape(change.field)} | {_side(change.before, change.existed_before)} | {_after(change)} |"
        for change in changes
    ]
    return "| Field | Before | After |\n|---|---|---|\n" + "\n".join(rows)


def _side(value: object, exists: bool) -> str:
    if not exists:
        return "*(none)*"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return escape(" ".join(text.split("\n"))) or "*(empty)*"


def _after(change: FieldChange) -> str:
    """The new value, its words marked: removed ones struck through, added ones in bold (not by colour alone)."""
    words = change.words
    if not words:
        return _side(change.after, change.exists_after)
    marked = []
    for word in words:
        text = escape(word.text.replace("\n", " "))
        if not text.strip():
            marked.append(text)
        elif word.kind == "removed":
            marked.append(f":red[~~{text}~~]")
        elif word.kind == "added":
            marked.append(f":green[**{text}**]")
        else:
            marked.append(text)
    return "".join(marked)


def _confirm_undo(
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
                key=f"confirm_undo_{entry.id}",
                disabled=not plan.pairs,
                on_click=_undo,
                args=(client, dataset.id, entry.id),
            )
            st.button("Cancel", key=f"cancel_undo_{entry.id}", on_click=_ask_undo, args=(dataset.id, None))


def _undo(client: GentraceClient, dataset_id: str, entry_id: str) -> None:
    person = who()
    record = audited(CHANGE_UNDONE, dataset_id)

    def work() -> ChangeReport:
        try:
            report = _undone(client, dataset_id, entry_id, person)
        except GentraceError as error:
            record(None, error.message)
            raise
        record(report, None)
        return report

    once.forget_outcome(undo_scope(dataset_id))
    once.start_once(undo_scope(dataset_id), "Undoing…", work)
    st.session_state[_asking_key(dataset_id)] = None


def _undone(client: GentraceClient, dataset_id: str, entry_id: str, person: str) -> ChangeReport:
    """Reads the dataset as it is now, plans the undo against it and carries it out (one history entry)."""
    try:
        store = history_store()
        entry = store.entry(entry_id)
        if entry is None:
            raise GentraceError("That history entry no longer exists.")
        current = client.list_test_cases(dataset_id=dataset_id)  # the dataset now, not as the page showed it
        plan = undo_plan(entry, current)
        undone = _KINDS.get(entry.kind, entry.kind) + (f" · {entry.note}" if entry.note else "")
        return apply_pairs(
            client, store, dataset_id, "undo", plan.pairs, who=person, note=f"undoes: {undone}", undoes=entry.id,
            concurrency=import_concurrency(), known=current,
        )  # fmt: skip
    except HistoryUnavailable as error:
        raise GentraceError(f"Nothing was undone: {error}") from None
    finally:
        forget_test_cases(client, client.base_url, dataset_id)


def settle_undo(dataset_id: str) -> None:
    once.settle(undo_scope(dataset_id))


def _undo_outcome(dataset_id: str) -> None:
    work = once.outcome(undo_scope(dataset_id))
    if work is None:
        return
    if isinstance(work.result, ChangeReport):
        report = work.result
        text = f"Undone: {report.message[0].lower()}{report.message[1:]}"
        if report.failed or report.both_exist:
            st.warning(escape(text), icon=":material/warning:")
        else:
            st.success(escape(text), icon=":material/check_circle:")
    elif work.error is not None:
        message = work.error.message if isinstance(work.error, GentraceError) else str(work.error)
        st.error(escape(message), icon=":material/error:")
        if isinstance(work.error, GentraceError):
            engineers_details(work.error.details)
