"""Union branches: unions, branches, reps and invitations, attribution, link counts.

On SQLite, adding a foreign key means rebuilding the contributions table ("move and copy"),
which drops its triggers; they are read before the rebuild and created again after it.

Revision ID: 0005
Revises: 0004
"""

from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unions")),
        sa.UniqueConstraint("name", name=op.f("uq_unions_name")),
        sa.UniqueConstraint("slug", name=op.f("uq_unions_slug")),
    )
    op.create_table(
        "branches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("union_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("campaign_message", sa.Text(), nullable=False),
        sa.Column("featured_challenges", sa.String(length=6), nullable=False),
        sa.ForeignKeyConstraint(
            ["union_id"], ["unions.id"], name=op.f("fk_branches_union_id_unions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_branches")),
        sa.UniqueConstraint("slug", name=op.f("uq_branches_slug")),
    )
    op.create_index(op.f("ix_branches_union_id"), "branches", ["union_id"])
    _branch_child(
        "branch_featured_rounds",
        sa.Column("round_id", sa.Integer(), nullable=False),
        ("round_id", "rounds"),
    )
    _branch_child(
        "branch_reps", sa.Column("user_id", sa.Integer(), nullable=False), ("user_id", "users")
    )
    op.create_index(op.f("ix_branch_reps_user_id"), "branch_reps", ["user_id"])
    _branch_child("branch_invites", sa.Column("email", sa.String(length=254), nullable=False))
    op.create_index(op.f("ix_branch_invites_email"), "branch_invites", ["email"])
    op.create_table(
        "branch_link_days",
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("starts", sa.Integer(), nullable=False),
        sa.Column("posts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f("fk_branch_link_days_branch_id_branches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("branch_id", "day", name=op.f("pk_branch_link_days")),
    )
    with _triggers_kept("contributions"), op.batch_alter_table("contributions") as batch_op:
        batch_op.add_column(sa.Column("branch_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_contributions_branch_id_branches"),
            "branches",
            ["branch_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index("ix_contributions_branch", ["branch_id", "status"])


@contextmanager
def _triggers_kept(table: str):
    """Recreate the table's triggers after a SQLite batch rebuild has dropped them."""
    bind = op.get_bind()
    triggers = []
    if bind.dialect.name == "sqlite":
        triggers = (
            bind.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)
            )
            .scalars()
            .all()
        )
    yield
    for trigger in triggers:
        bind.exec_driver_sql(trigger)


def _branch_child(table: str, key: sa.Column, referenced: tuple[str, str] | None = None) -> None:
    """A table keyed by (branch_id, key) whose rows go when their branch goes."""
    constraints = [
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f(f"fk_{table}_branch_id_branches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("branch_id", key.name, name=op.f(f"pk_{table}")),
    ]
    if referenced:
        column, target = referenced
        constraints.append(
            sa.ForeignKeyConstraint(
                [column],
                [f"{target}.id"],
                name=op.f(f"fk_{table}_{column}_{target}"),
                ondelete="CASCADE",
            )
        )
    op.create_table(table, sa.Column("branch_id", sa.Integer(), nullable=False), key, *constraints)


def downgrade() -> None:
    with _triggers_kept("contributions"), op.batch_alter_table("contributions") as batch_op:
        batch_op.drop_index("ix_contributions_branch")
        batch_op.drop_constraint(op.f("fk_contributions_branch_id_branches"), type_="foreignkey")
        batch_op.drop_column("branch_id")
    for table in ("branch_link_days", "branch_invites", "branch_reps", "branch_featured_rounds"):
        op.drop_table(table)
    op.drop_index(op.f("ix_branches_union_id"), table_name="branches")
    op.drop_table("branches")
    op.drop_table("unions")
