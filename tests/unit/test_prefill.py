"""Links that fill the create form: each parameter, bad values as field errors, and the link the form makes."""

from urllib.parse import parse_qsl

from services.prefill import prefill_query, read_prefill

PIPELINE_ID = "123e4567-e89b-42d3-a456-426614174000"


def test_no_parameters_no_prefill() -> None:
    assert read_prefill({"dataset": "x"}) is None


def test_each_parameter_fills_its_field() -> None:
    slug = read_prefill({"pipeline": "support-chatbot", "golden": "true", "name": "New set", "description": "Why"})
    assert slug is not None
    assert (slug.pipeline_mode, slug.pipeline, slug.golden, slug.name, slug.description, slug.errors) == (
        "slug", "support-chatbot", True, "New set", "Why", {}
    )  # fmt: skip
    by_id = read_prefill({"pipeline_id": f" {PIPELINE_ID} ", "golden": "no"})
    assert by_id is not None and (by_id.pipeline_mode, by_id.pipeline, by_id.golden) == ("id", PIPELINE_ID, False)


def test_bad_values_become_that_fields_error_and_are_still_shown() -> None:
    prefill = read_prefill(
        {"pipeline": "Support Chatbot", "golden": "maybe", "name": "x" * 300, "description": "d" * 10_001}
    )
    assert prefill is not None
    assert set(prefill.errors) == {"pipeline", "golden", "name", "description"}
    assert "lowercase letters" in prefill.errors["pipeline"]
    assert "must be true or false" in prefill.errors["golden"]
    assert "255 characters" in prefill.errors["name"]
    assert prefill.name == "x" * 300  # kept, so the person sees what to fix
    assert read_prefill({"name": "two\nlines"}).errors["name"].startswith("Keep the name on one line")  # type: ignore[union-attr]
    assert "pipeline id looks like" in read_prefill({"pipeline_id": "123"}).errors["pipeline"]  # type: ignore[union-attr]


def test_both_pipeline_parameters_is_a_pipeline_error() -> None:
    prefill = read_prefill({"pipeline": "support-chatbot", "pipeline_id": PIPELINE_ID})
    assert prefill is not None and prefill.pipeline is None and "both" in prefill.errors["pipeline"]


def test_the_forms_link_reads_back_into_the_same_form() -> None:
    query = prefill_query("slug", "support-chatbot", True, "Billing & co?", "Line 1\nLine 2 = #")
    assert dict(parse_qsl(query)) == {
        "pipeline": "support-chatbot", "golden": "true", "name": "Billing & co?", "description": "Line 1\nLine 2 = #"
    }  # fmt: skip
    prefill = read_prefill(dict(parse_qsl(query)))
    assert prefill is not None and prefill.errors == {} and prefill.description == "Line 1\nLine 2 = #"
    assert prefill_query("id", None, False, " ", "") == ""
