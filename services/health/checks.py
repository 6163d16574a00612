"""The analysis of a dataset's cases, run once per listing on a worker thread that outlives a script run and says
how far it got: a dataset of 100,000 cases takes seconds, and the page shows progress instead of freezing. Every
session of the process shares the same checks, so a rerun, a second tab or a colleague never works it out again."""

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

from services.gentrace.types import TestCase
from services.health.findings import Health, analyse

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
    finished: threading.Event = field(default_factory=threading.Event)

    def _run(self, cases: Sequence[TestCase]) -> None:
        def said(done: float, stage: str) -> None:
            self.done, self.stage = done, stage

        try:
            self.health = analyse(cases, said)
            self.done = 1.0
        except Exception as error:  # a bug must end the wait and say so, not leave the page waiting forever
            log.exception("the health of dataset %s could not be worked out", self.dataset_id)
            self.error = type(error).__name__
        finally:
            self.finished.set()


class HealthChecks:
    def __init__(self, kept: int = KEPT) -> None:
        self._lock = threading.Lock()
        self._latest: OrderedDict[str, HealthCheck] = OrderedDict()  # dataset → its latest check
        self._kept = kept

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
        threading.Thread(target=started._run, args=(cases,), name=f"health-{dataset_id}", daemon=True).start()
        return started

    def latest(self, dataset_id: str) -> HealthCheck | None:
        return self._latest.get(dataset_id)

    def known(self, dataset_id: str) -> Health | None:
        """The latest health worked out for a dataset, if any (the Datasets list shows its problems)."""
        latest = self.latest(dataset_id)
        return latest.health if latest is not None else None
