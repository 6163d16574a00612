"""Duplicating a dataset: "Duplicate" on its page asks for the new name ("<name> (copy)"), the pipeline (the same)
and the description (kept), never golden unless asked; the dataset is created once, its cases copied on the
import's workers, and the new dataset opens, showing the copy's progress. A duplicate whose copy did not finish says
so on its page and offers to finish it.

Session state (this room's): `comparing_duplicating_<id>` (the form is open), `comparing_duplicate_errors_<id>`,
`comparing_duplicate_<field>_<id>`."""

from collections.abc import Sequence

import streamlit as st

from components.activity.recorder import recorder
from components.comparing.copying import ask_copy, copy_progress, copy_review
from components.history.store import history_store
from components.importing.progress import recorded
from components.importing.registry import import_registry
from components.shared import once, scopes
from components.shared.feedback import show_failure
from components.shared.formatting import counted
from components.shared.lookups import CaseLookup, forget_dataset, load_dataset, load_pipelines, load_test_cases
from components.shared.text import escape, note
from services.activity.actions import CASES_COPIED, DATASET_DUPLICATED
from services.comparing.copying import CopiedCase, duplicate_name
from services.comparing.duplicating import Duplicate, duplicate, duplicate_note, source_of, unfinished
from services.failures import ExpectedFailure
from services.gentrace.client import GentraceClient
from services.gentrace.errors import GentraceError
from services.gentrace.types import Dataset, DatasetCreate, InvalidDataset
from services.history.store import HistoryUnavailable
from services.importing.job import ImportJob, import_concurrency


def _key(dataset_id: str, part: str) -> str:
    return f"comparing_duplicate_{part}_{dataset_id}"


def _open(dataset: Dataset) -> None:
    st.session_state[f"comparing_duplicating_{dataset.id}"] = True
    st.session_state[_key(dataset.id, "name")] = duplicate_name(dataset.name)
    st.session_state[_key(dataset.id, "pipeline")] = dataset.pipeline_id
    st.session_state[_key(dataset.id, "description")] = dataset.description or ""
    st.session_state[_key(dataset.id, "golden")] = False
    st.session_state.pop(f"comparing_duplicate_errors_{dataset.id}", None)
    once.forget_outcome(scopes.duplicate(dataset.id))


def _close(dataset_id: str) -> None:
    st.session_state[f"comparing_duplicating_{dataset_id}"] = False


def duplicate_button(dataset: Dataset) -> None:
    st.button(
        "Duplicate",
        key=f"comparing_duplicate_open_{dataset.id}",
        icon=":material/file_copy:",
        on_click=_open,
        args=(dataset,),
        help="A new dataset with a copy of every test case.",
    )


def _start(client: GentraceClient, base_url: str, source: Dataset) -> None:
    """The form's "Duplicate dataset": checked, then created and filled once (a double click starts nothing more)."""
    errors_key = f"comparing_duplicate_errors_{source.id}"
    try:
        request = DatasetCreate.from_form(
            name=st.session_state.get(_key(source.id, "name")) or "",
            description=st.session_state.get(_key(source.id, "description")) or "",
            is_golden=bool(st.session_state.get(_key(source.id, "golden"))),
            pipeline_mode="id",
            pipeline=st.session_state.get(_key(source.id, "pipeline")),
        )
    except InvalidDataset as error:
        st.session_state[errors_key] = dict(error.errors)
        return
    st.session_state.pop(errors_key, None)
    note_text = duplicate_note(source)
    hooks = recorded("copy", note_text, CASES_COPIED, request.name)
    if hooks is None:
        return
    before, after = hooks
    trail = recorder()

    def start_copy(target_id: str, cases: Sequence[CopiedCase]) -> ImportJob:
        what = f"{counted(len(cases), 'test case')} from “{source.name}”"
        return import_registry().start(
            client, target_id, cases, import_concurrency(), label=what, on_finish=after, before_sending=before,
            kind="copy",
        )  # fmt: skip

    def work() -> Duplicate:
        try:
            made = duplicate(client, source, request, start_copy)
        except GentraceError as error:
            if trail is not None:
                trail.record(DATASET_DUPLICATED, ids={"dataset": source.id}, outcome=f"failed: {error.message}",
                             name=source.name)  # fmt: skip
            raise
        if trail is not None:
            trail.record(DATASET_DUPLICATED, ids={"dataset": source.id, "new": made.created.dataset.id},
                         name=source.name)  # fmt: skip
        return made

    once.start_once(scopes.duplicate(source.id), "Creating the duplicate…", work)


