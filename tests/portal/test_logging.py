"""Logs are JSON lines that never hold who wrote what: no emails, addresses, ids or text."""

import io
import json
import logging
import re
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy.exc import OperationalError

from challenges.models import Contribution, Kind, Role, User
from config import TestingConfig
from portal import create_app, logs
from portal.logs import log_event
from tests.fixtures.accounts import PASSWORD, create_account, sign_in
from tests.fixtures.pages import parse, submit_form

MARKER = "zebra-quartz-7741"
PHONE = "07700 900987"
EMAIL_IN_TEXT = "ward.manager@trust.example.nhs.uk"
BODY = f"{MARKER}: ring {PHONE} or write to {EMAIL_IN_TEXT} about the rota."
ADDRESS = "203.0.113.77"
USER_AGENT = "LeakyBrowser/9.9 (ua-marker-5521)"
LINE_KEYS = {"time", "level", "logger", "event", "message", "exception", "traceback"}
REQUEST_KEYS = {"time", "level", "logger", "event", "method", "endpoint", "status", "duration_ms"}


def _client(app, email=None):
    """A test client calling from a known address with a known user agent, maybe signed in."""
    client = app.test_client()
    client.environ_base.update({"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": USER_AGENT})
    if email:
        assert sign_in(client, email).status_code == 302
    return client


def _lines(text: str) -> list[dict]:
    """Every line as JSON (failing the test if one is not)."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _requests(lines) -> set[tuple]:
    return {(x["endpoint"], x["status"]) for x in lines if x["event"] == "request"}


def _register(app, client, email: str) -> None:
    submit_form(client, "/account/register", {"email": email})
    link = re.search(r"http://localhost(/\S+)", app.extensions["outbox"][-1].get_content())
    assert submit_form(client, link.group(1), {"password": PASSWORD}).status_code == 302


def _post_with_warning(client, data: dict) -> None:
    """Post text the screening warns about, then send it anyway."""
    soup = parse(submit_form(client, "/contribute", data))
    fingerprint = soup.select_one("input[name=warned_fingerprint]")["value"]
    response = submit_form(client, "/contribute", {**data, "warned_fingerprint": fingerprint})
    assert response.location == "/my-contributions"


def _journey(app, db) -> list[str]:
    """Everything a worker, a moderator and a colleague do; returns what must never be logged."""
    worker = _client(app)
    _register(app, worker, "log-journey@example.org")
    _post_with_warning(worker, {"challenge": "5", "title": f"Rota {MARKER}", "body": BODY})
    public_id = db.query(Contribution).one().public_id
    page = f"/contributions/{public_id}"
    moderator = _client(app, create_account(db, Role.MODERATOR).user.email)
    decide = f"/moderate/{public_id}"
    published = submit_form(moderator, f"{decide}/publish", {"criticality": "2"}, decide)
    assert published.status_code == 302
    colleague = _client(app, create_account(db).user.email)
    submit_form(colleague, f"{page}/endorse", {}, form_url=page)
    submit_form(colleague, f"{page}/comments", {"body": f"Same here {MARKER}"}, form_url=page)
    report = {"reason": "personal-attack", "detail": f"Please look {MARKER}"}
    assert submit_form(colleague, f"{page}/report", report).status_code == 302
    assert sign_in(_client(app), "log-journey@example.org", "not the password").status_code == 200
    assert _client(app).get(f"/search?q={MARKER}").status_code == 200
    assert _client(app).get(f"/contributions/no-such-{MARKER}").status_code == 404
    assert _client(app).get(f"/no/such/page?email={EMAIL_IN_TEXT}").status_code == 404
    return _secrets(db)


def _secrets(db) -> list[str]:
    """Emails, text, addresses, the user agent and every public id in the database."""
    emails = [user.email for user in db.query(User)]
    public_ids = [item.public_id for item in db.query(Contribution)]
    assert len(emails) == 3 and len(public_ids) == 2
    return [*emails, *public_ids, MARKER, PHONE, EMAIL_IN_TEXT, ADDRESS, "127.0.0.1", USER_AGENT]


def test_a_whole_journey_logs_json_lines_that_name_nobody_and_nothing(app, db, capsys):
    capsys.readouterr()
    secrets = _journey(app, db)
    captured = capsys.readouterr()
    lines = _lines(captured.err) + _lines(captured.out)
    text = captured.err + captured.out
    assert [secret for secret in secrets if secret.lower() in text.lower()] == []
    assert "Werkzeug/" not in text and "@" not in text
    assert all(set(line) <= LINE_KEYS | logs.ALLOWED_FIELDS for line in lines)
    assert {
        ("account.register", 200),
        ("account.create_password", 302),
        ("contribute.new", 302),
        ("moderate.publish", 302),
        ("engage.endorse", 302),
        ("engage.comment", 302),
        ("report.report", 302),
        ("account.sign_in", 200),
        ("search.results", 200),
        ("public.contribution", 404),
        ("unmatched", 404),
    } <= _requests(lines)
    assert any(line["event"] == "sign_in_failed" for line in lines)


def test_no_line_holds_an_id_of_a_person_or_a_contribution(app, db, capsys):
    capsys.readouterr()
    _journey(app, db)
    lines = _lines(capsys.readouterr().err)
    assert db.query(Contribution).filter_by(kind=Kind.COMMENT).count() == 1
    assert len(lines) > 20
    assert all(set(line) == REQUEST_KEYS for line in lines if line["event"] == "request")
    for line in lines:
        assert not any(key == "id" or key.endswith("_id") for key in line), line
        # Numbers appear only where no id can: user and contribution ids are numbers too.
        numeric = {key for key, value in line.items() if type(value) in (int, float)}
        assert numeric <= {"status", "seconds", "count", "duration_ms"}, line


def _explode(public_id: str):
    secret_local = f"{MARKER} {EMAIL_IN_TEXT} {public_id}"
    raise ValueError(secret_local)


@pytest.fixture
def crashing_app(database_url):
    config = type(
        "CrashingConfig",
        (TestingConfig,),
        {"DATABASE_URL": database_url, "PROPAGATE_EXCEPTIONS": False},
    )
    crashing = create_app(config)
    crashing.add_url_rule("/boom/<public_id>", "boom", _explode)
    yield crashing
    crashing.extensions["db_engine"].dispose()


def test_an_unhandled_exception_logs_its_type_and_frames_but_not_its_message(crashing_app, capsys):
    capsys.readouterr()
    response = _client(crashing_app).get(f"/boom/public-{MARKER}?text={MARKER}")
    assert response.status_code == 500
    text = capsys.readouterr().err
    assert MARKER not in text and EMAIL_IN_TEXT not in text and ADDRESS not in text
    (error,) = [line for line in _lines(text) if line["event"] == "unhandled_exception"]
    assert (error["level"], error["exception"]) == ("ERROR", "ValueError")
    assert error["endpoint"] == "boom"
    assert "in _explode\n    raise ValueError(secret_local)" in error["traceback"]
    assert ("boom", 500) in _requests(_lines(text))


# --- The pieces --------------------------------------------------------------------------


@pytest.fixture
def output():
    """A logger wired like the root one, writing to a string."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    handler.addFilter(logs.SCRUB)
    logger = logging.getLogger("tests.logging")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    yield logger, stream
    logger.removeHandler(handler)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("from jo.bloggs+x@nhs.example.uk.", "from [email]."),
        ("to=jo%40example.org", "to=[email]"),
        ("client 10.20.30.40:5000 said", "client [ip]:5000 said"),
        ("v6 2001:db8::ff00:42:8329 and [::1]:80", "v6 [ip] and [[ip]]:80"),
        ("link-local fe80::1%eth0 here", "link-local [ip] here"),
        ("mapped ::ffff:192.0.2.1", "mapped ::ffff:[ip]"),
        ("at 12:30:45 on 2024-01-02T03:04:05Z", "at 12:30:45 on 2024-01-02T03:04:05Z"),
        ("GET /search?q=my+manager HTTP/1.1", "GET /search?[query] HTTP/1.1"),
        ("endpoint contribute.edit status 302", "endpoint contribute.edit status 302"),
        ("word " * 40, "[text removed] "),
        ("x" * 501, "[long text removed: 501 characters]"),
    ],
)
def test_scrub(text, expected):
    assert logs.scrub(text) == expected


