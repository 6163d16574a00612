"""Near repeats: inputs whose text is almost the same but not identical, found without comparing every pair.

Texts are first normalised (case folded, punctuation dropped, spacing collapsed), so "What is X?" and "what is x"
are one text. The distinct normalised texts are then blocked with MinHash LSH over their words: each text gets
64 minimum hashes, cut into 16 bands of 4; only texts that share a whole band are compared. Two texts differing in
a word or two of thirty share ~90% of their words and so a band with near certainty (1 − (1 − 0.9⁴)¹⁶ ≈ 1), while
unrelated texts almost never do. The candidates are then scored with rapidfuzz's `ratio` (a normalised edit
similarity, in C++), the score the person's threshold is compared with.

Why our own MinHash in numpy rather than datasketch's `MinHashLSH`: datasketch hashes every shingle with SHA-1 in
Python, one document at a time (≈ 9 s for 50,000 inputs of 200 characters on this machine); the same signatures
here are a few vectorised passes over all documents at once (≈ 0.3 s), which keeps the whole analysis within twice
the time of listing the cases (bench/README.md, row 19). rapidfuzz does the scoring, which no code of ours would do
better."""

import itertools
import re
import string
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz.fuzz import ratio

LOWEST_THRESHOLD = 70  # the lowest similarity (%) the person can choose; pairs below it are never kept
DEFAULT_THRESHOLD = 90
PERMUTATIONS, BANDS = 64, 16
ROWS = PERMUTATIONS // BANDS
BUCKET_LIMIT = 40  # a bucket this big (a template filled in thousands of times) is compared along its sorted order
NEIGHBOURS = 3
SCORED_CHARACTERS = 2_000  # compared of two long inputs: two of 100,000 characters would take 0.1 s a pair
COMPARE_ALL_UP_TO = 300  # texts; 45,000 pairs cost rapidfuzz less than signatures would
COMMON_SHARE = 0.1  # a word in more than a tenth of the texts ("the", a template's words) tells none apart

_WORDS = re.compile(r"[^\W_]+")
_ASCII_MARKS = str.maketrans({mark: " " for mark in string.punctuation})


def normalised(text: str) -> str:
    """Letters and digits only, case folded, one space between words: what a trailing "?" or a capital does not
    change. (ASCII text takes a path ~2× faster than the pattern; both give the same words.)"""
    if text.isascii():
        return " ".join(text.lower().translate(_ASCII_MARKS).split())
    return " ".join(_WORDS.findall(text.casefold()))


@dataclass(frozen=True, eq=False)  # compared by identity: `groups` is cached per analysis
class NearPairs:
    """Every pair of distinct normalised texts scoring at least `LOWEST_THRESHOLD`, and which normalised text each
    raw text has. Grouping at a threshold is then cheap (`groups`). (Arrays rather than a tuple per text: 100,000
    small containers would make the garbage collector scan everything again and again while they are built.)"""

    texts: tuple[str, ...]  # distinct normalised texts
    of_raw: np.ndarray  # per raw text: the index of its normalised text
    pairs: tuple[tuple[int, int, float], ...]  # (text, text, similarity %) with text < text

    def groups(self, threshold: float) -> list[list[int]]:
        """Raw-text positions grouped by similarity ≥ `threshold` (single link), each group of two or more."""
        return [list(group) for group in _groups(self, float(threshold))]


@lru_cache(maxsize=16)
def _groups(near: NearPairs, threshold: float) -> tuple[tuple[int, ...], ...]:
    parent: dict[int, int] = {}

    def root(at: int) -> int:
        parent.setdefault(at, at)
        while parent[at] != at:
            parent[at] = parent[parent[at]]
            at = parent[at]
        return at

    for left, right, score in near.pairs:
        if score >= threshold:
            parent[root(left)] = root(right)
    raws_of = np.bincount(near.of_raw, minlength=len(near.texts)) if len(near.of_raw) else np.zeros(0, np.intp)
    for shared in np.flatnonzero(raws_of > 1):  # raw texts that differ only in case, marks or spacing
        root(int(shared))
    if not parent:
        return ()
    order = np.argsort(near.of_raw, kind="stable")
    starts = np.r_[0, np.cumsum(raws_of)]
    joined: dict[int, list[int]] = defaultdict(list)
    for at in parent:
        joined[root(at)].extend(int(raw) for raw in order[starts[at] : starts[at + 1]])
    return tuple(tuple(sorted(group)) for group in joined.values() if len(group) > 1)


