"""The request the form sends (with every rule the app enforces) and the objects Gentrace sends back."""

import re
import unicodedata
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

NAME_MAX = 255
DESCRIPTION_MAX = 10_000
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
UUID_PATTERN = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

# The form's fields, as errors name them.
FormField = Literal["name", "description", "golden", "pipeline"]
PipelineMode = Literal["slug", "id"]


def _plain(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message)


# Direction marks, overrides and isolates can make a name read differently from what is stored.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters that take no space: two names that look the same would differ by them.
_INVISIBLE = frozenset("\u00ad\u180e\u200b\u200c\u2060\u2061\u2062\u2063\u2064\ufeff")
_JOINER = "\u200d"  # allowed between two symbols, where it joins an emoji sequence (👩‍💻); invisible elsewhere


def _has_control_characters(text: str) -> bool:
    return any(unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in _BIDI_CONTROLS for char in text)


def _joins(char: str) -> bool:
    return unicodedata.category(char) in ("So", "Sk") or char == "\ufe0f" or ord(char) > 0x1F000


def hidden_character(text: str) -> str | None:
    """The first character that changes how text reads without being seen (a direction override, a zero-width
    space), named as a person can look it up: "U+200B"."""
    for index, char in enumerate(text):
        if char in _BIDI_CONTROLS or char in _INVISIBLE:
            return f"U+{ord(char):04X}"
        if char == _JOINER:
            around = text[index - 1 : index] + text[index + 1 : index + 2]
            if len(around) < 2 or not all(_joins(c) for c in around):
                return f"U+{ord(char):04X}"
    return None


def normalised_name(text: str) -> str:
    """A name as compared for "the same name": NFC, invisible characters dropped, trimmed, case folded."""
    visible = "".join(char for char in unicodedata.normalize("NFC", text) if char not in _INVISIBLE | {_JOINER})
    return visible.strip().casefold()


SLUG_HINT = "A pipeline slug uses lowercase letters, digits and single hyphens, like email-summarizer."
ID_HINT = "A pipeline id looks like 123e4567-e89b-42d3-a456-426614174000 (32 hex digits in 5 groups)."
PIPELINE_MISSING = "Choose the pipeline this dataset belongs to."


def pipeline_problem(mode: PipelineMode, value: str | None) -> str | None:
    """What is wrong with a typed pipeline reference, before anything is sent (None: nothing, or nothing typed)."""
    typed = (value or "").strip()
    if not typed:
        return None
    if mode == "id":
        return None if is_uuid(typed) else ID_HINT
    return None if is_slug(typed) else SLUG_HINT


def is_uuid(value: str) -> bool:
    return bool(UUID_PATTERN.match(value))


def is_slug(value: str) -> bool:
    return bool(SLUG_PATTERN.match(value))


def checked_name(value: Any) -> str:
    """A dataset name by the app's rules: NFC, trimmed, 1 to 255 characters, one line, nothing invisible."""
    if not isinstance(value, str):
        raise _plain("name_type", "The name must be text.")
    name = unicodedata.normalize("NFC", value).strip()
    if not name:
        raise _plain("name_missing", "Give the dataset a name.")
    if _has_control_characters(name):
        raise _plain("name_lines", "Keep the name on one line, without tabs, control or text-direction characters.")
    if hidden := hidden_character(name):
        raise _plain("name_hidden", f"Remove the invisible character {hidden} from the name: it would look the same.")
    if len(name) > NAME_MAX:
        raise _plain("name_long", f"Shorten the name to {NAME_MAX} characters or fewer (it has {len(name)}).")
    return name


