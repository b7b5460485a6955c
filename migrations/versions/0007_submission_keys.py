"""A key per posting form, so the same form sent twice is stored once.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN, so SQLite keeps the table (and its search triggers) as it is.
    op.add_column("contributions", sa.Column("submission_key", sa.String(length=32), nullable=True))
    op.create_index(
        "ix_contributions_submission_key", "contributions", ["submission_key"], unique=True
    )


def downgrade() -> None:
    op.drop_index("ix_contributions_submission_key", table_name="contributions")
    # SQLite 3.35 and later drop a column in place, keeping the search triggers too.
    op.drop_column("contributions", "submission_key")
