"""Alembic's environment: migrations run on the connection the store hands over (`config.attributes`)."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=True)  # batch: SQLite alters tables by copying them
with context.begin_transaction():
    context.run_migrations()
