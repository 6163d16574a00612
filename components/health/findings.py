"""Each health finding on the Health view: its count, what it means, a few examples with links to the cases, a
chart where one says more, and its fix (a button for those the studio can make, a link to edit for the others)."""

import json
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import streamlit as st

from components.health.charts import coverage_spec, coverage_table, lengths_caption, lengths_spec, show
from components.health.fixes import fix_button, review
from components.shared.addresses import DATASETS_PAGE
from components.shared.formatting import counted
from components.shared.text import escape, label, note
from services.cases.content import CaseContent
from services.gentrace.client import GentraceClient
from services.gentrace.types import Dataset, TestCase
from services.health.findings import Health, input_text
from services.health.fixes import Fix, delete_repeats, rename_key
from services.health.near_repeats import DEFAULT_THRESHOLD, LOWEST_THRESHOLD

EXAMPLES = 5
LISTED = 10
TEXT_SHOWN = 300  # characters of an input shown in an example


def threshold_key(dataset_id: str) -> str:
    return f"health_threshold_{dataset_id}"


def threshold(dataset_id: str) -> int:
    return int(st.session_state.get(threshold_key(dataset_id), DEFAULT_THRESHOLD))


def _links(dataset_id: str, case: TestCase | CaseContent, what: str = "") -> None:
    """The case's name (opens it) and "Edit" (opens its form), side by side."""
    opens = {"dataset": dataset_id, "case": case.id if isinstance(case, TestCase) else case.case_id or ""}
    with st.container(horizontal=True, gap="small"):
        st.page_link(DATASETS_PAGE, label=label(case.name), query_params=opens)
        st.page_link(DATASETS_PAGE, label="Edit", icon=":material/edit:", query_params=opens | {"edit": "1"})
        if what:
            note(escape(what))


def _finding(key: str, title: str, count: int, meaning: str) -> bool:
    """The finding's heading and meaning; False when there is nothing to show."""
    st.subheader(f"{title} · {count:,}", anchor=False)
    if not count:
        note("None found.")
        return False
    note(meaning)
    return True


def _short(text: str) -> str:
    return text if len(text) <= TEXT_SHOWN else text[:TEXT_SHOWN] + "…"


def _value_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@lru_cache(maxsize=32)
def _repeats_fix(health: Health) -> Fix:
    return delete_repeats(health)


@lru_cache(maxsize=64)
def _rename_fix(health: Health, at: int) -> Fix:
    return rename_key(health.cases, health.misspelt[at])


def repeats(client: GentraceClient, dataset: Dataset, health: Health, threshold: int) -> None:
    with st.container(border=True, key="health_repeats"):
        meaning = "Cases with the same name, inputs and expected outputs: each copy counts twice in a score."
        if not _finding("repeats", "Exact repeats", health.repeat_count, meaning):
            return
        for group in health.repeats[:EXAMPLES]:
            st.markdown(f"**{escape(group.kept.name)}** · {counted(1 + len(group.repeats), 'copy', 'copies')}")
            _links(dataset.id, group.kept, "the oldest: kept")
            for case in group.repeats[:3]:
                _links(dataset.id, case, "a repeat")
        if len(health.repeats) > EXAMPLES:
            note(f"… and {counted(len(health.repeats) - EXAMPLES, 'more case')} with repeats.")
        fix = _repeats_fix(health)
        if fix_button(dataset.id, "repeats", fix):
            question = (
                f"Delete {counted(len(fix.pairs), 'test case')} that repeat an older one? "
                "The oldest copy of each stays. These are deleted:"
            )
            review(client, dataset.id, "repeats", fix, question)


def contradictions(client: GentraceClient, dataset: Dataset, health: Health, threshold: int) -> None:
    with st.container(border=True, key="health_contradictions"):
        meaning = (
            "The same inputs with different expected outputs: no answer can be right against both. Open the one "
            "that is wrong and edit it."
        )
        if not _finding("contradictions", "Contradictions", len(health.contradictions), meaning):
            return
        for contradiction in health.contradictions[:3]:
            st.markdown(f"Inputs: “{escape(_short(input_text(contradiction.inputs)))}”")
            answers = contradiction.answers[:3]
            for place, (number, cases) in zip(st.columns(len(answers)), enumerate(answers, 1), strict=True):
                with place.container(border=True):
                    outputs = cases[0].expected_outputs or {}
                    shown = "; ".join(f"{key}: {_value_text(value)}" for key, value in outputs.items()) or "(none)"
                    st.markdown(f"**Expected output {number}:** {escape(_short(shown))}")
                    for case in cases[:3]:
                        _links(dataset.id, case)
                    if len(cases) > 3:
                        note(f"… and {counted(len(cases) - 3, 'more case')}")
        if len(health.contradictions) > 3:
            note(f"… and {counted(len(health.contradictions) - 3, 'more contradiction')}.")


