"""What is wrong with a dataset's cases, worked out from one listing: exact repeats, contradictions, near repeats,
missing expected outputs, key coverage and misspelt keys, empty values and inputs far longer than the rest.

Every finding is about values as text: an input holding an object, a list or a number is compared and measured by
its JSON. The analysis never sends anything; `services.health.fixes` turns a finding into a change."""

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Literal

import numpy as np
import orjson
from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

from services.cases.format import json_bytes
from services.gentrace.types import TestCase
from services.health.near_repeats import DEFAULT_THRESHOLD, NearPairs, near_pairs, normalised

Place = Literal["input", "expected output"]
Progress = Callable[[float, str], None]
COMMON_SHARE = 0.5  # a key at least half the cases have is one the dataset means to fill
OUTLIER_AT_LEAST = 10  # cases: fewer say nothing about what is "far longer than the rest"
HISTOGRAM_BINS = 20


@dataclass(frozen=True, eq=False)
class RepeatGroup:
    """Cases with the same name, inputs and expected outputs: the oldest is kept, the others are repeats."""

    kept: TestCase
    repeats: tuple[TestCase, ...]


@dataclass(frozen=True, eq=False)
class Contradiction:
    """Cases with the same inputs and different expected outputs: each answer with the cases that give it."""

    inputs: Mapping[str, Any]
    answers: tuple[tuple[TestCase, ...], ...]


@dataclass(frozen=True, eq=False)
class NearGroup:
    """Cases whose inputs read almost the same: each distinct input text with the cases that have it."""

    texts: tuple[tuple[str, tuple[TestCase, ...]], ...]

    @property
    def cases(self) -> tuple[TestCase, ...]:
        return tuple(case for _, cases in self.texts for case in cases)

    def similarity(self, at: int) -> float:
        """How alike (%) the `at`-th text is to the first, as the threshold judges it."""
        return round(ratio(normalised(self.texts[0][0]), normalised(self.texts[at][0])), 1)


@dataclass(frozen=True, eq=False)
class MissingOutput:
    case: TestCase
    keys: tuple[str, ...]  # the commonly filled keys it lacks or leaves blank; () when it has no expected output


@dataclass(frozen=True, eq=False)
class KeyCoverage:
    place: Place
    key: str
    count: int
    share: float
    looks_like: str | None = None  # a common key of the same place this one is probably a misspelling of
    both: int = 0  # cases that have both this key and `looks_like` (a rename would lose one of them)

    @property
    def label(self) -> str:
        return f"{'Input' if self.place == 'input' else 'Expected output'} “{self.key}”"


@dataclass(frozen=True, eq=False)
class EmptyValue:
    case: TestCase
    places: tuple[str, ...]  # e.g. 'input “question”'


@dataclass(frozen=True, eq=False)
class Lengths:
    """The spread of input lengths (characters): a histogram of the usual ones and the cases far above them."""

    bins: tuple[tuple[int, int, int], ...]  # (from, to, cases) for lengths up to `limit`
    limit: int | None  # longer than this is an outlier; None: too few cases to say
    outliers: tuple[tuple[TestCase, int], ...]  # longest first
    median: int


@dataclass(frozen=True, eq=False)
class Health:
    total: int
    repeats: tuple[RepeatGroup, ...]
    contradictions: tuple[Contradiction, ...]
    near: NearPairs  # over the distinct input texts
    input_texts: tuple[str, ...]  # the distinct input texts
    text_of_case: np.ndarray  # per case (as listed): the index of its input text
    cases: Sequence[TestCase]
    missing: tuple[MissingOutput, ...]
    coverage: tuple[KeyCoverage, ...]
    empty: tuple[EmptyValue, ...]
    lengths: Lengths

    @cached_property
    def misspelt(self) -> tuple[KeyCoverage, ...]:
        return tuple(key for key in self.coverage if key.looks_like is not None)

    @cached_property
    def repeat_count(self) -> int:
        return sum(len(group.repeats) for group in self.repeats)

    def near_groups(self, threshold: float = DEFAULT_THRESHOLD) -> tuple[NearGroup, ...]:
        """Groups of two or more distinct input texts alike at `threshold` % or more, biggest first (worked out once
        per threshold: a rerun asks again)."""
        return _near_groups(self, float(threshold))

    @cached_property
    def _cases_by_text(self) -> tuple[np.ndarray, np.ndarray]:
        order = np.argsort(self.text_of_case, kind="stable")
        return order, np.r_[0, np.cumsum(np.bincount(self.text_of_case, minlength=len(self.input_texts)))]

    def _grouped(self, threshold: float) -> tuple[NearGroup, ...]:
        order, starts = self._cases_by_text
        groups = [
            NearGroup(
                tuple(
                    (self.input_texts[at], tuple(self.cases[int(i)] for i in order[starts[at] : starts[at + 1]]))
                    for at in group
                )
            )
            for group in self.near.groups(threshold)
        ]
        return tuple(sorted(groups, key=lambda group: -len(group.texts)))

    def counts(self, threshold: float = DEFAULT_THRESHOLD) -> dict[str, int]:
        """Problems per finding: repeats to delete, contradicting groups, near-repeat groups, cases missing an
        expected output, misspelt keys, cases with an empty value, inputs far too long."""
        return {
            "repeats": self.repeat_count,
            "contradictions": len(self.contradictions),
            "near": len(self.near.groups(threshold)),
            "missing": len(self.missing),
            "misspelt": len(self.misspelt),
            "empty": len(self.empty),
            "outliers": len(self.lengths.outliers),
        }

    def problems(self, threshold: float = DEFAULT_THRESHOLD) -> int:
        return sum(self.counts(threshold).values())


