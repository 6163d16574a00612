"""Where each case of a dataset stands in its review, from the marks left on it.

A mark (an approval or a flag) belongs to the case's content in that dataset: its name and its fingerprint. Gentrace
gives an edited case a new id, so ids cannot carry a review; a content that changes in any way (an edit outside the
review, an undo, a health fix, a script replacing the case) no longer matches its marks and is to review again. The
name kept beside the fingerprint tells such a case ("changed since it was approved") from one never reviewed.

Rules, for the marks of one content, oldest first: the latest flag voids every approval before it; a flag is the
standing until someone approves after it; the approvals after the latest flag count once per person; the case is
approved when that count reaches what the dataset needs (1, or 2 with "Needs approval by 2 people")."""

import threading
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


class Reckoning:
    """The standings of one listing's cases, kept current as marks are added: a new mark works out again only the
    cases of its name (an approval of one content can make another of the same name "changed"), so Approve on a
    dataset of 50,000 cases does not work out 50,000 standings. Marks given in another order than before (one from
    another copy of the studio sorted in among them), or another number of approvals needed, work all out again."""

    def __init__(self, contents: Sequence[tuple[str, str]]) -> None:
        self._contents = contents
        self._present = frozenset(fingerprint for _, fingerprint in contents)
        self._positions: dict[str, list[int]] = defaultdict(list)
        for at, (name, _) in enumerate(contents):
            self._positions[name].append(at)
        self._lock = threading.Lock()  # one listing is shared by every session that shows it
        self._marks: tuple[Mark, ...] | None = None
        self._needed = 0
        self._index = Marks({}, {})
        self._standings: list[Standing] = []

    def standings(self, marks: tuple[Mark, ...], needed: int) -> list[Standing]:
        """The standing of each case under `marks` (oldest first); the same list while nothing changed."""
        with self._lock:
            known = self._marks
            if known is marks and needed == self._needed:
                return self._standings
            if known is None or needed != self._needed or not _extends(marks, known):
                self._index = indexed(marks)
                self._standings = [
                    standing_of(name, fingerprint, self._index, needed, self._present)
                    for name, fingerprint in self._contents
                ]
            else:
                touched = set()
                for mark in marks[len(known) :]:
                    self._index.by_content.setdefault((mark.case_name, mark.fingerprint), []).append(mark)
                    if mark.verdict == "approved":
                        self._index.approved.setdefault(mark.case_name, set()).add(mark.fingerprint)
                    touched.add(mark.case_name)
                changed = list(self._standings)
                for name in touched:
                    for at in self._positions.get(name, ()):
                        changed[at] = standing_of(name, self._contents[at][1], self._index, needed, self._present)
                self._standings = changed
            self._marks, self._needed = marks, needed
            return self._standings


def _extends(marks: tuple[Mark, ...], known: tuple[Mark, ...]) -> bool:
    """Whether `marks` are `known` with newer ones after them (the store gives the marks it had read as the same
    objects, so a mark sorted in among them moves the last known one)."""
    return len(marks) >= len(known) and (not known or marks[len(known) - 1] is known[-1])


def progress_of(shown: Sequence[Standing], needed: int = 1) -> Progress:
    approved = sum(1 for s in shown if s.state == "approved")
    flagged = sum(1 for s in shown if s.state == "flagged")
    partly = sum(1 for s in shown if s.state == "to review" and s.approvers)
    return Progress(approved, flagged, len(shown) - approved - flagged, needed, partly)


def neighbours(shown: Sequence[Standing], show: Show, position: int) -> tuple[int | None, int | None]:
    """Where Previous and Next go from `position` for this choice ("to review", "flagged" or "all"): the nearest
    case before and after it that the choice shows, or None (looked for outward, not over the whole dataset)."""

    def shows(at: int) -> bool:
        return show == "all" or shown[at].state == show

    before = next((at for at in range(position - 1, -1, -1) if shows(at)), None)
    after = next((at for at in range(position + 1, len(shown)) if shows(at)), None)
    return before, after


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
