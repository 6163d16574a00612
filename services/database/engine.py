"""Opening the studio's database: one engine per URL, its tables made or migrated (Alembic) before it is used."""

import os
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from services.failures import ExpectedFailure

DATABASE_VARIABLE = "STUDIO_DATABASE_URL"
DEFAULT_DATABASE = Path(".studio/studio.db")
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class DatabaseUnavailable(ExpectedFailure):
    """The studio's database cannot be opened."""


def database_url(environ: Mapping[str, str] = os.environ) -> str:
    """`STUDIO_DATABASE_URL` (any SQLAlchemy URL), else SQLite at `.studio/studio.db`."""
    return (environ.get(DATABASE_VARIABLE) or "").strip() or f"sqlite:///{DEFAULT_DATABASE}"


def migrate(engine: Engine, revision: str = "head") -> None:
    """Makes or brings the tables up to date (Alembic's `upgrade head`, or to an earlier `revision`)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def open_database(url: str) -> Engine:
    """The engine for `url`, its tables made or migrated; `DatabaseUnavailable` when it cannot be opened."""
    try:
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, pool_pre_ping=True)
        migrate(engine)
    except (SQLAlchemyError, OSError) as error:
        raise DatabaseUnavailable(f"The studio's database could not be opened ({type(error).__name__}).") from None
    return engine


def as_utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; every time read from the studio's database is handed out aware, in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
