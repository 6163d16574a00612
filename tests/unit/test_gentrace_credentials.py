"""No object of the app gives the API key away: not repr, str, vars, pickle, copy or logging."""

import copy
import logging
import pickle

import pytest
import responses

from components.connection.connection import Connection
from services.gentrace.client import GentraceClient
from services.gentrace.credentials import ApiKey, BearerAuth
from services.settings import resolve_connection

KEY = "gen_api_NEVER_SHOW_ME_7f3a9c"
BASE = "https://gentrace.test/api"


def objects_holding_the_key() -> dict[str, object]:
    settings = resolve_connection({"GENTRACE_API_KEY": KEY, "GENTRACE_BASE_URL": BASE}, {})
    assert settings.api_key is not None
    client = GentraceClient(BASE, settings.api_key)
    connection = Connection("gentrace", BASE, client, settings.source)
    return {"settings": settings, "client": client, "connection": connection, "auth": client._auth}


def every_view(thing: object) -> list[str]:
    views = [repr(thing), str(thing), f"{thing!r:>10}", repr(getattr(thing, "__dict__", {}))]
    views += [repr(vars(value)) for value in getattr(thing, "__dict__", {}).values() if hasattr(value, "__dict__")]
    return views


@pytest.mark.parametrize("name", ["settings", "client", "connection", "auth"])
def test_repr_str_and_vars_never_show_the_key(name: str) -> None:
    thing = objects_holding_the_key()[name]
    assert all(KEY not in view for view in every_view(thing))


@pytest.mark.parametrize("name", ["settings", "client", "connection", "auth"])
def test_a_pickle_never_holds_the_key(name: str) -> None:
    thing = objects_holding_the_key()[name]
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert KEY.encode() not in pickle.dumps(thing, protocol=protocol)


def test_logging_the_objects_never_writes_the_key(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for name, thing in objects_holding_the_key().items():
        logging.getLogger("studio.test").info("%s: %s %r", name, thing, thing)
    assert len(caplog.records) == 4
    assert all(KEY not in record.getMessage() for record in caplog.records)


def test_an_unpickled_key_is_empty_but_a_copy_still_works() -> None:
    key = ApiKey(KEY)
    assert pickle.loads(pickle.dumps(key)).get_secret_value() == ""  # noqa: S301 (our own bytes)
    assert copy.deepcopy(key).get_secret_value() == KEY
    assert ApiKey(KEY).fingerprint == key.fingerprint != ApiKey(KEY + "x").fingerprint
    assert KEY not in key.fingerprint


def test_the_key_is_added_per_request_not_kept_in_the_session_headers() -> None:
    client = GentraceClient(BASE, KEY)
    assert "Authorization" not in client._session.headers
    assert isinstance(client._session.auth, BearerAuth)
    with responses.RequestsMock() as mocked:
        mocked.get(f"{BASE}/v4/pipelines", json={"data": []})
        assert client.list_pipelines() == []
        assert mocked.calls[0].request.headers["Authorization"] == f"Bearer {KEY}"


def test_settings_with_different_keys_have_different_identities() -> None:
    first = resolve_connection({"GENTRACE_API_KEY": KEY}, {})
    second = resolve_connection({"GENTRACE_API_KEY": KEY + "2"}, {})
    assert first.identity != second.identity
    assert first.identity == resolve_connection({"GENTRACE_API_KEY": KEY}, {}).identity
    assert all(KEY not in str(part) for part in first.identity)
