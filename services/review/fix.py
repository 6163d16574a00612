"""A fix saved in review: the case's new content counts as approved by whoever saved it, once it alone exists."""

from services.cases.change import ChangeReport
from services.review.rules import Mark
from services.review.store import ReviewStore, now


def approve_the_fix(store: ReviewStore, dataset_id: str, report: ChangeReport, reviewer: str) -> int:
    """Approves the new content of each pair carried out whole and says how many. A pair whose old version could not
    be deleted (both exist) or that failed is not approved: which of the two is right is not settled yet. Raises
    `ReviewUnavailable` when the approval cannot be written."""
    marks = [
        Mark(dataset_id, after.name, after.fingerprint, "approved", reviewer, now())
        for at in sorted(report.done)
        if (after := report.pairs[at].after) is not None
    ]
    store.add(marks)
    return len(marks)
