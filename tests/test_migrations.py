"""Migrations are the only way the schema changes: upgrading from empty gives exactly the models."""

import re
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.orm import Session

from challenges.models import Base
from challenges.search import SearchQuery, in_schema_comparison, search
from portal.db import alembic_config, make_engine, upgrade_database
from tests.fixtures.services import fresh_postgres_database

VERSIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"


def _differences(engine) -> list:
    # Search differs by database and is not in the models; everything else must match exactly.
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": in_schema_comparison}
        )
        return compare_metadata(context, Base.metadata)


def _assert_upgrade_matches_models(engine) -> None:
    upgrade_database(engine)
    assert _differences(engine) == []
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    with engine.connect() as connection:
        tables = set(connection.dialect.get_table_names(connection)) - {"alembic_version"}
    assert tables == set()


def test_sqlite_upgrade_from_empty_matches_the_models(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    _assert_upgrade_matches_models(engine)
    engine.dispose()


@pytest.fixture
def fresh_postgres_engine():
    with fresh_postgres_database("migration_test") as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


def test_postgresql_upgrade_from_empty_matches_the_models(fresh_postgres_engine):
    _assert_upgrade_matches_models(fresh_postgres_engine)


SEARCH_REVISION = "0004"
# A published contribution and a published comment on it, in the columns revision 0004 has.
ROWS_AT_SEARCH_REVISION = text(
    """
    INSERT INTO contributions (id, public_id, kind, parent_id, challenge_number, title, body,
        show_facts, status, submitted_at, published_at, safeguarding, identifying_found, redacted,
        report_count, endorsement_count)
    VALUES (1, 'parent000001', 'contribution', NULL, 5, 'Break rooms', 'There is no kettle.',
        0, 'published', '2026-01-05 09:00:00', '2026-01-05 12:00:00', 0, 0, 0, 0, 0),
           (2, 'comment00002', 'comment', 1, 5, '', 'Ours has a kettle and no chairs.',
        0, 'published', '2026-01-06 09:00:00', '2026-01-06 12:00:00', 0, 0, 0, 0, 0)
    """
)


def test_sqlite_search_index_stays_whole_through_later_migrations(tmp_path):
    """A later migration that rebuilds the contributions table must keep the FTS5 index whole."""
    engine = make_engine(f"sqlite:///{tmp_path / 'rows.db'}")
    upgrade_database(engine, SEARCH_REVISION)
    with engine.begin() as connection:
        connection.execute(ROWS_AT_SEARCH_REVISION)
    upgrade_database(engine)
    with engine.begin() as connection:
        # Raises if the index and the rows it was built from disagree.
        connection.exec_driver_sql(
            "INSERT INTO contributions_fts (contributions_fts, rank) VALUES ('integrity-check', 1)"
        )
    with Session(engine) as db:
        found = search(db, SearchQuery("kettle")).results
        assert [result.contribution.public_id for result in found] == [
            "comment00002",
            "parent000001",
        ]
    engine.dispose()


def test_migration_files_are_zero_padded_and_sequential():
    names = sorted(path.name for path in VERSIONS.glob("*.py"))
    numbers = [int(re.match(r"(\d{4})_[a-z0-9_]+\.py$", name).group(1)) for name in names]
    assert numbers == list(range(1, len(names) + 1))
