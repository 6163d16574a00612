"""Copying cases into a dataset, wherever it is asked for (the compare view, the table's "Copy to…", finishing a
duplicate): what will be sent, reviewed before anything is ("Copy 12 test cases into Support FAQ"), started once on
the import's workers (its concurrency, progress and Cancel; a reloaded tab finds it running), and how it ended.

Session state (this room's): `comparing_copy_asked` (target id → the copy waiting for its confirmation),
`comparing_copy_job` (target id → the job this session started or found), `comparing_copy_put_away`,
`comparing_copy_counted`."""

import time
from dataclasses import dataclass

import streamlit as st

from components.importing.progress import live_progress, send_cases, show_refusal
from components.importing.registry import import_registry
from components.shared import once, scopes
from components.shared.addresses import DATASETS_PAGE
from components.shared.formatting import counted
from components.shared.lookups import forget_test_cases
from components.shared.text import escape, label, note
from services.activity.actions import CASES_COPIED
from services.comparing.copying import CopyPlan, copy_plan
from services.gentrace.client import GentraceClient
from services.gentrace.types import Dataset, TestCase
from services.importing.job import ImportJob

_ASKED = "comparing_copy_asked"
_JOB = "comparing_copy_job"
_PUT_AWAY = "comparing_copy_put_away"  # finished copies whose result this session closed
_COUNTED = "comparing_copy_counted"  # finished copies whose target's cases were read again for this session
RECENT_SECONDS = 600  # a finished copy is still shown to a reloaded tab for this long


@dataclass(frozen=True)
class AskedCopy:
    source: Dataset
    target: Dataset
    plan: CopyPlan
    note: str  # the history entry's: "copied from “Inbox” (<id>)", or a duplicate's


def copied_from(source: Dataset) -> str:
    return f"copied from “{source.name}” ({source.id})"


def ask_copy(
    source: Dataset, target: Dataset, chosen: list[TestCase], target_cases: tuple[TestCase, ...], note: str = ""
) -> None:
    """A callback: the copy of `chosen` into `target`, to be confirmed."""
    plan = copy_plan(chosen, target_cases)
    st.session_state.setdefault(_ASKED, {})[target.id] = AskedCopy(source, target, plan, note or copied_from(source))
    once.forget_outcome(scopes.copy(target.id))


def _close(target_id: str) -> None:
    st.session_state.setdefault(_ASKED, {}).pop(target_id, None)


def _start(client: GentraceClient, target_id: str) -> None:
    asked: AskedCopy | None = st.session_state.setdefault(_ASKED, {}).pop(target_id, None)
    if asked is None or not asked.plan.cases:
        return
    what = f"{counted(len(asked.plan.cases), 'test case')} from “{asked.source.name}”"
    send_cases(
        client, target_id, asked.plan.cases, what, "Starting the copy…", scope=scopes.copy(target_id), kind="copy",
        note=asked.note, action=CASES_COPIED, name=asked.target.name,
    )  # fmt: skip


def copy_review(client: GentraceClient, target_id: str) -> bool:
    """The copy asked for into this dataset, reviewed before anything is sent; True while it is open."""
    asked: AskedCopy | None = st.session_state.get(_ASKED, {}).get(target_id)
    if asked is None:
        return False
    plan, into = asked.plan, asked.target
    with st.container(border=True, key=f"copy_review_{target_id}"):
        if plan.cases:
            st.markdown(f"**Copy {counted(len(plan.cases), 'test case')} into {escape(into.name)}?**")
        else:
            st.markdown(f"**There is nothing to copy into {escape(into.name)}.**")
        if plan.words:
            note(escape(plan.words[0].upper() + plan.words[1:] + ": they are not sent again."))
        names = [case.name for case in plan.cases[:10]]
        if names:
            more = f"\n- … and {len(plan.cases) - 10:,} more" if len(plan.cases) > 10 else ""
            st.markdown("\n".join(f"- {escape(name)}" for name in names) + more)
        note("Nothing is sent until you confirm. The copy is one History entry there, which can undo it as a whole.")
        with st.container(horizontal=True):
            st.button(
                f"Copy {counted(len(plan.cases), 'test case')}",
                type="primary",
                icon=":material/content_copy:",
                key=f"comparing_copy_confirm_{target_id}",
                on_click=_start,
                args=(client, target_id),
                disabled=not plan.cases,
            )
            st.button("Cancel", key=f"comparing_copy_cancel_{target_id}", on_click=_close, args=(target_id,))
    return True


