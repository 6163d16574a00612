"""Generated text typed into the page itself: a result card or field errors, never a traceback."""

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.app.helpers import Page
from tests.conftest import HOSTILE

typed = st.one_of(st.text(alphabet=st.characters(codec="utf-8"), max_size=80), st.sampled_from(HOSTILE))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=typed, description=typed)
def test_the_page_shows_a_card_or_field_errors_for_any_typed_text(page: Page, name: str, description: str) -> None:
    if page.created is not None:
        page.button("Create another dataset").click()
        page.run()
    page.pipeline("sql-assistant").fill(name, description)
    page.button("Create dataset").click()
    page.at.run()
    assert not page.at.exception, [e.value for e in page.at.exception]
    if page.created is not None:
        assert page.created.dataset.name == unicodedata.normalize("NFC", name).strip()
    else:
        duplicate = any("already has a dataset named" in w for w in page.warnings)  # the same text came up twice
        assert page.errors or duplicate, "neither a card, nor an error, nor the duplicate question"
