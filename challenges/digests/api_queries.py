"""What the read-only API reads: published digests, and suppressed counts of contributions.

API tokens belong to analysts and admins, who may read digests for every audience, so nothing
here filters by audience. Drafts are never served.
"""

from datetime import date, datetime, time

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from challenges.browsing import Page
from challenges.catalogue import CHALLENGES
from challenges.models import Contribution, Digest, Kind, Status
from challenges.suppression import suppress_series

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# A leap year: long enough for a year's figures, short enough to keep each query small.
MAX_RANGE_DAYS = 366
PUBLISHED = "published"
_NEWEST_FIRST = (Digest.published_at.desc(), Digest.public_id.desc())
CHALLENGE_LABELS = tuple(str(challenge.number) for challenge in CHALLENGES)


class UnknownCursor(LookupError):
    """The page cursor names no published digest."""


def published_digests(db: Session, after: str | None = None, size: int = PAGE_SIZE) -> Page:
    """One page of published digests, newest first; ``after`` is the last public id before.

    Raises UnknownCursor when ``after`` is not a published digest: silently starting again from
    the newest would send a client paging through the list round in circles.
    """
    query = _published().order_by(*_NEWEST_FIRST).limit(size + 1)
    if after is not None:
        query = query.where(tuple_(Digest.published_at, Digest.public_id) < _anchor(db, after))
    items = list(db.scalars(query))
    next_after = items[size - 1].public_id if len(items) > size else None
    return Page(items[:size], next_after)


def find_published_digest(db: Session, public_id: str) -> Digest | None:
    """A published digest by public id."""
    return db.scalar(_published().where(Digest.public_id == public_id))


def digest_versions(db: Session, digest: Digest) -> list[Digest]:
    """Every published version for the digest's period, filters and audience, newest first."""
    query = _published().where(
        Digest.spec_key == digest.spec_key, Digest.audience == digest.audience
    )
    return list(db.scalars(query.order_by(Digest.version.desc())))


def challenge_counts(
    db: Session, start: date, end: date, threshold: int, rounding: int | None
) -> dict:
    """Published contributions per challenge, published from ``start`` to ``end`` inclusive.

    The six counts and their total pass through suppress_series, so no value from 1 to
    threshold - 1 is shown, nor can one be worked out from the total.
    """
    rows = db.execute(
        select(Contribution.challenge_number, func.count())
        .where(
            Contribution.kind == Kind.CONTRIBUTION,
            Contribution.status == Status.PUBLISHED,
            Contribution.published_at >= _midnight(start),
            # Up to the day's last moment, not before the next day's first: 9999-12-31 has no next.
            Contribution.published_at <= datetime.combine(end, time.max),
        )
        .group_by(Contribution.challenge_number)
    )
    counts = {str(number): count for number, count in rows}
    table = suppress_series(CHALLENGE_LABELS, counts, threshold, rounding)
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "threshold": threshold,
        "rounding": rounding,
        "challenges": [
            {"number": challenge.number, "title": challenge.title, "contributions": shown}
            for challenge, shown in zip(CHALLENGES, table.cells[0], strict=True)
        ],
        "total": table.row_totals[0],
    }


def _published():
    return select(Digest).where(Digest.status == PUBLISHED)


def _anchor(db: Session, public_id: str):
    row = db.execute(
        select(Digest.published_at, Digest.public_id).where(
            Digest.public_id == public_id, Digest.status == PUBLISHED
        )
    ).first()
    if row is None:
        raise UnknownCursor(public_id)
    return tuple_(*row)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min)