def near_repeats(client: GentraceClient, dataset: Dataset, health: Health, threshold: int) -> None:
    with st.container(border=True, key="health_near"):
        groups = health.near_groups(threshold)
        st.subheader(f"Near repeats · {len(groups):,}", anchor=False)
        st.slider(
            "Similarity threshold for near repeats (%)",
            min_value=LOWEST_THRESHOLD,
            max_value=100,
            value=DEFAULT_THRESHOLD,
            step=1,
            key=threshold_key(dataset.id),
            help="Inputs this alike or more, once case, punctuation and spacing are ignored, are near repeats.",
        )
        if not groups:
            note("None found at this threshold.")
            return
        note(
            "Inputs that read almost the same (a mark, a capital, spacing, a word or two): they test one thing "
            "twice. Keep one; edit or delete the others."
        )
        for number, group in enumerate(groups[:EXAMPLES], 1):
            st.markdown(f"**Group {number}** · {counted(len(group.texts), 'input')}")
            for at, (text, cases) in enumerate(group.texts[:EXAMPLES]):
                alike = "" if at == 0 else f" · {group.similarity(at):.0f}% alike"
                st.markdown(f"“{escape(_short(text))}”{alike}")
                more = f"and {counted(len(cases) - 1, 'more case')} with these inputs" if len(cases) > 1 else ""
                _links(dataset.id, cases[0], more)
        if len(groups) > EXAMPLES:
            note(f"… and {counted(len(groups) - EXAMPLES, 'more group')}.")


def missing(client: GentraceClient, dataset: Dataset, health: Health, threshold: int) -> None:
    with st.container(border=True, key="health_missing"):
        meaning = (
            "Cases with no expected output, or with a blank value for a key most cases fill: they cannot be "
            "scored. Edit them to add it."
        )
        if not _finding("missing", "Missing expected outputs", len(health.missing), meaning):
            return
        for found in health.missing[:LISTED]:
            keys = ", ".join(f"“{key}”" for key in found.keys)
            _links(dataset.id, found.case, f"no {keys}" if found.keys else "no expected output at all")
        _more(health.missing, "case")


def keys(client: GentraceClient, dataset: Dataset, health: Health, threshold: int) -> None:
    with st.container(border=True, key="health_keys"):
        st.subheader(f"Key coverage · {counted(len(health.misspelt), 'misspelt key')}", anchor=False)
        note("The share of cases that have each key. A rare key that is one or two letters from a common one is "
             "probably the same key typed another way; it is marked ◀ and can be renamed.")  # fmt: skip
        facts = coverage_table(health)
        show(coverage_spec(health), "Share of cases that have each key. " + facts.replace("\n", " "))
        with st.expander("The chart as a table"):
            st.markdown(facts)
        for at, key in enumerate(health.misspelt):
            fix = _rename_fix(health, at)
            place = "input" if key.place == "input" else "expected output"
            common = next((k for k in health.coverage if k.place == key.place and k.key == key.looks_like), None)
            st.markdown(
                f"The {place} key **“{escape(key.key)}”** ({counted(key.count, 'case')}) looks like "
                f"**“{escape(key.looks_like or '')}”** ({counted(common.count if common else 0, 'case')})."
            )
            for pair in fix.pairs[:3]:
                if pair.before is not None:
                    _links(dataset.id, pair.before)
            fix_id = f"rename:{at}"
            if fix_button(dataset.id, fix_id, fix):
                question = (
                    f"Rename the {place} key “{escape(key.key)}” to “{escape(key.looks_like or '')}” in "
                    f"{counted(len(fix.pairs), 'test case')}? Gentrace has no update, so each is replaced by a copy "
                    "with the key renamed (a new ID):"
                )
                review(client, dataset.id, fix_id, fix, question)


def empty(client: GentraceClient, dataset: Dataset, health: Health, threshold: int) -> None:
    with st.container(border=True, key="health_empty"):
        meaning = "Blank or whitespace-only text where a value belongs. Edit them to fill it in or remove the key."
        if not _finding("empty", "Empty values", len(health.empty), meaning):
            return
        for found in health.empty[:LISTED]:
            _links(dataset.id, found.case, "empty: " + ", ".join(found.places))
        _more(health.empty, "case")


def lengths(client: GentraceClient, dataset: Dataset, health: Health, threshold: int) -> None:
    with st.container(border=True, key="health_lengths"):
        outliers = health.lengths.outliers
        st.subheader(f"Input lengths · {len(outliers):,} far too long", anchor=False)
        if not health.lengths.bins:
            return
        show(lengths_spec(health), "Input lengths as a histogram.")
        lengths_caption(health)
        if outliers:
            note("An input far longer than the rest is often a pasted document or a mistake; open it to check.")
        for case, length in outliers[:LISTED]:
            _links(dataset.id, case, f"{length:,} characters")
        _more(outliers, "case")


def _more(found: Sequence[object], noun: str) -> None:
    if len(found) > LISTED:
        note(f"… and {counted(len(found) - LISTED, 'more ' + noun)}.")


FINDINGS_SHOWN: tuple[Callable[[GentraceClient, Dataset, Health, int], None], ...] = (
    repeats,
    contradictions,
    near_repeats,
    missing,
    keys,
    empty,
    lengths,
)
