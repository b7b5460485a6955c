"""Fixtures shared by every test. The test database is built by running the migrations.

TEST_DATABASE_URL chooses the database (PostgreSQL in CI's second pass); otherwise a temporary
SQLite file is used.
"""

import os

import pytest
from sqlalchemy import create_engine, delete, text
from sqlalchemy.orm import Session

from challenges.models import Base
from config import TestingConfig
from portal import create_app
from portal.db import make_engine, upgrade_database
from portal.rate_limits import limiter

pytest_plugins = ["tests.fixtures.accounts", "tests.fixtures.jobs", "tests.fixtures.pages"]


def _reset_postgresql_schema(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        _reset_postgresql_schema(url)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    engine = make_engine(url)
    upgrade_database(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def app(database_url):
    config = type("TestConfig", (TestingConfig,), {"DATABASE_URL": database_url})
    app = create_app(config)
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture(autouse=True)
def _empty_tables(request):
    """Leave every table empty after each test that used the database."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    app.extensions["outbox"].clear()
    app.extensions["action_limits"].storage.reset()
    limiter.reset()
    with app.extensions["db_engine"].begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))


@pytest.fixture
def db(app) -> Session:
    """A database session for arranging and checking data directly."""
    with app.extensions["db_sessionmaker"]() as session:
        yield session


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
