"""The actions the studio records, in the words the Activity page shows, and each entry as a sentence."""

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Final

from services.activity.log import AuditEntry

# The actions the app records, in the words the Activity page shows.
DATASET_CREATED: Final = "dataset created"
DATASET_UPDATED: Final = "dataset updated"
GOLDEN_CHANGED: Final = "golden changed"
DATASET_ARCHIVED: Final = "dataset archived"
DATASET_RESTORED: Final = "dataset restored"
CASES_IMPORTED: Final = "test cases imported"
CASES_DELETED: Final = "test cases deleted"
CASE_ADDED: Final = "test case added"
CASE_EDITED: Final = "test case edited"
CHANGE_UNDONE: Final = "change undone"
HEALTH_FIXED: Final = "health problem fixed"
DEMO_RESET: Final = "demo data reset"
CASES_APPROVED: Final = "test cases approved"
CASE_FLAGGED: Final = "test case flagged"
CASE_FIXED: Final = "test case fixed in review"
CASES_COPIED: Final = "test cases copied"
CASES_TAKEN: Final = "test cases taken from another dataset"
DATASET_DUPLICATED: Final = "dataset duplicated"
ACTIONS: Final = (
    DATASET_CREATED,
    DATASET_UPDATED,
    GOLDEN_CHANGED,
    DATASET_ARCHIVED,
    DATASET_RESTORED,
    CASES_IMPORTED,
    CASES_DELETED,
    CASE_ADDED,
    CASE_EDITED,
    CHANGE_UNDONE,
    HEALTH_FIXED,
    DEMO_RESET,
    CASES_APPROVED,
    CASE_FLAGGED,
    CASE_FIXED,
    CASES_COPIED,
    CASES_TAKEN,
    DATASET_DUPLICATED,
)


_DONE = {
    DATASET_CREATED: "Created the dataset",
    DATASET_UPDATED: "Changed the name or description",
    DATASET_ARCHIVED: "Archived the dataset",
    DATASET_RESTORED: "Restored the dataset",
    DEMO_RESET: "Reset the demo data",
    CASE_ADDED: "Added a test case",
    CASE_EDITED: "Edited a test case",
}
_TRIED = {
    CASE_ADDED: "Tried to add",
    CASE_EDITED: "Tried to edit",
    CASE_FIXED: "Tried to fix",
    DATASET_DUPLICATED: "Tried to duplicate",
    HEALTH_FIXED: "Tried to fix",
    DATASET_CREATED: "Tried to create",
    DATASET_UPDATED: "Tried to change the name or description of",
    GOLDEN_CHANGED: "Tried to change the golden dataset to",
    DATASET_ARCHIVED: "Tried to archive",
    DATASET_RESTORED: "Tried to restore",
}


_TOTALS = ("rows", "asked")  # what the other counts add up to


def described(entry: AuditEntry) -> str:
    """What happened, in a sentence a person reads: "Tried to create “Refunds”: No pipeline with …", "Imported test
    cases: 5 created · 2 already there". Counts that are zero are left out."""
    outcome = entry.outcome
    if outcome.startswith("failed") and entry.action in _TRIED:
        reason = outcome.partition(":")[2].strip()
        what = f"{_TRIED[entry.action]} “{entry.name}”" if entry.name else _TRIED[entry.action]
        return f"{what}: {reason}" if reason else what
    later = " (it arrived, though its answer was lost)" if "found after a lost answer" in outcome else ""
    if entry.action == GOLDEN_CHANGED:
        done = "Stopped it being the golden dataset" if "no longer golden" in outcome else "Made it the golden dataset"
        return done + later
    if entry.action == DATASET_CREATED:
        return _DONE[DATASET_CREATED] + (" as the golden dataset" if "made golden" in outcome else "") + later
    if entry.action in _DONE:
        return _DONE[entry.action] + later
    words = {"removed": "deleted"} if entry.action == CASES_DELETED else {}
    counts = " · ".join(
        f"{value:,} {words.get(key, key)}" for key, value in entry.counts.items() if value and key not in _TOTALS
    )
    if entry.action == CASES_IMPORTED:
        start = {"finished": "Imported test cases", "cancelled": "Cancelled an import"}.get(
            outcome, "An import stopped"
        )
        return f"{start}: {counts}" if counts else f"{start}: nothing created"
    if entry.action == CHANGE_UNDONE:
        return f"Undid a change: {counts}" if counts else "Undid a change"
    if entry.action == HEALTH_FIXED:
        fixed = f"Fixed “{entry.name}”" if entry.name else "Fixed a health problem"
        return f"{fixed}: {counts}" if counts else fixed
    if entry.action == CASES_DELETED:
        return f"Deleted test cases: {counts}" if counts else "Deleted test cases"
    if entry.action == CASES_APPROVED:
        approved = entry.counts.get("approved", 0)
        return f"Approved {approved:,} test case{'s' if approved != 1 else ''} in review"
    if entry.action == CASES_COPIED:
        start = {"finished": "Copied test cases", "cancelled": "Cancelled a copy"}.get(outcome, "A copy stopped")
        into = f" into “{entry.name}”" if entry.name else ""
        return f"{start}{into}: {counts}" if counts else f"{start}{into}: nothing created"
    if entry.action == CASES_TAKEN:
        return f"Took another dataset's version of test cases: {counts}" if counts else "Took another dataset's version"
    if entry.action == DATASET_DUPLICATED:
        return f"Duplicated “{entry.name}”" + later if entry.name else "Duplicated a dataset" + later
    if entry.action == CASE_FLAGGED:
        return "Flagged a test case for another look"
    if entry.action == CASE_FIXED:
        return f"Fixed a test case in review: {counts}" if counts else "Fixed a test case in review"
    return f"{entry.action}: {outcome}" if outcome != "ok" else entry.action


_ONE_SITTING = timedelta(hours=1)  # approvals closer than this, one after the other, are one sitting


def grouped_approvals(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Entries as listed (newest first), with each sitting's approvals as one: a run of approvals by one person in
    one dataset, nothing else between them and no hour without one, becomes "Approved 12 test cases in review" at
    the time of the latest."""
    grouped: list[AuditEntry] = []
    grouped_start: list[datetime] = []  # the earliest moment in each grouped entry
    for entry in entries:
        last = grouped[-1] if grouped else None
        if (
            last is not None
            and entry.action == last.action == CASES_APPROVED
            and (entry.who, entry.mode, entry.ids.get("dataset"), entry.outcome)
            == (last.who, last.mode, last.ids.get("dataset"), last.outcome)
            and timedelta(0) <= grouped_start[-1] - entry.moment <= _ONE_SITTING
        ):
            approved = last.counts.get("approved", 0) + entry.counts.get("approved", 0)
            grouped[-1] = replace(last, counts=last.counts | {"approved": approved})
            grouped_start[-1] = entry.moment
            continue
        grouped.append(entry)
        grouped_start.append(entry.moment)
    return grouped
