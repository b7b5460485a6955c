"""Benchmark: full-text search over a million contributions and comments.

Migrates a scratch database, bulk-loads realistic rows (demo text, six months of dates, facts,
rounds, heavy-tailed endorsements, 10% comments, 7% unpublished) with COPY on PostgreSQL or
batched inserts on SQLite, so the generated column or the triggers index each row as it arrives,
then analyses and times typical searches through ``challenges.search.search``: median and 95th
percentile of repeated runs after a warm-up run, and the slowest run of all, against 200 ms.

    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE bench_search'
    .venv/bin/python -m bench.search --url postgresql+psycopg://postgres@127.0.0.1:5432/bench_search
    .venv/bin/python -m bench.search --url sqlite:///instance/bench_search.db --rows 100000

The database named in --url is emptied first: never point it at real data.

Measured on this 2-core machine, shared with other work (PostgreSQL 15 with its default settings,
shared_buffers 128 MB), 1,000,000 rows loaded and analysed in 94 s; milliseconds, 25 runs each:

    query                                       median       p95       max
    common word (staff, 51%)                      11.6      17.3      49.1
    mid-frequency word (discharge, 0.9%)          58.3      68.2      72.9
    rare word (laundry, 0.4%)                     29.3      33.1      34.3
    no match (zebra)                               5.5       7.2       7.8
    two words (night shift)                       10.3      12.4      13.8
    two words seldom together (training fix)      45.5      56.4      61.2
    common word, challenge 2                      14.2      17.8      20.7
    word, region London                           16.5      26.5      58.5
    rare word, region London                      41.5      50.6      52.5
    word, closed round                            10.6      14.7      15.0
    no words, closed round                         2.5       3.8       4.5
    no words, three facts                         21.8      24.0      26.7
    common word, most endorsed                    12.1      18.1      28.1
    rare word, most endorsed                      24.6      27.8      28.6
    no words, most endorsed                        2.5       4.5      49.1
    common word (staff, 51%), page 2              12.5      14.6      22.7
    common word, most endorsed, page 2            13.4      16.0      16.5
    slowest run of all: 72.9 ms, within the 200 ms target

Load average was about 2 from other work during that run; the figures move with it. SQLite with
--rows 100000: 12 s to load, medians 1.6 to 52.8 ms, slowest run 62 ms.
"""

import argparse
import random
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from bench.bulk_load import load_contributions
from challenges.contributions import new_public_id
from challenges.demo_data import demo_drafts
from challenges.lifecycle import utcnow
from challenges.models import Kind, Round, Status
from challenges.search import SearchQuery, search
from portal.db import make_engine, upgrade_database

HISTORY = timedelta(days=182)
DRAFTS = 20_000
COMMENT_RATE = 0.1
STATUS_WEIGHTS = {
    Status.PUBLISHED: 93,
    Status.PENDING: 3,
    Status.REJECTED: 2,
    Status.WITHDRAWN: 2,
}
ROUND_ANSWER_RATE = 0.5
ROUND_DAYS = 28
TARGET_MS = 200
COLUMNS = (
    "id",
    "public_id",
    "kind",
    "parent_id",
    "round_id",
    "challenge_number",
    "title",
    "body",
    "sector",
    "staff_group",
    "region",
    "show_facts",
    "status",
    "submitted_at",
    "published_at",
    "safeguarding",
    "identifying_found",
    "redacted",
    "report_count",
    "endorsement_count",
)

# Shares are of the demo drafts: their vocabulary is small, so even "rare" words are in hundreds.
QUERIES = {
    "common word (staff, 51%)": SearchQuery("staff"),
    "mid-frequency word (discharge, 0.9%)": SearchQuery("discharge"),
    "rare word (laundry, 0.4%)": SearchQuery("laundry"),
    "no match (zebra)": SearchQuery("zebra"),
    "two words (night shift)": SearchQuery("night shift"),
    "two words seldom together (training fix)": SearchQuery("training fix"),
    "common word, challenge 2": SearchQuery("staff", challenge_number=2),
    "word, region London": SearchQuery("training", region="london"),
    "rare word, region London": SearchQuery("laundry", region="london"),
    "word, closed round": SearchQuery("staff", round_id=3),
    "no words, closed round": SearchQuery(round_id=3),
    "no words, three facts": SearchQuery(
        sector="primary-care", staff_group="doctor", region="north-east"
    ),
    "common word, most endorsed": SearchQuery("staff", sort="endorsed"),
    "rare word, most endorsed": SearchQuery("laundry", sort="endorsed"),
    "no words, most endorsed": SearchQuery(sort="endorsed"),
}
SECOND_PAGES = ("common word (staff, 51%)", "common word, most endorsed")


