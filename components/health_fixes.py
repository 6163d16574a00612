"""A health finding's fix, the way every change to cases goes: the button names it, a review says exactly what it
will do, "Yes" sends it once (at the import's concurrency, with progress), one history entry records it, and the
History below can undo it as a whole."""

import streamlit as st

from components import once
from components.history import audited, difference_table, history_store, who
from components.lookups import forget_test_cases
from components.text import escape, label, note
from components.ui import counted, local_time, viewer_zone
from services.audit import HEALTH_FIXED
from services.cases.change import CasesChangedElsewhere, ChangeReport, apply_pairs, check_unchanged
from services.gentrace.client import GentraceClient
from services.gentrace.errors import GentraceError
from services.health.fixes import Fix
from services.history.difference import differences
from services.history.store import HistoryUnavailable, Kind
from services.importing.job import import_concurrency

SHOWN = 10  # cases listed in a review


def fix_scope(dataset_id: str) -> str:
    """Where a health fix runs once (`components.once`); the dataset page settles it before drawing."""
    return f"dataset:{dataset_id}:health"


def _asking_key(dataset_id: str) -> str:
    return f"health_fix_asking_{dataset_id}"


def _ask(dataset_id: str, fix_id: str | None) -> None:
    st.session_state[_asking_key(dataset_id)] = fix_id
    once.forget_outcome(fix_scope(dataset_id))


def fix_button(dataset_id: str, fix_id: str, fix: Fix) -> bool:
    """The fix's button, or its review once asked for; True while the review is open."""
    if st.session_state.get(_asking_key(dataset_id)) == fix_id:
        return True
    st.button(
        label(fix.title),  # it can hold a key's name, which is the dataset's text
        key=f"health_fix_{fix_id}_{dataset_id}",
        icon=":material/healing:",
        on_click=_ask,
        args=(dataset_id, fix_id),
        disabled=not fix.pairs,
    )
    return False


def review(client: GentraceClient, dataset_id: str, fix_id: str, fix: Fix, question: str) -> None:
    """What the fix will send, case by case, before anything is; then "Yes" or "Cancel"."""
    zone = viewer_zone()
    with st.container(border=True, key=f"review_health_fix_{fix_id.replace(':', '_')}"):
        st.warning(question, icon=":material/healing:")
        for pair in fix.pairs[:SHOWN]:
            if pair.after is None and pair.before is not None:
                st.markdown(f"- **{escape(pair.before.name)}** · ID {escape(pair.before.case_id or '')}")
            elif pair.before is not None and pair.after is not None:
                st.markdown(f"**{escape(pair.before.name)}**")
                st.markdown(difference_table(differences(pair.before, pair.after)))
        if len(fix.pairs) > SHOWN:
            note(f"… and {counted(len(fix.pairs) - SHOWN, 'more test case')}.")
        if fix.left_alone:
            note(
                f"Left alone: {counted(len(fix.left_alone), 'test case')} that already "
                f"{'has' if len(fix.left_alone) == 1 else 'have'} both keys (a rename would lose a value): "
                + ", ".join(
                    f"{escape(case.name)} ({escape(local_time(case.created_at, zone, short=True))})"
                    for case in fix.left_alone[:SHOWN]
                )
            )
        note("It is one change in the History below, where it can be undone as a whole.")
        with st.container(horizontal=True):
            st.button(
                label("Yes, " + fix.title[0].lower() + fix.title[1:]),
                type="primary",
                key=f"confirm_health_fix_{fix_id}_{dataset_id}",
                on_click=_start,
                args=(client, dataset_id, fix),
            )
            st.button("Cancel", key=f"cancel_health_fix_{fix_id}_{dataset_id}", on_click=_ask, args=(dataset_id, None))


def _start(client: GentraceClient, dataset_id: str, fix: Fix) -> None:
    person = who()
    record = audited(HEALTH_FIXED, dataset_id, name=fix.title)
    kind: Kind = "delete" if all(pair.after is None for pair in fix.pairs) else "edit"
    progress = once.Progress(len(fix.pairs))

    def step(done: int) -> None:
        progress.done = done

    def work() -> ChangeReport:
        try:
            known = check_unchanged(client, dataset_id, fix.pairs)  # a colleague's change meanwhile: nothing is sent
            report = apply_pairs(
                client, history_store(), dataset_id, kind, fix.pairs, who=person, note=fix.note,
                concurrency=import_concurrency(), known=known, progress=step,
            )  # fmt: skip
        except CasesChangedElsewhere as error:
            record(None, "changed elsewhere")
            raise GentraceError(str(error)) from None
        except HistoryUnavailable as error:
            record(None, "the history cannot be written")
            raise GentraceError(f"Nothing was changed: the history cannot be written. {error}") from None
        except GentraceError as error:
            record(None, error.message)
            raise
        finally:
            forget_test_cases(client, client.base_url, dataset_id)
        record(report, None)
        return report

    once.forget_outcome(fix_scope(dataset_id))
    once.start_once(fix_scope(dataset_id), fix.title + ":", work, progress=progress, fix=fix.title)
    st.session_state[_asking_key(dataset_id)] = None


def fix_outcome(dataset_id: str) -> None:
    """How the last fix ended, at the top of the health view."""
    work = once.outcome(fix_scope(dataset_id))
    if work is None:
        return
    if isinstance(work.result, ChangeReport):
        report = work.result
        text = f"{work.context.get('fix', 'Fix')}: {report.message[0].lower()}{report.message[1:]}"
        if report.failed or report.both_exist:
            st.warning(escape(text), icon=":material/warning:")
            for position, problem in list(report.failed.items())[:SHOWN]:
                case = report.pairs[position].before or report.pairs[position].after
                if case is not None:
                    st.markdown(f"- **{escape(case.name)}**: {escape(problem)}")
        else:
            st.success(escape(text) + " Undo it under History if that was a mistake.", icon=":material/check_circle:")
        if report.history_problem:
            st.warning(
                f"The change was made, but its history entry could not be completed: {escape(report.history_problem)}",
                icon=":material/history_off:",
            )
    elif work.error is not None:
        message = work.error.message if isinstance(work.error, GentraceError) else str(work.error)
        st.error(escape(message), icon=":material/error:")
