"""The one pager: Previous page · "Showing 26–50 of 120 · page 2 of 5" · Next page. The page number is the caller's
(its room owns the key); the buttons call `go_to` with the page wanted."""

import math
from collections.abc import Callable

import streamlit as st

from components.shared.text import note


def page_of(count: int, size: int, wanted: int | None) -> tuple[int, int, slice]:
    """(the page to show, how many pages, the slice of the rows on it) for a 1-based page number."""
    pages = max(1, math.ceil(count / size))
    page = min(max(int(wanted or 1), 1), pages)
    return page, pages, slice((page - 1) * size, page * size)


def pager(key: str, page: int, pages: int, count: int, size: int, go_to: Callable[[int], None]) -> None:
    """`key` names the buttons (it carries the caller's room prefix)."""
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
