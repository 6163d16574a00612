"""One exception family for every way a call to Gentrace can fail, each with a message a non-engineer understands."""

from typing import ClassVar

from services.failures import ExpectedFailure
from services.gentrace.types import FormField


class GentraceError(ExpectedFailure):
    """Base of every client failure.

    `message` is for the person at the form, `field` the form field it concerns (if any), `status` and
    `server_message` are the technical details. `may_have_acted` is True when a create may have happened on the
    server although no answer arrived, so a blind retry could duplicate it.
    """

    default_message: ClassVar[str] = "Something went wrong while talking to Gentrace."

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        server_message: str | None = None,
        field: FormField | None = None,
        may_have_acted: bool = False,
    ) -> None:
        self.message = message or self.default_message
        self.status = status
        self.server_message = server_message
        self.field = field
        self.may_have_acted = may_have_acted
        super().__init__(self.message)

    @property
    def details(self) -> str:
        """The technical line shown in a details expander."""
        parts = [type(self).__name__]
        if self.status is not None:
            parts.append(f"HTTP {self.status}")
        if self.server_message:
            parts.append(f"server said: {self.server_message}")
        return " · ".join(parts)


class InvalidApiKey(GentraceError):
    default_message = (
        "The Gentrace API key was rejected. Ask an admin for a valid key (Gentrace → Settings → API keys)."
    )


class NotFound(GentraceError):
    default_message = "Gentrace could not find what was asked for."


class RejectedInput(GentraceError):
    default_message = "Gentrace rejected the input."


class RateLimited(GentraceError):
    default_message = "Gentrace is receiving too many requests right now."

    def __init__(self, message: str | None = None, *, retry_after: float | None = None, **kwargs: object) -> None:
        self.retry_after = retry_after
        if message is None:
            wait = f"in {round(retry_after)} seconds" if retry_after is not None else "in a minute"
            message = f"Gentrace is receiving too many requests right now. Try again {wait}."
        super().__init__(message, **kwargs)  # type: ignore[arg-type]


class ServerFailure(GentraceError):
    default_message = "Gentrace had a problem on its side. Try again in a moment."


class RequestTimedOut(GentraceError):
    default_message = "Gentrace took too long to answer."


class CannotConnect(GentraceError):
    default_message = "Could not reach Gentrace. Check your network connection or the Gentrace address."


class ConnectionDropped(GentraceError):
    default_message = "The connection to Gentrace broke before an answer arrived."


class UnexpectedResponse(GentraceError):
    default_message = "Gentrace sent an answer this app does not understand."
