"""Asks what each column becomes (name, input, expected output, skip), its key and type, defaulting from its
heading; and how the cases are named when no column names them. What was chosen is kept per file."""

import functools
import hashlib
import json
from dataclasses import replace
from typing import Any

import streamlit as st

from components.importing.upload import LoadedFile
from components.shared.formatting import counted
from components.shared.pager import page_of, pager
from components.shared.text import escape, label, note
from services.importing.mapping import (
    DEFAULT_NAME_PATTERN,
    ROLES,
    ROW_NAME_PATTERN,
    TYPES,
    ColumnRule,
    is_gentrace_shape,
    looks_like_notes,
    pattern_problem,
)
from services.importing.tools import mixed_columns, recognise, rules_for

COLUMNS_AT_ONCE = 25


def _rules_key(file_id: str) -> str:
    return f"importing_rules_{file_id}"


def _mapped_key(file_id: str) -> str:
    return f"importing_mapped_{file_id}"


def _column_page_key(file_id: str) -> str:
    return f"importing_column_page_{file_id}"


def _column_page(file_id: str, page: int) -> None:
    st.session_state[_column_page_key(file_id)] = page


def _first_column_page(file_id: str) -> None:
    st.session_state[_column_page_key(file_id)] = 1


def _kept_rules(loaded: LoadedFile) -> list[ColumnRule]:
    """The mapping for the table's columns: the defaults for these columns, with every choice the person made for a
    column of the same heading kept. Worked out again whenever the columns change (another sheet, heading row,
    delimiter or encoding)."""
    table, file_id = loaded.table, loaded.file_id
    store = _rules_key(file_id)
    kept: tuple[tuple[str, ...], list[ColumnRule]] | None = st.session_state.get(store)
    if kept is None or kept[0] != table.columns:
        mapped: dict[str, ColumnRule] = st.session_state.setdefault(_mapped_key(file_id), {})
        rules = [mapped.get(rule.column, rule) for rule in rules_for(table)]
        st.session_state[store] = kept = (table.columns, rules)
    return kept[1]


def _visible_columns(file_id: str, rules: list[ColumnRule]) -> list[int]:
    """Which columns are on screen: all of a narrow file; of a wide one, a page of those matching the search."""
    if len(rules) <= COLUMNS_AT_ONCE:
        return list(range(len(rules)))
    wanted = st.text_input(
        "Find a column",
        key=f"importing_column_search_{file_id}",
        placeholder="Part of a heading",
        on_change=_first_column_page,
        args=(file_id,),
    )
    matching = [i for i, rule in enumerate(rules) if wanted.strip().casefold() in rule.column.casefold()]
    if wanted.strip():
        note(f"{len(matching):,} of the file's {len(rules):,} columns match.")
    page, pages, shown = page_of(len(matching), COLUMNS_AT_ONCE, st.session_state.get(_column_page_key(file_id)))
    if pages > 1:
        go_to = functools.partial(_column_page, file_id)
        pager(f"importing_columns_{file_id}", page, pages, len(matching), COLUMNS_AT_ONCE, go_to)
    return matching[shown]


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
    elif (tool := recognise(table)) is not None:
        st.info(escape(tool.words + " Everything stays changeable below."), icon=":material/move_to_inbox:")
        _mixed(loaded, tool.rules)
    editing = st.toggle("Change what each column becomes", key=f"importing_edit_mapping_{file_id}")
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
            key=f"importing_naming_{file_id}",
            horizontal=True,
            help="No column gives the names. A name from the first input is that text on one line, cut at about "
            "80 characters; a row with no text input is named by its row number.",
        )
        if naming == "pattern":
            pattern = st.text_input(
                "Name pattern",
                value=ROW_NAME_PATTERN,
                key=f"importing_name_pattern_{file_id}",
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


_READINGS = {"object": "Objects where they parse (their keys), text elsewhere", "text": "All as text"}


def _mixed(loaded: LoadedFile, tool_rules: list[ColumnRule]) -> None:
    """A tool's input or expected-output column holding objects in some rows and text in others: the rows, and how
    to read it (worked out once per file: it reads every cell)."""
    file_id = loaded.file_id
    key = f"importing_mixed_{file_id}"
    if key not in st.session_state:
        st.session_state[key] = mixed_columns(loaded.table, tool_rules)
    for mixed in st.session_state[key]:
        rows = ", ".join(str(row) for row in mixed.others[:10]) + (" …" if len(mixed.others) > 10 else "")
        st.warning(
            escape(
                f"“{mixed.heading}” holds an object in {counted(mixed.objects, 'row')} and plain text in "
                f"{counted(len(mixed.others), 'row')} ({'row' if len(mixed.others) == 1 else 'rows'} {rows})."
            ),
            icon=":material/rule:",
        )
        widget = f"importing_reading_{file_id}_{mixed.column}"
        rules: list[ColumnRule] = st.session_state[_rules_key(file_id)][1]
        st.session_state.setdefault(widget, "text" if rules[mixed.column].type == "text" else "object")
        st.radio(
            f"Read {label(mixed.heading)} as",
            list(_READINGS),
            format_func=_READINGS.__getitem__,
            key=widget,
            horizontal=True,
            on_change=_remember,
            args=(file_id, mixed.column, "type", widget),
        )


def _remember(file_id: str, index: int, part: str, widget_key: str) -> None:
    """A mapping widget's callback: copies its new value into the kept mapping, and remembers it for the column."""
    rules: list[ColumnRule] = st.session_state[_rules_key(file_id)][1]
    value = st.session_state[widget_key]
    rules[index] = replace(rules[index], **{part: value.strip() if part == "key" else value})
    st.session_state.setdefault(_mapped_key(file_id), {})[rules[index].column] = rules[index]


def _column_row(file_id: str, columns_id: str, index: int, rule: ColumnRule, sample: Any) -> None:
    column = label(rule.column)  # a heading is file text: never markdown, in labels too
    shown = sample if isinstance(sample, str) else json.dumps(sample, ensure_ascii=False)
    keys = {part: f"importing_{part}_{file_id}_{columns_id}_{index}" for part in ("role", "key", "type")}
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