def checked_description(value: Any) -> str | None:
    """A description by the app's rules: trimmed, empty means none, at most 10,000 characters."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise _plain("description_type", "The description must be text.")
    description = value.strip()
    if hidden := hidden_character(description):
        raise _plain(
            "description_hidden",
            f"Remove the invisible character {hidden} from the description: it changes how the text reads.",
        )
    if len(description) > DESCRIPTION_MAX:
        raise _plain(
            "description_long",
            f"Shorten the description to {DESCRIPTION_MAX:,} characters or fewer (it has {len(description):,}).",
        )
    return description or None


class NameAndDescription(BaseModel):
    """A dataset's name and description by the app's rules, for a new dataset and an existing one alike."""

    model_config = ConfigDict(frozen=True)

    name: str
    description: str | None

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        return checked_name(value)

    @field_validator("description", mode="before")
    @classmethod
    def _description(cls, value: Any) -> str | None:
        return checked_description(value)


class DatasetCreate(NameAndDescription):
    """A valid create request. Build it with `from_form`, send it with `to_body()`."""

    model_config = ConfigDict(frozen=True, populate_by_name=True, alias_generator=to_camel)

    is_golden: bool = False
    pipeline_slug: str | None = None
    pipeline_id: str | None = None

    @field_validator("is_golden", mode="before")
    @classmethod
    def _golden(cls, value: Any) -> bool:
        if not isinstance(value, bool):
            raise _plain("golden_type", "Golden must be on or off.")
        return value

    @field_validator("pipeline_slug", mode="before")
    @classmethod
    def _slug(cls, value: Any) -> str | None:
        if value is None:
            return None
        slug = str(value).strip()
        if not is_slug(slug):
            raise _plain("pipeline_slug", SLUG_HINT)
        return slug

    @field_validator("pipeline_id", mode="before")
    @classmethod
    def _id(cls, value: Any) -> str | None:
        if value is None:
            return None
        pipeline_id = str(value).strip()
        if not is_uuid(pipeline_id):
            raise _plain("pipeline_id", ID_HINT)
        return pipeline_id.lower()

    @model_validator(mode="after")
    def _one_pipeline(self) -> "DatasetCreate":
        if (self.pipeline_slug is None) == (self.pipeline_id is None):
            raise _plain("pipeline_missing", PIPELINE_MISSING)
        return self

    @classmethod
    def from_form(
        cls, *, name: str, description: str, is_golden: bool, pipeline_mode: PipelineMode, pipeline: str | None
    ) -> "DatasetCreate":
        """Builds the request from the form's raw values, or raises `InvalidDataset` naming each bad field."""
        pipeline = (pipeline or "").strip() or None
        fields: dict[str, Any] = {"name": name, "description": description, "is_golden": is_golden}
        if pipeline is not None:
            fields["pipeline_id" if pipeline_mode == "id" else "pipeline_slug"] = pipeline
        try:
            return cls(**fields)
        except ValidationError as error:
            raise InvalidDataset(field_errors(error)) from None

    def to_body(self) -> dict[str, Any]:
        """Exactly the documented body: `description` always present, one pipeline key, `isGolden` a boolean."""
        body: dict[str, Any] = {"name": self.name, "description": self.description, "isGolden": self.is_golden}
        if self.pipeline_id is not None:
            body["pipelineId"] = self.pipeline_id
        else:
            body["pipelineSlug"] = self.pipeline_slug
        return body

    @property
    def pipeline_ref(self) -> str:
        return self.pipeline_id or self.pipeline_slug or ""


_FIELD_OF: dict[str, FormField] = {
    "name": "name",
    "description": "description",
    "is_golden": "golden",
    "pipeline_slug": "pipeline",
    "pipeline_id": "pipeline",
}


def field_errors(error: ValidationError) -> dict[FormField, str]:
    """One plain-language message per form field, in form order."""
    found: dict[FormField, str] = {}
    for item in error.errors():
        loc = item.get("loc") or ()
        field = _FIELD_OF.get(str(loc[0]), "pipeline") if loc else "pipeline"
        found.setdefault(field, item["msg"])
    order: list[FormField] = ["name", "description", "golden", "pipeline"]
    return {field: found[field] for field in order if field in found}


class InvalidDataset(ValueError):
    """The form's input breaks a rule; `errors` maps each field to what to fix."""

    def __init__(self, errors: dict[FormField, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))

    @property
    def summary(self) -> str:
        count = len(self.errors)
        return (
            "Fix the highlighted field before creating the dataset."
            if count == 1
            else (f"Fix the {count} highlighted fields before creating the dataset.")
        )


class DatasetEdit(NameAndDescription):
    """A valid name and description for an existing dataset, by the same rules as a new one."""

    @classmethod
    def from_form(cls, *, name: str, description: str) -> "DatasetEdit":
        try:
            return cls(name=name, description=description)
        except ValidationError as error:
            raise InvalidDataset(field_errors(error)) from None


# -- what Gentrace returns (extra keys from a newer server are ignored) ----------------------------------------


class ApiModel(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, alias_generator=to_camel, extra="ignore")


class Dataset(ApiModel):
    id: str
    created_at: datetime
    updated_at: datetime
    name: str
    description: str | None
    archived_at: datetime | None
    pipeline_id: str


class Pipeline(ApiModel):
    id: str
    created_at: datetime
    updated_at: datetime
    slug: str
    display_name: str | None
    folder_id: str | None = None
    archived_at: datetime | None = None
    golden_dataset_id: str | None = None

    @property
    def label(self) -> str:
        """How a person recognises it: "Display name (slug)", or the slug alone."""
        return f"{self.display_name} ({self.slug})" if self.display_name else self.slug


class TestCase(ApiModel):
    __test__ = False  # not a pytest class

    id: str
    created_at: datetime
    updated_at: datetime
    inputs: dict[str, Any]
    expected_outputs: dict[str, Any] | None
    dataset_id: str
    name: str
    pipeline_id: str
    archived_at: datetime | None = None
    deleted_at: datetime | None = None


class DatasetList(ApiModel):
    data: list[Dataset]


class PipelineList(ApiModel):
    data: list[Pipeline]


class TestCaseList(ApiModel):
    __test__ = False

    data: list[TestCase]
