"""What each dataset's latest health check found, so the Datasets list still shows it after a restart.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "health_summaries",
        sa.Column("dataset_id", sa.String(36), primary_key=True),
        sa.Column("listing_mark", sa.String(32), nullable=False),
        sa.Column("problems", sa.Integer(), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("health_summaries")
