"""The API's objects and the rules of a request (services.gentrace.types): names, descriptions, pipelines by slug
or id, and the exact bodies sent."""

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.gentrace.types import (
    DESCRIPTION_MAX,
    NAME_MAX,
    Dataset,
    DatasetCreate,
    InvalidDataset,
    Pipeline,
    PipelineList,
    is_slug,
    is_uuid,
)
from tests.conftest import dataset_request

PIPELINE_ID = "123e4567-e89b-42d3-a456-426614174000"


def build(**overrides: object) -> DatasetCreate:
    return dataset_request(**{"name": "Billing edge cases", **overrides})  # type: ignore[arg-type]


def errors_of(**overrides: object) -> dict[str, str]:
    with pytest.raises(InvalidDataset) as caught:
        build(**overrides)
    return dict(caught.value.errors)


@pytest.mark.parametrize(
    ("overrides", "body"),
    [
        ({}, {"name": "Billing edge cases", "description": None, "isGolden": False, "pipelineSlug": "support-chatbot"}),
        (
            {"description": "  Hard ones  ", "is_golden": True},
            {
                "name": "Billing edge cases",
                "description": "Hard ones",
                "isGolden": True,
                "pipelineSlug": "support-chatbot",
            },
        ),
        (
            {"pipeline_mode": "id", "pipeline": f" {PIPELINE_ID.upper()} ", "name": "  Trimmed  "},
            {"name": "Trimmed", "description": None, "isGolden": False, "pipelineId": PIPELINE_ID},
        ),
        (
            {"description": "   \n\t  "},
            {"name": "Billing edge cases", "description": None, "isGolden": False, "pipelineSlug": "support-chatbot"},
        ),
        (
            {"description": "line one\nline two"},
            {
                "name": "Billing edge cases",
                "description": "line one\nline two",
                "isGolden": False,
                "pipelineSlug": "support-chatbot",
            },
        ),
    ],
)
def test_body_is_exactly_the_documented_one(overrides: dict[str, object], body: dict[str, object]) -> None:
    assert build(**overrides).to_body() == body


def test_each_rule_names_its_field_in_plain_words() -> None:
    assert errors_of(name="   ") == {"name": "Give the dataset a name."}
    assert "255" in errors_of(name="x" * (NAME_MAX + 1))["name"]
    assert build(name="x" * NAME_MAX).name == "x" * NAME_MAX
    assert "one line" in errors_of(name="two\nlines")["name"]
    assert "one line" in errors_of(name="tab\there")["name"]
    assert "one line" in errors_of(name="spoof\u202eevil")["name"]
    assert "10,000" in errors_of(description="d" * (DESCRIPTION_MAX + 1))["description"]
    assert build(description="d" * DESCRIPTION_MAX).description == "d" * DESCRIPTION_MAX
    assert "email-summarizer" in errors_of(pipeline="Email Summarizer")["pipeline"]
    assert "looks like" in errors_of(pipeline_mode="id", pipeline="1234")["pipeline"]
    assert errors_of(pipeline="  ") == {"pipeline": "Choose the pipeline this dataset belongs to."}
    assert errors_of(pipeline=None) == {"pipeline": "Choose the pipeline this dataset belongs to."}


def test_several_errors_come_back_together_in_form_order() -> None:
    with pytest.raises(InvalidDataset) as caught:
        build(name="", description="d" * 20_000, pipeline_mode="id", pipeline="nope")
    assert list(caught.value.errors) == ["name", "description", "pipeline"]
    assert caught.value.summary == "Fix the 3 highlighted fields before creating the dataset."


def test_slug_in_id_mode_is_rejected_and_id_in_slug_mode_too() -> None:
    assert "pipeline" in errors_of(pipeline_mode="id", pipeline="support-chatbot")
    assert "pipeline" in errors_of(pipeline_mode="slug", pipeline=PIPELINE_ID.upper())


def test_emoji_rtl_and_markup_are_kept_as_typed() -> None:
    for name in ["Résumé ✅ 👩‍💻", "مجموعة البيانات", "**x** <img src=x onerror=alert(1)> [y](javascript:alert(1))"]:
        assert build(name=name).to_body()["name"] == name


