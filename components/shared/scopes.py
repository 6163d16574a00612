"""Every kind of change the studio sends through `components.shared.once`, named once: a scope is one of these kinds
and what the change is about (a dataset's id; nothing for the create form). Settling one scope never settles another.
"""

from components.shared.once import Scope

CREATE = "create"  # the create form's dataset
DATASET = "dataset"  # a dataset's name, description, golden mark, archived or not
CASES = "cases"  # adding, editing and deleting a dataset's cases by hand
HEALTH_FIX = "health-fix"  # a fix offered by a dataset's health
UNDO = "undo"  # undoing a history entry
IMPORT = "import"  # starting an import (the import itself runs on the server's workers)
KINDS = (CREATE, DATASET, CASES, HEALTH_FIX, UNDO, IMPORT)


def create() -> Scope:
    return Scope(CREATE)


def dataset(dataset_id: str) -> Scope:
    return Scope(DATASET, dataset_id)


def cases(dataset_id: str) -> Scope:
    return Scope(CASES, dataset_id)


def health_fix(dataset_id: str) -> Scope:
    return Scope(HEALTH_FIX, dataset_id)


def undo(dataset_id: str) -> Scope:
    return Scope(UNDO, dataset_id)


def importing(dataset_id: str) -> Scope:
    return Scope(IMPORT, dataset_id)
