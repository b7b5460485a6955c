"""Full-text search over contributions and comments, in each database's own engine.

SQLite: an FTS5 table over title and body that reads its text from contributions (external
content), kept in step by triggers. PostgreSQL: a stored generated tsvector column with a GIN
index, which PostgreSQL itself recomputes whenever title or body change, and a function that
finds the rows matching a query through that index alone. Both: b-tree indexes that let a search
walk published rows already in its order, or combine fact filters.

None of this is in the models (it differs by database); challenges.search.SEARCH_ONLY_OBJECTS
names it for schema comparisons. A later migration that makes SQLite rebuild the contributions
table (a batch "move and copy") drops the triggers with the old table and must create them again.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SEARCH_VECTOR = (
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(body, '')), 'B')"
)
# B-tree indexes for searching, which orders by date or by endorsements, never by relevance.
SEARCH_INDEXES = {
    # Walked in order (after the equality on status), checking each row against the words.
    "ix_contributions_search_newest": ["status", "published_at", "public_id"],
    "ix_contributions_search_endorsed": [
        "status",
        "endorsement_count",
        "published_at",
        "public_id",
    ],
    # A round's answers lie in a few weeks, so walking all rows by date would cross months of
    # others before reaching a closed round's; this walks the round's own rows by date.
    "ix_contributions_search_round": ["round_id", "status", "published_at", "public_id"],
    # When several facts are filtered on at once few rows pass; PostgreSQL ANDs these bitmaps.
    "ix_contributions_search_sector": ["sector"],
    "ix_contributions_search_staff_group": ["staff_group"],
    "ix_contributions_search_region": ["region"],
}

# Ids of the rows matching a query, read from the GIN index and nothing else (the settings hold
# inside the function only). challenges.search joins to it when a query matches few rows, so that
# no guess of the planner's about the words can turn that into a walk through the whole table.
MATCHING_FUNCTION = """
CREATE FUNCTION contributions_matching(query tsquery)
RETURNS TABLE (id integer)
LANGUAGE sql STABLE
SET enable_seqscan = off
SET enable_indexscan = off
AS $$
    SELECT contributions.id FROM contributions WHERE search_vector @@ query
$$
"""

# External content: the FTS5 table stores only its index. An update or delete must hand it the
# old text to remove, which is why the triggers pass old.title and old.body.
FTS5_TABLE = """
CREATE VIRTUAL TABLE contributions_fts USING fts5(
    title, body, content='contributions', content_rowid='id', tokenize='porter unicode61'
)
"""
FTS5_TRIGGERS = {
    "contributions_fts_insert": """
        CREATE TRIGGER contributions_fts_insert AFTER INSERT ON contributions BEGIN
            INSERT INTO contributions_fts (rowid, title, body)
            VALUES (new.id, new.title, new.body);
        END
    """,
    "contributions_fts_delete": """
        CREATE TRIGGER contributions_fts_delete AFTER DELETE ON contributions BEGIN
            INSERT INTO contributions_fts (contributions_fts, rowid, title, body)
            VALUES ('delete', old.id, old.title, old.body);
        END
    """,
    "contributions_fts_update": """
        CREATE TRIGGER contributions_fts_update AFTER UPDATE OF title, body ON contributions BEGIN
            INSERT INTO contributions_fts (contributions_fts, rowid, title, body)
            VALUES ('delete', old.id, old.title, old.body);
            INSERT INTO contributions_fts (rowid, title, body)
            VALUES (new.id, new.title, new.body);
        END
    """,
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _add_search_vector()
    else:
        _add_fts5_table()
    for name, columns in SEARCH_INDEXES.items():
        op.create_index(name, "contributions", columns)


def downgrade() -> None:
    for name in SEARCH_INDEXES:
        op.drop_index(name, table_name="contributions")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION contributions_matching(tsquery)")
        op.drop_index("ix_contributions_search_vector", table_name="contributions")
        op.drop_column("contributions", "search_vector")
    else:
        for name in FTS5_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TABLE contributions_fts")


def _add_search_vector() -> None:
    # Adding a stored generated column computes it for every existing row.
    op.add_column(
        "contributions",
        sa.Column("search_vector", TSVECTOR(), sa.Computed(SEARCH_VECTOR, persisted=True)),
    )
    op.create_index(
        "ix_contributions_search_vector",
        "contributions",
        ["search_vector"],
        postgresql_using="gin",
    )
    op.execute(MATCHING_FUNCTION)


def _add_fts5_table() -> None:
    op.execute(FTS5_TABLE)
    for trigger in FTS5_TRIGGERS.values():
        op.execute(trigger)
    op.execute("INSERT INTO contributions_fts (contributions_fts) VALUES ('rebuild')")
