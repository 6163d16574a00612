"""The API key in a form no object walk gives away: not repr, str, vars, pickle, copy or logging."""

import hashlib
from typing import Any

import requests
from pydantic import SecretStr


class ApiKey(SecretStr):
    """A pydantic `SecretStr` that also refuses to travel: pickling it (a pickled session, a crash reporter)
    yields an empty key, never the real one. Copies are the same object, so `copy.deepcopy` keeps a working key.
    The value lives in a closure, so `vars(key)` shows a mask and a function, not the key."""

    def __init__(self, secret_value: str) -> None:
        super().__init__("**********" if secret_value else "")

        def reveal() -> str:
            return secret_value

        self._reveal = reveal

    def get_secret_value(self) -> str:
        return self._reveal()

    def __len__(self) -> int:
        return len(self._reveal())

    def __reduce__(self) -> tuple[Any, ...]:
        return (ApiKey, ("",))

    def __copy__(self) -> "ApiKey":
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> "ApiKey":
        return self

    @property
    def fingerprint(self) -> str:
        """Tells two keys apart (for a cache key) without revealing either."""
        return hashlib.sha256(self.get_secret_value().encode()).hexdigest()[:16]


class BearerAuth(requests.auth.AuthBase):
    """Adds `Authorization: Bearer <key>` to each request as it is sent, so the session's headers never hold it."""

    def __init__(self, api_key: ApiKey) -> None:
        self.api_key = api_key

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.api_key.get_secret_value()}"
        return request

    def __repr__(self) -> str:
        return "BearerAuth(api_key=ApiKey('**********'))"

    def redact(self, text: str) -> str:
        """A server that echoes the request must not put our key into an error the UI shows."""
        secret = self.api_key.get_secret_value()
        return text.replace(secret, "[API key]") if secret else text
