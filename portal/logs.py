"""Structured logs that cannot tell anyone who wrote what.

Every line on stderr is one JSON object (ASVS 5.0 V16): when, how severe, which logger, an
event name, and a few fields from a fixed list. Anonymity is the product, so logs hold no email
addresses, IP addresses, user agents, user ids, contribution ids, paths, query strings or text
that anyone typed. Two logged ids side by side, or a path with a public id next to a sign-in,
would be enough to link a person to a contribution.

Three layers keep it that way:
- ``log_event`` takes only allowed field names with short, plain values, and raises otherwise,
  so a mistake fails a test rather than leaking;
- request lines name the Flask endpoint ("contribute.edit"), never the path that holds a public
  id; unhandled exceptions are logged with their type and stack frames, never their message,
  because messages carry data (SQLAlchemy puts bound parameters in them, PostgreSQL the failing
  row);
- a scrubbing filter on every handler, as defence in depth for records from code we do not
  control (werkzeug, SQLAlchemy, Flask-Limiter, gunicorn, and our own future mistakes), removes
  anything that looks like an email or IP address, query strings and long free text.

Under gunicorn, set ``logconfig_dict = portal.logs.gunicorn_logconfig_dict()`` in its config so
the master's own lines are JSON too; workers are covered by ``init_app`` either way.
"""

import itertools
import json
import logging
import math
import re
import sys
import time
import traceback
from collections.abc import Mapping
from datetime import UTC, datetime
from ipaddress import ip_address

from flask import Flask, g, request
from flask.logging import default_handler

# The only fields a line may carry besides time, level, logger, event, message and exception.
# None of them can hold an id or text: add a name here only if that stays true.
ALLOWED_FIELDS = frozenset(
    {
        "action",
        "count",
        "duration_ms",
        "endpoint",
        "kind",
        "limit",
        "method",
        "outcome",
        "reason",
        "role",
        "scope",
        "seconds",
        "status",
    }
)
_EVENT_NAME = re.compile(r"[a-z][a-z0-9_.]{0,63}")
# Words, numbers and dotted names only: no "@", "/", "?" or quotes, and too short for prose.
_SAFE_STRING = re.compile(r"[A-Za-z0-9_.:\- ]{0,64}")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

_events = logging.getLogger("portal.events")
_requests = logging.getLogger("portal.request")
_errors = logging.getLogger("portal.errors")


def log_event(event: str, *, level: int = logging.INFO, **fields) -> None:
    """Log a security or audit event, e.g. ``log_event("rate_limited", action="post")``.

    Field names must be in ALLOWED_FIELDS and values None, bool, int, finite float or a short
    plain string; anything else raises, so that a leak is caught by the tests that reach it.
    """
    _check(event, fields)
    _emit(_events, level, event, fields)


def _check(event: str, fields: dict) -> None:
    if not _EVENT_NAME.fullmatch(event):
        raise ValueError(f"log event names are lower_snake_case: {event!r}")
    for name, value in fields.items():
        if name not in ALLOWED_FIELDS:
            raise ValueError(f"{name!r} is not an allowed log field (see ALLOWED_FIELDS)")
        if not _is_safe_value(value):
            raise ValueError(f"log field {name!r} must be a number or a short plain string")


def _is_safe_value(value) -> bool:
    if value is None or isinstance(value, bool | int):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, str) and _SAFE_STRING.fullmatch(value) is not None


def _emit(logger: logging.Logger, level: int, event: str, fields: dict, exc_info=None) -> None:
    extra = {"event_name": event, "event_fields": fields}
    logger.log(level, event, exc_info=exc_info, extra=extra)


# --- Scrubbing -----------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+'-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+")
_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
# Candidates only: ip_address() decides, so times such as 12:30:45 survive.
_IPV6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%\w+)?(?![\w:])")
_QUERY = re.compile(r"(?<=[\w/])\?[^\s\"'<>]+")
_PROSE_IN_MESSAGE = re.compile(r"(?:\b[^\W\d_]+\b\W+){30,}")
_PROSE_IN_VALUE = re.compile(r"(?:\b[^\W\d_]+\b\W+){8,}")
# A message template is written by a developer; values put into it at run time may be anything
# a user sent, so they are held to a much shorter length than the message as a whole.
_VALUE_MAX = 100
_MESSAGE_MAX = 500


