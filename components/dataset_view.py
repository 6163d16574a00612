"""One dataset's own view (`?dataset=<id>`): its details, and every change to it (name and description, golden,
archived), each confirmed, sent once, and refused when a colleague changed the dataset since it was shown."""

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components import once
from components.audit_trail import recorder
from components.case_form import add_is_open, add_panel, case_change_outcome, open_add
from components.connection import Connection, get_connection
from components.dataset_form import seen_as
from components.history import cases_scope_of, settle_undo
from components.lookups import (
    forget_dataset,
    load_dataset,
    load_datasets_with_archived,
    load_pipelines,
    load_test_cases,
)
from components.text import escape, note
from components.ui import DATASETS_PAGE, IMPORT_PAGE, counted, engineers_details, local_time, viewer_zone
from services.audit import DATASET_ARCHIVED, DATASET_RESTORED, DATASET_UPDATED, GOLDEN_CHANGED, Recorder
from services.datasets.change import ChangedElsewhere, ChangeKind, ChangeResult, DatasetChange, apply_change
from services.datasets.create import find_same_name, golden_dataset_name, same_name
from services.gentrace.client import GentraceClient
from services.gentrace.errors import GentraceError
from services.gentrace.types import Dataset, DatasetEdit, InvalidDataset, Pipeline

SCOPES = "dataset:"  # every dataset page's changes: one scope for the dataset, one for its cases


def scope_of(dataset_id: str) -> str:
    return f"{SCOPES}{dataset_id}"


def settle_changes(dataset_id: str) -> None:
    """Call before anything is drawn or read: a change started by a button's callback ends here, so the page then
    reads the dataset and its cases as they are after it."""
    once.settle(scope_of(dataset_id))  # (app.py may have settled it already, for the sidebar)
    once.settle(cases_scope_of(dataset_id))
    settle_undo(dataset_id)
    changed = once.outcome(scope_of(dataset_id))
    if changed is not None and not changed.shown:
        changed.shown = True
        saved = isinstance(changed.result, ChangeResult)
        if saved and st.session_state.get(_confirm_key(dataset_id)) == ChangeKind.EDIT:  # the form is done
            st.session_state[_confirm_key(dataset_id)] = None
            _next_form(dataset_id)


def _seen_key(dataset_id: str) -> str:
    return f"view_seen_{dataset_id}"


def _confirm_key(dataset_id: str) -> str:
    return f"view_confirm_{dataset_id}"


def _instance_key(dataset_id: str) -> str:
    return f"view_edit_instance_{dataset_id}"


def _field_key(dataset_id: str, field: str) -> str:
    return f"view_edit_{field}_{dataset_id}_{st.session_state.get(_instance_key(dataset_id), 0)}"


_EDIT_ERRORS = "view_edit_errors"
_DUPLICATE = "view_edit_duplicate"


def shown_dataset(client: GentraceClient, base_url: str, dataset_id: str) -> tuple[Dataset, Pipeline | None] | None:
    """The dataset as this page shows it (remembered as what the person saw, for the changed-elsewhere guard)."""
    found = load_dataset(client, base_url, dataset_id)
    if found.error is not None or not found.items:
        st.error(
            f"The dataset “{escape(dataset_id)}” could not be opened. {escape(found.error or 'It does not exist.')}",
            icon=":material/link_off:",
        )
        st.page_link(DATASETS_PAGE, label="Back to all datasets", icon=":material/arrow_back:")
        return None
    dataset = found.items[0]
    catalog = load_pipelines(client, base_url)
    pipeline = catalog.by_id.get(dataset.pipeline_id)
    st.session_state[_seen_key(dataset_id)] = (dataset, pipeline.golden_dataset_id if pipeline else None)
    seen_as(dataset)
    return dataset, pipeline


# -- changes (callbacks: they hold ids and the long-lived client only) -----------------------------------------


