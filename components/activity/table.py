"""The Activity page's parts: the filters (person, dataset, action, time range), kept in the address so a filtered
view is a link to send (`/activity?dataset=<id>`); the entries of every copy of the studio, newest first, a page at
a time, in words a person reads (the dataset by its name, a link to it; what happened; why a try failed; a
sitting's approvals as one line); and the download of what the filters show."""

import functools
from datetime import date, datetime, time, timedelta

import streamlit as st

from components.activity.recorder import activity_store, activity_trail
from components.connection.connection import Connection, get_connection
from components.shared.addresses import DATASETS_PAGE
from components.shared.formatting import counted, local_time, viewer_zone
from components.shared.lookups import load_every_dataset
from components.shared.pager import page_of, pager
from components.shared.text import escape, note
from services.activity.actions import ACTIONS, described, grouped_approvals
from services.activity.log import AuditEntry
from services.activity.store import ActivityFilter
from services.exporting.spreadsheet import csv_bytes
from services.failures import ExpectedFailure
from services.gentrace.types import is_uuid

PAGE_SIZE = 50
_FILTERS = ("who", "dataset", "action", "since", "until")  # the address's parameters
_KEYS = {part: f"activity_{part}" for part in ("who", "dataset", "action", "when")}
_PAGE = "activity_page"
_SEEN = "activity_address_seen"  # the address the widgets were last set from
_NO_BREAK = "\u00a0"


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _from_address() -> dict[str, str]:
    return {part: value.strip() for part in _FILTERS if (value := st.query_params.get(part))}


def _to_address() -> None:
    """A filter changed: the address says what is chosen, and the first page shows."""
    wanted = {part: st.query_params[part] for part in st.query_params if part not in _FILTERS}
    for part in ("who", "dataset", "action"):
        if value := st.session_state.get(_KEYS[part]):
            wanted[part] = value
    chosen: tuple[date, ...] = tuple(st.session_state.get(_KEYS["when"]) or ())
    if len(chosen) >= 1 and chosen[0]:
        wanted["since"] = chosen[0].isoformat()
    if len(chosen) == 2 and chosen[1]:
        wanted["until"] = chosen[1].isoformat()
    st.query_params.from_dict(wanted)
    st.session_state[_SEEN] = _from_address()
    st.session_state[_PAGE] = 1


def _dataset_names() -> dict[str, str]:
    """Every dataset's current name by id, from one cached request; empty when Gentrace cannot be asked."""
    connection = get_connection()
    if not isinstance(connection, Connection):
        return {}
    return {dataset.id: dataset.name for dataset in load_every_dataset(connection.client, connection.base_url).items}


def chosen_filter(names: dict[str, str]) -> ActivityFilter:
    """The filters, as the address names them (a link chooses them once), and what they select."""
    address = _from_address()
    if st.session_state.get(_SEEN) != address:  # a new link: the widgets show what it names
        st.session_state[_SEEN] = address
        for part in ("who", "dataset", "action"):
            st.session_state[_KEYS[part]] = address.get(part)
        since, until = _day(address.get("since")), _day(address.get("until"))
        st.session_state[_KEYS["when"]] = tuple(day for day in (since, until) if day) if since else ()
        st.session_state[_PAGE] = 1
    try:
        people, actions = activity_store().choices()
    except ExpectedFailure:
        people, actions = [], []
    for part, options in (("who", people), ("action", actions)):
        if address.get(part) and address[part] not in options:
            options.append(address[part])  # what the link names, even when nothing matches it
    actions = [action for action in ACTIONS if action in actions] + [a for a in actions if a not in ACTIONS]
    datasets = sorted(names, key=lambda dataset_id: names[dataset_id].casefold())
    if address.get("dataset") and address["dataset"] not in names:
        datasets.insert(0, address["dataset"])
    person, dataset, action, when = st.columns([3, 3, 3, 3])
    person.selectbox("Person", people, index=None, placeholder="Everyone", key=_KEYS["who"], on_change=_to_address)
    dataset.selectbox(
        "Dataset",
        datasets,
        index=None,
        placeholder="Every dataset",
        format_func=lambda dataset_id: names.get(dataset_id, f"dataset {dataset_id[:8]}…"),
        key=_KEYS["dataset"],
        on_change=_to_address,
    )
    action.selectbox(
        "Action", actions, index=None, placeholder="Every action", key=_KEYS["action"], on_change=_to_address
    )
    when.date_input("From – to", key=_KEYS["when"], on_change=_to_address, format="YYYY-MM-DD")
    zone = viewer_zone()
    since, until = _day(address.get("since")), _day(address.get("until"))
    return ActivityFilter(
        who=address.get("who"),
        dataset_id=address.get("dataset"),
        action=address.get("action"),
        since=datetime.combine(since, time(), zone) if since else None,
        until=datetime.combine(until + timedelta(days=1), time(), zone) if until else None,
    )


