"""Many people at once: posting and endorsing through gunicorn on PostgreSQL, in production mode.

LOAD_CLIENTS people (default 50), each with their own account, cookies and address, post
contributions and press "this matters to me" for LOAD_SECONDS (default 60). Afterwards the
database must hold every post the server accepted exactly once, and every endorsement count must
match its rows. The figures are shown at the end of the run, and written as JSON to LOAD_REPORT
when that is set.
"""

import json
import os
import secrets
import threading
import time
from pathlib import Path

import pytest

from tests.load.client import Browser, Tally
from tests.load.workload import (
    Visitor,
    app_environment,
    check_database,
    endorsement_rows_by_public_id,
    run_visitors,
    seed,
    summarise,
    summary_line,
)

pytestmark = pytest.mark.load

CLIENTS = int(os.environ.get("LOAD_CLIENTS", "50"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
PUBLISHED = 40


def test_many_people_posting_and_endorsing_at_once(cluster, engine, start_gunicorn, report_figures):
    seeded = seed(engine, people=CLIENTS, published=PUBLISHED)
    server = start_gunicorn(app_environment(cluster.url))
    run = secrets.token_hex(3)
    tally = Tally()
    visitors = [
        Visitor(person, Browser(server.port, _address(n), tally), run, seeded.published)
        for n, person in enumerate(seeded.people)
    ]
    signed_in = [visitor.sign_in() for visitor in visitors]
    assert all(signed_in), f"{signed_in.count(False)} of {CLIENTS} could not sign in"
    # The figures are for the timed run; the first requests also wait for workers to warm up.
    tally.replies.clear()

    stop = threading.Event()
    started = time.monotonic()
    timer = threading.Timer(SECONDS, stop.set)
    timer.start()
    try:
        run_visitors(visitors, stop)
    finally:
        timer.cancel()
        stop.set()
    elapsed = time.monotonic() - started

    findings = check_database(engine, run, seeded.people)
    figures = summarise(tally, elapsed, findings)
    line = summary_line(f"LOAD {CLIENTS} clients x {SECONDS:g}s", figures)
    report_figures(line)
    if os.environ.get("LOAD_REPORT"):
        Path(os.environ["LOAD_REPORT"]).write_text(json.dumps(figures, indent=2) + "\n")

    assert figures["server_errors"] == 0, line
    assert figures["no_answer"] == 0, [r.error for r in tally.replies if r.status == 0][:5]
    # Limits were set out of reach: a 429 would mean the limiter, not the app, was measured.
    assert "429" not in figures["by_status"], line
    assert figures["posts_accepted"] > 0, line
    refused = {m: status for p in seeded.people for m, status in p.refused_posts.items()}
    assert refused == {}, f"posts the server did not accept: {list(refused.items())[:5]}"
    assert findings.lost == [], f"accepted but not stored: {findings.lost[:10]}"
    assert findings.duplicated == [], f"stored more than once: {findings.duplicated[:10]}"
    assert findings.stored_unknown == []
    assert findings.vault_mismatches == []
    assert findings.missing_audit == []
    assert findings.count_mismatches == []
    assert findings.published_incomplete == []
    # Each person's last look at a contribution showed whether they endorsed it; the rows agree.
    rows = endorsement_rows_by_public_id(engine)
    expected = {
        public_id: sum(1 for p in seeded.people if p.endorsed.get(public_id))
        for public_id in seeded.published
    }
    assert {public_id: rows[public_id] for public_id in seeded.published} == expected


def _address(n: int) -> str:
    """Each person's own address, as the load balancer would pass it on in X-Forwarded-For."""
    return f"10.1.{n // 250}.{n % 250 + 1}"
