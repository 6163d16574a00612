"""An import on the server's own worker threads: sending each planned case once, answers lost on the way settled by
listing the dataset and matching fingerprints (never by sending again blindly), rate limits, cancelling, progress,
and the registry a reloaded tab finds a running import in."""

import functools
import logging
import math
import os
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from services.cases.format import fingerprints_of
from services.failures import ExpectedFailure
from services.gentrace.client import GentraceClient
from services.gentrace.errors import CannotConnect, GentraceError, InvalidApiKey, RateLimited
from services.importing.plan import PlannedCases
from services.importing.table import Table

log = logging.getLogger(__name__)
MAX_SEND_ATTEMPTS = 5  # per case, when an answer was lost and the case is provably not there
RESEND_BACKOFF_SECONDS = 0.25  # doubled after each lost answer: a struggling server gets room to recover
MAX_RATE_LIMIT_WAITS = 20  # per case
DEFAULT_CONCURRENCY = 8


class SendableCase(Protocol):
    """What the job sends: a file's planned row, or a case copied from another dataset."""

    @property
    def row(self) -> int: ...  # the number a person sees (the file's row, the case's place in its dataset)
    @property
    def name(self) -> str: ...
    @property
    def fingerprint(self) -> str: ...
    @property
    def content(self) -> tuple[dict[str, Any], dict[str, Any]]: ...  # (inputs, expected outputs)


# -- sending --------------------------------------------------------------------------------------------------------

Status = Literal["created", "already there", "failed", "unknown", "not sent"]


@dataclass(frozen=True)
class Outcome:
    status: Status
    error: str | None = None
    case_id: str | None = None  # of a case created with its answer read (a found-after-lost one has none)


@dataclass(frozen=True, kw_only=True)
class Progress:
    state: Literal["running", "cancelling", "finished", "cancelled", "stopped"]
    total: int
    sent: int
    created: int
    already_there: int
    failed: int
    unknown: int
    seconds_left: float | None
    message: str | None  # why it stopped, when it did

    @property
    def done(self) -> bool:
        return self.state in ("finished", "cancelled", "stopped")


def import_concurrency(environ: Mapping[str, str] = os.environ) -> int:
    try:
        return max(1, min(64, int(environ.get("GENTRACE_IMPORT_CONCURRENCY") or DEFAULT_CONCURRENCY)))
    except ValueError:
        return DEFAULT_CONCURRENCY


class _Listing:
    """The dataset's fingerprints as last listed, shared by the workers: answers lost at about the same time are
    checked against one listing made after the last of them, not one listing each."""

    def __init__(self, client: GentraceClient, dataset_id: str) -> None:
        self.client, self.dataset_id = client, dataset_id
        self.lock = threading.Lock()
        self.listed_at = -math.inf
        self.prints: set[str] = set()

    def after(self, moment: float) -> set[str]:
        with self.lock:
            if self.listed_at < moment:
                started = time.monotonic()
                self.prints = fingerprints_of(self.client.list_test_cases(dataset_id=self.dataset_id))
                self.listed_at = started
            return self.prints