@lru_cache(maxsize=32)
def _near_groups(health: Health, threshold: float) -> tuple[NearGroup, ...]:
    return health._grouped(threshold)


def verdict(health: Health, threshold: float = DEFAULT_THRESHOLD) -> str:
    """One line: "4 problems in 1,203 cases"."""
    if not health.total:
        return "No test cases yet, so nothing to check."
    cases = f"{health.total:,} case{'s' if health.total != 1 else ''}"
    problems = health.problems(threshold)
    if not problems:
        return f"No problems found in {cases}."
    return f"{problems:,} problem{'s' if problems != 1 else ''} in {cases}."


def input_text(inputs: Mapping[str, Any]) -> str:
    """A case's inputs as one text: a single value as itself (JSON unless it is text), several as "key: value"
    lines in key order."""
    if len(inputs) == 1:
        (value,) = inputs.values()
        return value if isinstance(value, str) else _json(value)
    return "\n".join(
        f"{key}: {value if isinstance(value, str) else _json(value)}" for key, value in sorted(inputs.items())
    )


def _json(value: Any) -> str:
    return json_bytes(value, errors="surrogatepass").decode("utf-8", "surrogatepass")


def _key(value: Any) -> bytes:
    """The canonical JSON (`services.cases.format.canonical_json`), orjson called directly: it runs 100,000 times."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # what orjson refuses (huge integers, half a surrogate pair) the standard library writes
        return json_bytes(value, sort_keys=True, errors="surrogatepass")


def _blank_text(value: Any) -> bool:
    return isinstance(value, str) and not value.strip()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def analyse(cases: Sequence[TestCase], progress: Progress | None = None) -> Health:
    """Every finding about `cases` (as listed: oldest first)."""

    def said(done: float, what: str) -> None:
        if progress is not None:
            progress(done, what)

    said(0.0, "Looking for repeats and contradictions")
    repeats, contradictions = _repeats_and_contradictions(cases)
    said(0.15, "Counting keys and empty values")
    coverage, filled = _coverage(cases)
    expected = [key for key, count in filled.items() if count / (len(cases) or 1) >= COMMON_SHARE]
    missing = _missing(cases, expected)
    empty = _empty(cases, expected)
    said(0.25, "Looking for near repeats")
    texts = [input_text(case.inputs) for case in cases]
    index: dict[str, int] = {}
    text_of_case = np.fromiter((index.setdefault(text, len(index)) for text in texts), np.intp, len(texts))
    near = near_pairs(list(index), lambda done: said(0.25 + 0.7 * done, "Looking for near repeats"))
    said(0.95, "Measuring lengths")
    lengths = _lengths(cases, [len(text) for text in texts])
    return Health(
        total=len(cases),
        repeats=repeats,
        contradictions=contradictions,
        near=near,
        input_texts=tuple(index),
        text_of_case=text_of_case,
        cases=cases,
        missing=missing,
        coverage=coverage,
        empty=empty,
        lengths=lengths,
    )


def _repeats_and_contradictions(
    cases: Sequence[TestCase],
) -> tuple[tuple[RepeatGroup, ...], tuple[Contradiction, ...]]:
    """Flat dicts of bytes, and groups only where there is one: a container per case would wake the garbage
    collector over and over on a big dataset (a third of the time on 50,000 cases)."""
    first_answer: dict[bytes, bytes] = {}  # inputs → the first expected outputs seen with them
    contradicted: set[bytes] = set()
    first_copy: dict[bytes, int] = {}  # inputs, expected outputs and name → the first case seen with them
    copies: dict[bytes, list[int]] = {}
    input_keys = []
    for at, case in enumerate(cases):
        inputs, answer = _key(case.inputs), _key(case.expected_outputs or {})
        input_keys.append(inputs)
        if first_answer.setdefault(inputs, answer) != answer:
            contradicted.add(inputs)
        whole = b"\0".join((inputs, answer, case.name.encode("utf-8", "surrogatepass")))  # JSON holds no NUL byte
        first = first_copy.setdefault(whole, at)
        if first != at:
            copies.setdefault(whole, [first]).append(at)
    repeats = []
    for positions in copies.values():
        oldest, *rest = sorted((cases[at] for at in positions), key=lambda case: (case.created_at, case.id))
        repeats.append(RepeatGroup(oldest, tuple(rest)))
    answers: dict[bytes, dict[bytes, list[TestCase]]] = defaultdict(lambda: defaultdict(list))
    for at, inputs in enumerate(input_keys):
        if inputs in contradicted:
            case = cases[at]
            answers[inputs][_key(case.expected_outputs or {})].append(case)
    contradictions = [
        Contradiction(next(iter(by_answer.values()))[0].inputs, tuple(tuple(found) for found in by_answer.values()))
        for by_answer in answers.values()
    ]
    return tuple(repeats), tuple(contradictions)


def _coverage(cases: Sequence[TestCase]) -> tuple[tuple[KeyCoverage, ...], dict[str, int]]:
    """Each key's share of cases, misspellings flagged; and how many cases fill each expected key."""
    having: dict[Place, dict[str, int]] = {"input": defaultdict(int), "expected output": defaultdict(int)}
    filled: dict[str, int] = defaultdict(int)
    for case in cases:
        for key in case.inputs:
            having["input"][key] += 1
        for key, value in (case.expected_outputs or {}).items():
            having["expected output"][key] += 1
            if not _blank(value):
                filled[key] += 1
    total = len(cases) or 1
    found = []
    for place, counts in having.items():
        common = [key for key, count in counts.items() if count / total >= COMMON_SHARE]
        for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            like = None if key in common else _looks_like(key, common, counts)
            both = _together(cases, place, key, like) if like else 0
            if like and both > count / 2:  # mostly side by side: two keys, not one typed two ways
                like, both = None, 0
            found.append(KeyCoverage(place, key, count, count / total, like, both))
    return tuple(found), filled


