"""The import's check of a file: the plan (worked out once per file, mapping and dataset), its counts and problems,
rows left empty where the others are filled, and the first cases as a table like the file."""

import functools
import json

import pyarrow as pa
import streamlit as st

from components.importing.downloads import report_downloads
from components.importing.upload import LoadedFile
from components.shared.formatting import counted
from components.shared.lookups import CaseLookup
from components.shared.text import escape, note
from services.cases.columns import cell_text, columns_of
from services.importing.mapping import ColumnRule
from services.importing.plan import ImportPlan, plan_import
from services.importing.reports import problem_rows_file

_PLAN = "importing_plan"  # (what it was worked out from, the plan)
_PREVIEW = "importing_preview"  # (the plan, its first cases as a table)
PREVIEW_ROWS = 5
LISTED_GAPS = 20


def checked_plan(loaded: LoadedFile, rules: list[ColumnRule], pattern: str, cases: CaseLookup) -> ImportPlan:
    """The whole file checked against the mapping and the dataset; worked out again only when one of them changes."""
    include_gaps = bool(st.session_state.get(_gaps_key(loaded.file_id)))
    key = (loaded.file_id, loaded.table.settings, tuple(rules), pattern, include_gaps, cases.loaded_at)
    kept: tuple[object, ImportPlan] | None = st.session_state.get(_PLAN)
    if kept is None or kept[0] != key:
        kept = (key, plan_import(loaded.table, rules, cases.fingerprints, pattern, include_gaps))
        st.session_state[_PLAN] = kept
    return kept[1]


def _gaps_key(file_id: str) -> str:
    return f"importing_include_gaps_{file_id}"


def kept_plan() -> ImportPlan | None:
    """The plan the page last showed (for a callback, which must not hold it in its arguments)."""
    kept: tuple[object, ImportPlan] | None = st.session_state.get(_PLAN)
    return kept[1] if kept else None


def preview(loaded: LoadedFile, plan: ImportPlan) -> None:
    """The counts, every problem with its row and column, the first cases as a table like the file, and behind a
    switch the exact JSON they send."""
    st.subheader("Check", anchor=False)
    counts = [
        f"**{plan.total_rows:,}** {'row' if plan.total_rows == 1 else 'rows'} in the file",
        f"**{len(plan.cases):,}** will become test cases",
    ]
    if plan.problems:
        counts.append(f"**{plan.rows_with_problems:,}** with problems (skipped)")
    if plan.gaps and not plan.gaps_included:
        counts.append(f"**{len({gap.row for gap in plan.gaps}):,}** with a cell left empty (skipped)")
    if plan.repeated:
        counts.append(f"**{len(plan.repeated):,}** repeat an earlier row (imported once)")
    if plan.already_there:
        counts.append(f"**{len(plan.already_there):,}** already there (skipped)")
    with st.container(key="import_counts"):
        st.markdown(" · ".join(counts))
    if plan.problems:
        _problems(loaded, plan)
    if plan.gaps:
        _gaps(loaded.file_id, plan)
    if plan.repeated or plan.already_there:
        with st.expander("Rows that will be skipped"):
            lines = [f"Row {row}: same as row {first}" for row, first in list(plan.repeated.items())[:200]]
            lines += [f"Row {row}: already there" for row in plan.already_there[:200]]
            st.code("\n".join(lines), language=None)
    if plan.cases:
        first = plan.cases[:PREVIEW_ROWS]
        st.markdown(f"**The first {counted(len(first), 'test case')}**" if len(plan.cases) > 1 else "**The test case**")
        st.dataframe(_preview_table(plan), hide_index=True, width="stretch")
        sent = st.expander("Show what will be sent", key=f"importing_show_sent_{loaded.file_id}", on_change="rerun")
        if not sent.open:  # the JSON is made and drawn only when asked for
            return
        with sent:
            note("Exactly what Gentrace receives for each of these rows:")
            for case in first:
                body = {"name": case.name, "inputs": case.inputs, "expectedOutputs": case.expected_outputs}
                note(f"Row {case.row}")
                # Plain, not highlighted: a highlighted JSON string's light blue fails contrast (axe).
                st.code(json.dumps(body, indent=2, ensure_ascii=False), language=None)


def _preview_table(plan: ImportPlan) -> pa.Table:
    """The first planned cases as the dataset's table will show them (a column per key, text as text), made once
    per plan: turning rows into a table for the page is most of a rerun's cost otherwise."""
    kept: tuple[ImportPlan, pa.Table] | None = st.session_state.get(_PREVIEW)
    if kept is not None and kept[0] is plan:
        return kept[1]
    cases = plan.cases[:PREVIEW_ROWS]
    contents = [case.content for case in cases]
    columns = columns_of(contents)
    rows = [
        {"Row": str(case.row), "Name": case.name} | {c.heading: cell_text(c.value_in(*content)) for c in columns}
        for case, content in zip(cases, contents, strict=True)
    ]
    table = pa.Table.from_pylist(rows)
    st.session_state[_PREVIEW] = (plan, table)
    return table


def _problems(loaded: LoadedFile, plan: ImportPlan) -> None:
    with st.container(border=True, key="import_problems"):
        st.warning(
            f"{counted(plan.rows_with_problems, 'row')} cannot be imported as "
            f"{'it is' if plan.rows_with_problems == 1 else 'they are'}. Fix the file and upload it again, or "
            "import the valid rows and skip these.",
            icon=":material/warning:",
        )
        st.dataframe(
            [{"Row": p.row, "Column": p.column or "", "Problem": p.message} for p in plan.problems[:5000]],
            hide_index=True,
            width="stretch",
        )
        if len(plan.problems) > 5000:
            note(f"The first 5,000 of {len(plan.problems):,} problems are listed; the download has them all.")
        stem = f"problems-{loaded.name.rsplit('.', 1)[0]}"
        excel = loaded.table.settings.kind == "xlsx"
        report_downloads(
            "rows with problems", stem, functools.partial(problem_rows_file, loaded.table, plan.problems), excel
        )


def _gaps(file_id: str, plan: ImportPlan) -> None:
    """Rows with an empty cell in a column nearly every other row fills: skipped unless the person includes them."""
    rows = len({gap.row for gap in plan.gaps})
    with st.container(border=True, key="import_gaps"):
        st.warning(
            f"{counted(rows, 'row')} {'has' if rows == 1 else 'have'} an empty cell in a column that nearly every "
            f"other row fills. {'It is' if rows == 1 else 'They are'} skipped unless you include "
            f"{'it' if rows == 1 else 'them'}.",
            icon=":material/format_color_reset:",
        )
        if len(plan.gaps) <= LISTED_GAPS:  # a few read best as sentences
            st.markdown("\n".join(f"- Row {gap.row}: {escape(gap.message)}" for gap in plan.gaps))
        else:
            st.dataframe(
                [{"Row": gap.row, "Column": gap.column or "", "Problem": gap.message} for gap in plan.gaps[:5000]],
                hide_index=True,
                width="stretch",
            )
        st.checkbox(f"Import {'this row' if rows == 1 else f'these {rows:,} rows'} too", key=_gaps_key(file_id))
