"""What each dataset's latest health check found, kept in the studio's database (the history's): the Datasets list
shows a dataset's problems after a restart too, with one query for the page and no analysis or request per dataset.

Keeping it is best effort: a database that fails costs the list a count, never the check, so failures are logged
and not raised."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, delete, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from services.database.engine import as_utc

log = logging.getLogger(__name__)

_TABLE = Table(  # made by the migration 0002_health_summaries
    "health_summaries",
    MetaData(),
    Column("dataset_id", String(36), primary_key=True),
    Column("listing_mark", String(32), nullable=False),
    Column("problems", Integer, nullable=False),
    Column("cases", Integer, nullable=False),
    Column("checked_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class HealthSummary:
    dataset_id: str
    listing_mark: str  # which listing of the cases was checked
    problems: int  # at the default near-repeat threshold
    cases: int
    checked_at: datetime


class HealthSummaries:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def keep(self, summary: HealthSummary) -> None:
        """Replaces the dataset's summary with this one."""
        row = {
            "dataset_id": summary.dataset_id,
            "listing_mark": summary.listing_mark,
            "problems": summary.problems,
            "cases": summary.cases,
            "checked_at": summary.checked_at,
        }
        try:
            with self._engine.begin() as connection:
                connection.execute(delete(_TABLE).where(_TABLE.c.dataset_id == summary.dataset_id))
                connection.execute(insert(_TABLE).values(row))
        except SQLAlchemyError as error:
            log.warning("the health of dataset %s could not be kept (%s)", summary.dataset_id, type(error).__name__)

    def forget(self, dataset_ids: Iterable[str]) -> None:
        """These datasets' summaries, gone (they no longer exist)."""
        wanted = list(dict.fromkeys(dataset_ids))
        try:
            with self._engine.begin() as connection:
                for start in range(0, len(wanted), 500):
                    connection.execute(delete(_TABLE).where(_TABLE.c.dataset_id.in_(wanted[start : start + 500])))
        except SQLAlchemyError as error:
            log.warning("the datasets' health could not be forgotten (%s)", type(error).__name__)

    def of(self, dataset_ids: Iterable[str]) -> dict[str, HealthSummary]:
        """The kept summaries of these datasets, by id (those never checked are left out)."""
        wanted = list(dict.fromkeys(dataset_ids))
        if not wanted:
            return {}
        try:
            with self._engine.connect() as connection:
                rows = connection.execute(select(_TABLE).where(_TABLE.c.dataset_id.in_(wanted))).all()
        except SQLAlchemyError as error:
            log.warning("the datasets' health could not be read (%s)", type(error).__name__)
            return {}
        return {
            row.dataset_id: HealthSummary(
                row.dataset_id,
                row.listing_mark,
                row.problems,
                row.cases,
                as_utc(row.checked_at),
            )
            for row in rows
        }
