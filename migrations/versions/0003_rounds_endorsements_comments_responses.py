"""Themed rounds, endorsements, comments (as contributions with a parent), responses.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Audit targets now include round slugs as well as contributions' public ids.
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.alter_column(
            "target_public_id", type_=sa.String(length=80), existing_nullable=False
        )
    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("challenge_number", sa.SmallInteger(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("question", sa.String(length=300), nullable=False),
        sa.Column("background", sa.Text(), nullable=True),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "challenge_number BETWEEN 1 AND 6", name=op.f("ck_rounds_challenge_number_range")
        ),
        sa.CheckConstraint("closes_on >= opens_on", name=op.f("ck_rounds_closes_after_opening")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rounds")),
        sa.UniqueConstraint("slug", name=op.f("uq_rounds_slug")),
    )
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.create_index("ix_rounds_dates", ["opens_on", "closes_on"], unique=False)

    op.create_table(
        "responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("challenge_number", sa.SmallInteger(), nullable=True),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("heard", sa.Text(), nullable=False),
        sa.Column("change", sa.Text(), nullable=False),
        sa.Column("timescale", sa.String(length=200), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "challenge_number IS NULL OR challenge_number BETWEEN 1 AND 6",
            name=op.f("ck_responses_challenge_number_range"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_responses_round_id_rounds"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_responses")),
        sa.UniqueConstraint("public_id", name=op.f("uq_responses_public_id")),
    )
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_responses_challenge", ["challenge_number", "published_at"], unique=False
        )
        batch_op.create_index("ix_responses_published_at", ["published_at"], unique=False)

    op.create_table(
        "endorsements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contribution_id", sa.Integer(), nullable=False),
        sa.Column("endorser_tag", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["contribution_id"],
            ["contributions.id"],
            name=op.f("fk_endorsements_contribution_id_contributions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_endorsements")),
        sa.UniqueConstraint(
            "contribution_id",
            "endorser_tag",
            name=op.f("uq_endorsements_contribution_id_endorser_tag"),
        ),
    )
    op.create_table(
        "response_links",
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("contribution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contribution_id"],
            ["contributions.id"],
            name=op.f("fk_response_links_contribution_id_contributions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_response_links_response_id_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("response_id", "contribution_id", name=op.f("pk_response_links")),
    )
    with op.batch_alter_table("response_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_response_links_contribution_id"), ["contribution_id"], unique=False
        )

    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind",
                sa.Enum(
                    "contribution",
                    "comment",
                    name="kind",
                    native_enum=False,
                    create_constraint=True,
                    length=20,
                ),
                nullable=False,
                server_default="contribution",
            )
        )
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("round_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("endorsement_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.drop_index(batch_op.f("ix_contributions_public_listing"))
        batch_op.create_index(
            "ix_contributions_public_listing",
            ["challenge_number", "kind", "status", "published_at", "public_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_contributions_comments", ["parent_id", "status", "published_at"], unique=False
        )
        batch_op.create_index("ix_contributions_round", ["round_id", "status"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_contributions_parent_id_contributions"),
            "contributions",
            ["parent_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_contributions_round_id_rounds"),
            "rounds",
            ["round_id"],
            ["id"],
            ondelete="SET NULL",
        )
    # The defaults were only for rows that existed before; the models always set these values.
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.alter_column("kind", server_default=None)
        batch_op.alter_column("endorsement_count", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.alter_column(
            "target_public_id", type_=sa.String(length=16), existing_nullable=False
        )
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_contributions_round_id_rounds"), type_="foreignkey")
        batch_op.drop_constraint(
            batch_op.f("fk_contributions_parent_id_contributions"), type_="foreignkey"
        )
        batch_op.drop_index("ix_contributions_round")
        batch_op.drop_index("ix_contributions_comments")
        batch_op.drop_index("ix_contributions_public_listing")
        batch_op.create_index(
            batch_op.f("ix_contributions_public_listing"),
            ["challenge_number", "status", "published_at", "public_id"],
            unique=False,
        )
        batch_op.drop_column("endorsement_count")
        batch_op.drop_column("round_id")
        batch_op.drop_column("parent_id")
        batch_op.drop_constraint(op.f("ck_contributions_kind"), type_="check")
        batch_op.drop_column("kind")

    with op.batch_alter_table("response_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_response_links_contribution_id"))

    op.drop_table("response_links")
    op.drop_table("endorsements")
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_index("ix_responses_published_at")
        batch_op.drop_index("ix_responses_challenge")

    op.drop_table("responses")
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.drop_index("ix_rounds_dates")

    op.drop_table("rounds")
