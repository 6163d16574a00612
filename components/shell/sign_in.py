"""Sign-in with the company's identity provider (Streamlit's OpenID Connect support), on when
`.streamlit/secrets.toml` has an `[auth]` section, and who may use the studio once signed in."""

import os
from collections.abc import Mapping

import streamlit as st

from components.shared.text import escape, note
from services.access import Allowlist
from services.activity.log import ANONYMOUS


def auth_providers() -> list[str] | None:
    """None: sign-in is off. Otherwise the named providers (`[auth.google]` …), empty when `[auth]` holds one."""
    try:
        auth = st.secrets.get("auth")
    except Exception:  # no secrets file at all
        return None
    if not isinstance(auth, Mapping) or not auth:
        return None
    return [name for name, value in auth.items() if isinstance(value, Mapping)]


def signed_in_email() -> str | None:
    """The signed-in person's email, for the audit log; None when sign-in is off (they are "anonymous")."""
    if auth_providers() is None or not st.user.is_logged_in:
        return None
    email = st.user.get("email")
    return str(email) if email else None


def who() -> str:
    """Who is acting, as the history, the audit trail and the review record it: the email, or "anonymous"."""
    return signed_in_email() or ANONYMOUS


def sign_in_gate() -> bool:
    """True when the page may be drawn. Otherwise draws the sign-in or the no-access screen (nothing else is drawn
    or fetched) and returns False."""
    providers = auth_providers()
    if providers is None:
        return True
    if not st.user.is_logged_in:
        _sign_in_screen(providers)
        return False
    email = st.user.get("email")
    verified = st.user.get("email_verified")
    allowlist = Allowlist.from_settings(os.environ, st.secrets)
    if not allowlist.allows(str(email) if email else None, verified=verified if isinstance(verified, bool) else None):
        _no_access_screen(str(email or st.user.get("sub") or "an account with no email"), allowlist)
        return False
    return True


def signed_in_line() -> None:
    """Who is signed in, and a way out (sidebar); nothing when sign-in is off."""
    email = signed_in_email()
    if email is None:
        return
    with st.sidebar:
        note(f"Signed in as **{escape(email)}**")
        st.button("Sign out", icon=":material/logout:", on_click=st.logout, key="shell_sign_out")


def _sign_in_screen(providers: list[str]) -> None:
    st.title("Gentrace Dataset Studio", anchor=False)
    st.markdown("Sign in with your company account to create and look after Gentrace datasets.")
    if not providers:
        st.button("Sign in", type="primary", icon=":material/login:", on_click=st.login, key="shell_sign_in")
    for provider in providers:
        st.button(
            f"Sign in with {provider.replace('_', ' ').title()}",
            type="primary",
            icon=":material/login:",
            on_click=st.login,
            args=(provider,),
            key=f"shell_sign_in_{provider}",
        )


def _no_access_screen(who: str, allowlist: Allowlist) -> None:
    st.title("No access", anchor=False)
    st.warning(
        f"You are signed in as **{escape(who)}**, but this studio is not open to that account. "
        f"{escape(allowlist.whom_to_ask)}",
        icon=":material/block:",
    )
    st.button("Sign out", icon=":material/logout:", on_click=st.logout, key="shell_sign_out")
