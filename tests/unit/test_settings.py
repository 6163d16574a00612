"""Where the connection comes from (services.settings): the key and address from the environment or the secrets
file, empty strings as unset, and a plain error for what cannot work."""

import pytest

from services.settings import DEFAULT_BASE_URL, SettingsError, normalize_base_url, resolve_connection


class Secrets(dict[str, str]):
    """Behaves like st.secrets with no secrets file: every access raises."""

    def get(self, key: str, default: object = None) -> str:  # type: ignore[override]
        raise FileNotFoundError("No secrets found")


def test_no_key_anywhere_means_sandbox() -> None:
    assert resolve_connection({}, {}).mode == "sandbox"
    assert resolve_connection({"GENTRACE_API_KEY": "  "}, {"GENTRACE_API_KEY": ""}).mode == "sandbox"
    assert resolve_connection({"GENTRACE_BASE_URL": "https://x.test"}, Secrets()).mode == "sandbox"


def test_environment_wins_over_secrets_and_default_url_applies() -> None:
    settings = resolve_connection({"GENTRACE_API_KEY": "gen_api_env"}, {"GENTRACE_API_KEY": "gen_api_file"})
    assert (settings.mode, settings.api_key.get_secret_value(), settings.base_url, settings.source) == (
        "gentrace",
        "gen_api_env",
        DEFAULT_BASE_URL,
        "environment",
    )
    from_file = resolve_connection(
        {"GENTRACE_BASE_URL": ""}, {"GENTRACE_API_KEY": "gen_api_file", "GENTRACE_BASE_URL": "https://self.test/"}
    )
    assert (from_file.api_key.get_secret_value(), from_file.base_url, from_file.source) == (
        "gen_api_file",
        "https://self.test/api",
        "secrets.toml",
    )
    assert "gen_api" not in repr(from_file)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://gentrace.ai/api", "https://gentrace.ai/api"),
        ("https://gentrace.ai/api/", "https://gentrace.ai/api"),
        ("https://gentrace.ai", "https://gentrace.ai/api"),
        ("https://gentrace.ai/", "https://gentrace.ai/api"),
        ("https://gentrace.ai/api/v4", "https://gentrace.ai/api"),
        (" http://127.0.0.1:4010/api ", "http://127.0.0.1:4010/api"),
        ("https://corp.example/gentrace", "https://corp.example/gentrace/api"),
    ],
)
def test_base_url_forms(raw: str, expected: str) -> None:
    assert normalize_base_url(raw) == expected


@pytest.mark.parametrize("raw", ["gentrace.ai/api", "ftp://gentrace.ai", "https://", "not a url"])
def test_bad_base_url_is_explained(raw: str) -> None:
    with pytest.raises(SettingsError, match="GENTRACE_BASE_URL"):
        normalize_base_url(raw)
