"""The moderators' queue. Nothing here may expose anything that identifies an author."""

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from challenges.models import Contribution, Status

QUEUE_PAGE_SIZE = 50


def pending_queue(db: Session, after: str | None = None, size: int = QUEUE_PAGE_SIZE):
    """Pending contributions, oldest first, one keyset page at a time."""
    query = (
        select(Contribution)
        .where(Contribution.status == Status.PENDING)
        .order_by(Contribution.submitted_at, Contribution.public_id)
        .limit(size)
    )
    if after:
        anchor = db.execute(
            select(Contribution.submitted_at, Contribution.public_id).where(
                Contribution.public_id == after
            )
        ).first()
        if anchor:
            query = query.where(
                tuple_(Contribution.submitted_at, Contribution.public_id) > tuple_(*anchor)
            )
    return list(db.scalars(query))


def pending_count(db: Session) -> int:
    """How many contributions await a decision."""
    return db.scalar(
        select(func.count()).select_from(Contribution).where(Contribution.status == Status.PENDING)
    )
