"""The Activity page's parts: who and what to show, and the audit log's entries as a table, newest first."""

import streamlit as st

from components.audit_trail import audit_log
from components.text import escape, note
from components.ui import local_time, viewer_zone
from services.audit import ACTIONS, AuditEntry, filter_entries
from services.gentrace.types import is_uuid

SHOWN_AT_MOST = 500


def latest_entries() -> list[AuditEntry]:
    return audit_log().latest()


def chosen_entries(entries: list[AuditEntry]) -> list[AuditEntry]:
    """A person and an action to narrow the entries down to (everyone and every action at first)."""
    people = sorted({entry.who for entry in entries}, key=str.casefold)
    actions = [action for action in ACTIONS if any(entry.action == action for entry in entries)]
    left, right = st.columns(2)
    with left:
        who = st.selectbox("Person", options=people, index=None, placeholder="Everyone", key="activity_who")
    with right:
        action = st.selectbox("Action", options=actions, index=None, placeholder="Every action", key="activity_action")
    return filter_entries(entries, who=who, action=action)


def activity_table(shown: list[AuditEntry], total: int) -> None:
    zone = viewer_zone()
    note(f"{len(shown):,} of the latest {total:,} entries · times in {zone.key}")
    rows = ["| When | Who | Action | What | Counts | Outcome | Mode |", "|---|---|---|---|---|---|---|"]
    for entry in shown[:SHOWN_AT_MOST]:
        counts = " · ".join(f"{key} {value:,}" for key, value in entry.counts.items())
        when = local_time(entry.moment, zone, short=True)
        cells = [when, entry.who, entry.action, "", counts, entry.outcome, entry.mode]
        cells = [escape(" ".join(cell.split())) or "–" for cell in cells]
        dataset = entry.ids.get("dataset")
        if dataset and is_uuid(dataset):  # an id the app wrote; a link to the dataset's view (it opens a new tab)
            cells[3] = f"[dataset {dataset[:8]}…](datasets?dataset={dataset})"
        else:
            cells[3] = escape(" · ".join(f"{key} {value}" for key, value in entry.ids.items())) or "–"
        rows.append("| " + " | ".join(cells) + " |")
    st.markdown("\n".join(rows))
    if len(shown) > SHOWN_AT_MOST:
        note(f"Showing the newest {SHOWN_AT_MOST}. Narrow it down by person or action.")
