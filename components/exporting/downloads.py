"""A dataset's test cases as files (CSV, Excel, JSONL) that the import reads back into exactly the same cases; each
made when its button is pressed, from the cases the page shows."""

import functools

import streamlit as st

from components.shared.lookups import CaseLookup
from components.shared.text import note
from services.exporting.dataset_files import export_csv, export_file_name, export_jsonl, export_xlsx, fits_in_excel
from services.gentrace.types import Dataset


def export_buttons(dataset: Dataset, cases: CaseLookup) -> None:
    if cases.error is not None:
        note("The test cases could not be read, so there is nothing to export right now.")
        return
    items = cases.items
    fit_in_excel = cases.derived(fits_in_excel)
    st.download_button(
        "Download CSV",
        data=functools.partial(export_csv, items),
        file_name=export_file_name(dataset.name, "csv"),
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key=f"exporting_csv_{dataset.id}",
        help="Every test case, one per row, no cell starting a formula: imports back into the same cases.",
    )
    st.download_button(
        "Download Excel",
        data=functools.partial(export_xlsx, items),
        file_name=export_file_name(dataset.name, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        on_click="ignore",
        key=f"exporting_xlsx_{dataset.id}",
        disabled=not fit_in_excel,
        help="Every test case, one per row, as an Excel workbook: text stays text, numbers and true/false are typed, "
        "and it imports back into the same cases."
        if fit_in_excel
        else "A value is longer than the 32,767 characters an Excel cell holds: download CSV or JSONL instead.",
    )
    st.download_button(
        "Download JSONL",
        data=functools.partial(export_jsonl, items),
        file_name=export_file_name(dataset.name, "jsonl"),
        mime="application/jsonl",
        icon=":material/download:",
        on_click="ignore",
        key=f"exporting_jsonl_{dataset.id}",
        help="Every test case as Gentrace returns it, one JSON object per line.",
    )
