"""Ask, then confirm: which question is open in one place (a dataset's golden switch, a deletion, an undo, a fix, a
reset). The question's key is its room's; a new question forgets the last outcome shown there."""

from dataclasses import dataclass
from typing import Any

import streamlit as st

from components.shared import once


@dataclass(frozen=True)
class Question:
    """`key`: the owning room's session-state key; `outcome_of`: the once scope whose shown outcome a new question
    puts away (what was done last is no longer the news)."""

    key: str
    outcome_of: once.Scope | None = None

    def ask(self, what: Any = True) -> None:
        """A callback: opens the question (`what` says which, when one place asks several)."""
        st.session_state[self.key] = what
        if self.outcome_of is not None:
            once.forget_outcome(self.outcome_of)

    def close(self) -> None:
        """A callback too: "Cancel", or the answer was given."""
        st.session_state[self.key] = None

    @property
    def asked(self) -> Any:
        """Which question is open (True for a lone one), or None."""
        return st.session_state.get(self.key)
