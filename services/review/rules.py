"""Where each case of a dataset stands in its review, from the marks left on it.

A mark (an approval or a flag) belongs to the case's content in that dataset: its name and its fingerprint. Gentrace
gives an edited case a new id, so ids cannot carry a review; a content that changes in any way (an edit outside the
review, an undo, a health fix, a script replacing the case) no longer matches its marks and is to review again. The
name kept beside the fingerprint tells such a case ("changed since it was approved") from one never reviewed.

Rules, for the marks of one content, oldest first: the latest flag voids every approval before it; a flag is the
standing until someone approves after it; the approvals after the latest flag count once per person; the case is
approved when that count reaches what the dataset needs (1, or 2 with "Needs approval by 2 people")."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Verdict = Literal["approved", "flagged"]
State = Literal["to review", "approved", "flagged"]
Show = Literal["to review", "flagged", "all"]
NOTE_LIMIT = 2_000
ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Mark:
    dataset_id: str
    case_name: str
    fingerprint: str
    verdict: Verdict
    reviewer: str
    at: datetime
    note: str = ""


@dataclass(frozen=True)
class Standing:
    state: State
    approvers: tuple[str, ...] = ()  # who approved this content since its latest flag, in order
    flag: Mark | None = None  # the flag that stands
    changed: bool = False  # to review because its content changed since it was approved
    approved_at: datetime | None = None  # the latest approval that counts


@dataclass(frozen=True)
class Progress:
    approved: int
    flagged: int
    to_review: int
    needed: int = 1
    partly: int = 0  # to review, approved by fewer people than needed

    @property
    def total(self) -> int:
        return self.approved + self.flagged + self.to_review

    @property
    def line(self) -> str:
        """ "12 approved · 2 flagged · 26 to review"."""
        text = f"{self.approved:,} approved · {self.flagged:,} flagged · {self.to_review:,} to review"
        if self.needed > 1 and self.partly:
            text += f" ({self.partly:,} approved by 1 of {self.needed})"
        return text

    @property
    def word(self) -> str:
        """For a list: "not started", "all approved", "12 / 40"."""
        if not self.total:
            return "no cases"
        if self.approved == self.total:
            return "all approved"
        if not self.approved and not self.flagged and not self.partly:
            return "not started"
        return f"{self.approved:,} / {self.total:,}"


def check_note(note: str) -> str | None:
    """Why a flag's note is refused, or None."""
    if not note.strip():
        return "Say what needs another look: a flag needs a note."
    if len(note) > NOTE_LIMIT:
        return f"The note is {len(note):,} characters long; keep it to {NOTE_LIMIT:,}."
    return None


@dataclass(frozen=True)
class Marks:
    """A dataset's marks, each content's in order, and the fingerprints approved under each name."""

    by_content: dict[tuple[str, str], list[Mark]]
    approved: dict[str, set[str]]


def indexed(marks: Iterable[Mark]) -> Marks:
    """`marks` oldest first (as the store gives them), indexed for `standing_of`."""
    by_content: dict[tuple[str, str], list[Mark]] = defaultdict(list)
    approved: dict[str, set[str]] = defaultdict(set)
    for mark in marks:
        by_content[(mark.case_name, mark.fingerprint)].append(mark)
        if mark.verdict == "approved":
            approved[mark.case_name].add(mark.fingerprint)
    return Marks(dict(by_content), dict(approved))


def standing_of(
    name: str, fingerprint: str, marks: Marks, needed: int = 1, present: frozenset[str] = frozenset()
) -> Standing:
    """Where the content (`name`, `fingerprint`) stands. `present`: the fingerprints of the dataset's cases now, so
    that an approval of another case of the same name is not taken for this one's older version."""
    flag: Mark | None = None
    approvers: list[str] = []
    approved_at: datetime | None = None
    for mark in marks.by_content.get((name, fingerprint), ()):
        if mark.verdict == "flagged":
            flag, approvers, approved_at = mark, [], None
        else:
            flag, approved_at = None, mark.at
            if mark.reviewer not in approvers:
                approvers.append(mark.reviewer)
    if flag is not None:
        return Standing("flagged", flag=flag)
    if approvers and len(approvers) >= needed:
        return Standing("approved", tuple(approvers), approved_at=approved_at)
    changed = not approvers and bool(marks.approved.get(name, set()) - {fingerprint} - present)
    return Standing("to review", tuple(approvers), changed=changed, approved_at=approved_at)


def standings(cases: Sequence[tuple[str, str]], marks: Iterable[Mark], needed: int = 1) -> list[Standing]:
    """The standing of each (name, fingerprint), in the order given."""
    index = indexed(marks)
    present = frozenset(fingerprint for _, fingerprint in cases)
    return [standing_of(name, fingerprint, index, needed, present) for name, fingerprint in cases]


def progress_of(shown: Sequence[Standing], needed: int = 1) -> Progress:
    approved = sum(1 for s in shown if s.state == "approved")
    flagged = sum(1 for s in shown if s.state == "flagged")
    partly = sum(1 for s in shown if s.state == "to review" and s.approvers)
    return Progress(approved, flagged, len(shown) - approved - flagged, needed, partly)


def walk(shown: Sequence[Standing], show: Show) -> list[int]:
    """The positions that Previous and Next walk through for this choice."""
    if show == "all":
        return list(range(len(shown)))
    return [at for at, standing in enumerate(shown) if standing.state == show]


def next_to_review(shown: Sequence[Standing], after: int | None) -> int | None:
    """The first case to review after position `after` (from the start when None), wrapping round; None when none is
    left to review."""
    count = len(shown)
    start = -1 if after is None else after
    for step in range(1, count + 1):
        at = (start + step) % count
        if shown[at].state == "to review" and at != after:
            return at
    return None


def counts_as_a_second(standing: Standing, reviewer: str, needed: int) -> bool:
    """Whether `reviewer`'s approval adds to this case's approvals (the same person twice does not)."""
    return needed <= 1 or reviewer not in standing.approvers
