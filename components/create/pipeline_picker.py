"""Asks which pipeline the dataset belongs to, by slug or by id, and previews the choice before submitting."""

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from components.shared.formatting import counted
from components.shared.lookups import Lookup, PipelineCatalog, load_pipelines
from components.shared.pipelines import missing_pipelines
from components.shared.text import escape, note
from services.datasets.create import golden_dataset_name
from services.gentrace.client import GentraceClient
from services.gentrace.types import Dataset, Pipeline, PipelineMode, pipeline_problem

MODES: dict[PipelineMode, str] = {"slug": "Name or slug", "id": "ID"}


@dataclass(frozen=True)
class PipelineChoice:
    mode: PipelineMode
    value: str | None
    pipeline: Pipeline | None  # None when nothing is chosen or the typed value is not in the list
    problem: str | None  # the typed value's shape is wrong


def value_key(instance: int, mode: PipelineMode) -> str:
    return f"create_pipeline_{mode}_{instance}"


def mode_key(instance: int) -> str:
    return f"create_pipeline_mode_{instance}"


def typing_key(instance: int, mode: PipelineMode) -> str:
    return f"create_pipeline_typing_{mode}_{instance}"


def _mode(instance: int) -> PipelineMode:
    """The chosen way of naming the pipeline; slug until the person switches."""
    return "id" if st.session_state.get(mode_key(instance)) == "id" else "slug"


def _carry_over(instance: int, client: GentraceClient, base_url: str, changed: Callable[[], None] | None) -> None:
    """Switching slug ↔ id keeps the same pipeline selected when it is a known one."""
    catalog = load_pipelines(client, base_url)
    new_mode = _mode(instance)
    old_mode: PipelineMode = "id" if new_mode == "slug" else "slug"
    pipeline = catalog.find(old_mode, st.session_state.get(value_key(instance, old_mode)))
    if pipeline is not None:
        st.session_state[value_key(instance, new_mode)] = pipeline.slug if new_mode == "slug" else pipeline.id
    if changed is not None:
        changed()


def _typing_switched(instance: int, mode: PipelineMode, client: GentraceClient, base_url: str) -> None:
    """Back to the list: a typed value that is not in it goes (the list could not show it)."""
    typed = st.session_state.get(value_key(instance, mode))
    if (
        not st.session_state.get(typing_key(instance, mode))
        and load_pipelines(client, base_url).find(mode, typed) is None
    ):
        st.session_state[value_key(instance, mode)] = None


def pipeline_picker(
    client: GentraceClient, base_url: str, instance: int, changed: Callable[[], None] | None = None
) -> PipelineChoice:
    """`changed` is called when the choice changes (the form clears the field's old error)."""
    catalog = load_pipelines(client, base_url)
    st.radio(
        "Find the pipeline by",
        options=list(MODES),
        format_func=MODES.__getitem__,
        horizontal=True,
        key=mode_key(instance),
        on_change=_carry_over,
        # Only long-lived values in callback args: Streamlit keeps old widgets' callbacks, and whatever they
        # reference, for the rest of the session (a catalog or dataset list here leaked ~6 MB per create).
        args=(instance, client, base_url, changed),
        help="Its name or slug: type part of it, like “support”, and pick it from the list. Its ID: the long code "
        "in Gentrace's address bar, if you have it at hand.",
    )
    mode = _mode(instance)
    label = "Pipeline slug" if mode == "slug" else "Pipeline ID"
    if catalog.error is not None:
        st.text_input(
            label,
            key=value_key(instance, mode),
            placeholder="e.g. support-chatbot" if mode == "slug" else "e.g. 123e4567-e89b-42d3-a456-426614174000",
            help="Type the pipeline's slug." if mode == "slug" else "Paste the pipeline's ID.",
            on_change=changed,
        )
        missing_pipelines(client, base_url, catalog, ", so type the pipeline instead")
        return choice_from_state(catalog, instance)
    known = catalog.index(mode)
    typed = st.session_state.get(value_key(instance, mode))
    if typed and typed not in known:  # a value from a link or typed earlier: it stays, in the field for typing
        st.session_state[typing_key(instance, mode)] = True
    if st.session_state.get(typing_key(instance, mode)):
        st.text_input(
            label,
            key=value_key(instance, mode),
            placeholder="e.g. support-chatbot" if mode == "slug" else "e.g. 123e4567-e89b-42d3-a456-426614174000",
            help="Gentrace checks it when you create the dataset.",
            on_change=changed,
        )
    else:
        labels = catalog.labels
        st.selectbox(
            label,
            options=list(known),
            index=None,
            format_func=lambda value: labels.get(value, value),
            key=value_key(instance, mode),
            placeholder="Type part of its name or slug…" if mode == "slug" else "Type or paste part of its ID…",
            help="Pick the pipeline this dataset belongs to. Enter takes the first match.",
            on_change=changed,
        )
    st.checkbox(
        f"It is not in the list: type its {'slug' if mode == 'slug' else 'ID'}",
        key=typing_key(instance, mode),
        on_change=_typing_switched,
        args=(instance, mode, client, base_url),
    )
    return choice_from_state(catalog, instance)


def choice_from_state(catalog: PipelineCatalog, instance: int) -> PipelineChoice:
    """The pipeline the form currently names, read from session state (also usable in a callback)."""
    mode = _mode(instance)
    typed = (st.session_state.get(value_key(instance, mode)) or "").strip() or None
    return PipelineChoice(mode, typed, catalog.find(mode, typed), pipeline_problem(mode, typed))


def show_preview(choice: PipelineChoice, datasets: Lookup[Dataset] | None) -> None:
    """A card naming the chosen pipeline, its datasets and its golden dataset."""
    if choice.value is None or choice.problem is not None:
        return
    pipeline = choice.pipeline
    with st.container(border=True, key="pipeline_preview"):
        if pipeline is None:
            kind = "slug" if choice.mode == "slug" else "ID"
            st.markdown(
                f":material/help: **{escape(choice.value)}** is not in the list of pipelines. "
                f"Gentrace will check this {kind} when you create the dataset."
            )
            return
        st.markdown(f"**{escape(pipeline.display_name or pipeline.slug)}**")
        note(f"Slug: {escape(pipeline.slug)} · ID: {escape(pipeline.id)}")
        if datasets is None or datasets.error is not None:
            note("Its datasets could not be loaded right now.")
            return
        count = len(datasets.items)
        golden = golden_dataset_name(pipeline, datasets.items)
        summary = counted(count, "dataset")
        summary += f" · Golden dataset: {escape(golden)}" if golden else " · No golden dataset yet"
        note(summary)


def fill_pipeline(instance: int, mode: PipelineMode, value: str) -> None:
    """Puts a pipeline into the picker before it is drawn (a link that prefills the form)."""
    st.session_state[mode_key(instance)] = mode
    st.session_state[value_key(instance, mode)] = value


def typed_pipeline(instance: int) -> tuple[PipelineMode, str | None]:
    """The picker's mode and what is typed or chosen in it."""
    mode = _mode(instance)
    return mode, st.session_state.get(value_key(instance, mode))