def _start(client: GentraceClient, base_url: str, dataset_id: str, change: DatasetChange, overwrite: bool) -> None:
    seen, seen_golden = st.session_state[_seen_key(dataset_id)]
    waiting = {
        ChangeKind.EDIT: "Saving…",
        ChangeKind.GOLDEN: "Changing the golden dataset…",
        ChangeKind.ARCHIVE: "Archiving…" if change.on else "Restoring…",
    }[change.kind]

    trail = _recorder()

    def work() -> ChangeResult:
        try:
            result = apply_change(client, seen, change, seen_golden=seen_golden, overwrite=overwrite)
        except GentraceError as error:
            _audit_change(trail, seen, change, f"failed: {error.message}")
            raise
        else:  # a ChangedElsewhere, or a change already made (a double-click), sent nothing: nothing to record
            if result.sent:
                _audit_change(trail, seen, change, "ok, found after a lost answer" if result.recovered else "ok")
            return result
        finally:
            forget_dataset(client, base_url, seen)  # whatever happened, show the dataset as it is now

    once.forget_outcome(scope_of(dataset_id))
    once.start_once(scope_of(dataset_id), waiting, work, change=change)
    if change.kind != ChangeKind.EDIT:  # the details form stays open until saved: a refused edit keeps its text
        st.session_state[_confirm_key(dataset_id)] = None


def _recorder() -> Recorder | None:
    connection = get_connection()
    return recorder(connection) if isinstance(connection, Connection) else None


def _audit_change(trail: Recorder | None, seen: Dataset, change: DatasetChange, outcome: str) -> None:
    if trail is None:
        return
    ids = {"dataset": seen.id, "pipeline": seen.pipeline_id}
    match change.kind:
        case ChangeKind.EDIT:
            trail.record(DATASET_UPDATED, ids=ids, outcome=outcome)
        case ChangeKind.GOLDEN:
            done = "made golden" if change.on else "no longer golden"
            trail.record(GOLDEN_CHANGED, ids=ids, outcome=outcome.replace("ok", f"ok, {done}", 1))
        case ChangeKind.ARCHIVE:
            trail.record(DATASET_ARCHIVED if change.on else DATASET_RESTORED, ids=ids, outcome=outcome)


def _open_add(client: GentraceClient, base_url: str, dataset_id: str) -> None:
    open_add(dataset_id, load_test_cases(client, base_url, dataset_id).items)
    st.session_state[_confirm_key(dataset_id)] = None


def _ask(dataset_id: str, what: ChangeKind | None) -> None:
    st.session_state[_confirm_key(dataset_id)] = what
    once.forget_outcome(scope_of(dataset_id))


def _confirm(client: GentraceClient, base_url: str, dataset_id: str, kind: ChangeKind, on: bool) -> None:
    confirmed = {ChangeKind.GOLDEN: DatasetChange.golden, ChangeKind.ARCHIVE: DatasetChange.archive}
    change = confirmed[kind](on)  # only these two are confirmed; an edit has its own button
    _start(client, base_url, dataset_id, change, overwrite=False)


def _save(client: GentraceClient, base_url: str, dataset_id: str, same_name_ok: bool) -> None:
    state = st.session_state
    state[_EDIT_ERRORS] = {}
    state.pop(_DUPLICATE, None)
    seen, _ = state[_seen_key(dataset_id)]
    try:
        edit = DatasetEdit.from_form(
            name=state.get(_field_key(dataset_id, "name")) or "",
            description=state.get(_field_key(dataset_id, "description")) or "",
        )
    except InvalidDataset as invalid:
        state[_EDIT_ERRORS] = dict(invalid.errors)
        return
    if not same_name_ok and not same_name(edit.name, seen.name):
        others = [d for d in load_datasets_with_archived(client, base_url, seen.pipeline_id).items if d.id != seen.id]
        existing = find_same_name(others, edit.name)
        if existing is not None:
            state[_DUPLICATE] = existing.name
            return
    _start(client, base_url, dataset_id, DatasetChange.of_edit(edit), overwrite=False)


def _overwrite(client: GentraceClient, base_url: str, dataset_id: str) -> None:
    work = once.outcome(scope_of(dataset_id))
    if work is not None and isinstance(work.error, ChangedElsewhere):
        once.forget_outcome(scope_of(dataset_id))
        _start(client, base_url, dataset_id, work.context["change"], overwrite=True)


