"""Deleting test cases, several at once: a case already gone counts as deleted, and a lost answer is checked by
reading the case."""

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from services.gentrace.client import GentraceClient
from services.gentrace.errors import GentraceError, NotFound
from services.gentrace.types import TestCase

# -- deleting test cases ------------------------------------------------------------------------------------------


@dataclass
class DeleteReport:
    asked: int
    deleted: list[str] = field(default_factory=list)  # ids, including those that were already gone
    failed: list[tuple[TestCase, str]] = field(default_factory=list)  # case, what went wrong

    @property
    def message(self) -> str:
        deleted = len(self.deleted)
        text = f"Deleted {deleted:,} of {self.asked:,} test case{'s' if self.asked != 1 else ''}."
        if self.failed:
            text += f" {len(self.failed):,} could not be deleted: see below, then try again."
        return text


def _delete_one(client: GentraceClient, case: TestCase) -> str | None:
    """None when the case is gone afterwards (deleted now or before); else what went wrong."""
    try:
        client.delete_test_case(case.id)
    except NotFound:
        return None
    except GentraceError as error:
        if not error.may_have_acted:
            return error.message
        try:
            client.get_test_case(case.id)
        except NotFound:
            return None
        except GentraceError:
            return f"{error.message} It may or may not have been deleted."
        return f"{error.message} It was not deleted."
    return None


def delete_test_cases(client: GentraceClient, cases: Sequence[TestCase], concurrency: int = 8) -> DeleteReport:
    """Deletes each case once, several at a time; a case already gone counts as deleted."""
    report = DeleteReport(asked=len(cases))
    lock = threading.Lock()

    def delete(case: TestCase) -> None:
        problem = _delete_one(client, case)
        with lock:
            if problem is None:
                report.deleted.append(case.id)
            else:
                report.failed.append((case, problem))

    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(cases) or 1))) as pool:
        list(pool.map(delete, cases))
    return report
