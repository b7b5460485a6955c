"""Reading the audit log: filtered, newest-first pages for admins and a full stream for export."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from challenges.lifecycle import AUTHOR, MEMBER, SYSTEM
from challenges.models import AuditEvent, Role

AUDIT_PAGE_SIZE = 50
EXPORT_BATCH_SIZE = 1000
STAFF_ACTOR_ROLES = (Role.MODERATOR.value, Role.ANALYST.value, Role.ADMIN.value)
ACTOR_ROLES = (AUTHOR, MEMBER, SYSTEM, *STAFF_ACTOR_ROLES)
# Authors' and members' events are stored timed to the day (see record_audit), so a clock time
# shown for them would be invented.
DAY_ONLY_ACTOR_ROLES = frozenset({AUTHOR, MEMBER})
CSV_HEADER = ("occurred_at", "actor_role", "actor_user_id", "action", "target_public_id", "reason")


@dataclass(frozen=True)
class AuditFilter:
    action: str | None = None
    actor_role: str | None = None
    target_public_id: str | None = None
    date_from: date | None = None
    # Inclusive: events at any time on this day match.
    date_to: date | None = None


def audit_page(
    db: Session, filters: AuditFilter, before_id: int | None = None, size: int = AUDIT_PAGE_SIZE
) -> list[AuditEvent]:
    """Up to ``size`` matching events, newest first, older than ``before_id`` when given."""
    query = _filtered(filters).order_by(AuditEvent.id.desc()).limit(size)
    if before_id is not None:
        query = query.where(AuditEvent.id < before_id)
    return list(db.scalars(query))


def audit_rows(db: Session, filters: AuditFilter) -> Iterator[AuditEvent]:
    """Every matching event, newest first, fetched in batches so an export never loads them all."""
    before_id = None
    while batch := audit_page(db, filters, before_id, EXPORT_BATCH_SIZE):
        yield from batch
        before_id = batch[-1].id


def distinct_actions(db: Session) -> list[str]:
    """Every action that appears in the log, sorted, for choosing one to filter by."""
    return list(db.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def csv_row(event: AuditEvent) -> tuple:
    """One event as the values of a CSV row, in the order of ``CSV_HEADER``."""
    return (
        event.occurred_at.strftime("%Y-%m-%d %H:%M:%S"),
        event.actor_role,
        event.actor_user_id,
        event.action,
        event.target_public_id,
        event.reason,
    )


def _filtered(filters: AuditFilter) -> Select:
    query = select(AuditEvent)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.actor_role:
        query = query.where(AuditEvent.actor_role == filters.actor_role)
    if filters.target_public_id:
        query = query.where(AuditEvent.target_public_id == filters.target_public_id)
    if filters.date_from:
        query = query.where(AuditEvent.occurred_at >= _start_of(filters.date_from))
    if filters.date_to:
        # Up to the day's last moment, not before the next day's first: 9999-12-31 has no next.
        query = query.where(AuditEvent.occurred_at <= datetime.combine(filters.date_to, time.max))
    return query


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min)
