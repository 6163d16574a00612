"""Starts an import on the server's workers, shows its progress twice a second, and its result.

The import belongs to the server process (one registry for every session), not to a script run: the Import
button's callback starts it, so a rerun never does; a second click finds it running; a reloaded tab finds it by
its dataset and shows its progress.
"""

import functools
import time
from collections.abc import Callable, Mapping, Sequence
from typing import cast

import streamlit as st

from components.activity.recorder import recorder
from components.history.store import history_store
from components.importing.check import kept_plan
from components.importing.downloads import report_downloads
from components.importing.registry import import_registry
from components.importing.upload import choose_another_file
from components.shared import once, scopes
from components.shared.addresses import DATASETS_PAGE
from components.shared.formatting import counted
from components.shared.lookups import forget_test_cases
from components.shared.text import escape, note
from components.shell.sign_in import who
from services.activity.actions import CASES_IMPORTED
from services.cases.content import Kind
from services.gentrace.client import GentraceClient
from services.history.imports import import_hooks
from services.history.store import HistoryUnavailable
from services.importing.job import ImportJob, Outcome, Progress, SendableCase, import_concurrency
from services.importing.plan import ImportPlan, PlannedCase
from services.importing.reports import failed_rows_file
from services.importing.table import Table

_JOB = "importing_job_id"
_REFUSED = "importing_refused"
_PUT_AWAY = "importing_put_away"  # finished imports this session has moved on from ("Import another file")
_COUNTED = "importing_counted"  # finished imports whose dataset's cases were read again for this session
RECENT_SECONDS = 600  # a finished import is still shown to a reloaded tab for this long


def _start(client: GentraceClient, dataset_id: str, label: str) -> None:
    """The Import button's callback: starts the import through `components.once`, so one click starts one import
    (and the registry refuses a second import into a dataset while one runs, from any tab). It reads the plan from
    session state: a callback's arguments stay alive as long as the session."""
    st.session_state.pop(_REFUSED, None)
    plan = kept_plan()
    if plan is not None:
        send_cases(client, dataset_id, plan.cases, label, "Starting the import…", source=plan.table,
                   set_aside=plan.set_aside)  # fmt: skip


def _send(
    client: GentraceClient, dataset_id: str, cases: Sequence[SendableCase], label: str, source: Table | None, what: str
) -> None:
    """Starts the import once, recorded in the history (before anything is sent) and the audit trail (after)."""
    send_cases(client, dataset_id, cases, label, what, source=source)


def send_cases(
    client: GentraceClient,
    dataset_id: str,
    cases: Sequence[SendableCase],
    label: str,
    what: str,
    *,
    source: Table | None = None,
    scope: once.Scope | None = None,
    kind: Kind = "import",
    note: str | None = None,
    action: str = CASES_IMPORTED,
    name: str = "",
    set_aside: Mapping[str, int] | None = None,
) -> None:
    """From a callback: starts sending `cases` into the dataset on the server's workers, once under `scope` (the
    import's by default), recorded in the history as `kind` before anything is sent and in the audit trail as
    `action` after. A copy from another dataset comes this way too."""
    hooks = recorded(kind, note, action, name)
    if hooks is None:
        return
    before, after = hooks
    start = functools.partial(
        import_registry().start,
        client, dataset_id, cases, import_concurrency(), label=label, source=source, on_finish=after,
        before_sending=before, kind="copy" if kind == "copy" else "import", set_aside=set_aside,
    )  # fmt: skip
    once.start_once(scope or scopes.importing(dataset_id), what, start)


def _settle(dataset_id: str) -> None:
    """The job an Import or Retry click started becomes this session's import; a refusal is shown."""
    work = once.settle(scopes.importing(dataset_id))
    if work is None:
        return
    if isinstance(work.result, ImportJob):
        st.session_state[_JOB] = work.result.id
    elif work.error is not None:
        st.session_state[_REFUSED] = str(work.error)
    once.forget_outcome(scopes.importing(dataset_id))  # the session keeps the job's id, not the job and its file's rows