class ImportJob:
    """One import into one dataset, on worker threads that belong to the server, not to a page run."""

    def __init__(
        self,
        client: GentraceClient,
        dataset_id: str,
        cases: Sequence[SendableCase],
        concurrency: int = DEFAULT_CONCURRENCY,
        label: str = "",
        source: Table | None = None,
        on_finish: Callable[["ImportJob"], None] | None = None,
        before_sending: Callable[["ImportJob"], None] | None = None,
        kind: Literal["import", "copy"] = "import",
        set_aside: Mapping[str, int] | None = None,
    ) -> None:
        self.id = uuid.uuid4().hex
        self.kind = kind  # a file's import, or a copy from another dataset
        self.set_aside = dict(set_aside or {})  # the file's rows not sent, by why (ImportPlan.set_aside)
        self.on_finish = on_finish  # called once on the import's thread after it ended (e.g. for the audit log)
        self.before_sending = before_sending  # called on the import's thread first; if it raises, nothing is sent
        self.history_entry: str | None = None  # the history entry that records this import, once written
        self.source = source  # the file's table, for the failed-rows download
        self.client, self.dataset_id, self.cases = client, dataset_id, cases
        self.concurrency = max(1, concurrency)
        self.label = label
        self.outcomes: dict[int, Outcome] = {}  # position in `cases` → what happened
        self.started_at = time.monotonic()
        self.finished_at: float | None = None
        self._lock = threading.Lock()
        self._next = 0
        self._cancel = threading.Event()
        self._stop_message: str | None = None
        self._pause_until = 0.0
        self._finished = threading.Event()
        self._listing = _Listing(client, dataset_id)
        self._thread = threading.Thread(target=self._run, name=f"import-{self.id[:8]}", daemon=True)

    # -- control ----------------------------------------------------------------------------------------------

    def start(self) -> "ImportJob":
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Starts no new request; those in flight finish and are counted."""
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._finished.wait(timeout)

    @property
    def running(self) -> bool:
        return not self._finished.is_set()

    def progress(self) -> Progress:
        with self._lock:
            counts = {status: 0 for status in ("created", "already there", "failed", "unknown", "not sent")}
            for outcome in self.outcomes.values():
                counts[outcome.status] += 1
            stop = self._stop_message
        total = len(self.cases)
        settled = counts["created"] + counts["already there"] + counts["failed"] + counts["unknown"]
        if self.finished_at is not None:
            state: Any = "stopped" if stop else "cancelled" if self._cancel.is_set() else "finished"
        else:
            state = "cancelling" if self._cancel.is_set() else "running"
        elapsed = time.monotonic() - self.started_at
        left = (elapsed / settled) * (total - settled) if settled and state == "running" else None
        return Progress(
            state=state,
            total=total,
            sent=settled,
            created=counts["created"],
            already_there=counts["already there"],
            failed=counts["failed"],
            unknown=counts["unknown"],
            seconds_left=left,
            message=stop,
        )

    @functools.cached_property
    def file_rows(self) -> dict[str, int]:
        """fingerprint → the file's row, for every case this import was given: the order the file had."""
        if isinstance(self.cases, PlannedCases):  # its arrays, without making a PlannedCase per row
            return dict(zip(self.cases.fingerprints, self.cases.rows, strict=True))
        return {case.fingerprint: case.row for case in self.cases}

    def created_cases(self) -> dict[int, str | None]:
        """position → the new case's id (None when it was found after a lost answer), for every case created."""
        with self._lock:
            return {at: outcome.case_id for at, outcome in self.outcomes.items() if outcome.status == "created"}

    def failed_cases(self) -> list[tuple[SendableCase, Outcome]]:
        """Cases that did not make it (failed, unknown, or never sent), with why."""
        with self._lock:
            return [
                (case, self.outcomes.get(position, Outcome("not sent", "not sent: the import was stopped")))
                for position, case in enumerate(self.cases)
                if self.outcomes.get(position, Outcome("not sent")).status in ("failed", "unknown", "not sent")
            ]

    # -- the work ---------------------------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            if self.before_sending is not None:
                try:
                    self.before_sending(self)
                except Exception as error:  # e.g. the history cannot be written: then nothing is sent
                    self._stop(f"Nothing was sent. {error}")
                    return
            try:
                there = self._listing.after(self.started_at)
            except GentraceError as error:
                self._stop(f"The dataset's test cases could not be read, so nothing was sent. {error.message}")
                return
            with self._lock:
                for position, case in enumerate(self.cases):
                    if case.fingerprint in there:
                        self.outcomes[position] = Outcome("already there")
            workers = [
                threading.Thread(target=self._work, name=f"import-{self.id[:8]}-{n}", daemon=True)
                for n in range(min(self.concurrency, len(self.cases)) or 1)
            ]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
        except Exception:  # a bug must still end the import and say so
            log.exception("import %s failed unexpectedly", self.id)
            self._stop("The import stopped because of an unexpected problem in the app.")
        finally:
            self.finished_at = time.monotonic()  # from here on, progress() says it has ended
            if self.on_finish is not None:
                try:
                    self.on_finish(self)
                except Exception:  # a failing hook must not look like a failed import
                    log.exception("after import %s", self.id)
            self._finished.set()  # wait() returns once on_finish is done too

    def _stop(self, message: str) -> None:
        with self._lock:
            if self._stop_message is None:
                self._stop_message = message
        self._cancel.set()

    def _take(self) -> int | None:
        with self._lock:
            while self._next < len(self.cases):
                position = self._next
                self._next += 1
                if position not in self.outcomes:
                    return position
            return None

    def _record(self, position: int, outcome: Outcome) -> None:
        with self._lock:
            self.outcomes[position] = outcome

    def _wait_for_pause(self) -> None:
        while not self._cancel.is_set():
            with self._lock:
                wait = self._pause_until - time.monotonic()
            if wait <= 0:
                return
            self._cancel.wait(min(wait, 0.25))

    def _work(self) -> None:
        while not self._cancel.is_set():
            position = self._take()
            if position is None:
                return
            self._record(position, self._send(self.cases[position]))

    def _send(self, case: SendableCase) -> Outcome:
        sends = waits = 0
        while True:
            self._wait_for_pause()
            if self._cancel.is_set() and sends == 0:
                return Outcome("not sent", "not sent: the import was cancelled")
            sends += 1
            try:
                inputs, expected = case.content
                created = self.client.create_test_case(self.dataset_id, case.name, inputs, expected)
                return Outcome("created", case_id=created.id)
            except RateLimited as error:
                sends -= 1
                waits += 1
                with self._lock:
                    self._pause_until = max(self._pause_until, time.monotonic() + (error.retry_after or 1.0))
                if waits > MAX_RATE_LIMIT_WAITS:
                    return Outcome("failed", error.message)
            except InvalidApiKey as error:
                self._stop(error.message)
                return Outcome("failed", error.message)
            except GentraceError as error:
                lost_at = time.monotonic()
                backoff = RESEND_BACKOFF_SECONDS * 2 ** (sends - 1)
                if not error.may_have_acted:
                    if isinstance(error, CannotConnect) and sends < MAX_SEND_ATTEMPTS:  # never reached it: resend
                        self._cancel.wait(backoff)
                        continue
                    said = f" {error.server_message}" if error.server_message else ""
                    return Outcome("failed", f"{error.message}{said}".strip())
                # Only a listing begun after the answer was lost can show what the request did: one begun after it
                # was sent may have been read before the server saved the case (seen here: one case created twice
                # under load). The wait first gives a server still working on it a moment more.
                self._cancel.wait(backoff)
                try:
                    there = self._listing.after(lost_at)
                except GentraceError:
                    return Outcome(
                        "unknown", f"unknown: check before retrying ({error.message} and the check failed too)"
                    )
                if case.fingerprint in there:
                    return Outcome("created")
                if sends >= MAX_SEND_ATTEMPTS:
                    return Outcome("failed", f"{error.message} (tried {sends} times; it is not in the dataset)")