def test_values_put_into_messages_lose_free_text(output):
    logger, stream = output
    prose = "our manager never lets anyone take a break on nights"
    logger.warning("failed for %s with %s (%d)", "x" * 101, prose, 42)
    logger.info("key %(key)s", {"key": "address:abc123"})
    first, second = _lines(stream.getvalue())
    assert first["message"] == "failed for [text removed] with [text removed] (42)"
    assert (first["event"], first["logger"], first["level"]) == ("log", "tests.logging", "WARNING")
    assert second["message"] == "key address:abc123"


def test_lines_have_a_utc_iso_time_and_only_the_fixed_keys(output):
    logger, stream = output
    fields = {"action": "post", "user_id": 7, "public_id": "abc"}
    logger.info("x", extra={"event_name": "rate_limited", "event_fields": fields, "email": "a"})
    (line,) = _lines(stream.getvalue())
    assert list(line) == ["time", "level", "logger", "event", "action"]
    assert line["time"].endswith("Z")
    assert datetime.fromisoformat(line["time"]).utcoffset() == timedelta(0)


def test_exception_types_are_named_with_their_module():
    assert logs.exception_type(KeyError()) == "KeyError"
    error = OperationalError("SELECT 1", {}, Exception())
    assert logs.exception_type(error) == "sqlalchemy.exc.OperationalError"


def test_exceptions_keep_their_chain_of_types_and_frames_but_no_messages(output):
    logger, stream = output
    try:
        try:
            {}[f"{MARKER}"]
        except KeyError as error:
            raise RuntimeError(EMAIL_IN_TEXT) from error
    except RuntimeError:
        logger.exception("it went wrong")
    (line,) = _lines(stream.getvalue())
    assert line["exception"] == "RuntimeError"
    assert "KeyError" in line["traceback"] and "test_logging.py" in line["traceback"]
    assert MARKER not in stream.getvalue() and EMAIL_IN_TEXT not in stream.getvalue()