def recorded(
    kind: Kind, note: str | None, action: str, name: str
) -> tuple[Callable[[ImportJob], None], Callable[[ImportJob], None]] | None:
    """The import's history entry (written before anything is sent) and its audit line; None, with the reason
    shown, when the history cannot be written: then nothing is imported."""
    try:
        store = history_store()
    except HistoryUnavailable as error:
        st.session_state[_REFUSED] = (
            f"Nothing was {'copied' if kind == 'copy' else 'imported'}: the history cannot be written. {error}"
        )
        return None
    before, completed = import_hooks(store, who(), kind, note)
    audited = _audited(action, name)

    def after(job: ImportJob) -> None:
        completed(job)
        if audited is not None:
            audited(job)

    return before, after


def _audited(action: str, name: str) -> Callable[[ImportJob], None] | None:
    """What records a finished import in the audit log: who started it is known only here, in the callback."""
    trail = recorder()
    if trail is None:
        return None

    def record(job: ImportJob) -> None:
        progress = job.progress()
        counts = {
            "rows": progress.total,
            "created": progress.created,
            "already there": progress.already_there,
            "failed": progress.failed,
            "unknown": progress.unknown,
        }
        trail.record(action, ids={"dataset": job.dataset_id}, counts=counts, outcome=str(progress.state), name=name)

    return record


def _cancel(job_id: str) -> None:
    if (job := import_registry().get(job_id)) is not None:
        job.cancel()


def _retry(client: GentraceClient, job_id: str) -> None:
    job = import_registry().get(job_id)
    if job is None or job.running:
        return
    cases = [case for case, _ in job.failed_cases()]
    _send(client, job.dataset_id, cases, job.label, job.source, "Sending the failed rows again…")


def import_button(client: GentraceClient, dataset_id: str, plan: ImportPlan, label: str) -> None:
    count = len(plan.cases)
    skipped = plan.rows_with_problems
    text = f"Import {counted(count, 'test case')}"
    if skipped:
        text = f"Import the {counted(count, 'valid row')} (skip {skipped:,} with problems)"
    st.button(
        text,
        type="primary",
        icon=":material/upload:",
        disabled=count == 0,
        key="importing_start",
        on_click=_start,
        args=(client, dataset_id, label),
    )
    if count == 0:
        note("There is nothing to import: every row has a problem, repeats another or is already there.")


def current_job(dataset_id: str) -> ImportJob | None:
    """This session's import into the dataset, or one running (or just finished) that a reloaded tab should see."""
    _settle(dataset_id)
    registry = import_registry()
    mine = registry.get(st.session_state.get(_JOB) or "")
    if mine is not None and mine.dataset_id == dataset_id:
        return mine
    latest = registry.latest(dataset_id)
    if latest is None or latest.kind != "import" or latest.id in st.session_state.get(_PUT_AWAY, set()):
        return None
    if latest.running or (latest.finished_at and time.monotonic() - latest.finished_at < RECENT_SECONDS):
        st.session_state[_JOB] = latest.id
        return latest
    return None


def show_refusal() -> None:
    if message := st.session_state.get(_REFUSED):
        st.warning(escape(message), icon=":material/block:")


def progress_text(progress: Progress) -> str:
    text = f"{progress.sent:,} of {progress.total:,} sent · {progress.failed + progress.unknown:,} failed"
    if progress.already_there:
        text += f" · {progress.already_there:,} already there"
    if progress.state == "cancelling":
        return text + " · cancelling: waiting for the requests already sent"
    if progress.seconds_left is not None:
        text += f" · about {_duration(progress.seconds_left)} left"
    return text


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{max(1, round(seconds))} s"
    return f"{round(seconds / 60)} min"


@st.fragment(run_every=0.4)
def live_progress(job_id: str, doing: str = "Importing", cancel: str = "Cancel import") -> None:
    """Redrawn on its own, twice a second or more; redraws the whole page once the import has ended. `doing` and
    `cancel`: the words of a copy ("Copying", "Cancel copy")."""
    job = import_registry().get(job_id)
    if job is None:
        return
    progress = job.progress()
    if progress.done:
        forget_test_cases_of(job)
        st.rerun()
    with st.container(border=True, key="import_progress"):
        st.markdown(f"**{doing} {escape(job.label or 'the file')}**")
        fraction = progress.sent / progress.total if progress.total else 1.0
        st.progress(fraction, text=progress_text(progress))
        st.button(
            cancel,
            icon=":material/cancel:",
            key=f"importing_cancel_{job.id}",
            on_click=_cancel,
            args=(job.id,),
            disabled=progress.state == "cancelling",
            help="Starts no new requests; those already sent finish. What was created stays.",
        )


