"""The history: entries and the pairs of cases (before, after) each one holds.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "history_entries",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("dataset_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("who", sa.String(320), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undoes", sa.String(36), nullable=True),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Integer(), nullable=False),
    )
    op.create_index("ix_history_entries_dataset_id", "history_entries", ["dataset_id"])
    op.create_index("ix_history_entries_created_at", "history_entries", ["created_at"])
    op.create_table(
        "history_pairs",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("entry_id", sa.String(36), sa.ForeignKey("history_entries.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("before_id", sa.String(36), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("after_id", sa.String(36), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("change", sa.String(1), nullable=False),
    )
    op.create_index("ix_history_pairs_entry_id", "history_pairs", ["entry_id"])
    op.create_index("ix_history_pairs_before_id", "history_pairs", ["before_id"])


def downgrade() -> None:
    op.drop_table("history_pairs")
    op.drop_table("history_entries")