def test_responses_parse_and_tolerate_newer_keys() -> None:
    dataset = Dataset.model_validate(
        {
            "id": "d1",
            "createdAt": "2025-04-01T00:00:00.000Z",
            "updatedAt": "2025-04-01T00:00:01.000Z",
            "name": "n",
            "description": None,
            "archivedAt": None,
            "pipelineId": PIPELINE_ID,
            "addedLater": {"x": 1},
        }
    )
    assert dataset.created_at == datetime(2025, 4, 1, tzinfo=UTC)
    assert dataset.pipeline_id == PIPELINE_ID
    pipelines = PipelineList.model_validate(
        {
            "data": [
                {
                    "id": PIPELINE_ID,
                    "createdAt": "2025-04-01T00:00:00.000Z",
                    "updatedAt": "2025-04-01T00:00:00.000Z",
                    "slug": "support-chatbot",
                    "displayName": "Support Chatbot",
                    "folderId": None,
                    "archivedAt": None,
                    "goldenDatasetId": None,
                }
            ]
        }
    )
    assert pipelines.data[0].label == "Support Chatbot (support-chatbot)"
    bare = Pipeline.model_validate({**pipelines.data[0].model_dump(by_alias=True), "displayName": None})
    assert bare.label == "support-chatbot"


def test_slug_and_uuid_shapes() -> None:
    assert is_slug("a-1-b") and not is_slug("a--b") and not is_slug("-a") and not is_slug("A")
    assert is_uuid(PIPELINE_ID) and not is_uuid(PIPELINE_ID[:-1]) and not is_uuid(PIPELINE_ID.replace("-", ""))


text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)


@settings(max_examples=400, deadline=None)
@given(
    name=text,
    description=st.one_of(text, st.builds(lambda n, tail: " " + "d" * n + tail, st.integers(9_980, 10_010), text)),
    is_golden=st.booleans(),
    mode=st.sampled_from(["slug", "id"]),
    pipeline=st.one_of(text, st.just(PIPELINE_ID), st.just("support-chatbot"), st.none()),
)
def test_any_typed_strings_build_a_valid_body_or_name_the_fields(
    name: str, description: str, is_golden: bool, mode: str, pipeline: str | None
) -> None:
    try:
        request = DatasetCreate.from_form(
            name=name,
            description=description,
            is_golden=is_golden,
            pipeline_mode=mode,  # type: ignore[arg-type]
            pipeline=pipeline,
        )
    except InvalidDataset as error:
        assert error.errors
        assert set(error.errors) <= {"name", "description", "pipeline"}
        assert all(isinstance(message, str) and message.endswith(".") for message in error.errors.values())
        return
    body = request.to_body()
    assert body["name"] == name.strip()
    assert 1 <= len(body["name"]) <= NAME_MAX
    assert body["description"] == (description.strip() or None)
    assert body["isGolden"] is is_golden
    pipeline_keys = {"pipelineSlug", "pipelineId"} & set(body)
    assert pipeline_keys == {"pipelineId" if mode == "id" else "pipelineSlug"}


def test_invisible_and_direction_characters_are_refused_and_names_are_nfc() -> None:
    assert "U+200B" in errors_of(name="Q3 golden set\u200b")["name"]
    assert "U+2060" in errors_of(name="Q3\u2060set")["name"]
    assert "U+200D" in errors_of(name="a\u200db")["name"], "a joiner between letters is invisible"
    assert "one line" in errors_of(name="left\u200fright")["name"]
    assert "U+202E" in errors_of(description="Approved \u202egnp.exe")["description"]
    assert "U+200B" in errors_of(description="see\u200b this")["description"]
    assert build(name="Cafe\u0301").name == "Caf\u00e9"
    assert build(name="❤️\u200d🔥 hot cases").name == "❤️\u200d🔥 hot cases", "an emoji sequence keeps its joiner"


def test_names_that_look_the_same_are_the_same_name() -> None:
    from services.datasets.create import same_name

    assert same_name("Q3 golden set", "Q3 golden set\u200b")
    assert same_name("Café", "Cafe\u0301")
    assert same_name(" billing ", "BILLING")
    assert not same_name("Q3 golden set", "Q3 golden sets")
