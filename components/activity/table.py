"""The Activity page's parts: who and what to show, and the audit log's entries as a table, newest first, in words
a person reads: the dataset by its name (a link to it), what happened, and why a try failed; a sitting's approvals
are one line."""

import streamlit as st

from components.activity.recorder import audit_log
from components.connection.connection import Connection, get_connection
from components.shared.addresses import DATASETS_PAGE
from components.shared.formatting import local_time, viewer_zone
from components.shared.lookups import load_every_dataset
from components.shared.text import escape, note
from services.activity.actions import ACTIONS, described, grouped_approvals
from services.activity.log import AuditEntry, filter_entries
from services.gentrace.types import is_uuid

PERSON_KEY = "activity_who"
ACTION_KEY = "activity_action"
SHOWN_AT_MOST = 500
_NO_BREAK = "\u00a0"


def latest_entries() -> list[AuditEntry]:
    return audit_log().latest()


def chosen_entries(entries: list[AuditEntry]) -> list[AuditEntry]:
    """A person and an action to narrow the entries down to (everyone and every action at first)."""
    people = sorted({entry.who for entry in entries}, key=str.casefold)
    actions = [action for action in ACTIONS if any(entry.action == action for entry in entries)]
    left, right = st.columns(2)
    with left:
        who = st.selectbox("Person", options=people, index=None, placeholder="Everyone", key=PERSON_KEY)
    with right:
        action = st.selectbox("Action", options=actions, index=None, placeholder="Every action", key=ACTION_KEY)
    return filter_entries(entries, who=who, action=action)


def _dataset_names() -> dict[str, str]:
    """Every dataset's current name by id, from one cached request; empty when Gentrace cannot be asked."""
    connection = get_connection()
    if not isinstance(connection, Connection):
        return {}
    return {dataset.id: dataset.name for dataset in load_every_dataset(connection.client, connection.base_url).items}


def activity_table(shown: list[AuditEntry], total: int) -> None:
    zone = viewer_zone()
    names = _dataset_names()
    both_modes = len({entry.mode for entry in shown}) > 1
    note(f"{len(shown):,} of the latest {total:,} entries · times in {zone.key}")
    headings = ["When", "Who", "Dataset", "What happened", *(["Mode"] if both_modes else [])]
    rows = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
    page = DATASETS_PAGE.stem
    for entry in grouped_approvals(shown[:SHOWN_AT_MOST]):
        when = escape(local_time(entry.moment, zone, short=True)).replace(" ", _NO_BREAK)  # one line at 1024 px
        dataset = entry.ids.get("dataset")
        if dataset and is_uuid(dataset):  # an id the app wrote: a link to the dataset's page
            shown_name = names.get(dataset) or entry.name or f"dataset {dataset[:8]}…"
            where = f"[{escape(shown_name)}]({page}?dataset={dataset})"
        else:
            where = escape(entry.name) or "–"
        cells = [when, escape(entry.who), where, escape(" ".join(described(entry).split()))]
        if both_modes:
            cells.append(escape(entry.mode))
        rows.append("| " + " | ".join(cells) + " |")
    st.markdown("\n".join(rows))
    if len(shown) > SHOWN_AT_MOST:
        note(f"Showing the newest {SHOWN_AT_MOST}. Narrow it down by person or action.")
