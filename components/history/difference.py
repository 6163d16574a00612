"""A change to one case, field by field: Field · Before · After. The Before column is the old text with the words
removed struck through, the After column the new text with the words added in bold; each column reads as the text
it is, and the marks are elements (`<del>`, `<strong>`), never markup around escaped text. Used by the History, an
edit's review and a health fix's review."""

import html
import json

import streamlit as st

from services.history.difference import FieldChange

# The colours say it a second time: the marks themselves (struck through, bold) carry the meaning.
STYLE = (
    ".studio-difference table{border-collapse:collapse;width:100%;margin:0.25rem 0 0.75rem}"
    ".studio-difference th,.studio-difference td{border:1px solid #D1D5DB;padding:0.35rem 0.6rem;"
    "text-align:left;vertical-align:top;overflow-wrap:anywhere}"
    ".studio-difference th{background:#F4F6FB;font-weight:600}"
    ".studio-difference del{color:#B91C1C;text-decoration:line-through}"
    ".studio-difference strong{color:#166534;font-weight:700}"
)


def show_difference(changes: list[FieldChange], headings: tuple[str, str] = ("Before", "After")) -> None:
    st.html(difference_html(changes, headings))


def difference_html(changes: list[FieldChange], headings: tuple[str, str] = ("Before", "After")) -> str:
    """The table as HTML: every value escaped, the marks the only elements inside a cell. `headings`: the two
    sides' ("In A", "In B" when two datasets are compared)."""
    rows = "".join(
        f"<tr><td>{html.escape(change.field)}</td><td>{_before(change)}</td><td>{_after(change)}</td></tr>"
        for change in changes
    )
    before, after = (html.escape(heading) for heading in headings)
    head = f'<tr><th scope="col">Field</th><th scope="col">{before}</th><th scope="col">{after}</th></tr>'
    return f'<div class="studio-difference"><table><thead>{head}</thead><tbody>{rows}</tbody></table></div>'


def _plain(value: object, exists: bool) -> str:
    if not exists:
        return "<em>(none)</em>"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return html.escape(" ".join(text.split("\n"))) or "<em>(empty)</em>"


def _marked(change: FieldChange, side: str, mark: str) -> str:
    """One side's text, in order, with the words only that side has inside `mark`."""
    parts = []
    for word in change.words:
        if word.kind not in ("same", side):
            continue
        text = html.escape(word.text.replace("\n", " "))
        parts.append(f"<{mark}>{text}</{mark}>" if word.kind == side and text.strip() else text)
    return "".join(parts) or "<em>(empty)</em>"


def _before(change: FieldChange) -> str:
    return _marked(change, "removed", "del") if change.words else _plain(change.before, change.existed_before)


def _after(change: FieldChange) -> str:
    return _marked(change, "added", "strong") if change.words else _plain(change.after, change.exists_after)
