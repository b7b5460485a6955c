"""Background jobs: on an RQ queue in Redis when REDIS_URL is set, run at once otherwise.

With Redis, ``make worker`` (``rq worker --with-scheduler``) runs the jobs, on any machine. Without
it, ``enqueue`` calls the job straight away, so a development server or a test needs no worker.

A job takes only plain JSON values (ids, strings, numbers), never a database row or anything from
the request: it may run later, in another process, against the database as it is by then. Whatever
a job reads must be committed before it is enqueued. Both paths pass the arguments through JSON,
so a job that would fail on a worker fails inline too.

Jobs are deleted from Redis once they succeed, and a failed one is kept only a day: a job's
arguments can be an email and the link in it, which Redis should hold no longer than it must.
"""

import functools
import json
from collections.abc import Callable

from flask import Flask, current_app, has_app_context
from redis import Redis
from rq import Queue, Retry

from challenges import retention, rounds
from challenges.digests import publishing
from challenges.digests.statistics import build_digest as build
from challenges.lifecycle import Actor, utcnow
from challenges.models import Role

# Long enough for a digest over a year of a busy service; a stuck job is killed after this.
JOB_TIMEOUT_SECONDS = 600
FAILED_JOB_KEPT_SECONDS = 24 * 3600
# Between retries of a job that asks for them (email, when the mail server is briefly away).
RETRY_INTERVALS_SECONDS = [10, 60, 300]


def job(func: Callable) -> Callable:
    """Make ``func`` a job: it runs inside an app context, whichever process runs it."""

    @functools.wraps(func)
    def run(*args):
        if has_app_context():
            return func(*args)
        with _worker_app().app_context():
            return func(*args)

    return run


@functools.cache
def _worker_app() -> Flask:
    # An RQ worker imports the job by name and calls it with no app around it: it builds the
    # portal from the same environment (PORTAL_ENV, DATABASE_URL, SECRET_KEY) as the web app.
    from portal import create_app

    return create_app()


def redis_connection(url: str | None = None) -> Redis:
    """A client for REDIS_URL (or ``url``), shared by everything in this app."""
    url = url or current_app.config["REDIS_URL"]
    clients = current_app.extensions.setdefault("redis_clients", {})
    if url not in clients:
        # Short timeouts: a request that enqueues, or a readiness probe, must not hang on Redis.
        clients[url] = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    return clients[url]


def job_queue() -> Queue:
    """The app's RQ queue (needs REDIS_URL)."""
    return Queue(current_app.config["JOB_QUEUE"], connection=redis_connection())


def enqueue(func: Callable, *args, retries: int = 0, ttl: int | None = None) -> None:
    """Run ``func(*args)`` as a job: queued when REDIS_URL is set, at once otherwise.

    ``retries`` re-runs a failed job after a pause (the worker's scheduler requeues it);
    ``ttl`` drops a job still waiting after that many seconds, when it would be pointless late.
    """
    plain = json.loads(json.dumps(args))
    if not current_app.config.get("REDIS_URL"):
        func(*plain)
        return
    job_queue().enqueue_call(
        func,
        args=plain,
        # RQ logs a job's description; the default one shows its arguments.
        description=f"{func.__module__}.{func.__name__}",
        timeout=JOB_TIMEOUT_SECONDS,
        result_ttl=0,
        failure_ttl=FAILED_JOB_KEPT_SECONDS,
        ttl=ttl,
        retry=Retry(max=retries, interval=RETRY_INTERVALS_SECONDS[:retries]) if retries else None,
    )


def _session():
    return current_app.extensions["db_sessionmaker"]()


@job
def build_digest(digest_id: int, keep: bool, actor_role: str, actor_user_id: int) -> None:
    """Build a digest an analyst asked for, as a preview or (``keep``) straight into a draft."""
    config = current_app.config
    with _session() as db:
        digest = publishing.find_building(db, digest_id)
        if digest is None:
            # Already built (a retried job), or purged as stale: nothing left to do.
            return
        try:
            content = build(
                db,
                publishing.spec_from_json(digest.spec),
                config["SUPPRESSION_THRESHOLD"],
                config["SUPPRESSION_ROUNDING"],
            )
        except Exception:
            db.rollback()
            publishing.mark_build_failed(db, digest_id)
            db.commit()
            raise
        actor = Actor(role=Role(actor_role), user_id=actor_user_id)
        publishing.finish_build(db, actor, digest, content, keep=keep)
        db.commit()


@job
def open_due_rounds() -> list[str]:
    """Record the opening of every round whose opening day has come (see challenges.rounds)."""
    with _session() as db:
        opened = rounds.open_due_rounds(db, utcnow().date())
        db.commit()
        return [round_.slug for round_ in opened]


@job
def purge_expired() -> dict[str, int]:
    """Delete whatever has been kept its full retention period (see challenges.retention)."""
    with _session() as db:
        counts = retention.purge(db, retention_periods(current_app.config))
        db.commit()
        return counts.as_dict()


def retention_periods(config) -> retention.RetentionPeriods:
    """The retention periods the config sets."""
    return retention.RetentionPeriods(
        rejected_days=config["RETAIN_REJECTED_DAYS"],
        removed_days=config["RETAIN_REMOVED_DAYS"],
        withdrawn_days=config["RETAIN_WITHDRAWN_DAYS"],
        expired_tokens_days=config["RETAIN_EXPIRED_TOKENS_DAYS"],
        digest_previews_days=config["RETAIN_DIGEST_PREVIEWS_DAYS"],
    )
