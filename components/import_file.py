"""Asks for the file, how to read it and what each column becomes; shows the check and exactly what will be sent.

A rerun re-reads nothing: the table is kept per upload (Streamlit's file id) and read settings, and the plan per
table, mapping and dataset listing.
"""

import json
import math
from dataclasses import dataclass, replace
from typing import Any, cast

import streamlit as st

from components.lookups import CaseLookup
from components.text import escape, note
from services.tabular import DELIMITERS, ENCODINGS, Limits, ReadSettings, Table, UnreadableFile, guess_settings
from services.tabular import read_table as read_file_table
from services.test_case_import import (
    DEFAULT_NAME_PATTERN,
    ROLES,
    TYPES,
    ColumnRule,
    ImportPlan,
    default_rules,
    is_gentrace_shape,
    pattern_problem,
    plan_import,
    problem_rows_csv,
    template_csv,
)

FILE_TYPES = ["csv", "tsv", "txt", "xlsx", "jsonl", "json"]
PREVIEW_ROWS = 5
TABLE_KEY = "import_table"
PLAN_KEY = "import_plan"


@dataclass(frozen=True)
class LoadedFile:
    name: str
    file_id: str
    table: Table


def template_download(cases: CaseLookup) -> None:
    st.download_button(
        "Download a template",
        data=template_csv(cases.items),
        file_name="test-cases-template.csv",
        mime="text/csv",
        icon=":material/download:",
        help="A CSV whose headings match the keys this dataset's test cases use (an example when it has none).",
    )


def upload(uploader_key: str) -> LoadedFile | None:
    """The uploader, the read settings (guessed, changeable) and the table they give; None until a file is read."""
    limits = Limits.from_env()
    uploaded = st.file_uploader(
        "File of test cases",
        type=FILE_TYPES,
        key=uploader_key,
        max_upload_size=max(1, math.ceil(limits.max_bytes / 1024 / 1024)),
        help="CSV, TSV or TXT (any delimiter), Excel (.xlsx), JSONL or JSON. One row per test case, headings first.",
    )
    if uploaded is None:
        st.session_state.pop(TABLE_KEY, None)
        return None
    file_id = uploaded.file_id
    guess_key = f"import_guess_{file_id}"
    if guess_key not in st.session_state:
        data = uploaded.getvalue()
        try:
            guessed = guess_settings(uploaded.name, data[:200_000])
            if guessed.kind == "xlsx":  # the sheet to start with is the first one with rows: reading tells
                table = read_file_table(data, guessed, limits)
                guessed = table.settings
                st.session_state[TABLE_KEY] = ((file_id, guessed), table)
                st.session_state[f"import_sheets_{file_id}"] = table.sheets
        except UnreadableFile as error:
            _unreadable(uploaded.name, error)
            return None
        st.session_state[guess_key] = guessed
    settings = _read_settings(st.session_state[guess_key], file_id)
    kept = st.session_state.get(TABLE_KEY)
    if kept is None or kept[0] != (file_id, settings):
        try:
            table = read_file_table(uploaded.getvalue(), settings, limits)
        except UnreadableFile as error:
            st.session_state.pop(TABLE_KEY, None)
            _unreadable(uploaded.name, error)
            return None
        st.session_state[TABLE_KEY] = ((file_id, settings), table)
        kept = st.session_state[TABLE_KEY]
    return LoadedFile(uploaded.name, file_id, kept[1])


def _unreadable(filename: str, error: UnreadableFile) -> None:
    with st.container(key="import_file_error"):
        st.error(f"Nothing can be imported from “{escape(filename)}”. {escape(str(error))}", icon=":material/error:")
        note("Nothing was sent. Fix the file and upload it again, or change the read settings.")


