"""Small things every screen uses: page addresses, times in the viewer's zone, counted nouns, a pager and the
engineers' details under an error."""

import math
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from components.text import note

_PAGES = Path(__file__).resolve().parents[1] / "pages"
CREATE_PAGE = _PAGES / "create_dataset.py"
IMPORT_PAGE = _PAGES / "import_test_cases.py"
DATASETS_PAGE = _PAGES / "datasets.py"
ACTIVITY_PAGE = _PAGES / "activity.py"
CONNECTION_PAGE = _PAGES / "connection.py"


def viewer_zone() -> ZoneInfo:
    """The browser's time zone (UTC when the browser does not say, as in tests)."""
    try:
        return ZoneInfo(st.context.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time(moment: datetime, zone: ZoneInfo, *, short: bool = False) -> str:
    """`short` leaves out the seconds and the zone's name (for a table whose heading names the zone)."""
    if short:
        return moment.astimezone(zone).strftime("%d %b %Y, %H:%M")
    return moment.astimezone(zone).strftime("%d %b %Y, %H:%M:%S ") + f"({zone.key})"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """ "1 test case", "1,204 test cases"."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def pipeline_select(labels: dict[str, str], key: str, on_change: Callable[[], None], help_text: str) -> str | None:
    """A pipeline chosen by name or slug (type to search); its id, or None."""
    chosen: str | None = st.selectbox(
        "Pipeline",
        options=list(labels),
        index=None,
        format_func=labels.__getitem__,
        key=key,
        placeholder="Search by name or slug…",
        on_change=on_change,
        help=help_text,
    )
    return chosen


def engineers_details(details: str) -> None:
    """The technical line behind a plain-language error, folded away."""
    with st.expander("Details for engineers"):
        st.code(details, language=None, wrap_lines=True)


def page_of(count: int, size: int, wanted: int | None) -> tuple[int, int, slice]:
    """(the page to show, how many pages, the slice of the rows on it) for a 1-based page number."""
    pages = max(1, math.ceil(count / size))
    page = min(max(int(wanted or 1), 1), pages)
    return page, pages, slice((page - 1) * size, page * size)


def pager(key: str, page: int, pages: int, count: int, size: int, go_to: Callable[[int], None]) -> None:
    """Previous page · "Showing 26–50 of 120 · page 2 of 5" · Next page. `go_to` is the buttons' callback."""
    first, last = (page - 1) * size + 1, min(page * size, count)
    left, middle, right = st.columns([1, 2, 1], vertical_alignment="center")
    left.button(
        "Previous page",
        key=f"{key}_previous",
        icon=":material/chevron_left:",
        disabled=page <= 1,
        on_click=go_to,
        args=(page - 1,),
    )
    with middle:
        note(f"Showing {first:,}–{last:,} of {count:,} · page {page} of {pages}")
    right.button(
        "Next page",
        key=f"{key}_next",
        icon=":material/chevron_right:",
        disabled=page >= pages,
        on_click=go_to,
        args=(page + 1,),
    )
