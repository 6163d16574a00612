"""Where the connection comes from: environment variables first, then the secrets mapping the UI passes in."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from services.gentrace.credentials import ApiKey

DEFAULT_BASE_URL = "https://gentrace.ai/api"
KEY_VARIABLE = "GENTRACE_API_KEY"
URL_VARIABLE = "GENTRACE_BASE_URL"


class SettingsError(ValueError):
    """The configuration cannot work; the message says which setting and how to fix it."""


@dataclass(frozen=True)
class ConnectionSettings:
    """`mode` is "gentrace" when a key is configured, otherwise "sandbox" (base_url and api_key then None)."""

    mode: Literal["gentrace", "sandbox"]
    base_url: str | None = None
    api_key: ApiKey | None = field(default=None, repr=False)
    source: str = "default"

    @property
    def identity(self) -> tuple[str, str | None, str | None]:
        """What tells two configurations apart (for caching the connection) without the key itself."""
        return (self.mode, self.base_url, self.api_key.fingerprint if self.api_key else None)


def _lookup(name: str, environ: Mapping[str, str], secrets: Mapping[str, Any]) -> tuple[str | None, str]:
    value = (environ.get(name) or "").strip()
    if value:
        return value, "environment"
    try:
        secret = secrets.get(name)
    except Exception:  # st.secrets raises when no secrets file exists
        secret = None
    if isinstance(secret, str) and secret.strip():
        return secret.strip(), "secrets.toml"
    return None, "default"


def normalize_base_url(raw: str) -> str:
    """Accepts `https://host`, `https://host/`, `https://host/api/`, `https://host/api/v4`; returns `.../api`."""
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"{URL_VARIABLE} must be a web address like {DEFAULT_BASE_URL}.")
    path = parts.path.rstrip("/")
    path = path.removesuffix("/v4")
    if not path.endswith("/api"):
        path += "/api"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def resolve_connection(environ: Mapping[str, str], secrets: Mapping[str, Any]) -> ConnectionSettings:
    api_key, key_source = _lookup(KEY_VARIABLE, environ, secrets)
    if api_key is None:
        return ConnectionSettings(mode="sandbox")
    raw_url, _ = _lookup(URL_VARIABLE, environ, secrets)
    base_url = normalize_base_url(raw_url or DEFAULT_BASE_URL)
    return ConnectionSettings(mode="gentrace", base_url=base_url, api_key=ApiKey(api_key), source=key_source)