def _read_settings(guessed: ReadSettings, file_id: str) -> ReadSettings:
    if guessed.kind in ("jsonl", "json"):
        return guessed
    with st.expander("Read settings", expanded=False):
        note("Guessed from the file; change them if the preview below looks wrong.")
        delimiter, encoding, sheet = guessed.delimiter, guessed.encoding, guessed.sheet
        left, middle, right = st.columns(3)
        if guessed.kind == "csv":
            with left:
                delimiter = st.selectbox(
                    "Delimiter",
                    options=list(DELIMITERS),
                    index=list(DELIMITERS).index(guessed.delimiter) if guessed.delimiter in DELIMITERS else 0,
                    format_func=DELIMITERS.__getitem__,
                    key=f"delimiter_{file_id}",
                )
            with middle:
                encoding = st.selectbox(
                    "Encoding",
                    options=list(ENCODINGS),
                    index=list(ENCODINGS).index(guessed.encoding) if guessed.encoding in ENCODINGS else 0,
                    format_func=ENCODINGS.__getitem__,
                    key=f"encoding_{file_id}",
                )
        else:
            sheets = st.session_state.get(f"import_sheets_{file_id}", ())
            if len(sheets) > 1:
                with left:
                    sheet = st.selectbox(
                        "Sheet", options=list(sheets), index=list(sheets).index(guessed.sheet), key=f"sheet_{file_id}"
                    )
        with right:
            header_row = st.number_input(
                "Header row", min_value=1, max_value=1000, value=guessed.header_row, step=1,
                key=f"header_{file_id}", help="The row that holds the column headings (1 is the first row).",
            )  # fmt: skip
    settings = ReadSettings(guessed.kind, cast(str, delimiter), cast(str, encoding), sheet, int(header_row))
    note("Read as " + describe(settings) + ".")
    return settings


def describe(settings: ReadSettings) -> str:
    if settings.kind == "xlsx":
        return f"Excel, sheet “{escape(settings.sheet or '')}”, headings in row {settings.header_row}"
    delimiter = DELIMITERS.get(settings.delimiter, repr(settings.delimiter)).lower()
    encoding = ENCODINGS.get(settings.encoding, settings.encoding)
    return f"text separated by {delimiter}, {encoding}, headings in row {settings.header_row}"


def mapping(loaded: LoadedFile) -> tuple[list[ColumnRule], str]:
    """Each column's role, key and type, defaulting from its heading; and the name pattern when no column names.

    The mapping is shown as one table; its widgets (three per column) are drawn only while "Change what each column
    becomes" is on, so a wide file does not make every rerun draw dozens of widgets. What was chosen is kept in
    session state, not in the widgets, so it survives switching them off."""
    table, file_id = loaded.table, loaded.file_id
    store = f"import_rules_{file_id}"
    if store not in st.session_state:
        st.session_state[store] = default_rules(table)
    st.subheader("Columns", anchor=False)
    if is_gentrace_shape(table):
        note("These records already have Gentrace's shape (name, inputs, expected outputs): they are used as they are.")
    if st.toggle("Change what each column becomes", key=f"edit_mapping_{file_id}"):
        note(
            "Name: the test case's name. Input and Expected output: the key the value goes under (a dot nests: "
            "user.name). Values stay text exactly as written unless you pick a type."
        )
        samples = table.rows[:50]
        for index, rule in enumerate(st.session_state[store]):
            sample = next((row[index] for row in samples if row[index] not in (None, "")), "")
            _column_row(file_id, index, rule, sample)
    else:
        st.markdown(_summary(st.session_state[store]))
    rules: list[ColumnRule] = list(st.session_state[store])
    pattern = DEFAULT_NAME_PATTERN
    if not any(rule.role == "name" for rule in rules):
        pattern = st.text_input(
            "Names for the test cases",
            value=DEFAULT_NAME_PATTERN,
            key=f"name_pattern_{file_id}",
            help="No column gives the names, so they are made from this pattern; {n} is the row number.",
        )
        if problem := pattern_problem(pattern):
            st.error(problem, icon=":material/error:")
    return rules, pattern


def _summary(rules: list[ColumnRule]) -> str:
    """The mapping as a markdown table: column → what it becomes."""
    lines = ["| Column | Becomes | Type |", "|---|---|---|"]
    for rule in rules:
        if rule.role in ("name", "skip"):
            becomes, kind = ROLES[rule.role], ""
        elif rule.key:
            becomes, kind = f"{ROLES[rule.role]} “{escape(rule.key)}”", TYPES[rule.type]
        else:
            becomes, kind = f"{ROLES[rule.role]} (the whole object)", TYPES[rule.type]
        lines.append(f"| {escape(rule.column)} | {becomes} | {kind} |")
    return "\n".join(lines)


def _remember(file_id: str, index: int, part: str, widget_key: str) -> None:
    """A mapping widget's callback: copies its new value into the kept mapping."""
    rules: list[ColumnRule] = st.session_state[f"import_rules_{file_id}"]
    value = st.session_state[widget_key]
    rules[index] = replace(rules[index], **{part: value.strip() if part == "key" else value})


