"""The Activity page through AppTest: every copy's entries newest first, a page at a time; the filters from and
into the address (`/activity?dataset=<id>` is a link to send); a filter that matches nothing says so; a dataset's
page links to its own activity."""

import os
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from services.activity.log import AuditEntry
from services.activity.store import ActivityStore
from services.database.engine import open_database
from tests.app.helpers import Page, open_page, page_links, run, shown, unescape
from tests.conftest import Api

GOLDEN = "123e4567-e89b-42d3-a456-426614174000"
OTHER = "223e4567-e89b-42d3-a456-426614174001"


def seeded(count: int) -> None:
    entries = [
        AuditEntry(
            time=f"2026-12-{1 + n // 24:02d}T{n % 24:02d}:00:00.000Z", who=("ann@example.com", "bob@example.com")[n % 2],
            mode="gentrace", action=("dataset updated", "test cases deleted")[n % 3 == 0],
            ids={"dataset": (GOLDEN, OTHER)[n % 2]}, counts={"removed": 1} if n % 3 == 0 else {},
            name=("Golden", "Other")[n % 2], host=("copy-a", "copy-b")[n % 4 == 0], key=f"seed-{n}",
        )
        for n in range(count)
    ]  # fmt: skip
    ActivityStore(open_database(os.environ["STUDIO_DATABASE_URL"])).add(entries)


def activity(page: Page, **query: str) -> AppTest:
    page.at.query_params.clear()
    return open_page(page.at, "pages/activity.py", **query)


def rows(at: AppTest) -> list[str]:
    """The table's rows as a reader sees them."""
    (table,) = [m.value for m in at.markdown if m.value.startswith("| When")]
    return [unescape(row).replace("\u00a0", " ") for row in table.splitlines()[2:]]


def test_every_copys_entries_newest_first_a_page_at_a_time(page: Page) -> None:
    seeded(120)
    at = activity(page)
    assert "120 entries" in shown(at)
    first = rows(at)
    assert len(first) == 50 and "05 Dec 2026, 23:00" in first[0]  # the newest
    assert "| Copy |" in at.markdown[[m.value.startswith("| When") for m in at.markdown].index(True)].value
    next(b for b in at.button if b.label == "Next page").click()
    run(at)
    assert rows(at)[0] != first[0] and "Showing 51–100 of 120" in shown(at)


def test_the_filters_come_from_the_address_and_go_into_it(page: Page) -> None:
    seeded(60)
    at = activity(page, dataset=GOLDEN)
    assert "30 entries" in shown(at) and all("Golden" in row for row in rows(at))
    at.selectbox(key="activity_action").set_value("test cases deleted")
    run(at)
    assert at.query_params["action"] in ("test cases deleted", ["test cases deleted"])
    assert at.query_params["dataset"] in (GOLDEN, [GOLDEN])  # the dataset stays chosen
    assert "10 entries" in shown(at) and all("Deleted test cases" in row for row in rows(at))
    at = activity(page, who="bob@example.com", since="2026-12-02", until="2026-12-02")
    assert "12 entries" in shown(at) and all("bob@example.com" in row for row in rows(at))


def test_a_filter_that_matches_nothing_says_so(page: Page) -> None:
    seeded(10)
    at = activity(page, dataset="323e4567-e89b-42d3-a456-426614174002")
    assert "No activity matches these filters." in shown(at)
    at = activity(page, who="nobody@example.com")
    assert "No activity matches these filters." in shown(at)


def test_a_change_is_on_the_activity_page_and_a_dataset_links_to_its_own(page: Page, api: Api) -> None:
    made = api.new_dataset("Linked")
    page.at.query_params.clear()
    at = open_page(page.at, "pages/datasets.py", dataset=made["id"])
    link = next(link for link in page_links(at) if link.label == "Activity of this dataset")
    assert link.query_string == f"dataset={made['id']}"
    next(b for b in at.button if b.label == "Archive dataset").click()
    run(at)
    next(b for b in at.button if b.label == "Yes, archive it").click()
    run(at)
    at = activity(page, dataset=made["id"])
    (row,) = rows(at)
    assert "Archived the dataset" in row and made["name"] in row and "anonymous" in row


def test_a_database_that_cannot_be_read_shows_the_entries_this_copy_has_and_says_so(
    page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, audit_file: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("STUDIO_DATABASE_URL", f"sqlite:///{blocker / 'studio.db'}")  # under a file: cannot be opened
    audit_file.write_bytes(b"".join(AuditEntry(f"2026-12-0{n + 1}T10:00:00.000Z", "ann@example.com", "gentrace",
                                               "dataset updated", key=f"k{n}").to_line() for n in range(2)))  # fmt: skip
    st.cache_resource.clear()
    at = activity(page)
    assert "The activity could not be read from the studio's database" in shown(at)
    assert "2 entries waiting in this copy's own file" in shown(at) and len(rows(at)) == 2
