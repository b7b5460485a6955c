"""Moderation: queue labels, criticality, decisions, reports, the anonymous inbox.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OLD_STATUSES = ("pending", "published", "rejected", "withdrawn")
NEW_STATUSES = (*OLD_STATUSES, "hidden", "removed")


def _status_check(statuses) -> str:
    return "status IN (" + ", ".join(f"'{status}'" for status in statuses) + ")"


def upgrade() -> None:
    op.create_table(
        "inbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contribution_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contribution_id"],
            ["contributions.id"],
            name=op.f("fk_inbox_messages_contribution_id_contributions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_messages")),
    )
    with op.batch_alter_table("inbox_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inbox_messages_contribution_id"), ["contribution_id"], unique=False
        )

    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contribution_id", sa.Integer(), nullable=False),
        sa.Column("reporter_tag", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.String(length=500), nullable=True),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contribution_id"],
            ["contributions.id"],
            name=op.f("fk_reports_contribution_id_contributions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint(
            "contribution_id", "reporter_tag", name=op.f("uq_reports_contribution_id_reporter_tag")
        ),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reports_contribution_id"), ["contribution_id"], unique=False
        )

    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("safeguarding", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("identifying_found", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("criticality", sa.SmallInteger(), nullable=True))
        batch_op.add_column(
            sa.Column("redacted", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("decision_rule", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("decision_note", sa.String(length=500), nullable=True))
        batch_op.add_column(
            sa.Column("report_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_index(
            "ix_contributions_queue_challenge",
            ["status", "challenge_number", "submitted_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_contributions_queue_identifying",
            ["status", "identifying_found", "submitted_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_contributions_queue_safeguarding",
            ["status", "safeguarding", "submitted_at"],
            unique=False,
        )
        batch_op.create_index("ix_contributions_reported", ["report_count", "status"], unique=False)
        batch_op.create_check_constraint("criticality_range", "criticality BETWEEN 0 AND 5")
        batch_op.drop_constraint(op.f("ck_contributions_status"), type_="check")
        batch_op.create_check_constraint("status", _status_check(NEW_STATUSES))
    # The defaults were only for rows that existed before; the models always set these values.
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        for column in ("safeguarding", "identifying_found", "redacted", "report_count"):
            batch_op.alter_column(column, server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_contributions_status"), type_="check")
        batch_op.create_check_constraint("status", _status_check(OLD_STATUSES))
        batch_op.drop_constraint(op.f("ck_contributions_criticality_range"), type_="check")
        batch_op.drop_index("ix_contributions_reported")
        batch_op.drop_index("ix_contributions_queue_safeguarding")
        batch_op.drop_index("ix_contributions_queue_identifying")
        batch_op.drop_index("ix_contributions_queue_challenge")
        batch_op.drop_column("report_count")
        batch_op.drop_column("decision_note")
        batch_op.drop_column("decision_rule")
        batch_op.drop_column("redacted")
        batch_op.drop_column("criticality")
        batch_op.drop_column("identifying_found")
        batch_op.drop_column("safeguarding")

    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_contribution_id"))

    op.drop_table("reports")
    with op.batch_alter_table("inbox_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbox_messages_contribution_id"))

    op.drop_table("inbox_messages")
