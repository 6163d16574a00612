"""Who may use the studio once signed in."""

import pytest

from services.access import Allowlist


def test_no_lists_means_everyone_who_signs_in_with_an_email() -> None:
    allowlist = Allowlist.from_settings({})
    assert not allowlist.restricts
    assert allowlist.allows("anyone@anywhere.org")
    assert not allowlist.allows(None) and not allowlist.allows("not-an-email")


def test_emails_and_domains_from_the_environment_ignoring_case_and_spaces() -> None:
    allowlist = Allowlist.from_settings(
        {"STUDIO_ALLOWED_EMAILS": " Ann@Example.com , bob@partner.io", "STUDIO_ALLOWED_DOMAINS": "@Acme.com, ,"}
    )
    assert allowlist.allows("ann@example.COM")
    assert allowlist.allows("bob@partner.io")
    assert allowlist.allows("carol@acme.com")
    assert not allowlist.allows("carol@sub.acme.com"), "a subdomain is another domain"
    assert not allowlist.allows("dave@example.com")
    assert not allowlist.allows("acme.com@evil.org")


@pytest.mark.parametrize("secret", ["ann@example.com, bob@example.com", ["ann@example.com", "bob@example.com"]])
def test_the_secrets_file_is_read_when_the_environment_says_nothing(secret: object) -> None:
    allowlist = Allowlist.from_settings({}, {"STUDIO_ALLOWED_EMAILS": secret, "STUDIO_ACCESS_CONTACT": "it@x.com"})
    assert allowlist.emails == {"ann@example.com", "bob@example.com"}
    assert allowlist.whom_to_ask == "Ask it@x.com for access."


def test_the_environment_wins_over_the_secrets() -> None:
    allowlist = Allowlist.from_settings({"STUDIO_ALLOWED_DOMAINS": "a.com"}, {"STUDIO_ALLOWED_DOMAINS": "b.com"})
    assert allowlist.domains == {"a.com"}


def test_an_email_the_provider_says_is_unverified_is_refused() -> None:
    allowlist = Allowlist.from_settings({"STUDIO_ALLOWED_DOMAINS": "example.com"})
    assert not allowlist.allows("ann@example.com", verified=False)
    assert allowlist.allows("ann@example.com", verified=True)


def test_without_a_contact_the_message_says_which_setting_to_change() -> None:
    assert "STUDIO_ALLOWED_EMAILS" in Allowlist.from_settings({}).whom_to_ask
