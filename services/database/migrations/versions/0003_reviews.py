"""Review marks (approvals and flags of a case's content) and each dataset's review setting.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "review_marks",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("dataset_id", sa.String(36), nullable=False),
        sa.Column("case_name", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("reviewer", sa.String(320), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("review_marks_by_dataset", "review_marks", ["dataset_id", "marked_at"])
    op.create_table(
        "review_settings",
        sa.Column("dataset_id", sa.String(36), primary_key=True),
        sa.Column("approvals_needed", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("review_settings")
    op.drop_index("review_marks_by_dataset", table_name="review_marks")
    op.drop_table("review_marks")