def test_other_formatters_get_the_safe_traceback_too():
    record = logging.LogRecord("gunicorn.error", logging.ERROR, __file__, 1, "boom", None, None)
    try:
        raise ValueError(MARKER)
    except ValueError:
        record.exc_info = sys.exc_info()
    logs.SCRUB.filter(record)
    assert MARKER not in logging.Formatter().format(record)


def test_text_format_shows_the_same_fields_for_people(output):
    logger, stream = output
    logger.handlers[0].setFormatter(logs.TextFormatter())
    logger.info("x", extra={"event_name": "request", "event_fields": {"status": 200}})
    expected = r"\S+Z INFO    request logger='tests.logging' status=200\n"
    assert re.fullmatch(expected, stream.getvalue())


@pytest.mark.parametrize(
    "fields",
    [
        {"user_id": 3},
        {"email": "a"},
        {"reason": "jo@example.org"},
        {"reason": "/contributions/abc123"},
        {"reason": "x" * 65},
        {"reason": "what?"},
        {"count": float("nan")},
        {"count": [1]},
    ],
)
def test_log_event_refuses_fields_that_could_leak(fields):
    with pytest.raises(ValueError):
        log_event("sign_in_failed", **fields)


def test_log_event_refuses_event_names_that_are_not_plain():
    with pytest.raises(ValueError):
        log_event("Signed in as jo@example.org")


def test_log_event_logs_its_fields_at_the_level_given(caplog):
    with caplog.at_level(logging.INFO, logger="portal.events"):
        log_event("rate_limited", action="post", seconds=30)
        log_event("attempts_delayed", level=logging.WARNING, seconds=8)
    first, second = caplog.records
    assert first.event_name == "rate_limited"
    assert first.event_fields == {"action": "post", "seconds": 30}
    assert (second.levelname, second.event_fields) == ("WARNING", {"seconds": 8})


def test_the_development_servers_access_lines_are_dropped_and_its_errors_scrubbed(capsys):
    capsys.readouterr()
    werkzeug = logging.getLogger("werkzeug")
    werkzeug.info(f'{ADDRESS} - - [01/Jan/2026 10:00:00] "GET /a?b=c HTTP/1.1" 200 -')
    werkzeug.error(f"{ADDRESS} - - [01/Jan/2026 10:00:00] code 400, message Bad request")
    (line,) = _lines(capsys.readouterr().err)
    assert line["level"] == "ERROR" and line["message"].startswith("[ip] - - [")


def test_the_installed_handler_scrubs_records_for_any_formatter(app):
    (handler,) = [h for h in logging.getLogger().handlers if isinstance(h, logs.StderrHandler)]
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "from %s", (ADDRESS,), None)
    assert handler.filter(record)
    assert logging.Formatter().format(record) == "from [ip]"


def test_gunicorn_workers_lines_become_scrubbed_json_and_its_access_log_goes(app):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    gunicorn = logging.getLogger("gunicorn.error")
    gunicorn.addHandler(handler)
    try:
        logs.init_app(Flask(__name__))
        gunicorn.error("Error handling request /contributions/abc?q=%s", EMAIL_IN_TEXT)
    finally:
        gunicorn.removeHandler(handler)
    (line,) = _lines(stream.getvalue())
    assert line["message"] == "Error handling request /contributions/abc?[query]"
    assert logging.getLogger("gunicorn.access").disabled


def test_sqlalchemy_and_the_limiter_are_held_to_warnings(app):
    assert logging.getLogger("sqlalchemy.engine").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("flask-limiter").getEffectiveLevel() == logging.WARNING


def test_odd_methods_and_unrouted_requests_are_named_generically(app, capsys):
    capsys.readouterr()
    app.test_client().open("/", method="BREW")
    (line,) = [x for x in _lines(capsys.readouterr().err) if x["event"] == "request"]
    assert (line["method"], line["endpoint"], line["status"]) == ("OTHER", "unmatched", 405)


def test_an_unknown_log_format_is_refused_at_start_up():
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        create_app(type("Config", (TestingConfig,), {"LOG_FORMAT": "xml"}))


def test_gunicorns_own_lines_are_json_and_scrubbed_and_it_keeps_no_access_log():
    script = (
        "import logging\n"
        "from gunicorn.config import Config\n"
        "from gunicorn.glogging import Logger\n"
        "from portal.logs import gunicorn_logconfig_dict\n"
        "cfg = Config()\n"
        "cfg.set('logconfig_dict', gunicorn_logconfig_dict())\n"
        "log = Logger(cfg)\n"
        f"log.error('Invalid request from ip=%s: bad', '{ADDRESS}')\n"
        f"logging.getLogger('gunicorn.access').info('{ADDRESS} GET /x')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    (line,) = _lines(result.stderr)
    assert line["logger"] == "gunicorn.error"
    assert line["message"] == "Invalid request from ip=[ip]: bad"
    assert result.stdout == ""
