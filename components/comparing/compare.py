"""The compare view (`/datasets?dataset=<a>&compare=<b>`): A's cases beside another dataset's (B), matched by name or
by inputs; the counts first, then each group with links to its cases, a different pair side by side field by field,
and the copies across (B's missing cases into A, B's version of a case into A), each reviewed before it is sent.

Session state (this room's): `comparing_other_<a>`, `comparing_by_<a>`, `comparing_page_<group>_<a>`,
`comparing_ticked_<a>`, `comparing_taking_<a>`."""

import functools
from collections.abc import Sequence

import streamlit as st

from components.cases.changing import say_failure, say_report, send_change
from components.comparing.choose import dataset_choices
from components.comparing.copying import ask_copy, copy_progress, copy_review
from components.history.difference import difference_html
from components.shared import once, scopes
from components.shared.addresses import DATASETS_PAGE
from components.shared.formatting import counted
from components.shared.lookups import CaseLookup, load_dataset, load_test_cases
from components.shared.pager import page_of, pager
from components.shared.text import escape, label, note
from components.shell.sign_in import who
from services.activity.actions import CASES_TAKEN
from services.cases.change import CaseChange, ChangeReport
from services.cases.content import content_of
from services.comparing.copying import take_theirs
from services.comparing.matching import Comparison, MatchBy, Matched, compare
from services.gentrace.client import GentraceClient
from services.gentrace.types import Dataset, TestCase
from services.history.difference import differences

LIST_SIZE = 20
PAIRS_SIZE = 10
MATCHING: dict[MatchBy, str] = {"name": "By name", "inputs": "By inputs (key order ignored)"}


def compare_in_address() -> str | None:
    """`&compare=<b>` ("" when the other dataset is still to be chosen), or None: not the compare view."""
    value = st.query_params.get("compare")
    return None if value is None else value.strip().lower()


def _comparisons(cases: tuple[TestCase, ...]) -> dict[tuple[int, MatchBy], tuple[CaseLookup, Comparison]]:
    return {}  # per listing of A: (B's listing, matching) → the comparison, worked out once per pair of listings


def compared(a: CaseLookup, b: CaseLookup, by: MatchBy) -> Comparison:
    """The comparison of these two listings, worked out once: a rerun, a second tab or a colleague finds it made."""
    made = a.derived(_comparisons)
    kept = made.get((id(b), by))
    if kept is None or kept[0] is not b:
        kept = made[(id(b), by)] = (b, compare(a.items, b.items, by))
    return kept[1]


def _choose(dataset_id: str) -> None:
    chosen = st.session_state.get(f"comparing_other_{dataset_id}")
    st.query_params["compare"] = chosen or ""
    for group in ("a", "b", "different", "identical"):
        st.session_state.pop(f"comparing_page_{group}_{dataset_id}", None)
    st.session_state.pop(f"comparing_ticked_{dataset_id}", None)


def compare_section(client: GentraceClient, base_url: str, dataset: Dataset, cases: CaseLookup) -> None:
    st.page_link(
        DATASETS_PAGE,
        label=label(f"Back to {dataset.name}"),
        icon=":material/arrow_back:",
        query_params={"dataset": dataset.id},
    )
    st.title("Compare", anchor=False)
    note(f"The test cases of {escape(dataset.name)} (A) beside another dataset's (B).")
    other_id = compare_in_address() or None
    datasets, labels, error = dataset_choices(
        client, base_url, leave_out=dataset.id, golden_first_of=dataset.pipeline_id
    )
    if error is not None:
        st.error(f"The datasets could not be listed: {escape(error)}", icon=":material/error:")
    key = f"comparing_other_{dataset.id}"
    if other_id in datasets and st.session_state.get(key) != other_id:
        st.session_state[key] = other_id
    st.selectbox(
        "Compare with (B)",
        list(datasets),
        format_func=labels.__getitem__,
        index=None,
        placeholder="Type to search every dataset of every pipeline",
        key=key,
        on_change=_choose,
        args=(dataset.id,),
    )
    if other_id is None:
        st.info("Choose the dataset to compare this one with.", icon=":material/compare_arrows:")
        return
    if other_id == dataset.id:
        st.warning("That is this dataset itself: choose another dataset to compare it with.", icon=":material/info:")
        return
    other = load_dataset(client, base_url, other_id)
    if other.error is not None or not other.items:
        st.error(
            f"The other dataset could not be read: {escape(other.error or 'it does not exist')}. It may have been "
            "deleted; choose another one.",
            icon=":material/error:",
        )
        return
    b = other.items[0]
    if b.archived_at is not None:
        st.warning(
            f"“{escape(b.name)}” is archived. Its test cases are compared all the same.", icon=":material/inventory_2:"
        )
    if cases.error is not None:
        st.error(f"The test cases of {escape(dataset.name)} could not be read: {escape(cases.error)}")
        return
    theirs = load_test_cases(client, base_url, b.id)
    if theirs.error is not None:
        st.error(f"The test cases of {escape(b.name)} could not be read: {escape(theirs.error)}")
        return
    by: MatchBy = st.radio(
        "Match cases",
        list(MATCHING),
        format_func=MATCHING.__getitem__,
        horizontal=True,
        key=f"comparing_by_{dataset.id}",
        help="By name: the case of the same name in each. By inputs: the case with the same inputs, whatever their "
        "names.",
    )
    if copy_progress(client, dataset, link=False, undo=f"under the History of {dataset.name}") is not None:
        cases = load_test_cases(client, base_url, dataset.id)  # read again once the copy into A ended
    comparison = compared(cases, theirs, by)
    _counts(dataset, b, comparison)
    copy_review(client, dataset.id)
    _taking_outcome(dataset.id)
    _only_in_b(client, dataset, b, cases, comparison.only_b)
    _different(client, dataset, b, comparison.different)
    _listed("Only in A", "a", dataset, dataset, comparison.only_a, "Test cases of A that B has no match for.")
    _listed(
        "Identical", "identical", dataset, dataset, [pair.a for pair in comparison.identical],
        "The same name, inputs and expected outputs in both.",
    )  # fmt: skip
    if comparison.not_matched:
        st.header("Not matched", anchor=False)
        note("A name (or inputs) that two cases of one dataset share: which of them is meant is not guessed.")
        st.markdown("\n".join(f"- {escape(group.words(by))}" for group in comparison.not_matched[:50]))
        if len(comparison.not_matched) > 50:
            note(f"… and {len(comparison.not_matched) - 50:,} more.")