def _column_row(file_id: str, index: int, rule: ColumnRule, sample: Any) -> None:
    column = rule.column
    shown = sample if isinstance(sample, str) else json.dumps(sample, ensure_ascii=False)
    keys = {part: f"{part}_{file_id}_{index}" for part in ("role", "key", "type")}
    fixed = rule.role in ("name", "skip")
    with st.container(border=True, key=f"column_{index}"):
        st.markdown(f"**{escape(column)}**" + (f"  \n:small[e.g. {escape(shown[:80])}]" if shown else ""))
        left, middle, right = st.columns([2, 2, 2])
        with left:
            st.selectbox(
                f"Role of {column}",
                options=list(ROLES),
                index=list(ROLES).index(rule.role),
                format_func=ROLES.__getitem__,
                key=keys["role"],
                on_change=_remember,
                args=(file_id, index, "role", keys["role"]),
            )
        with middle:
            st.text_input(
                f"Key of {column}",
                value=rule.key,
                key=keys["key"],
                disabled=fixed,
                on_change=_remember,
                args=(file_id, index, "key", keys["key"]),
                help="Where the value goes in inputs or expected outputs; a dot nests (user.name). Empty: the cell "
                "holds the whole object.",
            )
        with right:
            st.selectbox(
                f"Type of {column}",
                options=list(TYPES),
                index=list(TYPES).index(rule.type),
                format_func=TYPES.__getitem__,
                key=keys["type"],
                disabled=fixed,
                on_change=_remember,
                args=(file_id, index, "type", keys["type"]),
            )


def checked_plan(loaded: LoadedFile, rules: list[ColumnRule], pattern: str, cases: CaseLookup) -> ImportPlan:
    """The whole file checked against the mapping and the dataset; worked out again only when one of them changes."""
    key = (loaded.file_id, loaded.table.settings, tuple(rules), pattern, cases.loaded_at)
    kept = st.session_state.get(PLAN_KEY)
    if kept is None or kept[0] != key:
        plan = plan_import(loaded.table, rules, cases.fingerprints, pattern)
        st.session_state[PLAN_KEY] = (key, plan)
        kept = st.session_state[PLAN_KEY]
    return cast(ImportPlan, kept[1])


def kept_plan() -> ImportPlan | None:
    """The plan the page last showed (for a callback, which must not hold it in its arguments)."""
    kept = st.session_state.get(PLAN_KEY)
    return cast(ImportPlan, kept[1]) if kept else None


def preview(loaded: LoadedFile, plan: ImportPlan) -> None:
    """The counts, every problem with its row and column, and the exact JSON the first cases will send."""
    st.subheader("Check", anchor=False)
    counts = [
        f"**{plan.total_rows:,}** row{'s' if plan.total_rows != 1 else ''} in the file",
        f"**{len(plan.cases):,}** will become test cases",
    ]
    if plan.problems:
        counts.append(f"**{plan.rows_with_problems:,}** with problems (skipped)")
    if plan.repeated:
        counts.append(f"**{len(plan.repeated):,}** repeat an earlier row (imported once)")
    if plan.already_there:
        counts.append(f"**{len(plan.already_there):,}** already there (skipped)")
    with st.container(key="import_counts"):
        st.markdown(" · ".join(counts))
    if plan.problems:
        with st.container(border=True, key="import_problems"):
            st.warning(
                f"{plan.rows_with_problems:,} row{'s' if plan.rows_with_problems != 1 else ''} cannot be imported "
                "as they are. Fix the file and upload it again, or import the valid rows and skip these.",
                icon=":material/warning:",
            )
            st.dataframe(
                [{"Row": p.row, "Column": p.column or "", "Problem": p.message} for p in plan.problems[:5000]],
                hide_index=True,
                width="stretch",
            )
            if len(plan.problems) > 5000:
                note(f"The first 5,000 of {len(plan.problems):,} problems are listed; the download has them all.")
            st.download_button(
                "Download rows with problems",
                data=problem_rows_csv(loaded.table, plan.problems),
                file_name=f"problems-{loaded.name.rsplit('.', 1)[0]}.csv",
                mime="text/csv",
                icon=":material/download:",
            )
    if plan.repeated or plan.already_there:
        with st.expander("Rows that will be skipped"):
            lines = [f"Row {row}: same as row {first}" for row, first in list(plan.repeated.items())[:200]]
            lines += [f"Row {row}: already there" for row in plan.already_there[:200]]
            st.code("\n".join(lines), language=None)
    if plan.cases:
        st.markdown(f"**What the first {min(PREVIEW_ROWS, len(plan.cases))} will send**")
        for case in plan.cases[:PREVIEW_ROWS]:
            body = {"name": case.name, "inputs": case.inputs, "expectedOutputs": case.expected_outputs}
            note(f"Row {case.row}")
            st.code(json.dumps(body, indent=2, ensure_ascii=False), language="json")
