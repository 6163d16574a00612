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
COPY = "copy"  # starting a copy of cases into a dataset (on the import's workers)
DUPLICATE = "duplicate"  # duplicating a dataset: creating it, then starting the copy of its cases
KINDS = (CREATE, DATASET, CASES, HEALTH_FIX, UNDO, IMPORT, COPY, DUPLICATE)


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


def copy(dataset_id: str) -> Scope:
    """A copy into this dataset."""
    return Scope(COPY, dataset_id)


def duplicate(dataset_id: str) -> Scope:
    """A duplicate of this dataset."""
    return Scope(DUPLICATE, dataset_id)