def _counts(a: Dataset, b: Dataset, comparison: Comparison) -> None:
    with st.container(border=True, key="compare_counts"):
        st.markdown(f"**A:** {escape(a.name)} · **B:** {escape(b.name)}")
        counts = [
            ("Only in A", len(comparison.only_a)),
            ("Only in B", len(comparison.only_b)),
            ("In both, different", len(comparison.different)),
            ("Identical", len(comparison.identical)),
        ]
        if comparison.not_matched:
            counts.append(("Not matched", len(comparison.not_matched)))
        for place, (words, count) in zip(st.columns(len(counts)), counts, strict=True):
            place.metric(words, f"{count:,}")


def _go_to(dataset_id: str, group: str, page: int) -> None:
    st.session_state[f"comparing_page_{group}_{dataset_id}"] = page


def _page(dataset_id: str, group: str, count: int, size: int) -> tuple[slice, int, int]:
    page, pages, rows = page_of(count, size, st.session_state.get(f"comparing_page_{group}_{dataset_id}"))
    return rows, page, pages


def _case_link(owner: Dataset, case: TestCase) -> None:
    st.page_link(DATASETS_PAGE, label=label(case.name), query_params={"dataset": owner.id, "case": case.id})


def _listed(title: str, group: str, a: Dataset, owner: Dataset, cases: Sequence[TestCase], words: str) -> None:
    st.header(f"{title} ({len(cases):,})", anchor=False)
    if not cases:
        note("None.")
        return
    note(words)
    rows, page, pages = _page(a.id, group, len(cases), LIST_SIZE)
    with st.container(key=f"compare_list_{group}", gap="small"):
        for case in cases[rows]:
            _case_link(owner, case)
    if pages > 1:
        pager(f"comparing_{group}_{a.id}", page, pages, len(cases), LIST_SIZE, functools.partial(_go_to, a.id, group))


def _ticked(dataset_id: str) -> set[str]:
    ticked: set[str] = st.session_state.setdefault(f"comparing_ticked_{dataset_id}", set())
    return ticked


def _tick(dataset_id: str, case_id: str, key: str) -> None:
    (_ticked(dataset_id).add if st.session_state.get(key) else _ticked(dataset_id).discard)(case_id)


