"""The one path a change to a dataset's cases takes from the screen (adding, editing, deleting, undoing, a health
fix): started once from a button's callback, carried out by `services.cases.change` (check, history, send, report)
on a worker, recorded in the audit trail, and its outcome said in words where it was asked for."""

from collections.abc import Callable
from typing import Any

import streamlit as st

from components.activity.recorder import recorder
from components.history.store import history_store
from components.shared import once, scopes
from components.shared.feedback import show_failure
from components.shared.lookups import forget_test_cases
from components.shared.text import escape
from services.cases.change import CaseChange, CasesChangedElsewhere, ChangeReport, RecordUnavailable, change_cases
from services.failures import ExpectedFailure
from services.gentrace.client import GentraceClient
from services.importing.job import import_concurrency


def send_change(
    client: GentraceClient,
    scope: once.Scope,
    change: CaseChange | Callable[[], CaseChange],
    *,
    action: str,
    waiting: str,
    nothing: str = "Nothing was changed",
    name: str = "",
    counted: bool = False,
    then: Callable[[ChangeReport], None] | None = None,
    **context: Any,
) -> bool:
    """From a callback: runs `change` once under `scope` (a dataset's: its subject is the dataset's id); True when
    it started. `change` may be a function that makes it on the worker (an undo reads its history entry there).
    `action`: the audit trail's; `waiting`: what the page says meanwhile (with a progress bar when `counted`);
    `nothing`: how a refusal starts ("Nothing was saved"); `name`: what the audit entry is about; `then`: what follows
    the change on the worker once it ended, before the page hears of it (a fix in review approves the new case)."""
    trail = recorder()
    dataset_id = scope.subject
    progress = once.Progress(len(change.pairs) if isinstance(change, CaseChange) else 0) if counted else None

    def record(report: ChangeReport | None, failure: str = "") -> None:
        if trail is not None:
            trail.record_cases(action, dataset_id, report, failure=failure, name=name)

    def work() -> ChangeReport:
        try:
            made = change if isinstance(change, CaseChange) else change()
            if progress is not None:
                progress.total = len(made.pairs)
            report = change_cases(
                client, history_store(), made, concurrency=import_concurrency(),
                progress=progress.step if progress else None,
            )  # fmt: skip
        except CasesChangedElsewhere:
            record(None, "changed elsewhere")
            raise
        except RecordUnavailable:
            record(None, "the history cannot be written")
            raise
        except ExpectedFailure as error:
            record(None, error.said)
            raise
        finally:
            forget_test_cases(client, client.base_url, dataset_id)
        record(report)
        if then is not None:
            then(report)
        return report

    return once.start_once(scope, waiting, work, progress=progress, nothing=nothing, **context)


def say_failure(work: once.Work) -> None:
    """Why a change was not made, in the words its place asked for."""
    error = work.error
    if error is None:
        return
    nothing = str(work.context.get("nothing", "Nothing was changed"))
    if isinstance(error, CasesChangedElsewhere):
        listed = ", ".join(f"“{name}”" for name in error.names[:5]) + (" …" if len(error.names) > 5 else "")
        them = "it" if len(error.names) == 1 else "them"
        st.error(
            escape(
                f"Someone else changed or removed {listed} since this page showed {them}. Nothing was sent: "
                "reload to see the dataset as it is now."
            ),
            icon=":material/group:",
        )
    elif isinstance(error, RecordUnavailable):
        st.error(escape(f"{nothing}: the history cannot be written. {error.said}"), icon=":material/history_off:")
    else:
        show_failure(error, f"{nothing}.")


def report_text(report: ChangeReport) -> str:
    """What a change did, in a sentence: "Deleted 3 of 4 test cases. 1 could not be deleted: see below.", "2 added,
    1 changed."."""
    if report.kind == "delete":
        asked = len(report.pairs)
        text = f"Deleted {len(report.done):,} of {asked:,} test case{'s' if asked != 1 else ''}."
        return text + (f" {len(report.failed):,} could not be deleted: see below." if report.failed else "")
    added, changed, removed = report.done_counts
    parts = [f"{n:,} {word}" for n, word in ((added, "added"), (changed, "changed"), (removed, "removed")) if n]
    text = (", ".join(parts) or "Nothing changed") + "."
    if report.both_exist:
        text += f" {len(report.both_exist):,} old version(s) could not be removed: both versions exist now."
    if report.failed:
        text += f" {len(report.failed):,} could not be changed."
    return text[0].upper() + text[1:]


def say_report(report: ChangeReport, done: str, *, lead: str = "", listed: int = 10) -> None:
    """How a change ended: `done` when all of it was made, else what was and what failed (case by case, up to
    `listed`); and a history entry that could not be completed. `lead` starts the sentence ("Undone:")."""
    if report.failed or report.both_exist:
        text = report_text(report)
        st.warning(escape(f"{lead} {text[0].lower() + text[1:]}" if lead else text), icon=":material/warning:")
        for position, problem in list(report.failed.items())[:listed]:
            case = report.pairs[position].before or report.pairs[position].after
            if case is not None:
                where = f" ({escape(case.case_id)})" if case.case_id else ""
                st.markdown(f"- **{escape(case.name)}**{where}: {escape(problem)}")
    else:
        st.success(escape(done), icon=":material/check_circle:")
    if report.history_problem:
        st.warning(
            f"The change was made, but its history entry could not be completed: {escape(report.history_problem)}",
            icon=":material/history_off:",
        )


def case_change_outcome(dataset_id: str, kinds: tuple[str, ...]) -> None:
    """The last add or edit's outcome, where it was asked for."""
    work = once.outcome(scopes.cases(dataset_id))
    if work is None:
        return
    if isinstance(work.result, ChangeReport) and work.result.kind in kinds:
        report = work.result
        if report.kind == "add":
            name = report.pairs[0].after.name if report.pairs[0].after else ""
            say_report(report, f"Added “{name}”. Undo it under History if that was a mistake.")
        elif report.kind == "edit":
            say_report(
                report,
                "Saved. Gentrace keeps no versions, so the case was replaced by its new version (a new ID); the old "
                "one is in the History, where the change can be undone.",
            )
    elif work.error is not None and work.context.get("kind_asked") in kinds:
        say_failure(work)
