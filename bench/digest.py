"""Benchmark: building a digest for a month of many contributions.

Fills a scratch database with --rows published contributions in October 2026 (demo text and
facts, some attributed to union branches, endorsements) and half as many in the month before,
with a comment for every tenth, then times ``build_digest`` for the whole month and with a
region and a union filter: medians of repeated runs after one warm-up run.

    .venv/bin/python -m bench.digest --url postgresql+psycopg://postgres@127.0.0.1:5432/bench \\
        --rows 100000
    .venv/bin/python -m bench.digest --url sqlite:///instance/bench_digest.db --rows 100000

The database named in --url is emptied first: never point it at real data.

Measured on this 2-core machine, shared with other work (threshold 10, no rounding), 100,000
contributions in the month and 50,000 before:

    PostgreSQL 15   whole month 4.9 s, region London 4.9 s, union UNISON 4.5 s (medians of 3)
    SQLite          whole month 7.6 s, region London 6.4 s, union UNISON 5.8 s

Most of it is text analysis of the 2,000-per-challenge sample (about 2 s of VADER sentiment and
2.5 s of TF-IDF and NMF), so it hardly grows with more contributions; the grouped counts take
about 1 s on PostgreSQL (2.5 s on SQLite) and grow linearly. Suppression takes milliseconds.
"""

import argparse
import random
import statistics
import time
from datetime import date, datetime, timedelta

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from challenges import branches
from challenges.contributions import new_public_id
from challenges.demo_data import demo_drafts
from challenges.digests.statistics import DigestSpec, build_digest
from challenges.lifecycle import Actor
from challenges.models import Base, Contribution, Kind, Role, Status, Union
from portal.db import make_engine, upgrade_database

BATCH = 10_000
# Demo bodies are built from phrase banks, so a few thousand drafts already cover their variety.
DRAFTS = 5_000
MONTH = DigestSpec(date(2026, 10, 1), date(2026, 10, 31))
NOW = datetime(2026, 11, 15)
THRESHOLD = 10
UNIONS = ("UNISON", "GMB", "RCN", "Unite")


def _branch_ids(db: Session) -> list[int]:
    admin = Actor(role=Role.ADMIN, user_id=None)
    ids = []
    for name in UNIONS:
        union = branches.create_union(db, admin, name)
        for region in ("london", "north-west", "south-west"):
            ids.append(branches.create_branch(db, admin, union, f"{name} {region}", region).id)
    db.commit()
    return ids


def _rows(rng: random.Random, count: int, start: datetime, days: int, branch_ids: list[int]):
    drafts = demo_drafts(rng, DRAFTS)
    for _ in range(count):
        draft = rng.choice(drafts)
        published = start + timedelta(seconds=rng.randrange(days * 86400))
        yield {
            "public_id": new_public_id(),
            "kind": Kind.CONTRIBUTION,
            "challenge_number": draft.challenge_number,
            "title": draft.title,
            "body": draft.body,
            "sector": draft.sector,
            "staff_group": draft.staff_group,
            "region": draft.region,
            "show_facts": draft.show_facts,
            "branch_id": rng.choice(branch_ids) if rng.random() < 0.3 else None,
            "status": Status.PUBLISHED,
            "submitted_at": published - timedelta(hours=6),
            "published_at": published,
            "safeguarding": False,
            "identifying_found": False,
            "redacted": False,
            "report_count": 0,
            "endorsement_count": rng.choice((0, 0, 0, 1, 1, 2, 3, 5, 8, 20)),
        }


def _comments(rng: random.Random, parents):
    for parent_id, published, number in parents:
        yield {
            "public_id": new_public_id(),
            "kind": Kind.COMMENT,
            "parent_id": parent_id,
            "challenge_number": number,
            "title": "",
            "body": "Same here on our ward.",
            "show_facts": False,
            "status": Status.PUBLISHED,
            "submitted_at": published + timedelta(hours=1),
            "published_at": published + timedelta(hours=2),
            "safeguarding": False,
            "identifying_found": False,
            "redacted": False,
            "report_count": 0,
            "endorsement_count": 0,
        }


def _insert(engine, rows) -> None:
    rows = list(rows)
    with engine.begin() as connection:
        for start in range(0, len(rows), BATCH):
            connection.execute(insert(Contribution), rows[start : start + BATCH])


def fill(engine, count: int) -> None:
    rng = random.Random(11)
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))
    with Session(engine) as db:
        branch_ids = _branch_ids(db)
    _insert(engine, _rows(rng, count, datetime(2026, 10, 1), 31, branch_ids))
    _insert(engine, _rows(rng, count // 2, datetime(2026, 8, 31), 31, branch_ids))
    with Session(engine) as db:
        parents = db.execute(
            select(Contribution.id, Contribution.published_at, Contribution.challenge_number).where(
                Contribution.id % 10 == 0
            )
        ).all()
    _insert(engine, _comments(rng, parents))
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")


def timed(function, repeat: int) -> tuple[float, float]:
    """Median and slowest of ``repeat`` runs after a warm-up, in seconds."""
    function()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="sqlite:///instance/bench_digest.db")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    engine = make_engine(args.url)
    upgrade_database(engine)
    started = time.perf_counter()
    fill(engine, args.rows)
    print(f"{engine.dialect.name}: {args.rows:,} contributions in October 2026, ", end="")
    print(f"{args.rows // 2:,} before (loaded in {time.perf_counter() - started:.0f} s)")
    with Session(engine) as db:
        union_slug = db.scalar(select(Union.slug).where(Union.name == UNIONS[0]))
        specs = {
            "whole month": MONTH,
            "region London": DigestSpec(MONTH.start, MONTH.end, region="london"),
            f"union {UNIONS[0]}": DigestSpec(MONTH.start, MONTH.end, union_slug=union_slug),
        }
        for name, spec in specs.items():
            median, slowest = timed(
                lambda spec=spec: build_digest(db, spec, THRESHOLD, now=NOW), args.repeat
            )
            print(
                f"  {name:<16} median {median:6.2f} s, slowest {slowest:6.2f} s"
                f" ({args.repeat} runs)"
            )


if __name__ == "__main__":
    main()
