"""Migrations are the only way the schema changes: upgrading from empty gives exactly the models."""

import re
import uuid
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from challenges.models import Base
from challenges.search import SEARCH_ONLY_OBJECTS
from portal.db import alembic_config, make_engine, upgrade_database
from tests.fixtures.services import postgres_server_url, require

VERSIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"


def _not_search_only(name, type_, _parent_names) -> bool:
    return (type_, name) not in SEARCH_ONLY_OBJECTS


def _differences(engine) -> list:
    # Search differs by database and is not in the models; everything else must match exactly.
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": _not_search_only})
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
def fresh_postgres_database():
    server = make_url(postgres_server_url())
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect():
            pass
    except OperationalError:
        require(False, f"PostgreSQL at {server.host}:{server.port}")
    name = f"migration_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(server.set(database=name).render_as_string(hide_password=False))
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}"'))
    admin.dispose()


def test_postgresql_upgrade_from_empty_matches_the_models(fresh_postgres_database):
    _assert_upgrade_matches_models(fresh_postgres_database)


def test_migration_files_are_zero_padded_and_sequential():
    names = sorted(path.name for path in VERSIONS.glob("*.py"))
    numbers = [int(re.match(r"(\d{4})_[a-z0-9_]+\.py$", name).group(1)) for name in names]
    assert numbers == list(range(1, len(names) + 1))
