"""Background jobs: inline without Redis, and through a real RQ queue and worker with it."""

import pytest
from rq import Queue
from rq.cron import CronScheduler
from rq.job import Job

from challenges.lifecycle import utcnow
from challenges.models import AuditEvent, Digest, Role
from portal import jobs, mail
from tests.fixtures.accounts import create_account, create_contribution
from tests.fixtures.jobs import TEST_QUEUE, run_queued_jobs
from tests.fixtures.pages import parse, submit_form, text_of
from tests.fixtures.rounds import make_round

MONTH = utcnow().strftime("%Y-%m")


def _digest_form(**extra):
    selects = dict.fromkeys(("challenge", "round", "sector", "staff_group", "region", "union"), "")
    fields = {"title": "Monthly digest", "period_kind": "month", "period": MONTH}
    return {**fields, "audience": "ministers", **selects, **extra}


def test_without_redis_a_job_runs_at_once(app):
    with app.test_request_context():
        mail.send_email("someone@example.org", "Subject", "Body")
    assert [message["To"] for message in app.extensions["outbox"]] == ["someone@example.org"]


def test_a_job_taking_anything_but_plain_values_fails_even_inline(app):
    # A worker gets the arguments through JSON: a row or a date would reach it changed, or not at
    # all, so the inline path refuses them too, where a test will notice.
    with app.test_request_context(), pytest.raises(TypeError):
        jobs.enqueue(mail.deliver, utcnow(), "Subject", "Body")
    assert app.extensions["outbox"] == []


def test_with_redis_mail_waits_on_the_queue_for_a_worker(app, client, db, redis_queue):
    create_account(db, email="reset@example.org")
    submit_form(client, "/account/forgot-password", {"email": "reset@example.org"})
    assert app.extensions["outbox"] == []
    queue = Queue(TEST_QUEUE, connection=redis_queue)
    assert queue.count == 1
    # RQ logs a job's description: it must not carry the address or the reset link.
    assert queue.jobs[0].description == "portal.mail.deliver"
    run_queued_jobs(app, redis_queue)
    assert (queue.count, queue.failed_job_registry.count) == (0, 0)
    (message,) = app.extensions["outbox"]
    assert message["To"] == "reset@example.org" and "/account/reset-password/" in str(message)
    # A finished job, and the link it carried, is gone from Redis.
    assert redis_queue.keys("rq:job:*") == []


def test_with_redis_a_digest_is_building_until_the_worker_builds_it(
    app, db, signed_in_as, redis_queue
):
    for _ in range(12):
        create_contribution(db, publish=True, challenge_number=5)
    analyst = signed_in_as(Role.ANALYST)
    response = submit_form(analyst, "/digests/new", {**_digest_form(), "preview": "y"})
    url = response.location
    page = text_of(parse(analyst.get(url)))
    assert "We are building your digest" in page and "Headline" not in page
    run_queued_jobs(app, redis_queue)
    page = parse(analyst.get(url))
    assert "Contributions: 12" in text_of(page.select_one("#headline"))
    assert db.query(Digest).one().status == "preview"


def test_a_build_that_fails_tells_the_analyst(app, db, signed_in_as, redis_queue, monkeypatch):
    def broken(*_args):
        raise RuntimeError("the statistics blew up")

    monkeypatch.setattr(jobs, "build", broken)
    analyst = signed_in_as(Role.ANALYST)
    url = submit_form(analyst, "/digests/new", {**_digest_form(), "save": "y"}).location
    run_queued_jobs(app, redis_queue)
    assert "could not be built" in text_of(parse(analyst.get(url)))
    assert db.query(Digest).one().status == "failed"
    (job_id,) = Queue(TEST_QUEUE, connection=redis_queue).failed_job_registry.get_job_ids()
    digest = db.query(Digest).one()
    user_id = analyst.account.user.id
    assert Job.fetch(job_id, connection=redis_queue).args == [digest.id, True, "analyst", user_id]
    # A failed job is kept for a day to look into, not RQ's default of a year.
    assert 0 < redis_queue.ttl(f"rq:job:{job_id}") <= 24 * 3600


def test_the_schedule_opens_due_rounds_through_the_queue(app, db, redis_queue):
    round_ = make_round(db, opens_in_days=0)
    scheduler = CronScheduler(connection=redis_queue)
    scheduler.load_config_from_file("portal.cron")
    schedule = {job.func_name: (job.interval, job.cron) for job in scheduler.get_jobs()}
    assert schedule == {
        "portal.jobs.open_due_rounds": (900, None),
        "portal.jobs.purge_expired": (None, "30 3 * * *"),
    }
    # An interval job is due as soon as the scheduler starts; the nightly one waits for 03:30.
    enqueued = scheduler.enqueue_jobs()
    assert [job.func_name for job in enqueued] == ["portal.jobs.open_due_rounds"]
    queue_name = enqueued[0].queue_name
    run_queued_jobs(app, redis_queue, queue_name)
    opened = db.query(AuditEvent).filter_by(action="open_round").one()
    assert (opened.target_public_id, opened.actor_role) == (round_.slug, "system")
