"""`make serve`'s gunicorn, with the committed gunicorn.conf.py and the production config."""

import os
import runpy
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

import pytest

from portal.db import make_engine, upgrade_database

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "gunicorn.conf.py"
# Markers a request carries that must never reach a log line.
USER_AGENT = "Probe-UA-7f3a"
QUERY_SECRET = "query-secret-5c1d"
EMAILED_TOKEN = "emailed-token-9e2b"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_settings_are_the_documented_ones(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.delenv("BIND", raising=False)
    settings = runpy.run_path(str(CONF))
    assert (settings["workers"], settings["bind"]) == (3, "0.0.0.0:8000")
    monkeypatch.delenv("WEB_CONCURRENCY")
    cores = len(os.sched_getaffinity(0))
    assert runpy.run_path(str(CONF))["workers"] == 2 * cores + 1
    assert settings["wsgi_app"] == "portal:create_app()"
    assert settings["preload_app"] is False
    assert settings["max_requests"] > 0 and settings["max_requests_jitter"] > 0
    assert settings["graceful_timeout"] <= settings["timeout"] <= 60
    if Path(settings["SHARED_MEMORY"]).is_dir():
        assert settings["worker_tmp_dir"] == settings["SHARED_MEMORY"]
    # Client address, user, request line, path, query, referrer, user agent, any header.
    for atom in ("%(h)s", "%(u)s", "%(r)s", "%(U)s", "%(q)s", "%(f)s", "%(a)s", "}i", "}e"):
        assert atom not in settings["access_log_format"], atom


@pytest.fixture
def gunicorn_server(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'portal.db'}"
    engine = make_engine(database_url)
    upgrade_database(engine)
    engine.dispose()
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN", "REDIS"))},
        "PORTAL_ENV": "production",
        "SECRET_KEY": "serving-test-secret",
        "DATABASE_URL": database_url,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
    }
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(CONF)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_for(port, process, log)
            yield port, process, log
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)


def _wait_for(port, process, log) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer:\n{log.read_text()}")


def _get(port, path):
    connection = HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Referer": "http://x/r"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_production_serves_probes_over_http_and_logs_no_one(gunicorn_server):
    port, process, log = gunicorn_server
    health, body = _get(port, f"/healthz?{QUERY_SECRET}=1")
    assert (health.status, body) == (200, b'{"status":"ok"}\n')
    assert _get(port, "/readyz")[0].status == 200
    # Everything else over plain HTTP is sent to HTTPS under the production config.
    home = _get(port, f"/?{QUERY_SECRET}=1")[0]
    assert home.status == 302 and home.getheader("Location").startswith("https://")
    _get(port, f"/account/reset-password/{EMAILED_TOKEN}")
    # A malformed request, which gunicorn itself logs together with the caller's address.
    with socket.create_connection(("127.0.0.1", port)) as raw:
        raw.sendall(b"NOT A REQUEST\r\n\r\n")
        raw.recv(1024)
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)

    output = log.read_text()
    assert "ops.healthz" in output, output  # the app's request lines were written
    for never in ("127.0.0.1", USER_AGENT, QUERY_SECRET, EMAILED_TOKEN, "http://x/r"):
        assert never not in output, never
