"""What an action opens under the case on the review screen: the flag's note, the confirmation of a deletion, and
the fix (the case's own edit, then its difference)."""

import streamlit as st

from components.cases.edit import Press, edit_then_review
from components.review import actions
from components.shared.text import escape
from services.gentrace.client import GentraceClient
from services.gentrace.types import Dataset, TestCase
from services.review.rules import NOTE_LIMIT


def _yes_or_cancel(label: str, key: str, yes: Press, dataset_id: str) -> None:
    with st.container(horizontal=True):
        st.button(label, type="primary", key=f"{key}_yes", on_click=yes.on_click, args=yes.args)
        st.button("Cancel", key=f"{key}_cancel", on_click=actions.close, args=(dataset_id,))


def flag_panel(dataset: Dataset, case: TestCase, position: int) -> None:
    with st.container(border=True, key="review_flag_note"):
        st.text_area(
            "Note: what needs another look",
            key=f"review_note_{case.id}",
            placeholder="For example: the answer is out of date since the new refund policy.",
            help=f"Required, up to {NOTE_LIMIT:,} characters.",
        )
        if problem := st.session_state.get(f"review_note_error_{case.id}"):
            st.error(escape(problem), icon=":material/error:")
        _yes_or_cancel("Flag it", f"review_flag_{case.id}", Press(actions.flag, (dataset, case, position)), dataset.id)


def delete_panel(client: GentraceClient, dataset: Dataset, case: TestCase, position: int) -> None:
    with st.container(border=True, key="review_confirm_delete"):
        st.warning(
            f"Delete “{escape(case.name)}” from **{escape(dataset.name)}**? The History can undo it.",
            icon=":material/delete:",
        )
        yes = Press(actions.delete, (client, dataset, case, position))
        _yes_or_cancel("Yes, delete it", f"review_delete_{case.id}", yes, dataset.id)


def fix_panel(client: GentraceClient, dataset: Dataset, case: TestCase, position: int) -> None:
    with st.container(border=True, key="review_fix"):
        edit_then_review(
            actions.fix_form(case.id), case, key=f"review_fix_{case.id}", heading="Fix this test case",
            save_label="Save and approve", save=Press(actions.save_fix, (client, dataset, case, position)),
            cancel=Press(actions.close, (dataset.id,)), level=3,
        )  # fmt: skip
