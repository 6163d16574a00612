"""Asks for the file and how to read it: the uploader, then the file held once (its name and size, with "Choose
another file"), the read settings (guessed, changeable) and the table they give.

Streamlit copies a file uploader's value on every rerun (the whole file, each time). So once a file arrives the page
takes it out of the uploader and keeps its bytes itself, once; the uploader is drawn again only for another file.
Every read runs in a bounded child process (services.importing.bounded_read), and a rerun re-reads nothing: the
table is kept per file and read settings."""

import math
from dataclasses import dataclass, replace
from typing import Any

import streamlit as st

from components.shared.formatting import counted
from components.shared.text import escape, note
from services.importing.bounded_read import guess_upload, read_upload
from services.importing.read import DELIMITERS, ENCODINGS, Limits, ReadSettings, Table, UnreadableFile

FILE_TYPES = ["csv", "tsv", "txt", "xlsx", "jsonl", "json"]
_TABLE = "importing_table"  # ((file id, settings asked for), the table or why it could not be read)


@dataclass(frozen=True)
class HeldFile:
    """An uploaded file, out of the uploader: its name, its bytes (kept once) and the upload's id."""

    name: str
    data: bytes
    file_id: str

    @property
    def size(self) -> str:
        """ "26.1 MB", "812 KB", "412 bytes"."""
        size = len(self.data)
        if size >= 1_000_000:
            return f"{size / 1_000_000:.1f} MB"
        if size >= 1_000:
            return f"{size / 1_000:.0f} KB"
        return counted(size, "byte")


@dataclass(frozen=True)
class LoadedFile:
    name: str
    file_id: str
    table: Table


def _held_key(dataset_id: str) -> str:
    return f"importing_held_{dataset_id}"


def _uploader_version_key(dataset_id: str) -> str:
    return f"importing_uploader_{dataset_id}"


def _uploader_key(dataset_id: str) -> str:
    return f"importing_file_{dataset_id}_{st.session_state.get(_uploader_version_key(dataset_id), 0)}"


def choose_another_file(dataset_id: str) -> None:
    """A callback: the held file goes, and an empty uploader is drawn (a new one: the old one's file stays out)."""
    st.session_state.pop(_held_key(dataset_id), None)
    st.session_state.pop(_TABLE, None)
    version = _uploader_version_key(dataset_id)
    st.session_state[version] = int(st.session_state.get(version, 0)) + 1


def _chosen_key(file_id: str) -> str:
    return f"importing_chosen_{file_id}"


def _guess_key(file_id: str) -> str:
    return f"importing_guess_{file_id}"


def _sheets_key(file_id: str) -> str:
    return f"importing_sheets_{file_id}"


def _setting_key(file_id: str, part: str) -> str:
    return f"importing_{part}_{file_id}"


def _held(dataset_id: str, limits: Limits) -> HeldFile | None:
    """The file held for this dataset; else the uploader, and the file it was given, taken out of it."""
    held: HeldFile | None = st.session_state.get(_held_key(dataset_id))
    if held is not None:
        return held
    uploaded = st.file_uploader(
        "File of test cases",
        type=FILE_TYPES,
        key=_uploader_key(dataset_id),
        max_upload_size=max(1, math.ceil(limits.max_bytes / 1024 / 1024)),
        help="CSV, TSV or TXT (any delimiter), Excel (.xlsx), JSONL or JSON. One row per test case, headings first.",
    )
    if uploaded is None:
        st.session_state.pop(_TABLE, None)
        return None
    st.session_state[_held_key(dataset_id)] = HeldFile(uploaded.name, uploaded.getvalue(), uploaded.file_id)
    st.rerun()  # drawn again without the uploader, which would otherwise copy the file on every rerun


