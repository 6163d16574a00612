"""An import's history entry: written on the import's thread with every case the file would add, before any is
sent (if it cannot be written, nothing is), and completed with the cases that were created."""

import logging
from collections.abc import Callable

from services.cases.content import CaseContent, Kind, Pair
from services.history.store import HistoryStore, HistoryUnavailable, State
from services.importing.job import ImportJob

log = logging.getLogger(__name__)


def import_hooks(
    store: HistoryStore, who: str, kind: Kind = "import", note: str | None = None
) -> tuple[Callable[[ImportJob], None], Callable[[ImportJob], None]]:
    """(before_sending, after) for an `ImportJob`: an import of a file, or a copy from another dataset (`kind`
    "copy"). `note`: the entry's, else the job's label."""

    def before(job: ImportJob) -> None:
        pairs = [Pair(None, CaseContent(case.name, *case.content)) for case in job.cases]
        job.history_entry = store.begin(job.dataset_id, kind, pairs, who=who, note=job.label if note is None else note)

    def after(job: ImportJob) -> None:
        if job.history_entry is None:
            return
        created = job.created_cases()
        progress = job.progress()
        state: State = "done" if len(created) == len(job.cases) else "partial" if created else "failed"
        outcome = f"{progress.created:,} created" + (
            f", {progress.already_there:,} already there" if progress.already_there else ""
        )
        try:
            store.complete(
                job.history_entry,
                state,
                outcome,
                done=created,
                created={at: case_id for at, case_id in created.items() if case_id},
            )
        except HistoryUnavailable:
            log.exception("the history entry of import %s could not be completed", job.id)

    return before, after
