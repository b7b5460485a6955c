"""One database session per request; the request boundary commits or rolls back."""

from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

ROOT = Path(__file__).resolve().parent.parent
# Any fixed number, the same on every machine: the key of the lock that serialises migrations.
MIGRATION_LOCK_KEY = 7_450_001


def make_engine(url: str) -> Engine:
    """Create an engine; in-memory SQLite shares one connection so every request sees the data."""
    if url == "sqlite://":
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    elif url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})
    else:
        # A database that does not answer should fail a request (or a readiness probe) in seconds,
        # not hold a worker until gunicorn kills it.
        engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "savepoint", _sqlite_savepoint_inside_a_transaction)
    return engine


def _sqlite_savepoint_inside_a_transaction(connection, _name):
    # Python's sqlite3 opens a transaction only before a write. A SAVEPOINT taken before any
    # write would start a transaction of its own, and its RELEASE would commit everything so
    # far, so that rolling the request back later undid nothing: open the transaction first.
    driver = connection.connection.driver_connection
    if not driver.in_transaction:
        driver.execute("BEGIN")


def _sqlite_pragmas(connection, _record):
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # Overwrite deleted content in the file, so redacted or withdrawn text is really gone.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.after_request(_commit_if_ok)
    app.teardown_request(_close)


def get_db() -> Session:
    """The current request's database session."""
    if "db" not in g:
        g.db = current_app.extensions["db_sessionmaker"]()
    return g.db


def _commit_if_ok(response):
    db = g.get("db")
    if db is not None:
        if response.status_code < 400:
            db.commit()
        else:
            db.rollback()
    return response


def _close(_exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def alembic_config(connection):
    """Alembic's config for our migrations, running on an open connection."""
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig(str(ROOT / "alembic.ini"))
    config.attributes["connection"] = connection
    return config


def upgrade_database(engine: Engine, revision: str = "head") -> None:
    """Bring the database up to date by running the Alembic migrations."""
    from alembic import command

    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        # SQLite rebuilds a table to alter it; with foreign keys on, dropping the old copy would
        # cascade into every table that refers to it. The pragma only works outside a transaction.
        if sqlite:
            _set_sqlite_foreign_keys(connection, on=False)
        with connection.begin():
            if engine.dialect.name == "postgresql":
                # Several machines starting a release at once each run the migrations: the first
                # holds this lock until it commits, and the rest then find nothing left to do.
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
            command.upgrade(alembic_config(connection), revision)
        if sqlite:
            _set_sqlite_foreign_keys(connection, on=True)


def _set_sqlite_foreign_keys(connection, on: bool) -> None:
    connection.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    connection.commit()