def forget_test_cases_of(job: ImportJob) -> None:
    forget_test_cases(job.client, job.client.base_url, job.dataset_id)


def result(client: GentraceClient, job: ImportJob) -> None:
    progress = job.progress()
    forgotten: set[str] = st.session_state.setdefault(_COUNTED, set())
    if job.id not in forgotten:  # once per import, not on every rerun: listing a big dataset is not free
        forget_test_cases_of(job)
        forgotten.add(job.id)
    with st.container(border=True, key="import_result"):
        if progress.state == "finished" and not (progress.failed or progress.unknown):
            st.success(
                f"Import finished: {counted(progress.created, 'test case')} created.", icon=":material/check_circle:"
            )
        elif progress.state == "finished":
            st.warning("Import finished, but some rows failed.", icon=":material/warning:")
        elif progress.state == "cancelled":
            st.info(
                f"Import cancelled. {progress.created:,} test cases were created before it stopped; the rest were "
                "not sent.",
                icon=":material/cancel:",
            )
        else:
            st.error(f"Import stopped. {escape(progress.message or '')}", icon=":material/error:")
        created, skipped, failed = st.columns(3)
        created.metric("Created", f"{progress.created:,}")
        skipped.metric("Skipped (already there)", f"{progress.already_there:,}")
        failed.metric("Failed", f"{progress.failed + progress.unknown:,}")
        if job.set_aside:
            st.markdown(escape(every_row(job)))
        failures = job.failed_cases()
        if not failures:
            return
        st.dataframe(
            [{"Row": case.row, "Name": case.name, "Reason": outcome.error or outcome.status} for case, outcome in
             failures[:5000]],
            hide_index=True,
            width="stretch",
        )  # fmt: skip
        left, right = st.columns(2)
        with left:
            st.button(
                f"Retry failed rows ({len(failures):,})",
                icon=":material/replay:",
                key="importing_retry_failed",
                on_click=_retry,
                args=(client, job.id),
                help="Sends them again. Rows that did arrive after all are found and not sent twice.",
            )
        if job.source is not None:
            with right:
                rows = cast(list[tuple[PlannedCase, Outcome]], failures)  # a job with a file sends its planned rows
                make = functools.partial(failed_rows_file, job.source, rows)
                report_downloads("failed rows", "failed-rows", make, job.source.settings.kind == "xlsx")


def every_row(job: ImportJob) -> str:
    """What became of every row of the file: "Every row of the file (4): 3 created · 1 held back (not included)"."""
    progress = job.progress()
    aside = job.set_aside
    parts = [
        ("created", progress.created),
        ("already there", progress.already_there + aside.get("already there", 0)),
        ("repeated in the file (imported once)", aside.get("repeated in the file", 0)),
        ("with problems", aside.get("with problems", 0)),
        ("held back (empty where the other rows have a value; not included)", aside.get("held back", 0)),
        ("failed", progress.failed + progress.unknown),
        ("not sent (the import stopped)", progress.total - progress.sent),
    ]
    rows = sum(count for _, count in parts)
    return f"Every row of the file ({rows:,}): " + " · ".join(f"{n:,} {words}" for words, n in parts if n)


def next_steps(job: ImportJob) -> None:
    """Under a finished import: the dataset it filled, or a fresh start; nothing of the file's old check."""
    with st.container(horizontal=True, key="import_next"):
        st.page_link(
            DATASETS_PAGE,
            label="Open the dataset",
            icon=":material/open_in_new:",
            query_params={"dataset": job.dataset_id},
        )
        st.button(
            "Import another file",
            icon=":material/upload_file:",
            key="importing_another",
            on_click=_put_away,
            args=(job.id, job.dataset_id),
        )


def _put_away(job_id: str, dataset_id: str) -> None:
    st.session_state.setdefault(_PUT_AWAY, set()).add(job_id)
    st.session_state[_JOB] = None
    choose_another_file(dataset_id)
