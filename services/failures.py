"""The failures work may end in that a person is told about in words; any other exception is a bug.

Long work runs on threads that outlive a script run (`components.shared.once`): what it raises comes back to the
page later. An `ExpectedFailure` (Gentrace said no, a colleague changed the dataset meanwhile, an import already
runs, the studio's database is away) is kept as it is and said to the person; anything else is logged and said as
`UnexpectedFailure`."""


class ExpectedFailure(Exception):
    """A way a piece of work can end that the person is told about; its text is for them."""

    @property
    def details(self) -> str | None:
        """The technical line for engineers, when there is one."""
        return None

    @property
    def said(self) -> str:
        """What the person reads (a subclass may keep its words in `message`, and change them after raising)."""
        message = getattr(self, "message", None)
        return message if isinstance(message, str) else str(self)


class UnexpectedFailure(ExpectedFailure):
    """A bug ended the work: the person is told so, and the server's log has the traceback."""

    def __init__(self, kind: str) -> None:
        super().__init__("Something went wrong in the studio, so the work stopped. It was written to the server's log.")
        self.kind = kind

    @property
    def details(self) -> str | None:
        return self.kind
