"""The one format of a test case shared by import, export and every change: its canonical JSON, its fingerprint
(how a case is known again without an id: Gentrace has no idempotency key) and the JSON marks a spreadsheet column
carries."""

import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson

from services.gentrace.types import TestCase

JSON_MARK = " (JSON)"  # a heading ending in this types its column JSON: how an export keeps 12 a number


def holds_json(cells: Iterable[str]) -> bool:
    """Cells that are JSON written out, as an export writes a column of objects, lists or quoted text: every
    non-empty cell parses as JSON and at least one is an object, a list or a quoted string. A column of plain
    numbers or true/false is not taken for JSON: in a spreadsheet those stay text unless the person says so."""
    marked = False
    for cell in cells:
        text = cell.strip()
        if not text:
            continue
        if text[0] in '{["':
            marked = True
        try:
            json.loads(text)
        except ValueError:
            return False
    return marked


_standard = {
    True: json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode,
    False: json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode,
}


def json_bytes(value: Any, sort_keys: bool = False, errors: str = "strict") -> bytes:
    """Compact JSON as UTF-8. orjson does it ~10× faster than the standard library (it is the hot spot of checking
    100,000 rows); the standard library takes what orjson refuses (integers beyond 64 bits, half surrogate pairs,
    which only `errors="surrogatepass"` can encode)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS if sort_keys else None)
    except TypeError:
        return _standard[sort_keys](value).encode("utf-8", errors)


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same value always gives the same bytes."""
    return json_bytes(value, sort_keys=True)


def case_json(name: str, inputs: Mapping[str, Any], expected_outputs: Mapping[str, Any] | None) -> bytes:
    """The canonical JSON of a test case: what its fingerprint is made from, and what its size is judged by."""
    return canonical_json([name, inputs, expected_outputs or {}])


def digest(encoded_case: bytes) -> str:
    """The fingerprint of a case's canonical JSON (`case_json`)."""
    return hashlib.blake2b(encoded_case, digest_size=16).hexdigest()


def fingerprint(name: str, inputs: Mapping[str, Any], expected_outputs: Mapping[str, Any] | None) -> str:
    """The same case always gives the same fingerprint, key order and all. A case from the API may hold half a
    surrogate pair (JSON can write one): it still gets a fingerprint of its own."""
    try:
        return digest(case_json(name, inputs, expected_outputs))
    except UnicodeEncodeError:
        value = [name, inputs, expected_outputs or {}]
        return digest(json_bytes(value, sort_keys=True, errors="surrogatepass"))


def fingerprints_of(cases: Iterable[TestCase]) -> set[str]:
    """The fingerprints of cases already in a dataset. A file's names are trimmed when read, so a case whose name has
    spaces around it is also known by its trimmed name: its own export, imported back, is "already there"."""
    prints = set()
    for case in cases:
        prints.add(fingerprint(case.name, case.inputs, case.expected_outputs))
        if case.name != case.name.strip():
            prints.add(fingerprint(case.name.strip(), case.inputs, case.expected_outputs))
    return prints


def fingerprints_in_order(cases: Sequence[TestCase]) -> tuple[str, ...]:
    """Each case's fingerprint, in the cases' order."""
    return tuple(fingerprint(case.name, case.inputs, case.expected_outputs) for case in cases)


def json_text(value: object) -> str:
    """A value as one line of JSON, every character as itself."""
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


def number_from_text(text: str) -> int | float:
    """A number typed as text ("12", "1_000", "1.5"), for a column or field typed Number; `ValueError` saying why."""
    cleaned = text.strip().replace("_", "")
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"“{text}” is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"“{text}” is not a finite number")
    return value


def boolean_from_text(text: str) -> bool:
    """true/false, yes/no, y/n or 1/0 in any case, for a column or field typed True/false."""
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"“{text}” is not true or false (use true/false, yes/no or 1/0)")