def _looks_like(key: str, common: Sequence[str], counts: Mapping[str, int]) -> str | None:
    """The common key `key` is probably a misspelling of: the same but for case, spacing or underscores, or one or
    two letters away (one for short keys)."""
    folded = _folded(key)
    best = None
    for other in common:
        if counts[other] <= counts[key]:
            continue
        if _folded(other) == folded:
            return other
        allowed = 2 if min(len(key), len(other)) >= 6 else 1 if min(len(key), len(other)) >= 3 else 0
        distance = Levenshtein.distance(folded, _folded(other), score_cutoff=allowed)
        if distance <= allowed and (best is None or counts[other] > counts[best]):
            best = other
    return best


def _folded(key: str) -> str:
    return "".join(key.casefold().replace("-", " ").replace("_", " ").split())


def _together(cases: Sequence[TestCase], place: Place, key: str, other: str) -> int:
    return sum(
        1 for case in cases if key in (values := values_at(case, place)) and other in values
    )  # only run for a flagged key


def values_at(case: TestCase, place: Place) -> Mapping[str, Any]:
    return case.inputs if place == "input" else (case.expected_outputs or {})


def _missing(cases: Sequence[TestCase], common: Sequence[str]) -> tuple[MissingOutput, ...]:
    missing = []
    for case in cases:
        outputs = case.expected_outputs or {}
        if not outputs:
            missing.append(MissingOutput(case, ()))
            continue
        lacking = tuple(key for key in common if _blank(outputs.get(key)))
        if lacking:
            missing.append(MissingOutput(case, lacking))
    return tuple(missing)


def _empty(cases: Sequence[TestCase], counted_as_missing: Sequence[str]) -> tuple[EmptyValue, ...]:
    """Blank or whitespace text in an input, or in an expected output not already counted as missing."""
    found = []
    for case in cases:
        places = [
            f"input “{key}”" for key, value in case.inputs.items() if isinstance(value, str) and not value.strip()
        ]
        places += [
            f"expected output “{key}”"
            for key, value in (case.expected_outputs or {}).items()
            if _blank_text(value) and key not in counted_as_missing
        ]
        if places:
            found.append(EmptyValue(case, tuple(places)))
    return tuple(found)


def _lengths(cases: Sequence[TestCase], lengths: Sequence[int]) -> Lengths:
    if not lengths:
        return Lengths((), None, (), 0)
    spread = np.asarray(lengths, dtype=np.int64)
    median = int(np.median(spread))
    limit = None
    if len(spread) >= OUTLIER_AT_LEAST:
        first, third = np.percentile(spread, [25, 75])
        limit = int(max(third + 3 * (third - first), 3 * median, 20))
    usual = spread if limit is None else spread[spread <= limit]
    counts, edges = np.histogram(usual, bins=min(HISTOGRAM_BINS, max(1, int(usual.max() - usual.min()) + 1)))
    bins = tuple((int(edges[at]), int(edges[at + 1]), int(count)) for at, count in enumerate(counts))
    outliers: tuple[tuple[TestCase, int], ...] = ()
    if limit is not None:
        far = np.flatnonzero(spread > limit)
        outliers = tuple(sorted(((cases[int(at)], int(spread[at])) for at in far), key=lambda item: -item[1]))
    return Lengths(bins, limit, outliers, median)
