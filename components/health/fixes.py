"""A health finding's fix, the way every change to cases goes: the button names it, a review says exactly what it
will do, "Yes" sends it once through the one change path (at the import's concurrency, with progress), one history
entry records it, and the History below can undo it as a whole."""

import streamlit as st

from components.cases.changing import report_text, say_failure, say_report, send_change
from components.history.difference import show_difference
from components.shared import once, scopes
from components.shared.confirm import Question
from components.shared.formatting import counted, local_time, viewer_zone
from components.shared.text import escape, label, note
from components.shell.sign_in import who
from services.activity.actions import HEALTH_FIXED
from services.cases.change import CaseChange, ChangeReport
from services.cases.content import Kind
from services.gentrace.client import GentraceClient
from services.health.fixes import Fix
from services.history.difference import differences

SHOWN = 10  # cases listed in a review


def fix_title(fix: Fix) -> str:
    """What the fix's button says: "Delete 3 repeats (keep the oldest of each)"."""
    count = len(fix.pairs)
    if fix.kind == "delete repeats":
        return f"Delete {counted(count, 'repeat')} (keep the oldest of each)"
    return f"Rename key “{fix.key}” to “{fix.new_key}” in {counted(count, 'case')}"


def _fixing(dataset_id: str) -> Question:
    """Which fix's review is open (its id), if any."""
    return Question(f"health_fix_asking_{dataset_id}", outcome_of=scopes.health_fix(dataset_id))


def fix_button(dataset_id: str, fix_id: str, fix: Fix) -> bool:
    """The fix's button, or its review once asked for; True while the review is open."""
    question = _fixing(dataset_id)
    if question.asked == fix_id:
        return True
    st.button(
        label(fix_title(fix)),  # it can hold a key's name, which is the dataset's text
        key=f"health_fix_{fix_id}_{dataset_id}",
        icon=":material/healing:",
        on_click=question.ask,
        args=(fix_id,),
        disabled=not fix.pairs,
    )
    return False


def review(client: GentraceClient, dataset_id: str, fix_id: str, fix: Fix, question: str) -> None:
    """What the fix will send, case by case, before anything is; then "Yes" or "Cancel"."""
    zone = viewer_zone()
    title = fix_title(fix)
    with st.container(border=True, key=f"review_health_fix_{fix_id.replace(':', '_')}"):
        st.warning(question, icon=":material/healing:")
        for pair in fix.pairs[:SHOWN]:
            if pair.after is None and pair.before is not None:
                st.markdown(f"- **{escape(pair.before.name)}** · ID {escape(pair.before.case_id or '')}")
            elif pair.before is not None and pair.after is not None:
                st.markdown(f"**{escape(pair.before.name)}**")
                show_difference(differences(pair.before, pair.after))
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
                label("Yes, " + title[0].lower() + title[1:]),
                type="primary",
                key=f"health_confirm_fix_{fix_id}_{dataset_id}",
                on_click=_start,
                args=(client, dataset_id, fix),
            )
            st.button("Cancel", key=f"health_cancel_fix_{fix_id}_{dataset_id}", on_click=_fixing(dataset_id).close)


def _start(client: GentraceClient, dataset_id: str, fix: Fix) -> None:
    title = fix_title(fix)
    kind: Kind = "delete" if all(pair.after is None for pair in fix.pairs) else "edit"
    change = CaseChange(dataset_id, kind, fix.pairs, who(), note=fix.note)
    send_change(
        client, scopes.health_fix(dataset_id), change, action=HEALTH_FIXED, waiting=title + ":", name=title,
        counted=True, fix=title,
    )  # fmt: skip
    _fixing(dataset_id).close()


def fix_outcome(dataset_id: str) -> None:
    """How the last fix ended, at the top of the health view."""
    work = once.outcome(scopes.health_fix(dataset_id))
    if work is None:
        return
    if isinstance(work.result, ChangeReport):
        text = report_text(work.result)
        done = f"{work.context.get('fix', 'Fix')}: {text[0].lower()}{text[1:]}"
        say_report(
            work.result,
            done + " Undo it under History if that was a mistake.",
            lead=f"{work.context.get('fix', 'Fix')}:",
            listed=SHOWN,
        )
    else:
        say_failure(work)
