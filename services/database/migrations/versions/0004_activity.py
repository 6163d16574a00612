"""The audit trail (who did what, through which copy of the studio), shared by every copy on one database.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.create_table(
        "activity_entries",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("entry_key", sa.String(64), nullable=False, unique=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("who", sa.String(320), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("dataset_id", sa.String(64), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("ids", sa.Text(), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
    )
    op.create_index("activity_by_time", "activity_entries", ["at", "id"])
    op.create_index("activity_by_dataset", "activity_entries", ["dataset_id", "at"])
    op.create_index("activity_by_person", "activity_entries", ["who", "at"])
    op.create_index("activity_by_action", "activity_entries", ["action", "at"])


def downgrade() -> None:
    for index in ("activity_by_action", "activity_by_person", "activity_by_dataset", "activity_by_time"):
        op.drop_index(index, table_name="activity_entries")
    op.drop_table("activity_entries")
