"""Data retention: delete what the service no longer needs, once its retention period is over.

- Rejected, withdrawn and removed items (contributions and comments), with the rows that hang
  off them: reports, endorsements, inbox messages and links from official responses. A rejected
  item still holds its text; withdrawn and removed ones were emptied when taken down, and this
  deletes what is left. An item's age is counted from the audit event that put it in its state
  (reject, withdraw, remove), so an old post withdrawn yesterday is kept the full period. A post
  that still has comments which are not themselves due is kept for them: deleting it would take
  someone else's comment with it.
- API tokens past their expiry, or revoked, for longer than their period.
- Digest previews nobody saved, builds that failed or never finished.

Nothing here adds a link between an account and what it wrote: the audit event written for a
purge is by the service itself and carries only counts, never which items went.
"""

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from challenges.digests.publishing import BUILDING, FAILED, PREVIEW
from challenges.lifecycle import Actor, record_audit, utcnow
from challenges.models import (
    ApiToken,
    AuditEvent,
    Contribution,
    Digest,
    Endorsement,
    InboxMessage,
    Report,
    ResponseLink,
    Status,
)

PURGE = "retention_purge"
# Keeps each IN (...) well under every database's limit on bound parameters.
BATCH = 500
# The lifecycle action that puts an item in each state that ends in deletion.
_ENTERED_BY = {Status.REJECTED: "reject", Status.WITHDRAWN: "withdraw", Status.REMOVED: "remove"}
_UNFINISHED_DIGESTS = (BUILDING, PREVIEW, FAILED)


@dataclass(frozen=True)
class RetentionPeriods:
    rejected_days: int
    removed_days: int
    withdrawn_days: int
    expired_tokens_days: int
    digest_previews_days: int

    def __post_init__(self):
        if min(asdict(self).values()) < 0:
            raise ValueError("retention periods cannot be negative")

    def days_for(self, status: Status) -> int:
        return {
            Status.REJECTED: self.rejected_days,
            Status.REMOVED: self.removed_days,
            Status.WITHDRAWN: self.withdrawn_days,
        }[status]


@dataclass(frozen=True)
class PurgeCounts:
    rejected: int = 0
    withdrawn: int = 0
    removed: int = 0
    # Due, but kept because a comment under them is not.
    kept_for_comments: int = 0
    api_tokens: int = 0
    digest_previews: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    @property
    def deleted(self) -> int:
        return sum(count for name, count in self.as_dict().items() if name != "kept_for_comments")


def purge(db: Session, periods: RetentionPeriods, now: datetime | None = None) -> PurgeCounts:
    """Delete everything past its retention period; audit the counts if anything went."""
    now = now or utcnow()
    due = {
        status: set(_due_items(db, status, now - timedelta(days=periods.days_for(status))))
        for status in _ENTERED_BY
    }
    all_due = set().union(*due.values())
    kept = _with_comments_not_due(db, all_due)
    for ids in due.values():
        ids -= kept
    _delete_items(db, all_due - kept)
    counts = PurgeCounts(
        rejected=len(due[Status.REJECTED]),
        withdrawn=len(due[Status.WITHDRAWN]),
        removed=len(due[Status.REMOVED]),
        kept_for_comments=len(kept),
        api_tokens=_delete_dead_tokens(db, now - timedelta(days=periods.expired_tokens_days)),
        digest_previews=_delete_unfinished_digests(
            db, now - timedelta(days=periods.digest_previews_days)
        ),
    )
    if counts.deleted:
        summary = ", ".join(f"{name} {count}" for name, count in counts.as_dict().items())
        record_audit(db, Actor.system(), PURGE, "retention", summary)
    return counts


def _due_items(db: Session, status: Status, cutoff: datetime) -> Iterator[int]:
    entered = (
        select(
            AuditEvent.target_public_id.label("public_id"),
            func.max(AuditEvent.occurred_at).label("at"),
        )
        .where(AuditEvent.action == _ENTERED_BY[status])
        .group_by(AuditEvent.target_public_id)
        .subquery()
    )
    # Without its audit event (rows from before the audit log), the item's own submission time
    # is the only date there is, and an item cannot have reached its state before it.
    yield from db.scalars(
        select(Contribution.id)
        .outerjoin(entered, entered.c.public_id == Contribution.public_id)
        .where(
            Contribution.status == status,
            func.coalesce(entered.c.at, Contribution.submitted_at) < cutoff,
        )
    )


def _with_comments_not_due(db: Session, due: set[int]) -> set[int]:
    kept = set()
    for batch in _batches(due):
        rows = db.execute(
            select(Contribution.parent_id, Contribution.id).where(Contribution.parent_id.in_(batch))
        )
        kept.update(parent for parent, comment in rows if comment not in due)
    return kept


def _delete_items(db: Session, ids: set[int]) -> None:
    # The database would cascade these too; deleting them first says so here, and does not lean
    # on SQLite having had its foreign keys switched on for this connection.
    dependants = (
        (Report, Report.contribution_id),
        (Endorsement, Endorsement.contribution_id),
        (InboxMessage, InboxMessage.contribution_id),
        (ResponseLink, ResponseLink.contribution_id),
    )
    for batch in _batches(ids):
        for model, column in dependants:
            db.execute(delete(model).where(column.in_(batch)))
    # Every comment first, then the posts they answer, whichever batches they fall in.
    for only_comments in (True, False):
        for batch in _batches(ids):
            query = delete(Contribution).where(Contribution.id.in_(batch))
            if only_comments:
                query = query.where(Contribution.parent_id.is_not(None))
            db.execute(query)


def _delete_dead_tokens(db: Session, cutoff: datetime) -> int:
    result = db.execute(
        delete(ApiToken).where(
            or_(
                ApiToken.expires_at < cutoff,
                ApiToken.revoked_at < cutoff,
            )
        )
    )
    return result.rowcount


def _delete_unfinished_digests(db: Session, cutoff: datetime) -> int:
    result = db.execute(
        delete(Digest).where(Digest.status.in_(_UNFINISHED_DIGESTS), Digest.created_at < cutoff)
    )
    return result.rowcount


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    ids = sorted(ids)
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]
