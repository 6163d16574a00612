"""Text from a person, a file or the API shown as written."""

from components.shared.text import WORD_JOINER, escape


def test_plain_addresses_in_text_stay_text() -> None:
    shown = escape("See http://example.com or www.example.org")
    assert "http\\:" not in shown and "www\\." not in shown
    assert shown.replace(WORD_JOINER, "").replace("\\", "") == "See http://example.com or www.example.org"
