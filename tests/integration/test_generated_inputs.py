"""Thousands of generated form inputs through the real create path: a dataset whose name reads back exactly as
intended, or an error naming the field; never anything else."""

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.server import RunningSandbox, start_in_thread
from services.gentrace.client import GentraceClient
from services.gentrace.types import InvalidDataset
from tests.conftest import HOSTILE, dataset_request

names = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(HOSTILE),
    st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE), st.text(max_size=20)),
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GentraceClient]:
    running: RunningSandbox = start_in_thread(Path(tmp_path_factory.mktemp("generated")) / "gentrace.db")
    instance = GentraceClient(running.base_url, running.api_key)
    yield instance
    instance.close()
    running.stop()


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names, description=st.one_of(st.text(max_size=200), st.sampled_from(HOSTILE)), golden=st.booleans())
def test_generated_inputs_create_exactly_what_was_typed_or_name_the_field(
    client: GentraceClient, name: str, description: str, golden: bool
) -> None:
    try:
        request = dataset_request(name, description=description, is_golden=golden, pipeline="meeting-notes")
    except InvalidDataset as invalid:
        assert set(invalid.errors) <= {"name", "description"}
        assert all(message.endswith(".") for message in invalid.errors.values())
        return
    created = client.create_dataset(request)
    assert created.name == unicodedata.normalize("NFC", name).strip()  # names are compared and kept in NFC
    assert client.get_dataset(created.id).name == created.name
    assert created.description == (description.strip() or None)
