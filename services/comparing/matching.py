"""Which cases of two datasets (A and B) are the same case: matched by name, or by inputs (compared as the health
view compares them: canonical JSON, key order ignored). A name (or inputs) that two cases of one dataset share is
never guessed at: those cases are listed as not matched.

Every case is encoded once (orjson, sorted keys): comparing 50,000 cases with 50,000 is a few dictionary passes,
not a comparison per pair."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from services.cases.format import canonical_json, json_bytes
from services.gentrace.types import TestCase
from services.importing.table import gc_paused

MatchBy = Literal["name", "inputs"]
Side = Literal["A", "B"]


@dataclass(frozen=True)
class Matched:
    a: TestCase
    b: TestCase


@dataclass(frozen=True)
class NotMatched:
    """Cases that share one name (or one set of inputs) within a dataset: which of them matches is not guessed."""

    key: str  # the name, or the inputs as JSON
    a: tuple[TestCase, ...]
    b: tuple[TestCase, ...]

    def words(self, by: MatchBy) -> str:
        """ "2 cases named “Refund” in A", "2 cases with the same inputs in A and 3 in B", "… in B (1 in A)"."""
        what = f"named “{self.key}”" if by == "name" else "with the same inputs"
        first, second = (("A", self.a), ("B", self.b)) if len(self.a) > 1 else (("B", self.b), ("A", self.a))
        text = f"{len(first[1]):,} cases {what} in {first[0]}"
        if len(second[1]) > 1:
            return f"{text} and {len(second[1]):,} in {second[0]}"
        return f"{text} ({len(second[1]):,} in {second[0]})" if second[1] else text


@dataclass(frozen=True)
class Comparison:
    by: MatchBy
    only_a: tuple[TestCase, ...]
    only_b: tuple[TestCase, ...]
    different: tuple[Matched, ...]
    identical: tuple[Matched, ...]
    not_matched: tuple[NotMatched, ...]

    @property
    def counts_line(self) -> str:
        """ "3 only in A · 12 only in B · 4 in both, different · 30 identical"."""
        text = (
            f"{len(self.only_a):,} only in A · {len(self.only_b):,} only in B · "
            f"{len(self.different):,} in both, different · {len(self.identical):,} identical"
        )
        return text + (f" · {len(self.not_matched):,} not matched" if self.not_matched else "")


def _inputs_key(case: TestCase) -> str:
    return canonical_json(case.inputs).decode("utf-8", "surrogatepass")


def _content(case: TestCase) -> bytes:
    try:
        return canonical_json([case.name, case.inputs, case.expected_outputs or {}])
    except UnicodeEncodeError:  # half a surrogate pair, as JSON can write
        return json_bytes([case.name, case.inputs, case.expected_outputs or {}], True, "surrogatepass")


def match_key(case: TestCase, by: MatchBy) -> str:
    if by == "name":
        return case.name
    try:
        return _inputs_key(case)
    except UnicodeEncodeError:
        return json_bytes(case.inputs, True, "surrogatepass").decode("utf-8", "surrogatepass")


def _grouped(cases: Sequence[TestCase], by: MatchBy) -> tuple[dict[str, TestCase], dict[str, list[TestCase]]]:
    """Each key's case, and the cases of keys used more than once: a list only where one is needed (a container per
    case would cost a third more on 50,000 cases)."""
    first: dict[str, TestCase] = {}
    shared: dict[str, list[TestCase]] = {}
    for case in cases:
        key = match_key(case, by)
        found = first.setdefault(key, case)
        if found is not case:
            shared.setdefault(key, [found]).append(case)
    return first, shared


@gc_paused
def compare(a: Sequence[TestCase], b: Sequence[TestCase], by: MatchBy = "name") -> Comparison:
    """A's and B's cases matched; each group in A's order (B's for what only B has)."""
    first_a, shared_a = _grouped(a, by)
    first_b, shared_b = _grouped(b, by)
    only_a: list[TestCase] = []
    different: list[Matched] = []
    identical: list[Matched] = []
    not_matched: list[NotMatched] = []
    for key, mine in first_a.items():
        theirs = first_b.get(key)
        if key in shared_a or key in shared_b:
            ours = shared_a.get(key, [mine])
            not_matched.append(NotMatched(key, tuple(ours), tuple(shared_b.get(key, [theirs] if theirs else []))))
        elif theirs is None:
            only_a.append(mine)
        else:
            pair = Matched(mine, theirs)
            (identical if _content(mine) == _content(theirs) else different).append(pair)
    only_b = []
    for key, theirs in first_b.items():
        if key in first_a:
            continue
        if key in shared_b:
            not_matched.append(NotMatched(key, (), tuple(shared_b[key])))
        else:
            only_b.append(theirs)
    return Comparison(by, tuple(only_a), tuple(only_b), tuple(different), tuple(identical), tuple(not_matched))
