"""Benchmark: keyset pagination and the moderation dashboard at scale.

Fills a scratch database with published and pending contributions, then times the public
challenge page at page 1 and deep pages, the moderation queue (with filters) and the dashboard
counts. Timings are medians of repeated runs of the domain functions against a real database.

    .venv/bin/python -m bench.listing --url postgresql+psycopg://postgres@127.0.0.1:5432/bench \\
        --published 200000 --pending 50000

The database named in --url is emptied first: never point it at real data.
"""

import argparse
import random
import statistics
import time
from datetime import timedelta

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from challenges import browsing, moderation
from challenges.contributions import new_public_id
from challenges.lifecycle import utcnow
from challenges.models import Base, Contribution, Status
from portal.db import make_engine, upgrade_database

BATCH = 10_000


def _rows(rng: random.Random, count: int, status: Status):
    now = utcnow()
    for _ in range(count):
        submitted = now - timedelta(seconds=rng.randrange(180 * 86400))
        yield {
            "public_id": new_public_id(),
            "challenge_number": rng.randint(1, 6),
            "title": "Benchmark contribution",
            "body": "Text " * 40,
            "show_facts": False,
            "status": status,
            "submitted_at": submitted,
            "published_at": submitted + timedelta(hours=6) if status is Status.PUBLISHED else None,
            "safeguarding": rng.random() < 0.02,
            "identifying_found": rng.random() < 0.1,
            "redacted": False,
            "report_count": 0,
        }


def fill(engine, published: int, pending: int) -> None:
    rng = random.Random(7)
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))
        for status, count in ((Status.PUBLISHED, published), (Status.PENDING, pending)):
            rows = list(_rows(rng, count, status))
            for start in range(0, len(rows), BATCH):
                connection.execute(insert(Contribution), rows[start : start + BATCH])
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")


def timed(function, repeat: int = 15) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def deep_cursor(db: Session, pages: int) -> str | None:
    """Walk to a deep page once, to time the seek from there."""
    after = None
    for _ in range(pages):
        after = browsing.published_page(db, 5, after=after).next_after
    return after


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="sqlite:///instance/bench.db")
    parser.add_argument("--published", type=int, default=200_000)
    parser.add_argument("--pending", type=int, default=50_000)
    parser.add_argument("--deep-page", type=int, default=1_000)
    args = parser.parse_args()
    engine = make_engine(args.url)
    upgrade_database(engine)
    fill(engine, args.published, args.pending)
    with Session(engine) as db:
        deep = deep_cursor(db, min(args.deep_page, args.published // 6 // 20 - 1))
        queue_tail = moderation.queue(db, moderation.QueueFilter(), size=1)[0].public_id
        results = {
            "challenge page 1": timed(lambda: browsing.published_page(db, 5)),
            f"challenge page {args.deep_page}": timed(
                lambda: browsing.published_page(db, 5, after=deep)
            ),
            "queue page 1": timed(lambda: moderation.queue(db, moderation.QueueFilter())),
            "queue page 2": timed(
                lambda: moderation.queue(db, moderation.QueueFilter(), after=queue_tail)
            ),
            "queue, safeguarding": timed(
                lambda: moderation.queue(db, moderation.QueueFilter(label="safeguarding"))
            ),
            "queue, challenge 3": timed(
                lambda: moderation.queue(db, moderation.QueueFilter(challenge_number=3))
            ),
            "dashboard counts": timed(lambda: moderation.dashboard_counts(db)),
        }
    print(f"{engine.dialect.name}: {args.published:,} published, {args.pending:,} pending")
    for name, millis in results.items():
        print(f"  {name:<24} {millis:8.2f} ms (median of 15)")


if __name__ == "__main__":
    main()