def _cancel_edit(client: GentraceClient, base_url: str, dataset_id: str) -> None:
    _discard(client, base_url, dataset_id)
    st.session_state.pop(_DUPLICATE, None)
    st.session_state[_confirm_key(dataset_id)] = None


def _discard(client: GentraceClient, base_url: str, dataset_id: str) -> None:
    seen, _ = st.session_state[_seen_key(dataset_id)]
    forget_dataset(client, base_url, seen)
    once.forget_outcome(scope_of(dataset_id))
    _next_form(dataset_id)


def _next_form(dataset_id: str) -> None:
    """The details form is drawn afresh from the dataset as it is now."""
    st.session_state[_instance_key(dataset_id)] = int(st.session_state.get(_instance_key(dataset_id), 0)) + 1
    st.session_state[_EDIT_ERRORS] = {}


# -- what the page shows -------------------------------------------------------------------------------------------


def settle_for_the_sidebar() -> None:
    """Before the sidebar is drawn (ahead of the page, which may st.stop()): changes that ended since the last run
    settle here, so a dataset renamed in this session shows its new name in the sidebar at once."""
    for work in once.settle_all(SCOPES):
        if isinstance(work.result, ChangeResult):
            seen_as(work.result.dataset)


def dataset_in_address() -> str | None:
    """The dataset `?dataset=<id>` names, with the address rewritten to exactly that: after an in-app link to the
    same page, Streamlit 1.67 leaves the old query in the address bar, and the address must be the link to send."""
    dataset_id = (st.query_params.get("dataset") or "").strip().lower()
    if dataset_id:
        case_id = (st.query_params.get("case") or "").strip().lower()
        wanted = {"dataset": dataset_id} | ({"case": case_id} if case_id else {})
        if case_id and st.query_params.get("edit") == "1":  # "Edit" in a case's row: opened once, then dropped
            wanted["edit"] = "1"
        st.query_params.from_dict(wanted)
    return dataset_id or None


def dataset_header(
    client: GentraceClient, base_url: str, dataset: Dataset, pipeline: Pipeline | None, cases: int | None
) -> DeltaGenerator:
    """Name, pipeline, golden mark and size, then the actions; what an action opens, and its outcome, show right
    under them, where the person is looking. Returns the Export menu, for the test cases' files."""
    st.page_link(
        DATASETS_PAGE,
        label="All datasets of this pipeline",
        icon=":material/arrow_back:",
        query_params={"pipeline_id": dataset.pipeline_id},
    )
    st.title(escape(dataset.name), anchor=False)
    is_golden = pipeline is not None and pipeline.golden_dataset_id == dataset.id
    parts = [f"Pipeline: {escape(pipeline.label if pipeline else dataset.pipeline_id)}"]
    if is_golden:
        parts.append(":material/star: **Golden dataset**")
    if cases is not None:
        parts.append(counted(cases, "test case"))
    if dataset.archived_at:
        parts.append(":material/inventory_2: Archived")
    note(" · ".join(parts))
    if dataset.archived_at is not None:
        st.info(
            f"This dataset was archived on {escape(local_time(dataset.archived_at, viewer_zone()))}. It is hidden "
            "from the dataset lists and pickers; its test cases are kept. Restore it to use it again.",
            icon=":material/inventory_2:",
        )
    asking = st.session_state.get(_confirm_key(dataset.id))
    archived = dataset.archived_at is not None
    with st.container(horizontal=True, key="dataset_actions"):
        st.button(
            "Edit details",
            key=f"ask_edit_{dataset.id}",
            icon=":material/edit:",
            on_click=_ask,
            args=(dataset.id, None if asking == ChangeKind.EDIT else ChangeKind.EDIT),
            help="Change the name and description.",
        )
        st.button(
            "Stop it being golden" if is_golden else "Make it golden",
            key=f"ask_golden_{dataset.id}",
            icon=":material/star:",
            on_click=_ask,
            args=(dataset.id, ChangeKind.GOLDEN),
            disabled=pipeline is None,
            help="The golden dataset is the one a pipeline's results are judged against by default."
            if pipeline is not None
            else "The pipeline could not be read, so the golden dataset cannot be changed right now.",
        )
        st.button(
            "Restore dataset" if archived else "Archive dataset",
            key=f"ask_archive_{dataset.id}",
            icon=":material/unarchive:" if archived else ":material/archive:",
            on_click=_ask,
            args=(dataset.id, ChangeKind.ARCHIVE),
            help=None if archived else "Hide a dataset you no longer use. Nothing is deleted.",
        )
        st.button(
            "Add a test case",
            key=f"ask_add_case_{dataset.id}",
            icon=":material/add:",
            on_click=_open_add,
            args=(client, base_url, dataset.id),
            help="Type one test case in: its name, inputs and expected outputs.",
        )
        export = st.popover("Export", icon=":material/download:")
        st.page_link(
            IMPORT_PAGE, label="Add test cases", icon=":material/upload_file:", query_params={"dataset": dataset.id}
        )
    match asking:
        case ChangeKind.EDIT:
            _details_panel(client, base_url, dataset)
        case ChangeKind.GOLDEN if pipeline is not None:
            _golden_panel(client, base_url, dataset, pipeline)
        case ChangeKind.ARCHIVE:
            _archive_panel(client, base_url, dataset, pipeline)
    _show_outcome(client, base_url, dataset.id)
    if add_is_open(dataset.id):
        add_panel(client, base_url, dataset.id)
    case_change_outcome(dataset.id, ("add",))
    return export


