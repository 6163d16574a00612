"""The decisions around creating a dataset that are not HTTP: duplicates, golden replacement, reading back."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from services.errors import GentraceError
from services.gentrace import GentraceClient
from services.models import Dataset, DatasetCreate, Pipeline


def same_name(a: str, b: str) -> bool:
    """Names that a person would call the same: ignoring case and surrounding spaces."""
    return a.strip().casefold() == b.strip().casefold()


def find_same_name(datasets: Iterable[Dataset], name: str) -> Dataset | None:
    return next((dataset for dataset in datasets if same_name(dataset.name, name)), None)


def golden_dataset_name(pipeline: Pipeline, datasets: Sequence[Dataset]) -> str | None:
    """The name of the pipeline's current golden dataset, or its id when it is not among `datasets`."""
    if pipeline.golden_dataset_id is None:
        return None
    for dataset in datasets:
        if dataset.id == pipeline.golden_dataset_id:
            return dataset.name
    return pipeline.golden_dataset_id


@dataclass(frozen=True)
class CreatedDataset:
    """A dataset as Gentrace returned it, with its pipeline and golden status read back afterwards.

    `pipeline` and `is_golden` are None when the read-back failed: the dataset exists either way.
    """

    dataset: Dataset
    pipeline: Pipeline | None
    is_golden: bool | None


def create_and_read_back(client: GentraceClient, request: DatasetCreate) -> CreatedDataset:
    dataset = client.create_dataset(request)
    try:
        pipeline = client.get_pipeline(dataset.pipeline_id)
    except GentraceError:
        return CreatedDataset(dataset, None, None)
    return CreatedDataset(dataset, pipeline, pipeline.golden_dataset_id == dataset.id)
