import streamlit as st

from components.audit_trail import audit_log
from components.result_card import local_time, viewer_zone
from components.routing import through_the_router
from components.text import escape, note
from services.audit import ACTIONS, filter_entries
from services.gentrace.types import is_uuid

through_the_router()

st.title("Activity", anchor=False)
note(
    "Every change this studio made in Gentrace, newest first: who, when, what, and how it ended. The record is kept "
    "on the server running the studio."
)

entries = audit_log().latest()
if not entries:
    st.info("Nothing has been changed through this studio yet.", icon=":material/history:")
    st.stop()

people = sorted({entry.who for entry in entries}, key=str.casefold)
actions = [action for action in ACTIONS if any(entry.action == action for entry in entries)]
left, right = st.columns(2)
with left:
    who = st.selectbox("Person", options=people, index=None, placeholder="Everyone", key="activity_who")
with right:
    action = st.selectbox("Action", options=actions, index=None, placeholder="Every action", key="activity_action")
shown = filter_entries(entries, who=who, action=action)
zone = viewer_zone()
note(f"{len(shown):,} of the latest {len(entries):,} entries · times in {zone.key}")

rows = ["| When | Who | Action | What | Counts | Outcome | Mode |", "|---|---|---|---|---|---|---|"]
for entry in shown[:500]:
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
if len(shown) > 500:
    note("Showing the newest 500. Narrow it down by person or action.")
