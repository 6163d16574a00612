"""Sends a change exactly once per deliberate click.

A double-click starts a second script run at once, and Streamlit stops the first run at its next `st` call. So the
work is started by the button's callback (callbacks run to the end before any script run) on a thread of its own,
under a token; a second callback with the same token finds it and does nothing. A second click that arrives after
the first change finished gets a new token, and then finds the change already made (`apply_change` sends nothing
then; a delete finds its cases gone). Every script run first waits for work still running and keeps what finished.
"""

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from services.datasets.change import ChangedElsewhere
from services.gentrace.errors import GentraceError

log = logging.getLogger(__name__)

_WORK = "once_work"
_NONCE = "once_nonce"
_OUTCOME = "once_outcome_"
WAIT_SECONDS = 120  # longer than any one change takes (a read, a send, a read back; 35 s each at worst)


@dataclass
class Work:
    what: str  # what the page says while waiting
    context: dict[str, Any]  # what the page needs to show the outcome
    finished: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: Exception | None = None


def token(scope: str) -> str:
    """The token of the next change in `scope` (e.g. one dataset's page): the same until that change finishes."""
    nonces: dict[str, str] = st.session_state.setdefault(_NONCE, {})
    return f"{scope}:{nonces.setdefault(scope, uuid.uuid4().hex)}"


def start_once(scope: str, what: str, work: Callable[[], Any], **context: Any) -> None:
    """Call from a callback. Starts `work` unless this scope's current token already started something."""
    pending: dict[str, Work] = st.session_state.setdefault(_WORK, {})
    key = token(scope)
    if key in pending:
        return
    item = pending[key] = Work(what, context)
    threading.Thread(target=_run, args=(work, item), name=f"change-{scope}", daemon=True).start()


def _run(work: Callable[[], Any], item: Work) -> None:
    try:
        item.result = work()
    except (GentraceError, ChangedElsewhere) as error:
        item.error = error
    except Exception:  # a bug must still end the wait and leave the page usable
        log.exception("a change failed unexpectedly")
        item.error = GentraceError()
    finally:
        item.finished.set()


def settle(scope: str) -> None:
    """Waits for this scope's running change, then keeps its outcome in session state for `outcome()`."""
    pending: dict[str, Work] = st.session_state.setdefault(_WORK, {})
    key = token(scope)
    item = pending.get(key)
    if item is None:
        return
    if not item.finished.is_set():
        with st.spinner(item.what):
            item.finished.wait(WAIT_SECONDS)
        if not item.finished.is_set():
            return
    st.session_state[_OUTCOME + scope] = item
    del pending[key]
    st.session_state[_NONCE].pop(scope, None)  # the next click is a new change


def outcome(scope: str) -> Work | None:
    """The last finished change in `scope`, until `forget_outcome`."""
    return st.session_state.get(_OUTCOME + scope)


def forget_outcome(scope: str) -> None:
    st.session_state.pop(_OUTCOME + scope, None)