def upload(dataset_id: str) -> LoadedFile | None:
    """The file (uploader, or the held file) and the table it gives; None until a file is read.

    What the person has not chosen is guessed again for each read: choosing another sheet finds that sheet's
    heading row."""
    limits = Limits.from_env()
    held = _held(dataset_id, limits)
    if held is None:
        return None
    with st.container(horizontal=True, vertical_alignment="center", key="importing_held_file"):
        st.markdown(f":material/description: **{escape(held.name)}** · {escape(held.size)}")
        st.button(
            "Choose another file",
            icon=":material/upload_file:",
            key=f"importing_choose_another_{dataset_id}",
            on_click=choose_another_file,
            args=(dataset_id,),
        )
    file_id = held.file_id
    chosen: dict[str, Any] = st.session_state.setdefault(_chosen_key(file_id), {})
    first: ReadSettings | None = st.session_state.get(_guess_key(file_id))
    requested = None if first is None or not chosen else _requested(first, chosen)
    kept: tuple[object, Table | UnreadableFile] | None = st.session_state.get(_TABLE)
    if kept is None or kept[0] != (file_id, requested):  # a failed read is kept too: a rerun does not read again
        try:
            kept = ((file_id, requested), read_upload(held.name, held.data, requested, limits))
        except UnreadableFile as error:
            kept = ((file_id, requested), error)
            if first is None and (first := guess_upload(held.name, held.data)) is not None:
                st.session_state[_guess_key(file_id)] = first  # the settings to change, though reading failed
        st.session_state[_TABLE] = kept
    if isinstance(kept[1], UnreadableFile):
        _unreadable(held.name, kept[1])
        if first is not None:
            _settings_widgets(file_id, first, st.session_state.get(_sheets_key(file_id), ()), failed=True)
        return None
    st.session_state.setdefault(_guess_key(file_id), kept[1].settings)
    st.session_state[_sheets_key(file_id)] = kept[1].sheets
    table = kept[1]
    _settings_widgets(file_id, table.settings, table.sheets)
    note("Read as " + describe(table.settings) + "." + (f"  \n{escape(table.guessed)}" if table.guessed else ""))
    return LoadedFile(held.name, file_id, table)


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
    st.session_state[_chosen_key(file_id)][part] = st.session_state[_setting_key(file_id, part)]


def _settings_widgets(file_id: str, used: ReadSettings, sheets: tuple[str, ...], failed: bool = False) -> None:
    """The sheet (in view when there are several) and, in "Read settings", the delimiter, encoding and heading row,
    each showing what the last read used; open at once when the file could not be read with them."""
    if used.kind in ("jsonl", "json"):
        return
    chosen = st.session_state[_chosen_key(file_id)]
    shown: dict[str, object] = {"delimiter": used.delimiter, "encoding": used.encoding, "sheet": used.sheet}
    shown["header_row"] = used.header_row or 1
    for part, value in shown.items():
        if part not in chosen:
            st.session_state[_setting_key(file_id, part)] = value
    if used.kind == "xlsx" and len(sheets) > 1:
        st.selectbox(
            "Sheet", options=list(sheets), key=_setting_key(file_id, "sheet"), on_change=_choose,
            args=(file_id, "sheet"),
            help="The sheet that holds the test cases. The one that looks most like a table of them is chosen first.",
        )  # fmt: skip
    read_settings = st.expander(
        "Read settings", expanded=failed, key=f"importing_read_settings_{file_id}", on_change="rerun"
    )
    if not (read_settings.open or failed):  # drawn only when asked for: their widgets cost every rerun otherwise
        return
    with read_settings:
        note("Guessed from the file; change them if the preview below looks wrong.")
        left, middle, right = st.columns(3)
        if used.kind == "csv":
            with left:
                st.selectbox(
                    "Delimiter", options=list(DELIMITERS), format_func=DELIMITERS.__getitem__,
                    key=_setting_key(file_id, "delimiter"), on_change=_choose, args=(file_id, "delimiter"),
                )  # fmt: skip
            with middle:
                st.selectbox(
                    "Encoding", options=list(ENCODINGS), format_func=ENCODINGS.__getitem__,
                    key=_setting_key(file_id, "encoding"), on_change=_choose, args=(file_id, "encoding"),
                )  # fmt: skip
        with right:
            st.number_input(
                "Header row", min_value=1, max_value=1000, step=1, key=_setting_key(file_id, "header_row"),
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