def _go_to(page: int) -> None:
    st.session_state[_PAGE] = page


def activity_section() -> None:
    names = _dataset_names()
    chosen = chosen_filter(names)
    wanted = int(st.session_state.get(_PAGE) or 1)
    try:
        found = activity_store().page(chosen, (wanted - 1) * PAGE_SIZE, PAGE_SIZE)
    except ExpectedFailure as error:
        waiting = activity_trail().fallback.latest(limit=PAGE_SIZE)
        st.error(
            f"The activity could not be read from the studio's database: {escape(error.said)} Shown below are the "
            f"{len(waiting):,} entries waiting in this copy's own file; the rest could not be read.",
            icon=":material/database:",
        )
        _table(waiting, names)
        return
    if not found.total:
        if any(part in st.query_params for part in _FILTERS):
            st.info("No activity matches these filters. Clear one to see more.", icon=":material/filter_alt_off:")
        else:
            st.info("Nothing has been changed through this studio yet.", icon=":material/history:")
        return
    page, pages, _ = page_of(found.total, PAGE_SIZE, wanted)
    note(f"{counted(found.total, 'entry', 'entries')} · times in {escape(viewer_zone().key)}")
    _table(list(found.entries), names)
    if pages > 1:
        pager("activity_pages", page, pages, found.total, PAGE_SIZE, _go_to)
    st.download_button(
        "Download activity (CSV)",
        data=functools.partial(_csv, chosen, names),
        file_name="activity.csv",
        mime="text/csv",
        icon=":material/download:",
        key="activity_download",
        on_click="ignore",
    )


def _where(entry: AuditEntry, names: dict[str, str]) -> str:
    dataset = entry.ids.get("dataset")
    if dataset and is_uuid(dataset):  # an id the app wrote: a link to the dataset's page
        shown_name = names.get(dataset) or entry.name or f"dataset {dataset[:8]}…"
        return f"[{escape(shown_name)}]({DATASETS_PAGE.stem}?dataset={dataset})"
    return escape(entry.name) or "–"


def _table(entries: list[AuditEntry], names: dict[str, str]) -> None:
    zone = viewer_zone()
    grouped = grouped_approvals(entries)
    both_modes = len({entry.mode for entry in grouped}) > 1
    copies = len({entry.host for entry in grouped}) > 1
    headings = [
        "When",
        "Who",
        "Dataset",
        "What happened",
        *(["Mode"] if both_modes else []),
        *(["Copy"] if copies else []),
    ]
    rows = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
    for entry in grouped:
        when = escape(local_time(entry.moment, zone, short=True)).replace(" ", _NO_BREAK)  # one line at 1024 px
        cells = [when, escape(entry.who), _where(entry, names), escape(" ".join(described(entry).split()))]
        if both_modes:
            cells.append(escape(entry.mode))
        if copies:
            cells.append(escape(entry.host))
        rows.append("| " + " | ".join(cells) + " |")
    with st.container(key="activity_table"):
        st.markdown("\n".join(rows))


def _csv(chosen: ActivityFilter, names: dict[str, str]) -> bytes:
    rows = [
        [
            entry.time, entry.who, names.get(entry.ids.get("dataset", ""), entry.name), entry.ids.get("dataset", ""),
            entry.action, " ".join(described(entry).split()), entry.outcome, entry.host,
        ]
        for entry in activity_store().everything(chosen)
    ]  # fmt: skip
    return csv_bytes(["When (UTC)", "Who", "Dataset", "Dataset ID", "Action", "What happened", "Outcome", "Copy"], rows)
