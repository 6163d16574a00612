"""SQLite persistence for the sandbox: rows in, API-shaped dicts out.

One connection per thread (sqlite3 connections must not be shared across threads), WAL so readers never wait
for a writer, and writes serialised by a process lock plus SQLite's busy timeout for other processes.
The routes are async and call the store inline on the event loop: each call takes well under a millisecond, and
skipping the thread-pool hop took the sandbox from ~400 to ~1,000 creates/s under 32 concurrent clients.
"""

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sandbox.contract import next_update_time, timestamp

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pipelines (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    display_name TEXT,
    folder_id TEXT,
    golden_dataset_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
);
CREATE TABLE IF NOT EXISTS datasets (
    id TEXT PRIMARY KEY,
    pipeline_id TEXT NOT NULL REFERENCES pipelines(id),
    name TEXT NOT NULL,
    description TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
);
CREATE INDEX IF NOT EXISTS datasets_by_pipeline ON datasets (pipeline_id);
CREATE TABLE IF NOT EXISTS test_cases (
    id TEXT PRIMARY KEY,
    dataset_id TEXT NOT NULL REFERENCES datasets(id),
    pipeline_id TEXT NOT NULL REFERENCES pipelines(id),
    name TEXT NOT NULL,
    inputs TEXT NOT NULL,
    expected_outputs TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    deleted_at TEXT
);
CREATE INDEX IF NOT EXISTS test_cases_by_dataset ON test_cases (dataset_id);
CREATE INDEX IF NOT EXISTS test_cases_by_pipeline ON test_cases (pipeline_id);
"""

Row = dict[str, Any]


def _pipeline(row: sqlite3.Row) -> Row:
    return {
        "id": row["id"],
        "createdAt": row["created_at"],
        "updatedAt": row["updated_at"],
        "slug": row["slug"],
        "displayName": row["display_name"],
        "folderId": row["folder_id"],
        "archivedAt": row["archived_at"],
        "goldenDatasetId": row["golden_dataset_id"],
    }


def _dataset(row: sqlite3.Row) -> Row:
    return {
        "id": row["id"],
        "createdAt": row["created_at"],
        "updatedAt": row["updated_at"],
        "name": row["name"],
        "description": row["description"],
        "archivedAt": row["archived_at"],
        "pipelineId": row["pipeline_id"],
    }


_CASES_AS_JSON = (
    "SELECT json_object('id', t.id, 'createdAt', t.created_at, 'updatedAt', t.updated_at,"
    " 'inputs', json(t.inputs), 'expectedOutputs', json(t.expected_outputs), 'datasetId', t.dataset_id,"
    " 'name', t.name, 'pipelineId', t.pipeline_id, 'archivedAt', t.archived_at, 'deletedAt', t.deleted_at)"
    " FROM test_cases t WHERE "
)


def _test_case(row: sqlite3.Row) -> Row:
    expected = row["expected_outputs"]
    return {
        "id": row["id"],
        "createdAt": row["created_at"],
        "updatedAt": row["updated_at"],
        "inputs": json.loads(row["inputs"]),
        "expectedOutputs": None if expected is None else json.loads(expected),
        "datasetId": row["dataset_id"],
        "name": row["name"],
        "pipelineId": row["pipeline_id"],
        "archivedAt": row["archived_at"],
        "deletedAt": row["deleted_at"],
    }


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        with self._write_lock:
            self._connection().executescript(SCHEMA)

    def _connection(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            self._local.db = db
            with self._connections_lock:
                self._connections.append(db)
        return db

    def close(self) -> None:
        with self._connections_lock:
            for db in self._connections:
                db.close()
            self._connections.clear()
        self._local = threading.local()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        db = self._connection()
        with self._write_lock:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def read(self) -> sqlite3.Connection:
        return self._connection()

    # -- meta -------------------------------------------------------------------------------------------------

    def claim_flag(self, db: sqlite3.Connection, key: str) -> bool:
        """Set a one-time flag inside a write transaction; False if it was already set."""
        if db.execute("SELECT 1 FROM meta WHERE key = ?", (key,)).fetchone():
            return False
        db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, timestamp()))
        return True

    # -- pipelines ----------------------------------------------------------------------------------------------

    def get_pipeline(self, pipeline_id: str) -> Row | None:
        row = self.read().execute("SELECT * FROM pipelines WHERE id = ?", (pipeline_id,)).fetchone()
        return _pipeline(row) if row else None

    def get_pipeline_by_slug(self, slug: str) -> Row | None:
        row = self.read().execute("SELECT * FROM pipelines WHERE slug = ?", (slug,)).fetchone()
        return _pipeline(row) if row else None

    def list_pipelines(self, folder_id: str | None = None) -> list[Row]:
        sql, args = "SELECT * FROM pipelines", tuple[str, ...]()
        if folder_id is not None:
            sql, args = sql + " WHERE folder_id = ?", (folder_id,)
        return [_pipeline(r) for r in self.read().execute(sql + " ORDER BY created_at, rowid", args)]

    def insert_pipeline(
        self,
        db: sqlite3.Connection,
        slug: str,
        display_name: str | None,
        folder_id: str | None,
        now: str | None = None,
    ) -> str | None:
        """Returns the new id, or None when the slug is taken."""
        now = now or timestamp()
        new_id = str(uuid.uuid4())
        try:
            db.execute(
                "INSERT INTO pipelines (id, slug, display_name, folder_id, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (new_id, slug, display_name, folder_id, now, now),
            )
        except sqlite3.IntegrityError:
            return None
        return new_id

    def update_pipeline(self, pipeline_id: str, changes: dict[str, Any]) -> Row | None:
        with self.write() as db:
            row = db.execute("SELECT * FROM pipelines WHERE id = ?", (pipeline_id,)).fetchone()
            if row is None:
                return None
            now = next_update_time(row["updated_at"])
            if "displayName" in changes:
                db.execute("UPDATE pipelines SET display_name = ? WHERE id = ?", (changes["displayName"], pipeline_id))
            if "folderId" in changes:
                db.execute("UPDATE pipelines SET folder_id = ? WHERE id = ?", (changes["folderId"], pipeline_id))
            if changes.get("isArchived") is not None:
                archived_at = now if changes["isArchived"] else None
                db.execute("UPDATE pipelines SET archived_at = ? WHERE id = ?", (archived_at, pipeline_id))
            db.execute("UPDATE pipelines SET updated_at = ? WHERE id = ?", (now, pipeline_id))
            return _pipeline(db.execute("SELECT * FROM pipelines WHERE id = ?", (pipeline_id,)).fetchone())

    # -- datasets -----------------------------------------------------------------------------------------------

    def get_dataset(self, dataset_id: str) -> Row | None:
        row = self.read().execute("SELECT * FROM datasets WHERE id = ?", (dataset_id,)).fetchone()
        return _dataset(row) if row else None

    def list_datasets(self, pipeline_id: str | None, pipeline_slug: str | None, include_archived: bool) -> list[Row]:
        clauses: list[str] = []
        args: list[str] = []
        if pipeline_id is not None:
            clauses.append("d.pipeline_id = ?")
            args.append(pipeline_id)
        if pipeline_slug is not None:
            clauses.append("p.slug = ?")
            args.append(pipeline_slug)
        if not include_archived:
            clauses.append("d.archived_at IS NULL")
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        # Only fixed clause strings are joined in; every value travels as a bound parameter.
        sql = "SELECT d.* FROM datasets d JOIN pipelines p ON p.id = d.pipeline_id" + where  # noqa: S608
        sql += " ORDER BY d.created_at, d.rowid"
        return [_dataset(r) for r in self.read().execute(sql, args)]

    def insert_dataset(
        self,
        db: sqlite3.Connection,
        pipeline_id: str,
        name: str,
        description: str | None,
        is_golden: bool,
        now: str | None = None,
    ) -> str:
        now = now or timestamp()
        new_id = str(uuid.uuid4())
        db.execute(
            "INSERT INTO datasets (id, pipeline_id, name, description, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (new_id, pipeline_id, name, description, now, now),
        )
        if is_golden:
            db.execute(
                "UPDATE pipelines SET golden_dataset_id = ?, updated_at = ? WHERE id = ?", (new_id, now, pipeline_id)
            )
        return new_id

    def create_dataset(self, pipeline_id: str, name: str, description: str | None, is_golden: bool) -> Row:
        with self.write() as db:
            new_id = self.insert_dataset(db, pipeline_id, name, description, is_golden)
            return _dataset(db.execute("SELECT * FROM datasets WHERE id = ?", (new_id,)).fetchone())

    def update_dataset(self, dataset_id: str, changes: dict[str, Any]) -> Row | None:
        with self.write() as db:
            row = db.execute("SELECT * FROM datasets WHERE id = ?", (dataset_id,)).fetchone()
            if row is None:
                return None
            now = next_update_time(row["updated_at"])
            if "name" in changes:
                db.execute("UPDATE datasets SET name = ? WHERE id = ?", (changes["name"], dataset_id))
            if "description" in changes:
                db.execute("UPDATE datasets SET description = ? WHERE id = ?", (changes["description"], dataset_id))
            if changes.get("isArchived") is not None:
                archived_at = now if changes["isArchived"] else None
                db.execute("UPDATE datasets SET archived_at = ? WHERE id = ?", (archived_at, dataset_id))
            golden = changes.get("isGolden")
            if golden is True:
                db.execute(
                    "UPDATE pipelines SET golden_dataset_id = ?, updated_at = ? WHERE id = ?",
                    (dataset_id, now, row["pipeline_id"]),
                )
            elif golden is False:
                db.execute(
                    "UPDATE pipelines SET golden_dataset_id = NULL, updated_at = ?"
                    " WHERE id = ? AND golden_dataset_id = ?",
                    (now, row["pipeline_id"], dataset_id),
                )
            db.execute("UPDATE datasets SET updated_at = ? WHERE id = ?", (now, dataset_id))
            return _dataset(db.execute("SELECT * FROM datasets WHERE id = ?", (dataset_id,)).fetchone())

    # -- test cases ---------------------------------------------------------------------------------------------

    def get_test_case(self, test_case_id: str) -> Row | None:
        row = (
            self.read()
            .execute("SELECT * FROM test_cases WHERE id = ? AND deleted_at IS NULL", (test_case_id,))
            .fetchone()
        )
        return _test_case(row) if row else None

    def list_test_cases_json(self, dataset_id: str | None, pipeline_id: str | None, pipeline_slug: str | None) -> str:
        """The list route's whole body, `{"data": [...]}`, built by SQLite: 100,000 cases in well under a second,
        where decoding each row into Python and encoding it again took many seconds."""
        clauses = ["t.deleted_at IS NULL"]
        args: list[str] = []
        if dataset_id is not None:
            clauses.append("t.dataset_id = ?")
            args.append(dataset_id)
        if pipeline_id is not None:
            clauses.append("t.pipeline_id = ?")
            args.append(pipeline_id)
        if pipeline_slug is not None:
            clauses.append("t.pipeline_id IN (SELECT id FROM pipelines WHERE slug = ?)")
            args.append(pipeline_slug)
        where = " AND ".join(clauses)  # only our own clauses; every value is bound
        sql = _CASES_AS_JSON + where + " ORDER BY t.created_at, t.rowid"
        rows = self.read().execute(sql, args).fetchall()
        return '{"data":[' + ",".join(row[0] for row in rows) + "]}"

    def insert_test_case(
        self,
        db: sqlite3.Connection,
        dataset: Row,
        name: str,
        inputs: dict[str, Any],
        expected_outputs: dict[str, Any] | None,
        now: str | None = None,
    ) -> str:
        now = now or timestamp()
        new_id = str(uuid.uuid4())
        db.execute(
            "INSERT INTO test_cases (id, dataset_id, pipeline_id, name, inputs, expected_outputs, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new_id,
                dataset["id"],
                dataset["pipelineId"],
                name,
                json.dumps(inputs),
                None if expected_outputs is None else json.dumps(expected_outputs),
                now,
                now,
            ),
        )
        return new_id

    def create_test_case(
        self, dataset: Row, name: str, inputs: dict[str, Any], expected_outputs: dict[str, Any] | None
    ) -> Row:
        with self.write() as db:
            new_id = self.insert_test_case(db, dataset, name, inputs, expected_outputs)
            return _test_case(db.execute("SELECT * FROM test_cases WHERE id = ?", (new_id,)).fetchone())

    def delete_test_case(self, test_case_id: str) -> bool:
        with self.write() as db:
            cursor = db.execute(
                "UPDATE test_cases SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL", (timestamp(), test_case_id)
            )
            return cursor.rowcount == 1
