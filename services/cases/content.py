"""A test case's content as the studio keeps and compares it (enough to create it again), and a change to a
dataset's cases as pairs of contents (before, after): an added case is (None, case), a deleted one (case, None), an
edited one (old, new). The one shape serves adding, editing, deleting, importing, undoing and every later change."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from services.cases.format import fingerprint
from services.gentrace.types import TestCase

Kind = Literal["add", "edit", "delete", "import", "undo", "copy"]


@dataclass(frozen=True)
class CaseContent:
    """A test case's name, inputs and expected outputs. `case_id` is Gentrace's id, when known."""

    name: str
    inputs: Mapping[str, Any]
    expected_outputs: Mapping[str, Any] = field(default_factory=dict)
    case_id: str | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.name, self.inputs, self.expected_outputs)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "inputs": dict(self.inputs), "expectedOutputs": dict(self.expected_outputs)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None, case_id: str | None) -> "CaseContent | None":
        if data is None:
            return None
        return cls(data["name"], data["inputs"], data.get("expectedOutputs") or {}, case_id)


def content_of(case: TestCase) -> CaseContent:
    """The one conversion of a Gentrace test case into its content (with its id)."""
    return CaseContent(case.name, case.inputs, case.expected_outputs or {}, case.id)


@dataclass(frozen=True)
class Pair:
    before: CaseContent | None
    after: CaseContent | None
    done: bool = False

    @property
    def mark(self) -> str:
        """ "+" added, "~" changed, "-" removed."""
        return "~" if self.before and self.after else "+" if self.after else "-"


def counted(pairs: Iterable[Pair]) -> tuple[int, int, int]:
    """How many pairs add, change and remove a case."""
    marks = [pair.mark for pair in pairs]
    return marks.count("+"), marks.count("~"), marks.count("-")