def _real_ipv6(match: re.Match) -> str:
    try:
        ip_address(match.group().split("%")[0])
    except ValueError:
        return match.group()
    return "[ip]"


def scrub_addresses(text: str) -> str:
    """Replace email and IP addresses and query strings."""
    text = _EMAIL.sub("[email]", text)
    text = _IPV4.sub("[ip]", text)
    text = _IPV6.sub(_real_ipv6, text)
    return _QUERY.sub("?[query]", text)


def scrub(text: str) -> str:
    """Replace email and IP addresses and query strings, and cut long runs of prose."""
    text = _PROSE_IN_MESSAGE.sub("[text removed] ", scrub_addresses(text))
    if len(text) > _MESSAGE_MAX:
        return f"[long text removed: {len(text)} characters]"
    return text


def scrub_value(value):
    """A value put into a log message, scrubbed and with any free text removed."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = scrub(str(value))
    if len(text) > _VALUE_MAX or _PROSE_IN_VALUE.search(text):
        return "[text removed]"
    return text


class ScrubFilter(logging.Filter):
    """Scrub every record a handler receives, whichever library logged it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = _scrubbed_message(record), None
        fields = getattr(record, "event_fields", None)
        if isinstance(fields, Mapping):
            record.event_fields = {name: scrub_value(value) for name, value in fields.items()}
        if record.exc_info and record.exc_info[1] is not None:
            # Formatters other than ours (gunicorn's, pytest's) print exc_text when it is set.
            record.exc_text = _traceback_text(record.exc_info[1])
        return True


def _scrubbed_message(record: logging.LogRecord) -> str:
    args = record.args
    if isinstance(args, Mapping):
        args = {key: scrub_value(value) for key, value in args.items()}
    elif isinstance(args, tuple):
        args = tuple(scrub_value(value) for value in args)
    try:
        message = str(record.msg) % args if args else str(record.msg)
    except (TypeError, ValueError, KeyError):
        return "[unformattable log message]"
    return scrub(message)


# --- Exceptions ----------------------------------------------------------------------------


def exception_type(error: BaseException) -> str:
    """The exception's class as module.QualifiedName."""
    cls = type(error)
    name = cls.__qualname__
    return name if cls.__module__ == "builtins" else f"{cls.__module__}.{name}"


def safe_traceback(error: BaseException) -> str:
    """Stack frames and exception types of the whole chain, without any exception's message."""
    blocks = [
        "Traceback (most recent call last):\n"
        + "".join(traceback.format_list(traceback.extract_tb(link.__traceback__)))
        + exception_type(link)
        for link in itertools.islice(_chain(error), 10)
    ]
    return "\n\nwhile handling or caused by:\n\n".join(reversed(blocks))


def _chain(error: BaseException | None):
    while error is not None:
        yield error
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)


def _traceback_text(error: BaseException) -> str:
    # Long, but only code: file names, line numbers and source lines, never values.
    return scrub_addresses(safe_traceback(error))


# --- Formatting ----------------------------------------------------------------------------


