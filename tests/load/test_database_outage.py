"""PostgreSQL stopped hard while people post and browse, then started again.

The portal runs under gunicorn on a private cluster, so stopping it touches nothing else. While
the database is down every page must be the friendly 503, answered promptly; once it is back the
same gunicorn workers must serve again by themselves; and nothing may be half-written.
"""

import secrets
import threading
import time

import pytest

from tests.load.client import Browser, Tally
from tests.load.workload import (
    Visitor,
    app_environment,
    check_database,
    run_visitors,
    seed,
    summarise,
    summary_line,
)

pytestmark = pytest.mark.load

CLIENTS = 12
WARM_UP_SECONDS = 4
OUTAGE_SECONDS = 6
# Bounds: no answer may take longer than this, and service must be back this soon after
# PostgreSQL accepts connections again.
ANSWER_WITHIN_SECONDS = 5
RECOVER_WITHIN_SECONDS = 10
RUN_ON_AFTER_RECOVERY_SECONDS = 4


def test_a_database_outage_gives_503s_and_the_portal_recovers_by_itself(
    cluster, engine, start_gunicorn, report_figures
):
    seeded = seed(engine, people=CLIENTS, published=10)
    server = start_gunicorn(app_environment(cluster.url))
    workers = server.worker_pids()
    run = secrets.token_hex(3)
    tally = Tally()
    visitors = [
        Visitor(person, Browser(server.port, f"10.2.0.{n + 1}", tally), run, seeded.published)
        for n, person in enumerate(seeded.people)
    ]
    assert all(visitor.sign_in() for visitor in visitors)

    stop = threading.Event()
    clients = threading.Thread(target=run_visitors, args=(visitors, stop, 0.02), daemon=True)
    started = time.monotonic()
    clients.start()
    try:
        time.sleep(WARM_UP_SECONDS)
        stopping = time.monotonic()
        cluster.stop("immediate")
        down = time.monotonic()
        time.sleep(OUTAGE_SECONDS)
        restarting = time.monotonic()
        cluster.start()
        up = time.monotonic()
        unserved = _wait_until_everyone_is_served(tally, visitors, up)
        time.sleep(RUN_ON_AFTER_RECOVERY_SECONDS)
    finally:
        stop.set()
        clients.join(timeout=60)
    elapsed = time.monotonic() - started
    assert not clients.is_alive(), "the clients did not stop"

    in_doubt = check_database(engine, run, seeded.people).refused_but_stored
    # People press send again on what the 503 page refused; the form's key stores it once.
    retried = [reply for visitor in visitors for reply in visitor.send_refused_posts_again()]
    findings = check_database(engine, run, seeded.people)
    figures = summarise(tally, elapsed, findings)
    replies = tally.replies
    during = [r for r in replies if r.started >= down and r.started + r.seconds <= restarting]
    after = [r for r in replies if r.started >= up]
    last_503 = max((r.started for r in after if r.status == 503), default=up)
    first_served = min((r.started + r.seconds for r in after if 0 < r.status < 400), default=None)
    report_figures(summary_line("OUTAGE", figures))
    report_figures(
        f"OUTAGE: {len(during)} requests answered while "
        f"PostgreSQL was down; it took {up - restarting:.1f}s to start again; first page served "
        f"{(first_served or up) - up:.2f}s later, last 503 {last_503 - up:.2f}s later; posts "
        f"refused but stored (in doubt at the crash)={len(in_doubt)}; "
        f"sent again after the restart={len(retried)}, "
        f"accepted={sum(r.status == 302 for r in retried)}"
    )

    # Never a 500 or a bare gunicorn error, never a hang.
    assert [r for r in replies if r.status >= 500 and r.status != 503] == []
    assert [r.error for r in replies if r.status == 0] == []
    # (From the stop on: a worker's first requests, warming up, may be slower.)
    in_flight_or_later = [r for r in replies if r.started + r.seconds >= stopping]
    assert max(r.seconds for r in in_flight_or_later) < ANSWER_WITHIN_SECONDS
    # While it was down: the friendly 503 page, for every request.
    assert len(during) >= CLIENTS
    assert {r.status for r in during} == {503}
    assert all(r.unavailable_page for r in during)
    # Every 503, whenever it came, was the friendly page.
    assert all(r.unavailable_page for r in replies if r.status == 503)
    # Back by itself: the same workers, serving again soon after PostgreSQL was.
    assert first_served is not None
    assert unserved == set(), "clients still refused after the restart"
    assert last_503 - up < RECOVER_WITHIN_SECONDS
    assert server.process.poll() is None
    assert server.worker_pids() == workers, "gunicorn had to replace workers"
    # Nothing half-written, nothing lost, nothing twice.
    assert findings.accepted > 0
    assert findings.lost == [], f"accepted but not stored: {findings.lost}"
    assert findings.duplicated == []
    assert findings.stored_unknown == []
    assert set(in_doubt.values()) <= {503}
    assert [r.status for r in retried if r.status != 302] == []
    assert findings.refused_but_stored == {}, "a post sent again was stored twice or not at all"
    assert findings.vault_mismatches == [], "a post and its author's vault disagree"
    assert findings.missing_audit == [], "a post without its audit event"
    assert findings.count_mismatches == []
    assert findings.published_incomplete == []


def _wait_until_everyone_is_served(tally: Tally, visitors, since: float) -> set[str]:
    """Wait (within the bound) until every client has had a page served since ``since``.

    Returns the addresses of the clients still not served when the wait ended.
    """
    addresses = {visitor.browser.address for visitor in visitors}
    deadline = since + RECOVER_WITHIN_SECONDS + ANSWER_WITHIN_SECONDS
    while True:
        with tally.lock:
            served = {r.client for r in tally.replies if r.started >= since and 0 < r.status < 400}
        if served >= addresses or time.monotonic() > deadline:
            return addresses - served
        time.sleep(0.2)
