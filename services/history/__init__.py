"""The studio's own record of every change it makes to a dataset's test cases, because Gentrace keeps no versions of
a case and has no update: an edit there is a new case and a deleted old one.

- `store`: the database (SQLAlchemy; SQLite by default, PostgreSQL by `STUDIO_DATABASE_URL`), its tables made and
  migrated with Alembic (`migrations/`). An entry is written before anything is sent and completed after.
- `difference`: what changed between two versions of a case, field by field, with the words removed and added.
- `undo`: the plan that puts an entry's cases back, checked against what the dataset holds now.
"""
