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
