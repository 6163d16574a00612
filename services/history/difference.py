"""What changed between two versions of a test case, field by field: the name, and every input and expected output
by its dotted key ("inputs.user.name"). For text, the words removed and added, so a page can mark them by more than
colour."""

import difflib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from services.cases.content import CaseContent

_MISSING: Any = object()
_WORDS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class WordChange:
    kind: Literal["same", "removed", "added"]
    text: str


@dataclass(frozen=True)
class FieldChange:
    field: str  # "name", "inputs.Question", "expectedOutputs.answer"
    before: Any  # _MISSING-free: None when the field did not exist, see `existed_before`
    after: Any
    existed_before: bool
    exists_after: bool

    @property
    def words(self) -> list[WordChange]:
        """For text on both sides: the words kept, removed and added, in order. Empty otherwise."""
        if not (isinstance(self.before, str) and isinstance(self.after, str)):
            return []
        old, new = _WORDS.findall(self.before), _WORDS.findall(self.after)
        changes: list[WordChange] = []
        for tag, a, b, c, d in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
            if tag == "equal":
                changes.append(WordChange("same", "".join(old[a:b])))
                continue
            if b > a:
                changes.append(WordChange("removed", "".join(old[a:b])))
            if d > c:
                changes.append(WordChange("added", "".join(new[c:d])))
        return changes


def _flat(values: Mapping[str, Any], prefix: str) -> Iterator[tuple[str, Any]]:
    for key, value in values.items():
        if isinstance(value, Mapping) and value:
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def _fields(case: CaseContent | None) -> dict[str, Any]:
    if case is None:
        return {}
    return {
        "name": case.name,
        **dict(_flat(case.inputs, "inputs.")),
        **dict(_flat(case.expected_outputs, "expectedOutputs.")),
    }


def differences(before: CaseContent | None, after: CaseContent | None) -> list[FieldChange]:
    """Every field whose value differs (a key added or removed counts), in the order: name, inputs, expected
    outputs, each side's keys as they come. Values are compared as JSON: 1 and "1" differ, 1 and 1.0 do not."""
    old, new = _fields(before), _fields(after)
    changes = []
    for key in dict.fromkeys([*old, *new]):
        was, now = old.get(key, _MISSING), new.get(key, _MISSING)
        if was is not _MISSING and now is not _MISSING and _same(was, now):
            continue
        changes.append(
            FieldChange(
                key,
                None if was is _MISSING else was,
                None if now is _MISSING else now,
                was is not _MISSING,
                now is not _MISSING,
            )
        )
    return changes


def _same(a: Any, b: Any) -> bool:
    if type(a) is bool or type(b) is bool:
        return type(a) is type(b) and a == b
    if isinstance(a, str) != isinstance(b, str):
        return False
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True) or a == b