def copy_job(target_id: str) -> ImportJob | None:
    """This session's copy into the dataset, or one running (or just finished) that a reloaded tab should see;
    None once its result was put away ("Done")."""
    work = once.settle(scopes.copy(target_id))
    jobs: dict[str, str] = st.session_state.setdefault(_JOB, {})
    if work is not None and isinstance(work.result, ImportJob):
        jobs[target_id] = work.result.id
        once.forget_outcome(scopes.copy(target_id))
    registry = import_registry()
    job = registry.get(jobs.get(target_id, ""))
    if job is None:
        latest = registry.latest(target_id)
        recent = latest is not None and latest.finished_at and time.monotonic() - latest.finished_at < RECENT_SECONDS
        if latest is None or latest.kind != "copy" or not (latest.running or recent):
            return None
        job = latest
        jobs[target_id] = job.id
    return None if job.id in st.session_state.get(_PUT_AWAY, set()) and not job.running else job


def _put_away(job_id: str) -> None:
    st.session_state.setdefault(_PUT_AWAY, set()).add(job_id)


def copy_progress(
    client: GentraceClient,
    target: Dataset,
    *,
    link: bool = True,
    undo: str = "under the History of the dataset copied into",
    result_once: bool = False,
) -> ImportJob | None:
    """A copy into `target`: its progress with Cancel while it runs, then how it ended (until put away with
    "Done"); and a copy refused (one already running, the history unwritable). `link`: offer to open `target` (not
    on its own page); `undo`: where the copy can be undone, as seen from here; `result_once`: how it ended is shown
    on the first run after it ended only (a dataset's page, which is not where a copy is asked for). Returns the
    job."""
    refused = once.outcome(scopes.copy(target.id))
    if refused is not None and refused.error is not None:
        st.warning(escape(f"Nothing was copied: {refused.error.said}"), icon=":material/block:")
    show_refusal()
    job = copy_job(target.id)
    if job is None:
        return None
    if job.running:
        live_progress(job.id, "Copying", "Cancel copy")
        return job
    counted_for: set[str] = st.session_state.setdefault(_COUNTED, set())
    if job.id not in counted_for:  # once per copy, not on every rerun: listing a big dataset is not free
        forget_test_cases(client, client.base_url, target.id)
        counted_for.add(job.id)
    elif result_once:
        return job
    progress = job.progress()
    with st.container(border=True, key=f"copy_result_{target.id}"):
        counts = f"{progress.created:,} created" + (
            f", {progress.already_there:,} already there" if progress.already_there else ""
        )
        if progress.state == "finished" and not (progress.failed or progress.unknown):
            st.success(f"Copied into {escape(target.name)}: {counts}.", icon=":material/check_circle:")
        elif progress.state == "finished":
            st.warning(
                f"Copied into {escape(target.name)}: {counts}; {progress.failed + progress.unknown:,} failed.",
                icon=":material/warning:",
            )
            for case, outcome in job.failed_cases()[:10]:
                st.markdown(f"- **{escape(case.name)}**: {escape(outcome.error or outcome.status)}")
        elif progress.state == "cancelled":
            st.info(f"Copy cancelled: {counts} before it stopped; the rest were not sent.", icon=":material/cancel:")
        else:
            st.error(f"The copy stopped: {escape(progress.message or '')}", icon=":material/error:")
        note(f"Undo it {escape(undo)}.")
        with st.container(horizontal=True):
            if link:
                st.page_link(
                    DATASETS_PAGE,
                    label=label(f"Open {target.name}"),
                    icon=":material/open_in_new:",
                    query_params={"dataset": target.id},
                )
            st.button("Done", key=f"comparing_copy_done_{target.id}", on_click=_put_away, args=(job.id,))
    return job