class ImportAlreadyRunning(ExpectedFailure):
    pass


class ImportRegistry:
    """Every import of this server process, by dataset: what a reloaded tab finds, and what refuses a second
    import into a dataset while one runs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_dataset: dict[str, ImportJob] = {}
        self._by_id: dict[str, ImportJob] = {}

    def start(
        self,
        client: GentraceClient,
        dataset_id: str,
        cases: Sequence[SendableCase],
        concurrency: int,
        label: str = "",
        source: Table | None = None,
        on_finish: Callable[[ImportJob], None] | None = None,
        before_sending: Callable[[ImportJob], None] | None = None,
        kind: Literal["import", "copy"] = "import",
        set_aside: Mapping[str, int] | None = None,
    ) -> ImportJob:
        with self._lock:
            current = self._by_dataset.get(dataset_id)
            if current is not None and current.running:
                what = "A copy" if current.kind == "copy" else "An import"
                raise ImportAlreadyRunning(
                    f"{what} into this dataset is already running ({current.label or 'another file'}). "
                    "Wait for it to finish, or cancel it, before starting another."
                )
            job = ImportJob(
                client, dataset_id, cases, concurrency, label, source, on_finish, before_sending, kind, set_aside
            )
            if current is not None:  # only the latest import per dataset is kept: each holds its file's rows
                self._by_id.pop(current.id, None)
            self._by_dataset[dataset_id] = job
            self._by_id[job.id] = job
        return job.start()

    def latest(self, dataset_id: str) -> ImportJob | None:
        with self._lock:
            return self._by_dataset.get(dataset_id)

    def get(self, job_id: str) -> ImportJob | None:
        with self._lock:
            return self._by_id.get(job_id)