def near_pairs(raw_texts: Sequence[str], progress: Callable[[float], None] | None = None) -> NearPairs:
    """`raw_texts`: distinct texts (identical ones are repeats or contradictions, not near repeats)."""
    index: dict[str, int] = {}
    of_raw = np.fromiter(
        (index.setdefault(normalised(text), len(index)) for text in raw_texts), dtype=np.intp, count=len(raw_texts)
    )
    texts = tuple(index)
    candidates = _candidates(texts, progress)
    pairs = []
    for left, right in candidates:
        a, b = texts[left], texts[right]
        if 200 * min(len(a), len(b)) < LOWEST_THRESHOLD * (len(a) + len(b)):
            continue  # lengths too far apart for the two to be that alike
        score = ratio(a[:SCORED_CHARACTERS], b[:SCORED_CHARACTERS], score_cutoff=LOWEST_THRESHOLD)
        if score:
            pairs.append((left, right, round(score, 1)))
    return NearPairs(texts, of_raw, tuple(pairs))


def _candidates(texts: Sequence[str], progress: Callable[[float], None] | None) -> set[tuple[int, int]]:
    """Pairs of texts that share a band of their MinHash signatures; every pair for a few texts."""
    if len(texts) <= COMPARE_ALL_UP_TO:
        return {(left, right) for left in range(len(texts)) for right in range(left + 1, len(texts))}
    signatures = _signatures(texts)
    found: set[tuple[int, int]] = set()
    for band in range(BANDS):
        rows = signatures[:, band * ROWS : (band + 1) * ROWS]
        keys = np.zeros(len(texts), dtype=np.uint64)
        for column in range(ROWS):
            keys = keys * np.uint64(0x100000001B3) + rows[:, column].astype(np.uint64)
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        ends = np.r_[starts[1:], len(order)]
        for start, end in zip(starts[ends - starts > 1], ends[ends - starts > 1], strict=True):
            _pairs_in_bucket([int(at) for at in order[start:end]], texts, found)
        if progress is not None:
            progress((band + 1) / BANDS)
    return found


def _pairs_in_bucket(bucket: list[int], texts: Sequence[str], found: set[tuple[int, int]]) -> None:
    if len(bucket) > BUCKET_LIMIT:  # all pairs would be quadratic: neighbours in text order still join the group
        bucket.sort(key=texts.__getitem__)
        for at, left in enumerate(bucket):
            for right in bucket[at + 1 : at + 1 + NEIGHBOURS]:
                found.add((min(left, right), max(left, right)))
        return
    for at, left in enumerate(bucket):
        for right in bucket[at + 1 :]:
            found.add((min(left, right), max(left, right)))


def _signatures(texts: Sequence[str]) -> np.ndarray:
    """(texts × PERMUTATIONS) minimum hashes of each text's set of words, all texts at once."""
    words = [text or "\0" for text in texts]  # an empty text is one word of its own: it still gets a signature
    counts = np.fromiter((text.count(" ") + 1 for text in words), dtype=np.intp, count=len(words))
    vocabulary: dict[str, int] = {}
    all_words = " ".join(words).split(" ")  # normalised texts hold single spaces only
    ids = np.fromiter(map(vocabulary.setdefault, all_words, itertools.count()), np.uint64, len(all_words))
    text_of = np.repeat(np.arange(len(words)), counts)
    keep = ~(np.bincount(ids.astype(np.intp)) > COMMON_SHARE * len(words))[ids.astype(np.intp)]
    keep |= (np.bincount(text_of[keep], minlength=len(words)) == 0)[text_of]  # a text of common words keeps them
    ids, counts = ids[keep], np.bincount(text_of[keep], minlength=len(words))
    at = np.r_[0, np.cumsum(counts)[:-1]]
    # Multiply-add-shift hashing on 32 bits ((a·x + b mod 2³²) >> 8, a odd): 64 independent orders of the words,
    # computed in place (twice as fast as on 64 bits).
    generator = np.random.default_rng(20261201)  # fixed: the same dataset always gives the same findings
    multipliers = generator.integers(0, 2**31, PERMUTATIONS, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    offsets = generator.integers(0, 2**32, PERMUTATIONS, dtype=np.uint32)
    signatures = np.empty((len(texts), PERMUTATIONS), dtype=np.uint32)
    if not len(texts):
        return signatures
    ids32, hashed = ids.astype(np.uint32), np.empty(len(ids), dtype=np.uint32)
    for column in range(PERMUTATIONS):
        np.multiply(ids32, multipliers[column], out=hashed)
        hashed += offsets[column]
        hashed >>= np.uint32(8)
        signatures[:, column] = np.minimum.reduceat(hashed, at)
    return signatures
    for column in range(PERMUTATIONS):
        hashed = (ids * multipliers[column] + offsets[column]) >> np.uint64(32)
        signatures[:, column] = np.minimum.reduceat(hashed, at)
    return signatures
