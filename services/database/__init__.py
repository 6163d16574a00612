"""The studio's own database: what it keeps itself, beside Gentrace (the history of every change to test cases,
each dataset's last health check, and what the next rooms keep).

- `engine`: where it is (`STUDIO_DATABASE_URL`, any SQLAlchemy URL; SQLite at `.studio/studio.db` by default),
  opening it, and times read back in UTC.
- `migrations/`: one Alembic history for every table, run on start (`migrate`), so an older database is brought up
  to date and keeps what it holds.
"""
