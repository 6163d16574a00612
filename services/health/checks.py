"""The analysis of a dataset's cases, run once per listing on a worker thread that outlives a script run and says
how far it got: a dataset of 100,000 cases takes seconds, and the page shows progress instead of freezing. Every
session of the process shares the same checks, so a rerun, a second tab or a colleague never works it out again.
What a finished check found is also kept in the studio's database (`summaries`), for the Datasets list after a
restart."""

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from services.gentrace.types import TestCase
from services.health.findings import Health, analyse
from services.health.summaries import HealthSummaries, HealthSummary

log = logging.getLogger(__name__)
KEPT = 64  # datasets whose latest health is kept in memory


def listing_mark(cases: Sequence[TestCase]) -> str:
    """What changes whenever the cases change: every edit, add or delete changes the set of ids (an edit creates a
    new case), so the digest of the ids in order marks the cases' latest change."""
    return hashlib.blake2b("\n".join(case.id for case in cases).encode(), digest_size=16).hexdigest()


@dataclass(eq=False)
class HealthCheck:
    dataset_id: str
    mark: str
    done: float = 0.0  # 0 to 1
    stage: str = "Starting"
    health: Health | None = None
    error: str | None = None
    checked_at: datetime | None = None
    finished: threading.Event = field(default_factory=threading.Event)

    def _run(self, cases: Sequence[TestCase], found: Callable[["HealthCheck"], None]) -> None:
        def said(done: float, stage: str) -> None:
            self.done, self.stage = done, stage

        try:
            self.health = analyse(cases, said)
            self.done, self.checked_at = 1.0, datetime.now(UTC)
            found(self)  # before `finished`: whoever waited for the check finds it kept
        except Exception as error:  # a bug must end the wait and say so, not leave the page waiting forever
            log.exception("the health of dataset %s could not be worked out", self.dataset_id)
            self.error = type(error).__name__
        finally:
            self.finished.set()

    def summary(self) -> HealthSummary | None:
        if self.health is None or self.checked_at is None:
            return None
        return HealthSummary(self.dataset_id, self.mark, self.health.problems(), self.health.total, self.checked_at)


class HealthChecks:
    def __init__(self, kept: int = KEPT, summaries: HealthSummaries | None = None) -> None:
        self._lock = threading.Lock()
        self._latest: OrderedDict[str, HealthCheck] = OrderedDict()  # dataset → its latest check
        self._kept = kept
        self._summaries = summaries

    def check(self, dataset_id: str, mark: str, cases: Sequence[TestCase]) -> HealthCheck:
        """The check of these cases: the one already made or running for this listing, or a new one started."""
        with self._lock:
            latest = self._latest.get(dataset_id)
            if latest is not None and latest.mark == mark:
                self._latest.move_to_end(dataset_id)
                return latest
            started = self._latest[dataset_id] = HealthCheck(dataset_id, mark)
            self._latest.move_to_end(dataset_id)
            while len(self._latest) > self._kept:
                self._latest.popitem(last=False)
        name = f"health-{dataset_id}"
        threading.Thread(target=started._run, args=(cases, self._keep), name=name, daemon=True).start()
        return started

    def _keep(self, check: HealthCheck) -> None:
        summary = check.summary()
        # A check of an older listing that ends after a newer one began is not kept over it.
        if self._summaries is not None and summary is not None and self._latest.get(check.dataset_id) is check:
            self._summaries.keep(summary)

    def forget(self, dataset_ids: Iterable[str]) -> None:
        """These datasets' checks, in memory and kept (they no longer exist)."""
        wanted = set(dataset_ids)
        with self._lock:
            for dataset_id in wanted:
                self._latest.pop(dataset_id, None)
        if self._summaries is not None:
            self._summaries.forget(wanted)

    def latest(self, dataset_id: str) -> HealthCheck | None:
        return self._latest.get(dataset_id)

    def known(self, dataset_ids: Iterable[str]) -> dict[str, HealthSummary]:
        """What the latest check of each of these datasets found, by id, for those checked: in this process, else
        as kept in the database (the Datasets list shows their problems)."""
        wanted = list(dict.fromkeys(dataset_ids))
        known: dict[str, HealthSummary] = {}
        for dataset_id in wanted:
            latest = self.latest(dataset_id)
            summary = latest.summary() if latest is not None else None
            if summary is not None:
                known[dataset_id] = summary
        missing = [dataset_id for dataset_id in wanted if dataset_id not in known]
        if missing and self._summaries is not None:
            known.update(self._summaries.of(missing))
        return known
