"""Asks for the file, how to read it and what each column becomes; shows the check and exactly what will be sent.

A rerun re-reads nothing: the table is kept per upload (Streamlit's file id) and read settings, and the plan per
table, mapping and dataset listing.
"""

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import streamlit as st

from components.lookups import CaseLookup
from components.text import escape, label, note
from services.importing.bounded_read import guess_upload, read_upload
from services.importing.mapping import (
    DEFAULT_NAME_PATTERN,
    ROLES,
    ROW_NAME_PATTERN,
    TYPES,
    ColumnRule,
    default_rules,
    is_gentrace_shape,
    looks_like_notes,
    pattern_problem,
)
from services.importing.read import DELIMITERS, ENCODINGS, Limits, ReadSettings, Table, UnreadableFile
from services.importing.reports import template_csv

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_TYPES = ["csv", "tsv", "txt", "xlsx", "jsonl", "json"]
TABLE_KEY = "import_table"
PLAN_KEY = "import_plan"


@dataclass(frozen=True)
class LoadedFile:
    name: str
    file_id: str
    table: Table


def report_downloads(what: str, stem: str, make: Callable[[bool], bytes], excel: bool) -> None:
    """ "Download <what>" as CSV, and as Excel too when the uploaded file was Excel; made when pressed."""
    st.download_button(
        f"Download {what}", data=lambda: make(False), file_name=f"{stem}.csv", mime="text/csv",
        icon=":material/download:", on_click="ignore", key=f"download_{stem}_csv",
        help="The original columns plus the row number and the reason: fix them and upload the file again.",
    )  # fmt: skip
    if excel:
        st.download_button(
            f"Download {what} as Excel", data=lambda: make(True), file_name=f"{stem}.xlsx", mime=XLSX_MIME,
            icon=":material/download:", on_click="ignore", key=f"download_{stem}_xlsx",
            help="The same rows as an Excel workbook, like the file you uploaded.",
        )  # fmt: skip


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
    """The uploader, the read settings (guessed, changeable) and the table they give; None until a file is read.

    Every read runs in a bounded child process (services.importing.bounded_read). What the person has not chosen is
    guessed again for each read: choosing another sheet finds that sheet's heading row."""
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
    chosen: dict[str, Any] = st.session_state.setdefault(f"import_chosen_{file_id}", {})
    first: ReadSettings | None = st.session_state.get(f"import_guess_{file_id}")
    requested = None if first is None or not chosen else _requested(first, chosen)
    kept: tuple[object, Table | UnreadableFile] | None = st.session_state.get(TABLE_KEY)
    if kept is None or kept[0] != (file_id, requested):  # a failed read is kept too: a rerun does not read again
        try:
            kept = ((file_id, requested), read_upload(uploaded.name, uploaded.getvalue(), requested, limits))
        except UnreadableFile as error:
            kept = ((file_id, requested), error)
            if first is None and (first := guess_upload(uploaded.name, uploaded.getvalue())) is not None:
                st.session_state[f"import_guess_{file_id}"] = first  # the settings to change, though reading failed
        st.session_state[TABLE_KEY] = kept
    if isinstance(kept[1], UnreadableFile):
        _unreadable(uploaded.name, kept[1])
        if first is not None:
            _settings_widgets(file_id, first, st.session_state.get(f"import_sheets_{file_id}", ()))
        return None
    st.session_state.setdefault(f"import_guess_{file_id}", kept[1].settings)
    st.session_state[f"import_sheets_{file_id}"] = kept[1].sheets
    table = kept[1]
    _settings_widgets(file_id, table.settings, table.sheets)
    note("Read as " + describe(table.settings) + ".")
    if table.guessed:
        note(escape(table.guessed))
    return LoadedFile(uploaded.name, file_id, table)


def _requested(first: ReadSettings, chosen: dict[str, Any]) -> ReadSettings:
    """The first read's guesses, overridden by what the person chose; the heading row is guessed unless chosen."""
    return replace(
        first,
        delimiter=chosen.get("delimiter", first.delimiter),
        encoding=chosen.get("encoding", first.encoding),
        sheet=chosen.get("sheet", first.sheet),
        header_row=chosen.get("header_row"),
    )


