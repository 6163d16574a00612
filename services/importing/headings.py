"""What a column heading written in words says its column holds: the one list of words for the import's mapping
and for guessing which sheet and row hold the test cases.

A heading names the test case when it holds one of NAME_WORDS, an expected output when it holds one of
EXPECTED_WORDS, and an input otherwise. Words are found in any position and case ("Reference answer",
"groundTruth", "EXPECTED_OUTPUT"), plurals too; an expected word wins over a name word ("Expected label").
"""

import re
from collections.abc import Iterable
from typing import Literal

HeadingRole = Literal["name", "input", "expected"]

NAME_WORDS = ("name", "title", "test case", "case")
EXPECTED_WORDS = (
    "expected",
    "output",
    "answer",
    "reference",
    "ground truth",
    "gold",
    "golden",
    "correct",
    "ideal",
    "target",
    "label",
)
# Words that say a heading belongs to a table of test cases at all, for telling a table from a page of notes.
INPUT_WORDS = ("input", "question", "query", "prompt", "context", "request", "message", "text")

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def words_of(heading: str) -> tuple[str, ...]:
    """Lower-case words, split at spaces, punctuation and camelCase, singular: "groundTruths" → ground, truth."""
    words = []
    for word in _WORD.findall(heading):
        lowered = word.lower()
        if len(lowered) > 3 and lowered.endswith("s") and not lowered.endswith("ss"):
            lowered = lowered[:-1]
        words.append(lowered)
    return tuple(words)


def _holds(words: tuple[str, ...], phrases: Iterable[str]) -> bool:
    joined = f" {' '.join(words)} "
    squeezed = "".join(words)
    return any(f" {phrase} " in joined or (" " in phrase and phrase.replace(" ", "") == squeezed) for phrase in phrases)


def heading_role(heading: str) -> HeadingRole:
    words = words_of(heading)
    if _holds(words, EXPECTED_WORDS):
        return "expected"
    if _holds(words, NAME_WORDS):
        return "name"
    return "input"


def recognised(heading: str) -> bool:
    """A heading that a table of test cases would have: a name, an input or an expected output in words."""
    return _holds(words_of(heading), (*NAME_WORDS, *EXPECTED_WORDS, *INPUT_WORDS))