def _show_outcome(client: GentraceClient, base_url: str, dataset_id: str) -> None:
    """The last change's outcome, under the actions."""
    work = once.outcome(scope_of(dataset_id))
    if work is None or work.context.get("change") is None:
        return
    if isinstance(work.result, ChangeResult):
        st.success(work.result.message, icon=":material/check_circle:")
        if work.result.recovered:
            st.info(escape(work.result.recovered), icon=":material/sync_problem:")
    elif isinstance(work.error, ChangedElsewhere):
        _show_conflict(client, base_url, dataset_id, work.error)
    elif work.error is not None:
        message = work.error.message if isinstance(work.error, GentraceError) else str(work.error)
        st.error(f"Nothing was changed. {escape(message)}", icon=":material/error:")
        if isinstance(work.error, GentraceError):
            engineers_details(work.error.details)


def _show_conflict(client: GentraceClient, base_url: str, dataset_id: str, conflict: ChangedElsewhere) -> None:
    with st.container(border=True, key="changed_elsewhere"):
        st.warning(
            "**Someone else changed this dataset** since this page was loaded. Nothing was sent. What changed:",
            icon=":material/group:",
        )
        for change in conflict.changes:
            st.markdown(f"- **{escape(change.what)}**: was “{escape(change.before)}”, now “{escape(change.after)}”")
        left, right = st.columns(2)
        left.button(
            "Overwrite with my change",
            key=f"overwrite_{dataset_id}",
            on_click=_overwrite,
            args=(client, base_url, dataset_id),
        )
        right.button(
            "Discard my change and reload",
            key=f"discard_{dataset_id}",
            on_click=_discard,
            args=(client, base_url, dataset_id),
        )


