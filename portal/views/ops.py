"""Probes for load balancers and orchestrators: /healthz (liveness) and /readyz (readiness).

/healthz says the process answers, and touches nothing else: a database outage must not make
every app process look dead and get restarted. /readyz says whether this process can serve
requests, by reaching the database and (when configured) Redis; a load balancer sends traffic
only to processes that are ready.

Probes come over plain HTTP from inside the network, often many times a second, so they are
never redirected to HTTPS, never rate limited, and never given a session cookie. A failure names
the dependency and nothing more: the probe's caller needs no stack trace or connection string.
"""

import logging

from flask import Blueprint, current_app, jsonify, session
from sqlalchemy import text

from portal import access, jobs
from portal.rate_limits import limiter
from portal.security import talisman

bp = Blueprint("ops", __name__)
limiter.exempt(bp)
log = logging.getLogger(__name__)


@bp.after_request
def _no_session_cookie(response):
    # However the app's other hooks touched the session, a probe's answer never sets a cookie.
    session.modified = False
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
@access.public
@talisman(force_https=False)
def healthz():
    """The process is up and answering requests."""
    return jsonify(status="ok")


@bp.get("/readyz")
@access.public
@talisman(force_https=False)
def readyz():
    """The database (and Redis, when REDIS_URL is set) can be reached: 200, else 503."""
    checks = {"database": _database_ok()}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _redis_ok()
    failed = [name for name, ok in checks.items() if not ok]
    body = {
        "status": "unavailable" if failed else "ok",
        "checks": {name: "ok" if ok else "unreachable" for name, ok in checks.items()},
    }
    if failed:
        body["failed"] = failed
    return jsonify(body), 503 if failed else 200


def _database_ok() -> bool:
    try:
        with current_app.extensions["db_engine"].connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        # Only the kind of error: its message can hold the database's address or user name.
        log.warning("readiness: database unreachable (%s)", type(error).__name__)
        return False
    return True


def _redis_ok() -> bool:
    try:
        jobs.redis_connection().ping()
    except Exception as error:
        log.warning("readiness: redis unreachable (%s)", type(error).__name__)
        return False
    return True
