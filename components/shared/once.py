"""Sends every change the UI makes exactly once per deliberate click.

A double-click starts a second script run at once, and Streamlit stops the first run at its next `st` call. So the
work is started by the button's callback (callbacks run to the end before any script run) on a thread of its own,
under a key. A second callback with the same key finds the work running, or already done, and starts nothing; only a
key whose work failed may start again. The key is the caller's (the create form: its token and the body it sends)
or, by default, the scope's current token, which stays the same until that change is settled. Every script run
first settles its scope: it waits for work still running and keeps the outcome for the page to show.

A scope is a kind of change and what it is about (`Scope("cases", dataset_id)`); the kinds are listed once, in
`components.shared.scopes`. Settling a scope settles exactly that scope.

Failures are handled one way: an `ExpectedFailure` (Gentrace said no, a colleague's change, work already running)
is kept as it is; anything else is a bug, logged and kept as an `UnexpectedFailure`.

Session state (this module's): `shared_once_work`, `shared_once_done`, `shared_once_nonce`, `shared_once_outcome`.
"""

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from services.failures import ExpectedFailure, UnexpectedFailure

log = logging.getLogger(__name__)

_WORK = "shared_once_work"  # key → Work, until settled
_DONE = "shared_once_done"  # keys whose work succeeded: a late second click finds them
_NONCE = "shared_once_nonce"  # scope → the current token's random part
_OUTCOME = "shared_once_outcome"  # scope → the last settled Work
WAIT_SECONDS = 120  # longer than any one change takes (a read, a send, a read back; 35 s each at worst)


@dataclass(frozen=True)
class Scope:
    """Where one kind of change runs once: its kind (from `components.shared.scopes`) and what it is about."""

    kind: str
    subject: str = ""

    def __str__(self) -> str:
        return f"{self.kind}:{self.subject}"


@dataclass
class Work:
    scope: Scope
    what: str  # what the page says while waiting
    context: dict[str, Any]  # what the page needs to show the outcome
    finished: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: ExpectedFailure | None = None
    shown: bool = False  # for pages that take an outcome over once


@dataclass
class Progress:
    """How far a long change got (steps carried out of `total`): pass it as `progress=` to `start_once` and update
    `done` from the work; the page then shows a progress bar while it waits."""

    total: int
    done: int = 0

    def step(self, done: int) -> None:
        self.done = done


def token(scope: Scope) -> str:
    """The key of the next change in `scope`: the same until that change is settled."""
    nonces: dict[Scope, str] = st.session_state.setdefault(_NONCE, {})
    return f"{scope}:{nonces.setdefault(scope, uuid.uuid4().hex)}"


def already(key: str) -> bool:
    """Whether the work under `key` is running, or done."""
    pending: dict[str, Work] = st.session_state.get(_WORK, {})
    earlier = pending.get(key)
    running_or_fine = earlier is not None and not (earlier.finished.is_set() and earlier.error is not None)
    return key in st.session_state.get(_DONE, set()) or running_or_fine


def start_once(scope: Scope, what: str, work: Callable[[], Any], *, key: str | None = None, **context: Any) -> bool:
    """Call from a callback. Starts `work` unless its key is running or already done; True when it started."""
    key = key or token(scope)
    if already(key):
        return False
    forget_outcome(scope)
    item = st.session_state.setdefault(_WORK, {})[key] = Work(scope, what, context)
    threading.Thread(target=_run, args=(work, item), name=f"once-{scope.kind}", daemon=True).start()
    return True


def _run(work: Callable[[], Any], item: Work) -> None:
    try:
        item.result = work()
    except ExpectedFailure as error:
        item.error = error
    except Exception as error:  # a bug must still end the wait and leave the page usable
        log.exception("%s failed unexpectedly", item.scope)
        item.error = UnexpectedFailure(type(error).__name__)
    finally:
        item.finished.set()


def settle(scope: Scope) -> Work | None:
    """Waits for this scope's running work, then keeps its outcome for `outcome()`; returns what it settled."""
    pending: dict[str, Work] = st.session_state.setdefault(_WORK, {})
    mine = {key: item for key, item in pending.items() if item.scope == scope}
    running = [item for item in mine.values() if not item.finished.is_set()]
    if running:
        _wait(running)
    settled = None
    for key, item in mine.items():
        if not item.finished.is_set():
            continue
        st.session_state.setdefault(_OUTCOME, {})[scope] = settled = item
        del pending[key]
        if item.error is None:
            st.session_state.setdefault(_DONE, set()).add(key)
        st.session_state.setdefault(_NONCE, {}).pop(scope, None)  # the next click is a new change
    return settled


def _wait(running: list[Work]) -> None:
    """A spinner, or a progress bar for work that counts its steps; gives up after WAIT_SECONDS without a step."""
    counted = next(
        (item.context["progress"] for item in running if isinstance(item.context.get("progress"), Progress)), None
    )
    if counted is None:
        with st.spinner(running[0].what):
            for item in running:
                item.finished.wait(WAIT_SECONDS)
        return
    bar = st.progress(0.0, text=running[0].what)
    last, quiet = -1, 0.0
    while (unfinished := [item for item in running if not item.finished.is_set()]) and quiet < WAIT_SECONDS:
        if counted.done != last:
            last, quiet = counted.done, 0.0
            share = counted.done / counted.total if counted.total else 1.0
            bar.progress(min(share, 1.0), text=f"{running[0].what} {counted.done:,} of {counted.total:,}")
        unfinished[0].finished.wait(0.25)
        quiet += 0.25
    bar.empty()


def settle_kind(kind: str) -> list[Work]:
    """Settles every scope of this kind that has work: for what is drawn before the page (the sidebar) and must show
    a change's outcome. The page finds the outcome with `outcome()`."""
    pending: dict[str, Work] = st.session_state.get(_WORK, {})
    scopes = {item.scope for item in pending.values() if item.scope.kind == kind}
    return [work for scope in sorted(scopes, key=str) if (work := settle(scope)) is not None]


def outcome(scope: Scope) -> Work | None:
    """The last settled work in `scope`, until `forget_outcome`."""
    outcomes: dict[Scope, Work] = st.session_state.get(_OUTCOME, {})
    return outcomes.get(scope)


def forget_outcome(scope: Scope) -> None:
    st.session_state.get(_OUTCOME, {}).pop(scope, None)
