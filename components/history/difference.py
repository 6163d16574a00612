"""A change to one case, field by field: Field · Before · After, the words removed struck through and the words added
in bold (not by colour alone). Used by the History, an edit's review and a health fix's review."""

import json

from components.shared.text import escape
from services.history.difference import FieldChange


def difference_table(changes: list[FieldChange]) -> str:
    """Field · Before · After, as a markdown table; every value escaped."""
    rows = [
        f"| {escape(change.field)} | {_side(change.before, change.existed_before)} | {_after(change)} |"
        for change in changes
    ]
    return "| Field | Before | After |\n|---|---|---|\n" + "\n".join(rows)


def _side(value: object, exists: bool) -> str:
    if not exists:
        return "*(none)*"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return escape(" ".join(text.split("\n"))) or "*(empty)*"


def _after(change: FieldChange) -> str:
    """The new value, its words marked: removed ones struck through, added ones in bold (not by colour alone)."""
    words = change.words
    if not words:
        return _side(change.after, change.exists_after)
    marked = []
    for word in words:
        text = escape(word.text.replace("\n", " "))
        if not text.strip():
            marked.append(text)
        elif word.kind == "removed":
            marked.append(f":red[~~{text}~~]")
        elif word.kind == "added":
            marked.append(f":green[**{text}**]")
        else:
            marked.append(text)
    return "".join(marked)
