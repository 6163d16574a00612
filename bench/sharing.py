"""Benchmarks of sharing the studio: a page run with sign-in on against the same run with it off, and an audit
append (written and flushed to disk)."""

import os
import tempfile
import time
from pathlib import Path

from bench.measure import API_KEY, ROOT, Row, interleaved, median

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-cookie-secret-of-some-length",
    "client_id": "studio",
    "client_secret": "secret",
    "server_metadata_url": "http://localhost:9/.well-known/openid-configuration",  # never asked on a rerun
}


def bench_sign_in(base_url: str, reruns: int) -> Row:
    """AppTest reruns of the Create page: signed in (sign-in on, an allowlist) vs sign-in off."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["GENTRACE_API_KEY"], os.environ["GENTRACE_BASE_URL"] = API_KEY, base_url
    os.environ["STUDIO_ALLOWED_DOMAINS"] = "example.com"
    st.cache_data.clear()
    st.cache_resource.clear()

    def page(signed_in: bool) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        if signed_in:
            at.secrets["auth"] = AUTH
            at.user = {"is_logged_in": True, "email": "ann@example.com"}
        at.run()
        assert not at.exception, at.exception
        assert at.title[0].value == "Create a dataset"
        return at

    try:
        on, off = page(True), page(False)
        with_sign_in, without = interleaved(on.run, off.run, reruns, warmup=3)
    finally:
        del os.environ["STUDIO_ALLOWED_DOMAINS"]
    return Row(
        "13. page run signed in (sign-in on) vs sign-in off",
        f"{median(with_sign_in) * 1000:.1f} ms",
        f"{median(without) * 1000:.1f} ms",
        median(with_sign_in) / median(without),
        "≤ 1.1",
    )


def bench_audit_append(repetitions: int) -> Row:
    """One audit line appended and flushed to disk (`fdatasync`), on the disk the studio runs from."""
    from services.activity.log import AuditLog

    with tempfile.TemporaryDirectory(dir=ROOT) as folder:
        log = AuditLog(Path(folder) / "audit.jsonl")
        times = []
        for n in range(repetitions):
            started = time.perf_counter()
            log.record(who="ann@example.com", mode="gentrace", action="dataset updated",
                       ids={"dataset": f"{n:036d}", "pipeline": f"{n:036d}"}, counts={"n": n})  # fmt: skip
            times.append(time.perf_counter() - started)
    return Row(
        "14. audit append, written and on disk (fdatasync) vs the 1 ms budget",
        f"{median(times) * 1000:.2f} ms (p90 {sorted(times)[int(len(times) * 0.9)] * 1000:.2f} ms)",
        "1 ms",
        median(times) / 0.001,
        "≤ 1",
    )
