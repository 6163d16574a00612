"""Every behaviour the sandbox adopts where Gentrace documents nothing, kept in one place.

If the real Gentrace server turns out to behave differently, change it here.
"""

import re
from datetime import UTC, datetime, timedelta

API_PREFIX = "/api/v4"

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
UUID_PATTERN = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

# Decision: Gentrace documents no limits; these keep a hostile client from filling the disk.
MAX_BODY_BYTES = 1024 * 1024
MAX_NAME_CHARS = 1000
MAX_DESCRIPTION_CHARS = 100_000

# The sub-keys of the bracket-form `slug[...]` filter on GET /v4/pipelines.
SLUG_FILTER_KEYS = ("contains", "startsWith", "endsWith", "search", "in", "notIn", "mode")

MSG_UNAUTHORIZED = "Invalid or expired API key"
MSG_SERVER_ERROR = "Internal server error occurred while processing the request"
MSG_BODY_TOO_LARGE = f"Request body is larger than the limit of {MAX_BODY_BYTES} bytes"
MSG_NOT_JSON = "Invalid parameters: the request body must be JSON sent with 'Content-Type: application/json'"
MSG_BOTH_PIPELINE_FIELDS = "Invalid parameters: send either 'pipelineSlug' or 'pipelineId', not both"
MSG_NO_PIPELINE_FIELD = "Invalid parameters: 'pipelineSlug' or 'pipelineId' is required"
MSG_EMPTY_NAME = "Invalid parameters: 'name' must not be empty"


def not_found(resource_id: str) -> str:
    return f"Resource with ID '{resource_id}' not found"


def duplicate_slug(slug: str) -> str:
    return f"Invalid parameters: a pipeline with slug '{slug}' already exists"


def is_uuid(value: str) -> bool:
    return bool(UUID_PATTERN.match(value))


def timestamp(moment: datetime | None = None) -> str:
    """ISO 8601 in JavaScript form: UTC, milliseconds, `Z`."""
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def next_update_time(previous: str) -> str:
    """Decision: every change moves `updatedAt` forward, even two changes within one millisecond, so a client can
    tell from `updatedAt` alone that something changed (Gentrace has no ETags)."""
    now = timestamp()
    if now > previous:
        return now
    return timestamp(datetime.fromisoformat(previous.replace("Z", "+00:00")) + timedelta(milliseconds=1))