def _details_panel(client: GentraceClient, base_url: str, dataset: Dataset) -> None:
    zone = viewer_zone()
    name_key, description_key = _field_key(dataset.id, "name"), _field_key(dataset.id, "description")
    st.session_state.setdefault(name_key, dataset.name)
    st.session_state.setdefault(description_key, dataset.description or "")
    errors: dict[str, str] = st.session_state.get(_EDIT_ERRORS, {})
    with st.container(border=True, key="edit_details"):
        st.subheader("Name and description", anchor=False)
        with st.form(f"edit_{dataset.id}", border=False, enter_to_submit=True):
            st.text_input("Name", key=name_key, help="What people see in Gentrace. Up to 255 characters, on one line.")
            if errors.get("name"):
                st.error(escape(errors["name"]), icon=":material/error:")
            st.text_area("Description (optional)", key=description_key, height=110, help="Up to 10,000 characters.")
            if errors.get("description"):
                st.error(escape(errors["description"]), icon=":material/error:")
            with st.container(horizontal=True):
                st.form_submit_button(
                    "Save changes",
                    type="primary",
                    icon=":material/save:",
                    on_click=_save,
                    args=(client, base_url, dataset.id, False),
                )
                st.form_submit_button("Cancel", on_click=_cancel_edit, args=(client, base_url, dataset.id))
        duplicate = st.session_state.get(_DUPLICATE)
        if duplicate is not None:
            st.warning(
                f"This pipeline already has a dataset named **{escape(duplicate)}**. Use the name anyway?",
                icon=":material/content_copy:",
            )
            st.button(
                "Yes, save with this name",
                key=f"rename_anyway_{dataset.id}",
                on_click=_save,
                args=(client, base_url, dataset.id, True),
            )
        note(
            f"Created {escape(local_time(dataset.created_at, zone))} · "
            f"updated {escape(local_time(dataset.updated_at, zone))} · ID: {escape(dataset.id)}"
        )


def _golden_panel(client: GentraceClient, base_url: str, dataset: Dataset, pipeline: Pipeline) -> None:
    is_golden = pipeline.golden_dataset_id == dataset.id
    label = escape(pipeline.label)
    with st.container(border=True, key="confirm_golden"):
        if is_golden:
            st.warning(
                f"Stop **{escape(dataset.name)}** being the golden dataset of {label}? "
                "The pipeline will have no golden dataset until another is chosen.",
                icon=":material/star_half:",
            )
            yes = "Yes, stop it being golden"
        else:
            current = golden_dataset_name(pipeline, load_datasets_with_archived(client, base_url, pipeline.id).items)
            replaces = (
                f" It replaces **{escape(current or '')}**, which stays in the pipeline as an ordinary dataset."
                if current
                else " The pipeline has no golden dataset yet."
            )
            st.warning(
                f"Make **{escape(dataset.name)}** the golden dataset of {label}? The golden dataset is the set the "
                f"pipeline's results are judged against by default.{replaces}",
                icon=":material/swap_horiz:",
            )
            yes = "Yes, make it golden"
        _confirm_buttons(client, base_url, dataset.id, yes, ChangeKind.GOLDEN, not is_golden)
        if pipeline.golden_dataset_id and not is_golden:
            st.page_link(
                DATASETS_PAGE,
                label="Open the current golden dataset",
                icon=":material/star:",
                query_params={"dataset": pipeline.golden_dataset_id},
            )


def _archive_panel(client: GentraceClient, base_url: str, dataset: Dataset, pipeline: Pipeline | None) -> None:
    archived = dataset.archived_at is not None
    is_golden = pipeline is not None and pipeline.golden_dataset_id == dataset.id
    with st.container(border=True, key="confirm_archive"):
        if archived:
            st.warning(
                f"Restore **{escape(dataset.name)}**? It shows in the dataset lists and pickers again.",
                icon=":material/unarchive:",
            )
            yes = "Yes, restore it"
        else:
            st.warning(
                f"Archive **{escape(dataset.name)}**? Archiving hides it from the dataset lists and pickers; "
                "its test cases are kept, and you can restore it at any time.",
                icon=":material/archive:",
            )
            if is_golden and pipeline is not None:
                st.error(
                    f"It is the golden dataset of {escape(pipeline.label)}. The pipeline keeps pointing at it "
                    "while it is archived: make another dataset golden first if that is not what you want.",
                    icon=":material/star:",
                )
            yes = "Yes, archive it"
        _confirm_buttons(client, base_url, dataset.id, yes, ChangeKind.ARCHIVE, not archived)


def _confirm_buttons(
    client: GentraceClient, base_url: str, dataset_id: str, yes: str, kind: ChangeKind, on: bool
) -> None:
    with st.container(horizontal=True):
        st.button(
            yes,
            type="primary",
            key=f"confirm_{kind}_{dataset_id}",
            on_click=_confirm,
            args=(client, base_url, dataset_id, kind, on),
        )
        st.button("Cancel", key=f"cancel_{kind}_{dataset_id}", on_click=_ask, args=(dataset_id, None))