def reset(url: str) -> Engine:
    """An engine on an empty database (the scratch database is emptied, never created)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
    return engine


def bench_rounds(start: datetime) -> list[dict]:
    """Two four-week rounds per challenge, spread over the history."""
    return [
        {
            "id": number,
            "slug": f"bench-round-{number}",
            "challenge_number": challenge,
            "title": f"Benchmark round {number}",
            "question": "What would make the biggest difference?",
            "opens_on": (start + timedelta(days=20 + 80 * half + 6 * challenge)).date(),
            "closes_on": (
                start + timedelta(days=20 + 80 * half + 6 * challenge + ROUND_DAYS)
            ).date(),
        }
        for number, (challenge, half) in enumerate(
            ((challenge, half) for half in (0, 1) for challenge in range(1, 7)), start=1
        )
    ]


def contribution_rows(rng: random.Random, count: int, rounds: list[dict]) -> Iterator[tuple]:
    """``count`` rows in the order they were submitted, as tuples in COLUMNS order."""
    drafts = demo_drafts(rng, DRAFTS)
    start = utcnow() - HISTORY
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    published_parents: list[tuple[int, int]] = []
    for row_id in range(1, count + 1):
        moment = start + HISTORY * (row_id - rng.random()) / count
        status = rng.choices(statuses, weights)[0]
        text, facts = rng.choice(drafts), rng.choice(drafts)
        if published_parents and rng.random() < COMMENT_RATE:
            parent_id, challenge = rng.choice(published_parents)
            kind, title, round_id = Kind.COMMENT, "", None
        else:
            parent_id, kind, title = None, Kind.CONTRIBUTION, text.title
            challenge = text.challenge_number
            round_id = _round_answered(rng, rounds, challenge, moment)
            if status is Status.PUBLISHED:
                published_parents.append((row_id, challenge))
        withdrawn = status is Status.WITHDRAWN
        yield (
            row_id,
            new_public_id(),
            kind.value,
            parent_id,
            round_id,
            challenge,
            "" if withdrawn else title,
            "" if withdrawn else text.body,
            facts.sector,
            facts.staff_group,
            rng.choice(drafts).region,
            facts.show_facts,
            status.value,
            moment - timedelta(hours=rng.uniform(2, 72)),
            moment if status is Status.PUBLISHED else None,
            False,
            False,
            False,
            0,
            _endorsements(rng) if status is Status.PUBLISHED else 0,
        )


def _endorsements(rng: random.Random) -> int:
    # Heavy-tailed: over half never endorsed, a few endorsed thousands of times.
    return min(int(rng.paretovariate(1.2)) - 1, 5_000)


def _round_answered(rng: random.Random, rounds, challenge: int, moment: datetime) -> int | None:
    if rng.random() >= ROUND_ANSWER_RATE:
        return None
    day = moment.date()
    open_now = (
        r
        for r in rounds
        if r["challenge_number"] == challenge and r["opens_on"] <= day <= r["closes_on"]
    )
    return next((r["id"] for r in open_now), None)


def load(engine: Engine, rows: Iterator[tuple], rounds: list[dict]) -> None:
    with engine.begin() as connection:
        connection.execute(insert(Round), rounds)
    load_contributions(engine, COLUMNS, rows)


def analyse(engine: Engine) -> None:
    """Bring the planner's statistics up to date, committed for every later session.

    On PostgreSQL also vacuum, as autovacuum soon would after a bulk load: the visibility map it
    writes lets the ordering indexes be read without visiting the table.
    """
    statement = "VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql(statement)


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    run()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def measure(engine: Engine, repeat: int) -> dict[str, list[float]]:
    """Milliseconds per run of each query, and of the second page of some."""
    results = {}
    with Session(engine) as db:
        for name, query in QUERIES.items():
            results[name] = timed(lambda query=query: search(db, query), repeat)
        for name in SECOND_PAGES:
            after = search(db, QUERIES[name]).next_after
            results[f"{name}, page 2"] = timed(
                lambda name=name, after=after: search(db, QUERIES[name], after=after), repeat
            )
    return results


def report(results: dict[str, list[float]]) -> None:
    print(f"{'query':<40} {'median':>9} {'p95':>9} {'max':>9}")
    for name, samples in results.items():
        p95 = statistics.quantiles(samples, n=20, method="inclusive")[-1]
        print(f"{name:<40} {statistics.median(samples):7.1f}ms {p95:7.1f}ms {max(samples):7.1f}ms")
    slowest = max(max(samples) for samples in results.values())
    verdict = "within" if slowest < TARGET_MS else "OVER"
    print(f"slowest run of all: {slowest:.1f} ms, {verdict} the {TARGET_MS} ms target")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="sqlite:///instance/bench_search.db")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    engine = reset(args.url)
    started = time.perf_counter()
    upgrade_database(engine)
    rounds = bench_rounds(utcnow() - HISTORY)
    load(engine, contribution_rows(rng, args.rows, rounds), rounds)
    analyse(engine)
    loaded = time.perf_counter() - started
    print(f"{engine.dialect.name}: {args.rows:,} rows loaded and analysed in {loaded:.0f} s")
    report(measure(engine, args.repeat))
    engine.dispose()


if __name__ == "__main__":
    main()