def duplicate_panel(client: GentraceClient, base_url: str, dataset: Dataset) -> None:
    """The form under the dataset's actions, and where a duplicate that was made goes: its own page."""
    work = once.settle(scopes.duplicate(dataset.id))
    if work is not None and isinstance(work.result, Duplicate) and not work.shown:
        work.shown = True
        made = work.result.created.dataset
        forget_dataset(client, base_url, made)
        _close(dataset.id)
        st.query_params.from_dict({"dataset": made.id})
        st.rerun()
    if not st.session_state.get(f"comparing_duplicating_{dataset.id}"):
        return
    errors: dict[str, str] = st.session_state.get(f"comparing_duplicate_errors_{dataset.id}", {})
    pipelines = load_pipelines(client, base_url)
    options = [pipeline.id for pipeline in pipelines.items]
    if dataset.pipeline_id not in options:
        options.insert(0, dataset.pipeline_id)
    names = {pipeline.id: pipeline.label for pipeline in pipelines.items}
    with st.container(border=True, key="duplicate_form"):
        st.header("Duplicate this dataset", anchor=False)
        note("A new dataset with a copy of every test case (exact repeats once). The original is not changed.")
        with st.form(f"comparing_duplicate_{dataset.id}", border=False):
            st.text_input("Name of the new dataset", key=_key(dataset.id, "name"), max_chars=None)
            if errors.get("name"):
                st.error(escape(errors["name"]), icon=":material/error:")
            st.selectbox(
                "Pipeline", options, format_func=lambda pid: names.get(pid, pid), key=_key(dataset.id, "pipeline")
            )
            if errors.get("pipeline"):
                st.error(escape(errors["pipeline"]), icon=":material/error:")
            st.text_area("Description (optional)", key=_key(dataset.id, "description"), height=90)
            if errors.get("description"):
                st.error(escape(errors["description"]), icon=":material/error:")
            st.checkbox("Make the new dataset its pipeline's golden dataset", key=_key(dataset.id, "golden"))
            with st.container(horizontal=True):
                st.form_submit_button(
                    "Duplicate dataset",
                    type="primary",
                    icon=":material/file_copy:",
                    on_click=_start,
                    args=(client, base_url, dataset),
                )
                st.form_submit_button("Cancel", on_click=_close, args=(dataset.id,))
    if work is not None and work.error is not None:
        show_failure(work.error, "The dataset was not duplicated.")


def _finish(client: GentraceClient, base_url: str, duplicate_of: Dataset, dataset: Dataset) -> None:
    """ "Finish the duplicate": the source's cases the duplicate lacks, to review and copy."""
    source_cases = load_test_cases(client, base_url, duplicate_of.id)
    mine = load_test_cases(client, base_url, dataset.id)
    ask_copy(duplicate_of, dataset, list(source_cases.items), mine.items, note=duplicate_note(duplicate_of))


def duplicate_status(client: GentraceClient, base_url: str, dataset: Dataset, cases: CaseLookup) -> None:
    """On a dataset's page: a copy into it running (a duplicate just made), how it ended, and a duplicate whose
    copy did not finish, with what exists and "Finish the duplicate"."""
    job = copy_progress(client, dataset, link=False, undo="under History below", result_once=True)
    if copy_review(client, dataset.id) or (job is not None and job.running):
        return
    try:
        entries = history_store().entries(dataset.id, 0, 20)
    except (HistoryUnavailable, ExpectedFailure):
        return
    latest = next((entry for entry in entries if source_of(entry)), None)
    if latest is None or latest.state == "done" or cases.error is not None:
        return
    source_id = source_of(latest) or ""
    source = load_dataset(client, base_url, source_id)
    if source.error is not None or not source.items:
        return
    source_cases = load_test_cases(client, base_url, source_id)
    if source_cases.error is not None:
        return
    left = unfinished(source.items[0], source_cases.items, cases.items)
    if not left.missing:
        return
    with st.container(border=True, key="duplicate_unfinished"):
        st.warning(
            f"This dataset is a duplicate of “{escape(left.source.name)}”, and its copy did not finish: "
            f"{left.present:,} of {left.present + len(left.missing):,} test cases are here. Finishing copies the "
            f"{counted(len(left.missing), 'missing one')}; what is here is not copied again.",
            icon=":material/warning:",
        )
        st.button(
            "Finish the duplicate",
            type="primary",
            icon=":material/file_copy:",
            key=f"comparing_finish_{dataset.id}",
            on_click=_finish,
            args=(client, base_url, left.source, dataset),
        )