def _only_in_b(client: GentraceClient, a: Dataset, b: Dataset, cases: CaseLookup, only_b: Sequence[TestCase]) -> None:
    st.header(f"Only in B ({len(only_b):,})", anchor=False)
    if not only_b:
        note("None: A has a match for every test case of B.")
        return
    note("Test cases of B that A has no match for. Tick some to copy them, or copy them all.")
    ticked = _ticked(a.id) & {case.id for case in only_b} if _ticked(a.id) else set()
    with st.container(horizontal=True, key="compare_copy_actions"):
        st.button(
            f"Copy all {len(only_b):,} into A",
            icon=":material/content_copy:",
            key=f"comparing_copy_all_{a.id}",
            on_click=ask_copy,
            args=(b, a, list(only_b), cases.items),
            help=escape(f"Review, then copy them into {a.name}."),
        )
        st.button(
            f"Copy the {len(ticked):,} ticked into A",
            icon=":material/content_copy:",
            key=f"comparing_copy_ticked_{a.id}",
            on_click=ask_copy,
            args=(b, a, [case for case in only_b if case.id in ticked], cases.items),
            disabled=not ticked,
        )
    rows, page, pages = _page(a.id, "b", len(only_b), LIST_SIZE)
    with st.container(key="compare_list_b", gap="small"):
        for case in only_b[rows]:
            with st.container(horizontal=True, vertical_alignment="center", gap="small"):
                key = f"comparing_tick_{a.id}_{case.id}"
                st.checkbox(
                    case.name,  # hidden, so not markdown: only the accessible name, exactly as written
                    value=case.id in ticked,
                    key=key,
                    on_change=_tick,
                    args=(a.id, case.id, key),
                    label_visibility="collapsed",
                )
                _case_link(b, case)
    if pages > 1:
        pager(f"comparing_b_{a.id}", page, pages, len(only_b), LIST_SIZE, functools.partial(_go_to, a.id, "b"))


def _ask_take(dataset_id: str, pairs: list[Matched]) -> None:
    st.session_state[f"comparing_taking_{dataset_id}"] = pairs
    once.forget_outcome(scopes.cases(dataset_id))


def _cancel_take(dataset_id: str) -> None:
    st.session_state[f"comparing_taking_{dataset_id}"] = None


def _take(client: GentraceClient, a: Dataset, b: Dataset) -> None:
    pairs: list[Matched] | None = st.session_state.get(f"comparing_taking_{a.id}")
    _cancel_take(a.id)
    if not pairs:
        return
    change = CaseChange(a.id, "edit", take_theirs(pairs), who(), note=f"taken from “{b.name}” ({b.id})")
    waiting = f"Taking B's version of {counted(len(pairs), 'test case')}…"
    send_change(
        client, scopes.cases(a.id), change, action=CASES_TAKEN, waiting=waiting, nothing="Nothing was changed",
        counted=True, kind_asked="take",
    )  # fmt: skip


def _taking_outcome(dataset_id: str) -> None:
    work = once.outcome(scopes.cases(dataset_id))
    if work is None or work.context.get("kind_asked") != "take":
        return
    if isinstance(work.result, ChangeReport):
        say_report(work.result, f"Took B's version of {counted(len(work.result.done), 'test case')}. Undo it under "
                   "A's History if that was a mistake.")  # fmt: skip
    else:
        say_failure(work)


def _different(client: GentraceClient, a: Dataset, b: Dataset, different: Sequence[Matched]) -> None:
    st.header(f"In both, different ({len(different):,})", anchor=False)
    if not different:
        note("None.")
        return
    note("Each pair field by field: in A's column the words B does not have are struck through; in B's the words A "
         "does not have are in bold.")  # fmt: skip
    asking: list[Matched] | None = st.session_state.get(f"comparing_taking_{a.id}")
    if asking:
        with st.container(border=True, key="compare_take_review"):
            st.markdown(
                f"**Replace {counted(len(asking), 'test case')} of {escape(a.name)} with B's version?** Each is an "
                "edit: B's version is created in A, then A's old one deleted; the History can undo it as a whole."
            )
            with st.container(horizontal=True):
                st.button(
                    f"Take B's version of {counted(len(asking), 'test case')}",
                    type="primary",
                    key=f"comparing_take_confirm_{a.id}",
                    on_click=_take,
                    args=(client, a, b),
                )
                st.button("Cancel", key=f"comparing_take_cancel_{a.id}", on_click=_cancel_take, args=(a.id,))
    st.button(
        f"Take B's version of all {len(different):,}",
        icon=":material/sync_alt:",
        key=f"comparing_take_all_{a.id}",
        on_click=_ask_take,
        args=(a.id, list(different)),
    )
    rows, page, pages = _page(a.id, "different", len(different), PAIRS_SIZE)
    for pair in different[rows]:
        with st.container(border=True, key=f"compare_pair_{pair.a.id}"):
            with st.container(horizontal=True, vertical_alignment="center"):
                _case_link(a, pair.a)
                st.button(
                    label(f"Take B's version of “{pair.a.name}”"),
                    key=f"comparing_take_{pair.a.id}",
                    on_click=_ask_take,
                    args=(a.id, [pair]),
                    help=escape(f"Replace A's “{pair.a.name}” with B's “{pair.b.name}”."),
                )
            changes = differences(content_of(pair.a), content_of(pair.b))
            st.html(difference_html(changes, (f"In A ({a.name})", f"In B ({b.name})")))
    if pages > 1:
        pager(f"comparing_different_{a.id}", page, pages, len(different), PAIRS_SIZE,
              functools.partial(_go_to, a.id, "different"))  # fmt: skip
