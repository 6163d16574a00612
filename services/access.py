"""Who may use the studio when sign-in is on: the allowlist, from the environment or the secrets."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

EMAILS_VARIABLE: Final = "STUDIO_ALLOWED_EMAILS"
DOMAINS_VARIABLE: Final = "STUDIO_ALLOWED_DOMAINS"
CONTACT_VARIABLE: Final = "STUDIO_ACCESS_CONTACT"


def _setting(name: str, environ: Mapping[str, str], secrets: Mapping[str, Any] | None) -> str:
    value = (environ.get(name) or "").strip()
    if value or secrets is None:
        return value
    try:
        secret = secrets.get(name)
    except Exception:  # st.secrets raises when no secrets file exists
        return ""
    if isinstance(secret, list | tuple):
        return ",".join(str(item) for item in secret)
    return secret.strip() if isinstance(secret, str) else ""


def _items(text: str) -> frozenset[str]:
    return frozenset(item.strip().lower().lstrip("@") for item in text.split(",") if item.strip())


@dataclass(frozen=True)
class Allowlist:
    """Empty (both lists unset): everyone who signs in. Otherwise the listed emails and everyone at the listed
    domains (exactly that domain, not its subdomains)."""

    emails: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    contact: str = ""

    @classmethod
    def from_settings(cls, environ: Mapping[str, str], secrets: Mapping[str, Any] | None = None) -> "Allowlist":
        return cls(
            emails=_items(_setting(EMAILS_VARIABLE, environ, secrets)),
            domains=_items(_setting(DOMAINS_VARIABLE, environ, secrets)),
            contact=_setting(CONTACT_VARIABLE, environ, secrets),
        )

    @property
    def restricts(self) -> bool:
        return bool(self.emails or self.domains)

    def allows(self, email: str | None, *, verified: bool | None = None) -> bool:
        """`verified` is the provider's `email_verified` claim when it sends one: an unverified email is refused."""
        if not email or "@" not in email or verified is False:
            return False
        address = email.strip().lower()
        if not self.restricts:
            return True
        return address in self.emails or address.rsplit("@", 1)[1] in self.domains

    @property
    def whom_to_ask(self) -> str:
        if self.contact:
            return f"Ask {self.contact} for access."
        return f"Ask the person who runs this studio to add your email to {EMAILS_VARIABLE}."
