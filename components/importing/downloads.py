"""The import's files to download: a template whose headings match the dataset, and the rows with problems or that
failed, to fix and upload again (as CSV, and as Excel too when the uploaded file was Excel)."""

from collections.abc import Callable

import streamlit as st

from components.shared.lookups import CaseLookup
from services.importing.reports import template_csv

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_downloads(what: str, stem: str, make: Callable[[bool], bytes], excel: bool) -> None:
    """ "Download <what>" as CSV, and as Excel too when the uploaded file was Excel; made when pressed."""
    st.download_button(
        f"Download {what}", data=lambda: make(False), file_name=f"{stem}.csv", mime="text/csv",
        icon=":material/download:", on_click="ignore", key=f"importing_download_{stem}_csv",
        help="The original columns plus the row number and the reason: fix them and upload the file again.",
    )  # fmt: skip
    if excel:
        st.download_button(
            f"Download {what} as Excel", data=lambda: make(True), file_name=f"{stem}.xlsx", mime=XLSX_MIME,
            icon=":material/download:", on_click="ignore", key=f"importing_download_{stem}_xlsx",
            help="The same rows as an Excel workbook, like the file you uploaded.",
        )  # fmt: skip


def template_download(cases: CaseLookup) -> None:
    st.download_button(
        "Download a template",
        data=template_csv(cases.items),
        file_name="test-cases-template.csv",
        mime="text/csv",
        icon=":material/download:",
        key="importing_template",
        help="A CSV whose headings match the keys this dataset's test cases use (an example when it has none).",
    )
