"""What anyone may see: published contributions, counted and listed with keyset pagination."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from challenges.contributions import looks_like_public_id
from challenges.facts import fact_label
from challenges.models import Contribution, Kind, Status

PAGE_SIZE = 20


@dataclass(frozen=True)
class Page:
    items: list[Contribution]
    next_after: str | None


def published_counts(db: Session) -> dict[int, int]:
    """Number of published contributions under each challenge number."""
    rows = db.execute(
        select(Contribution.challenge_number, func.count())
        .where(Contribution.kind == Kind.CONTRIBUTION, Contribution.status == Status.PUBLISHED)
        .group_by(Contribution.challenge_number)
    )
    return dict(rows.all())


def published_page(
    db: Session,
    challenge_number: int,
    after: str | None = None,
    size: int = PAGE_SIZE,
    round_id: int | None = None,
) -> Page:
    """One page of a challenge's published contributions, newest first.

    ``after`` is the public id of the last item on the previous page. Seeking past it on the
    (published_at, public_id) index costs the same on page 5,000 as on page 1, and the cursor
    reveals no timestamps.
    """
    query = (
        select(Contribution)
        .where(
            Contribution.challenge_number == challenge_number,
            Contribution.kind == Kind.CONTRIBUTION,
            Contribution.status == Status.PUBLISHED,
        )
        .order_by(Contribution.published_at.desc(), Contribution.public_id.desc())
        .limit(size + 1)
    )
    if round_id is not None:
        query = query.where(Contribution.round_id == round_id)
    anchor = _anchor(db, after) if looks_like_public_id(after) else None
    if anchor is not None:
        query = query.where(tuple_(Contribution.published_at, Contribution.public_id) < anchor)
    items = list(db.scalars(query))
    next_after = items[size - 1].public_id if len(items) > size else None
    return Page(items[:size], next_after)


def _anchor(db: Session, public_id: str):
    row = db.execute(
        select(Contribution.published_at, Contribution.public_id).where(
            Contribution.public_id == public_id, Contribution.status == Status.PUBLISHED
        )
    ).first()
    return tuple_(*row) if row else None


def find_published(db: Session, public_id: str) -> Contribution | None:
    """A published contribution by public id, or None (also for any other state or a comment)."""
    return db.scalar(
        select(Contribution).where(
            Contribution.public_id == public_id,
            Contribution.kind == Kind.CONTRIBUTION,
            Contribution.status == Status.PUBLISHED,
        )
    )


def find_published_item(db: Session, public_id: str) -> Contribution | None:
    """A published contribution or comment by public id, or None."""
    return db.scalar(
        select(Contribution).where(
            Contribution.public_id == public_id, Contribution.status == Status.PUBLISHED
        )
    )


def published_comments(db: Session, parent: Contribution) -> list[Contribution]:
    """The published comments on a contribution, oldest first, as a conversation reads."""
    return list(
        db.scalars(
            select(Contribution)
            .where(Contribution.parent_id == parent.id, Contribution.status == Status.PUBLISHED)
            .order_by(Contribution.published_at, Contribution.public_id)
        )
    )


def comment_counts(db: Session, contributions) -> dict[int, int]:
    """Published comments per contribution id, for a page of contributions, in one query."""
    ids = [c.id for c in contributions]
    if not ids:
        return {}
    rows = db.execute(
        select(Contribution.parent_id, func.count())
        .where(Contribution.parent_id.in_(ids), Contribution.status == Status.PUBLISHED)
        .group_by(Contribution.parent_id)
    )
    return dict(rows.all())


def month_year(moment: datetime | None) -> str:
    """Public dates are coarse: month and year only."""
    return moment.strftime("%B %Y") if moment else ""


FACT_KINDS = ("sector", "staff_group", "region")
# Coarsening order when a combination is too rare: drop the region first, then the staff group.
COARSENINGS = ((), ("region",), ("region", "staff_group"))


def fact_combination_counts(db: Session) -> dict[tuple, int]:
    """Published contributions per (sector, staff group, region), None meaning not given."""
    rows = db.execute(
        select(Contribution.sector, Contribution.staff_group, Contribution.region, func.count())
        .where(Contribution.kind == Kind.CONTRIBUTION, Contribution.status == Status.PUBLISHED)
        .group_by(Contribution.sector, Contribution.staff_group, Contribution.region)
    )
    return {(sector, staff, region): count for sector, staff, region, count in rows}


def _sharing(counts: dict[tuple, int], shown: dict[str, str]) -> int:
    positions = {kind: FACT_KINDS.index(kind) for kind in shown}
    return sum(
        count
        for combination, count in counts.items()
        if all(combination[positions[kind]] == value for kind, value in shown.items())
    )


def shown_facts(contribution: Contribution, counts: dict[tuple, int], k: int) -> list[str]:
    """The author facts shown on a public post, passing a k-anonymity gate.

    Only facts the author chose to show; and only while at least ``k`` published contributions
    share the combination, otherwise coarsened (region first, then staff group) until they do.
    """
    if not contribution.show_facts:
        return []
    given = {
        kind: getattr(contribution, kind) for kind in FACT_KINDS if getattr(contribution, kind)
    }
    for dropped in COARSENINGS:
        shown = {kind: value for kind, value in given.items() if kind not in dropped}
        if shown and _sharing(counts, shown) >= k:
            return [fact_label(kind, value) for kind, value in shown.items()]
    return []
