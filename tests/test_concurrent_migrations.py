"""Several machines starting a release at once all run the migrations (`make serve` does)."""

import threading
import time

import pytest
from sqlalchemy import text

from portal.db import make_engine, upgrade_database
from tests.fixtures.services import fresh_postgres_database


@pytest.fixture
def empty_postgres_url():
    with fresh_postgres_database("concurrent_migrations") as url:
        yield url


def test_machines_migrating_at_once_all_succeed_and_migrate_once(empty_postgres_url):
    machines = 4
    engines = [make_engine(empty_postgres_url) for _ in range(machines)]
    start = threading.Barrier(machines)
    errors = []

    def migrate(engine):
        start.wait()
        try:
            upgrade_database(engine)
        except Exception as error:  # collected, to fail the test with it below
            errors.append(error)

    threads = [threading.Thread(target=migrate, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    for thread in threads:
        thread.join(timeout=max(0, deadline - time.monotonic()))
    # Without the lock they block each other's DDL, or fail on tables another has just made.
    assert not any(thread.is_alive() for thread in threads), "migrations still waiting"
    assert errors == []
    with engines[0].connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    assert len(versions) == 1
    for engine in engines:
        engine.dispose()
