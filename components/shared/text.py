"""Showing text that came from a person or from the API exactly as written, never as markdown or HTML."""

import re

import streamlit as st

# CommonMark lets any ASCII punctuation be escaped with a backslash; that also defuses Streamlit's own
# `:emoji:`, `:color[...]` and `$math$` syntax, and raw HTML.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# GitHub-flavoured markdown turns http://… and www.… into links even when every character is escaped (it looks
# for them in the text after parsing). An invisible word joiner inside the pattern keeps them text.
_AUTOLINK = re.compile(r"(?i)(https?(?=:)|www(?=\.))")
WORD_JOINER = "\u2060"


def escape(text: str) -> str:
    """Markdown source that renders as `text`, literally, on one line or many; web addresses stay text."""
    escaped = _PUNCTUATION.sub(r"\\\1", _AUTOLINK.sub(r"\1" + WORD_JOINER, text))
    return escaped.replace("\n", "  \n")


def note(markdown: str) -> None:
    """Secondary text: smaller, but in the full text colour (st.caption's faded grey fails WCAG AA contrast)."""
    st.markdown(f":small[{markdown}]")


# In a widget's label only these make markdown: links and images, emphasis, code, strikethrough, math, Streamlit's
# :emoji: and :color[...] directives, HTML and entities; and a few marks at the very start (headings, quotes,
# lists). Everything else is left alone, because the label is also the control's accessible name, read aloud as
# written: "Role of expected_answer" must not become "Role of expected\_answer".
_LABEL_MARKUP = re.compile(r"[\\`*\[\]<>$~&|]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|:(?=[A-Za-z0-9_\[-])")
_LABEL_START = re.compile(r"^(\s*)([#>+-])(?=\s|$)|^(\s*\d+)([.)])(?=\s|$)")


def label(text: str) -> str:
    """A widget label that shows `text` literally, escaping only what would otherwise be markdown."""
    escaped = _LABEL_MARKUP.sub(lambda match: "\\" + match.group(0), _AUTOLINK.sub(r"\1" + WORD_JOINER, text))
    start = _LABEL_START.match(escaped)
    if start:
        before = start.group(1) if start.group(1) is not None else start.group(3)
        escaped = before + "\\" + escaped[len(before) :]
    return escaped.replace("\n", " ")
