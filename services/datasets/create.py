"""The decisions around creating a dataset that are not HTTP: duplicates, golden replacement, reading back."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from services.gentrace.client import GentraceClient
from services.gentrace.errors import GentraceError
from services.gentrace.types import Dataset, DatasetCreate, Pipeline, normalised_name


def same_name(a: str, b: str) -> bool:
    """Names that a person would call the same: ignoring case, surrounding spaces, invisible characters and how
    an accent is encoded."""
    return normalised_name(a) == normalised_name(b)


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


# How long before the attempt a dataset may be stamped and still be the one an unanswered create made: room for
# clock skew with the server, short enough not to mistake an older dataset of the same name for it.
TWIN_WINDOW = timedelta(minutes=2)


@dataclass(frozen=True)
class CreatedDataset:
    """A dataset as Gentrace returned it, with its pipeline and golden status read back afterwards.

    `pipeline` and `is_golden` are None when the read-back failed: the dataset exists either way. `recovered` says
    what went wrong when the create got no answer but the dataset was then found on the server.
    """

    dataset: Dataset
    pipeline: Pipeline | None
    is_golden: bool | None
    recovered: str | None = None


def find_twin(client: GentraceClient, request: DatasetCreate, since: datetime) -> Dataset | None:
    """The dataset an unanswered create may have made: same pipeline, exactly this name, created recently."""
    datasets = client.list_datasets(pipeline_id=request.pipeline_id, pipeline_slug=request.pipeline_slug)
    twins = [d for d in datasets if d.name == request.name and d.created_at >= since - TWIN_WINDOW]
    return max(twins, key=lambda d: d.created_at, default=None)


def create_and_read_back(client: GentraceClient, request: DatasetCreate) -> CreatedDataset:
    """Creates the dataset once. When the answer is lost after the server may have acted (timeout, dropped
    connection, 5xx), looks for the dataset instead of inviting a blind retry that could make a second one."""
    started = datetime.now(UTC)
    recovered = None
    try:
        dataset = client.create_dataset(request)
    except GentraceError as error:
        if not error.may_have_acted:
            raise
        try:
            twin = find_twin(client, request, started)
        except GentraceError:
            error.message += " It may or may not have been created: check Gentrace before trying again."
            raise error from None
        if twin is None:
            error.message += " Gentrace has no such dataset, so nothing was created: it is safe to try again."
            error.may_have_acted = False
            raise error from None
        dataset = twin
        recovered = f"{error.message} The dataset was found on Gentrace afterwards, so it was created exactly once."
    try:
        pipeline = client.get_pipeline(dataset.pipeline_id)
    except GentraceError:
        return CreatedDataset(dataset, None, None, recovered)
    return CreatedDataset(dataset, pipeline, pipeline.golden_dataset_id == dataset.id, recovered)
