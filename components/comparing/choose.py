"""Choosing the other dataset: every live dataset of every pipeline, searchable by typing, named with its pipeline
(and "golden" where it is), the pipeline's golden dataset first when copying into it is the likely wish."""

from components.shared.lookups import load_every_dataset, load_pipelines
from services.gentrace.client import GentraceClient
from services.gentrace.types import Dataset


def dataset_choices(
    client: GentraceClient, base_url: str, leave_out: str, golden_first_of: str | None = None
) -> tuple[dict[str, Dataset], dict[str, str], str | None]:
    """(the datasets by id, in the order offered; what each option shows; why there are none, if the list could not
    be read). `golden_first_of`: a pipeline id whose golden dataset comes first, then that pipeline's others."""
    every = load_every_dataset(client, base_url)
    if every.error is not None:
        return {}, {}, every.error
    catalog = load_pipelines(client, base_url)
    goldens = {pipeline.golden_dataset_id for pipeline in catalog.items if pipeline.golden_dataset_id}
    live = [d for d in every.items if d.archived_at is None and d.id != leave_out]

    def order(dataset: Dataset) -> tuple[int, str, str]:
        mine = dataset.pipeline_id == golden_first_of
        rank = 0 if mine and dataset.id in goldens else 1 if mine else 2
        return rank, dataset.name.casefold(), dataset.id

    datasets = {dataset.id: dataset for dataset in sorted(live, key=order)}
    labels = {}
    for dataset in datasets.values():
        pipeline = catalog.by_id.get(dataset.pipeline_id)
        words = f"{dataset.name} · {pipeline.label if pipeline else dataset.pipeline_id}"
        labels[dataset.id] = words + (" · golden" if dataset.id in goldens else "")
    return datasets, labels, None