def _timestamp(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def line_fields(record: logging.LogRecord) -> dict:
    """What a line holds: a fixed set of keys, whatever else the record carries."""
    event = getattr(record, "event_name", None)
    line = {
        "time": _timestamp(record),
        "level": record.levelname,
        "logger": record.name,
        "event": event if isinstance(event, str) and _EVENT_NAME.fullmatch(event) else "log",
    }
    fields = getattr(record, "event_fields", None) or {}
    line.update(
        (name, value)
        for name, value in fields.items()
        if name in ALLOWED_FIELDS and _is_safe_value(value)
    )
    if event is None:
        line["message"] = scrub(record.getMessage())
    if record.exc_info and record.exc_info[1] is not None:
        line["exception"] = exception_type(record.exc_info[1])
        line["traceback"] = _traceback_text(record.exc_info[1])
    return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(line_fields(record))


class TextFormatter(logging.Formatter):
    """The same fields as key=value pairs, easier to read in a development terminal."""

    def format(self, record: logging.LogRecord) -> str:
        line = line_fields(record)
        head = f"{line.pop('time')} {line.pop('level'):<7} {line.pop('event')}"
        trace = line.pop("traceback", None)
        text = " ".join([head, *(f"{key}={value!r}" for key, value in line.items())])
        return f"{text}\n{trace}" if trace else text


FORMATTERS = {"json": JsonFormatter, "text": TextFormatter}


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time, so a replaced stream is followed."""

    def __init__(self, log_format: str = "json") -> None:
        logging.Handler.__init__(self)
        self.setFormatter(FORMATTERS[log_format]())
        self.addFilter(SCRUB)

    @property
    def stream(self):
        return sys.stderr


SCRUB = ScrubFilter()


# --- Wiring --------------------------------------------------------------------------------


class _DropWerkzeugAccessLines(logging.Filter):
    """The development server's access lines start with the client's IP address and hold the
    full path and query; the request line logged by this module replaces them."""

    _ACCESS_LINE = re.compile(r"\S+ - - \[")

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno == logging.INFO and self._ACCESS_LINE.match(str(record.msg)))


_DROP_WERKZEUG_ACCESS_LINES = _DropWerkzeugAccessLines()


def init_app(app: Flask) -> None:
    app.config.setdefault("LOG_LEVEL", "INFO")
    app.config.setdefault("LOG_FORMAT", "json")
    if app.config["LOG_FORMAT"] not in FORMATTERS:
        raise ValueError(f"LOG_FORMAT must be one of {sorted(FORMATTERS)}")
    _configure_root(app.config["LOG_LEVEL"], app.config["LOG_FORMAT"])
    _quieten_other_loggers()
    app.logger.removeHandler(default_handler)
    app.before_request(_start_timer)
    app.after_request(_log_request)
    # Flask's own version logs the path, which holds public ids; this one names the endpoint.
    app.log_exception = _log_exception


def _configure_root(level: str, log_format: str) -> None:
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(handler)
    root.addHandler(StderrHandler(log_format))
    root.setLevel(level.upper())


def _quieten_other_loggers() -> None:
    logging.getLogger("werkzeug").addFilter(_DROP_WERKZEUG_ACCESS_LINES)
    # SQLAlchemy logs statements with their parameters at INFO and rows at DEBUG: contribution
    # text and email addresses. Flask-Limiter's INFO line names the rate-limit key.
    for name in ("sqlalchemy", "flask-limiter"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # gunicorn's access line is the client's address, path, query and user agent.
    logging.getLogger("gunicorn.access").disabled = True
    for handler in logging.getLogger("gunicorn.error").handlers:
        handler.setFormatter(JsonFormatter())
        handler.addFilter(SCRUB)


def _start_timer() -> None:
    g.log_started = time.perf_counter()


def _request_fields() -> dict:
    return {
        "method": request.method if request.method in _METHODS else "OTHER",
        "endpoint": request.endpoint or "unmatched",
    }


def _log_request(response):
    started = g.pop("log_started", None)
    duration = None if started is None else round((time.perf_counter() - started) * 1000, 1)
    fields = {**_request_fields(), "status": response.status_code, "duration_ms": duration}
    _emit(_requests, logging.INFO, "request", fields)
    return response


def _log_exception(exc_info) -> None:
    _emit(_errors, logging.ERROR, "unhandled_exception", _request_fields(), exc_info)


def gunicorn_logconfig_dict(level: str = "INFO") -> dict:
    """gunicorn's ``logconfig_dict``: its own lines as JSON, scrubbed, and no access log."""
    handler = {"class": "portal.logs.StderrHandler"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"stderr": handler},
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": level, "handlers": ["stderr"], "propagate": False},
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        },
    }
