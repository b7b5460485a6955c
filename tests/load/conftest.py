"""Fixtures for the load and fault tests: a private PostgreSQL cluster, migrated, and gunicorn.

Both are torn down whatever happens; when a test fails, the tail of their logs is printed. The
figures each test reports are shown at the end of the run, with or without -s, so the CI log
always has them.
"""

import pytest

from portal.db import make_engine, upgrade_database
from tests.fixtures.services import require
from tests.load.servers import Gunicorn, PrivateCluster, postgres_bindir


@pytest.fixture
def cluster(request):
    """A private, started PostgreSQL cluster that the test may stop and start at will."""
    bindir = postgres_bindir()
    require(bindir is not None, "PostgreSQL server programs (initdb, pg_ctl)")
    private = PrivateCluster(bindir)
    try:
        private.start()
        yield private
    finally:
        if _failed(request):
            print(f"\n--- PostgreSQL log (tail) ---\n{private.log_tail()}")
        private.destroy()


@pytest.fixture
def engine(cluster):
    """An engine on the private cluster's database, brought up to date by the migrations."""
    engine = make_engine(cluster.url)
    upgrade_database(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def start_gunicorn(request):
    """Start the portal under gunicorn with the given environment; stopped after the test."""
    started: list[Gunicorn] = []

    def start(env: dict[str, str], workers: int = 4, threads: int = 4) -> Gunicorn:
        server = Gunicorn(env, workers=workers, threads=threads)
        started.append(server)
        server.wait_until_listening()
        return server

    yield start
    for server in started:
        server.stop()
        if _failed(request):
            print(f"\n--- gunicorn log (tail) ---\n{server.log_tail()}")
        server.destroy()


_FIGURES = pytest.StashKey[list[str]]()


@pytest.fixture
def report_figures(request):
    """Show a line of figures in the run's final summary."""
    return request.config.stash.setdefault(_FIGURES, []).append


def pytest_terminal_summary(terminalreporter, config):
    lines = config.stash.get(_FIGURES, [])
    if lines:
        terminalreporter.section("load and fault figures")
        for line in lines:
            terminalreporter.write_line(line)


def _failed(request) -> bool:
    report = getattr(request.node, "rep_call", None)
    return report is None or report.failed


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