def _unreadable(filename: str, error: UnreadableFile) -> None:
    with st.container(key="import_file_error"):
        st.error(f"Nothing can be imported from “{escape(filename)}”. {escape(str(error))}", icon=":material/error:")
        note("Nothing was sent. Fix the file and upload it again, or change the read settings.")


def _choose(file_id: str, part: str) -> None:
    """A read-settings widget's callback: from now on this part is the person's choice, not a guess."""
    st.session_state[f"import_chosen_{file_id}"][part] = st.session_state[f"{part}_{file_id}"]


def _settings_widgets(file_id: str, used: ReadSettings, sheets: tuple[str, ...]) -> None:
    """The sheet (in view when there are several) and, in "Read settings", the delimiter, encoding and heading row,
    each showing what the last read used."""
    if used.kind in ("jsonl", "json"):
        return
    chosen = st.session_state[f"import_chosen_{file_id}"]
    shown: dict[str, object] = {"delimiter": used.delimiter, "encoding": used.encoding, "sheet": used.sheet}
    shown["header_row"] = used.header_row or 1
    for part, value in shown.items():
        if part not in chosen:
            st.session_state[f"{part}_{file_id}"] = value
    if used.kind == "xlsx" and len(sheets) > 1:
        st.selectbox(
            "Sheet", options=list(sheets), key=f"sheet_{file_id}", on_change=_choose, args=(file_id, "sheet"),
            help="The sheet that holds the test cases. The one that looks most like a table of them is chosen first.",
        )  # fmt: skip
    with st.expander("Read settings", expanded=False):
        note("Guessed from the file; change them if the preview below looks wrong.")
        left, middle, right = st.columns(3)
        if used.kind == "csv":
            with left:
                st.selectbox(
                    "Delimiter", options=list(DELIMITERS), format_func=DELIMITERS.__getitem__,
                    key=f"delimiter_{file_id}", on_change=_choose, args=(file_id, "delimiter"),
                )  # fmt: skip
            with middle:
                st.selectbox(
                    "Encoding", options=list(ENCODINGS), format_func=ENCODINGS.__getitem__,
                    key=f"encoding_{file_id}", on_change=_choose, args=(file_id, "encoding"),
                )  # fmt: skip
        with right:
            st.number_input(
                "Header row", min_value=1, max_value=1000, step=1, key=f"header_row_{file_id}",
                on_change=_choose, args=(file_id, "header_row"),
                help="The row that holds the column headings (1 is the first row).",
            )  # fmt: skip


def describe(settings: ReadSettings) -> str:
    if settings.kind == "xlsx":
        return f"Excel, sheet “{escape(settings.sheet or '')}”, headings in row {settings.header_row}"
    if settings.kind in ("jsonl", "json"):
        return "JSON Lines" if settings.kind == "jsonl" else "JSON"
    delimiter = DELIMITERS.get(settings.delimiter, repr(settings.delimiter)).lower()
    encoding = ENCODINGS.get(settings.encoding, settings.encoding)
    return f"text separated by {escape(delimiter)}, {encoding}, headings in row {settings.header_row}"


COLUMNS_AT_ONCE = 25


def _kept_rules(loaded: LoadedFile) -> list[ColumnRule]:
    """The mapping for the table's columns: the defaults for these columns, with every choice the person made for a
    column of the same heading kept. Worked out again whenever the columns change (another sheet, heading row,
    delimiter or encoding)."""
    table, file_id = loaded.table, loaded.file_id
    store = f"import_rules_{file_id}"
    kept: tuple[tuple[str, ...], list[ColumnRule]] | None = st.session_state.get(store)
    if kept is None or kept[0] != table.columns:
        mapped: dict[str, ColumnRule] = st.session_state.setdefault(f"import_mapped_{file_id}", {})
        rules = [mapped.get(rule.column, rule) for rule in default_rules(table)]
        st.session_state[store] = kept = (table.columns, rules)
    return kept[1]


