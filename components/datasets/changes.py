"""A dataset's changes (name and description, golden, archived): the callbacks that start them once, and the panels
under the dataset's header that ask for them (the details form, the confirmations) and show how they ended. Each
is confirmed, sent once, and refused when a colleague changed the dataset since it was shown."""

import streamlit as st

from components.activity.recorder import recorder
from components.review.standing import not_approved_warning
from components.shared import once, scopes
from components.shared.addresses import DATASETS_PAGE
from components.shared.confirm import Question
from components.shared.feedback import show_failure
from components.shared.formatting import local_time, viewer_zone
from components.shared.lookups import forget_dataset, load_datasets_with_archived, load_test_cases
from components.shared.text import escape, note
from services.activity.actions import DATASET_ARCHIVED, DATASET_RESTORED, DATASET_UPDATED, GOLDEN_CHANGED
from services.activity.log import Recorder
from services.datasets.change import ChangedElsewhere, ChangeKind, ChangeResult, DatasetChange, apply_change
from services.datasets.create import find_same_name, golden_dataset_name, same_name
from services.gentrace.client import GentraceClient
from services.gentrace.errors import GentraceError
from services.gentrace.types import Dataset, DatasetEdit, InvalidDataset, Pipeline


def _seen_key(dataset_id: str) -> str:
    return f"datasets_seen_{dataset_id}"


def asking(dataset_id: str) -> Question:
    """Which of the dataset's changes is being asked for (the details form, or a confirmation), if any."""
    return Question(f"datasets_asking_{dataset_id}", outcome_of=scopes.dataset(dataset_id))


def _instance_key(dataset_id: str) -> str:
    return f"datasets_edit_instance_{dataset_id}"


def field_key(dataset_id: str, field: str) -> str:
    """The details form's widget for `field` ("name", "description")."""
    return f"datasets_edit_{field}_{dataset_id}_{st.session_state.get(_instance_key(dataset_id), 0)}"


_EDIT_ERRORS = "datasets_edit_errors"
_DUPLICATE = "datasets_edit_duplicate"


def remember_seen(dataset: Dataset, golden_dataset_id: str | None) -> None:
    """The dataset as the page showed it: a change is refused when a colleague changed it since."""
    st.session_state[_seen_key(dataset.id)] = (dataset, golden_dataset_id)


def after_settling(dataset_id: str) -> None:
    """A saved edit closes its form (once per outcome)."""
    changed = once.outcome(scopes.dataset(dataset_id))
    if changed is None or changed.shown:
        return
    changed.shown = True
    if isinstance(changed.result, ChangeResult) and asking(dataset_id).asked == ChangeKind.EDIT:
        asking(dataset_id).close()
        next_form(dataset_id)


def _start(client: GentraceClient, base_url: str, dataset_id: str, change: DatasetChange, overwrite: bool) -> None:
    seen, seen_golden = st.session_state[_seen_key(dataset_id)]
    waiting = {
        ChangeKind.EDIT: "Saving…",
        ChangeKind.GOLDEN: "Changing the golden dataset…",
        ChangeKind.ARCHIVE: "Archiving…" if change.on else "Restoring…",
    }[change.kind]

    trail = recorder()

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

    once.start_once(scopes.dataset(dataset_id), waiting, work, change=change)
    if change.kind != ChangeKind.EDIT:  # the details form stays open until saved: a refused edit keeps its text
        asking(dataset_id).close()


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
            name=state.get(field_key(dataset_id, "name")) or "",
            description=state.get(field_key(dataset_id, "description")) or "",
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
    work = once.outcome(scopes.dataset(dataset_id))
    if work is not None and isinstance(work.error, ChangedElsewhere):
        _start(client, base_url, dataset_id, work.context["change"], overwrite=True)


def _cancel_edit(client: GentraceClient, base_url: str, dataset_id: str) -> None:
    _discard(client, base_url, dataset_id)
    st.session_state.pop(_DUPLICATE, None)
    asking(dataset_id).close()


def _discard(client: GentraceClient, base_url: str, dataset_id: str) -> None:
    seen, _ = st.session_state[_seen_key(dataset_id)]
    forget_dataset(client, base_url, seen)
    once.forget_outcome(scopes.dataset(dataset_id))
    next_form(dataset_id)


def next_form(dataset_id: str) -> None:
    """The details form is drawn afresh from the dataset as it is now."""
    st.session_state[_instance_key(dataset_id)] = int(st.session_state.get(_instance_key(dataset_id), 0)) + 1
    st.session_state[_EDIT_ERRORS] = {}


# -- what the page shows -------------------------------------------------------------------------------------------


def show_outcome(client: GentraceClient, base_url: str, dataset_id: str) -> None:
    """The last change's outcome, under the actions."""
    work = once.outcome(scopes.dataset(dataset_id))
    if work is None or work.context.get("change") is None:
        return
    if isinstance(work.result, ChangeResult):
        st.success(work.result.message, icon=":material/check_circle:")
        if work.result.recovered:
            st.info(escape(work.result.recovered), icon=":material/sync_problem:")
    elif isinstance(work.error, ChangedElsewhere):
        _show_conflict(client, base_url, dataset_id, work.error)
    elif work.error is not None:
        show_failure(work.error, "Nothing was changed.")


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
            key=f"datasets_overwrite_{dataset_id}",
            on_click=_overwrite,
            args=(client, base_url, dataset_id),
        )
        right.button(
            "Discard my change and reload",
            key=f"datasets_discard_{dataset_id}",
            on_click=_discard,
            args=(client, base_url, dataset_id),
        )


def details_panel(client: GentraceClient, base_url: str, dataset: Dataset) -> None:
    zone = viewer_zone()
    name_key, description_key = field_key(dataset.id, "name"), field_key(dataset.id, "description")
    st.session_state.setdefault(name_key, dataset.name)
    st.session_state.setdefault(description_key, dataset.description or "")
    errors: dict[str, str] = st.session_state.get(_EDIT_ERRORS, {})
    with st.container(border=True, key="edit_details"):
        st.header("Name and description", anchor=False)
        with st.form(f"datasets_edit_{dataset.id}", border=False, enter_to_submit=True):
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
                key=f"datasets_rename_anyway_{dataset.id}",
                on_click=_save,
                args=(client, base_url, dataset.id, True),
            )
        note(
            f"Created {escape(local_time(dataset.created_at, zone))} · "
            f"updated {escape(local_time(dataset.updated_at, zone))} · ID: {escape(dataset.id)}"
        )


def golden_panel(client: GentraceClient, base_url: str, dataset: Dataset, pipeline: Pipeline) -> None:
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
            if unreviewed := not_approved_warning(dataset.id, load_test_cases(client, base_url, dataset.id)):
                st.warning(
                    escape(f"{unreviewed} You can still make it golden."),
                    icon=":material/fact_check:",
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


def archive_panel(client: GentraceClient, base_url: str, dataset: Dataset, pipeline: Pipeline | None) -> None:
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
            key=f"datasets_confirm_{kind}_{dataset_id}",
            on_click=_confirm,
            args=(client, base_url, dataset_id, kind, on),
        )
        st.button("Cancel", key=f"datasets_cancel_{kind}_{dataset_id}", on_click=asking(dataset_id).close)