def _visible_columns(file_id: str, rules: list[ColumnRule]) -> list[int]:
    """Which columns are on screen: all of a narrow file; of a wide one, a page of those matching the search."""
    if len(rules) <= COLUMNS_AT_ONCE:
        return list(range(len(rules)))
    left, right = st.columns([3, 1])
    with left:
        wanted = st.text_input("Find a column", key=f"column_search_{file_id}", placeholder="Part of a heading")
    matching = [i for i, rule in enumerate(rules) if wanted.strip().casefold() in rule.column.casefold()]
    pages = max(1, math.ceil(len(matching) / COLUMNS_AT_ONCE))
    with right:
        page = int(st.number_input("Page of columns", min_value=1, max_value=pages, step=1, key=f"col_page_{file_id}"))
    page = min(page, pages)
    start = (page - 1) * COLUMNS_AT_ONCE
    note(f"Columns {start + 1 if matching else 0:,}-{min(start + COLUMNS_AT_ONCE, len(matching)):,} of "
         f"{len(matching):,}" + (f" matching (the file has {len(rules):,})" if wanted.strip() else ""))  # fmt: skip
    return matching[start : start + COLUMNS_AT_ONCE]


def mapping(loaded: LoadedFile) -> tuple[list[ColumnRule], str] | None:
    """Each column's role, key and type, defaulting from its heading; and the name pattern when no column names.

    The mapping is shown as one table; its widgets (three per column) are drawn only while "Change what each column
    becomes" is on, so a wide file does not make every rerun draw dozens of widgets, and a file of hundreds of
    columns shows them a page at a time. What was chosen is kept in session state, not in the widgets, so it
    survives switching them off. None while the name pattern cannot make names."""
    table, file_id = loaded.table, loaded.file_id
    rules = _kept_rules(loaded)
    st.subheader("Columns", anchor=False)
    if is_gentrace_shape(table):
        note("These records already have Gentrace's shape (name, inputs, expected outputs): they are used as they are.")
    editing = st.toggle("Change what each column becomes", key=f"edit_mapping_{file_id}")
    visible = _visible_columns(file_id, rules)
    if editing:
        note(
            "Name: the test case's name. Input and Expected output: what the value is called in the test case (a "
            "dot puts one value inside another: customer.tier). Values stay text exactly as written unless you pick "
            "a type."
        )
        samples = table.rows[:50]
        columns_id = hashlib.blake2b("\x00".join(table.columns).encode(), digest_size=4).hexdigest()
        for index in visible:
            sample = next((row[index] for row in samples if row[index] not in (None, "")), "")
            _column_row(file_id, columns_id, index, rules[index], sample)
    else:
        st.markdown(_summary([rules[index] for index in visible]))
    if warning := looks_like_notes(table, rules):
        st.warning(escape(warning), icon=":material/warning:")
    pattern = DEFAULT_NAME_PATTERN
    if not any(rule.role == "name" for rule in rules):
        naming = st.radio(
            "Names for the test cases",
            options=list(_NAMINGS),
            format_func=_NAMINGS.__getitem__,
            key=f"naming_{file_id}",
            horizontal=True,
            help="No column gives the names. A name from the first input is that text on one line, cut at about "
            "80 characters; a row with no text input is named by its row number.",
        )
        if naming == "pattern":
            pattern = st.text_input(
                "Name pattern",
                value=ROW_NAME_PATTERN,
                key=f"name_pattern_{file_id}",
                help="{n} is the row number, as your spreadsheet shows it.",
            )
            if problem := pattern_problem(pattern):
                st.error(problem, icon=":material/error:")
                return None  # nothing can be checked until the names can be made
    return list(rules), pattern


_NAMINGS = {"first input": "From the first input", "pattern": "By row number (Row 2, Row 3, …)"}


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
    """A mapping widget's callback: copies its new value into the kept mapping, and remembers it for the column."""
    rules: list[ColumnRule] = st.session_state[f"import_rules_{file_id}"][1]
    value = st.session_state[widget_key]
    rules[index] = replace(rules[index], **{part: value.strip() if part == "key" else value})
    st.session_state.setdefault(f"import_mapped_{file_id}", {})[rules[index].column] = rules[index]


def _column_row(file_id: str, columns_id: str, index: int, rule: ColumnRule, sample: Any) -> None:
    column = label(rule.column)  # a heading is file text: never markdown, in labels too
    shown = sample if isinstance(sample, str) else json.dumps(sample, ensure_ascii=False)
    keys = {part: f"{part}_{file_id}_{columns_id}_{index}" for part in ("role", "key", "type")}
    fixed = rule.role in ("name", "skip")
    with st.container(border=True, key=f"column_{columns_id}_{index}"):
        st.markdown(f"**{escape(rule.column)}**" + (f"  \n:small[e.g. {escape(shown[:80])}]" if shown else ""))
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
