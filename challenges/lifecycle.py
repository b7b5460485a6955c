"""The contribution lifecycle: one function makes every state change and audits it.

pending -> published | rejected; any state -> withdrawn (by its author).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from challenges.errors import AlreadyDecided, InvalidTransition, NotAllowed
from challenges.models import AuditEvent, Contribution, Role, Status

STAFF_WHO_MODERATE = frozenset({Role.MODERATOR, Role.ADMIN})
AUTHOR = "author"


@dataclass(frozen=True)
class Actor:
    """Who is acting. An author is known only by the ids in their opened vault, never by account."""

    role: Role | None
    user_id: int | None = None
    own_public_ids: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def author(cls, own_public_ids) -> "Actor":
        return cls(role=None, own_public_ids=frozenset(own_public_ids))

    def is_author_of(self, contribution: Contribution) -> bool:
        return contribution.public_id in self.own_public_ids


@dataclass(frozen=True)
class Transition:
    sources: frozenset[Status]
    target: Status
    by_author: bool
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {
    "publish": Transition(frozenset({Status.PENDING}), Status.PUBLISHED, by_author=False),
    "reject": Transition(
        frozenset({Status.PENDING}), Status.REJECTED, by_author=False, needs_reason=True
    ),
    "withdraw": Transition(
        frozenset({Status.PENDING, Status.PUBLISHED, Status.REJECTED}),
        Status.WITHDRAWN,
        by_author=True,
    ),
}


# Withdrawing deletes what was said, not just hides it.
ERASED_ON_WITHDRAWAL = {
    "title": "",
    "body": "",
    "sector": None,
    "staff_group": None,
    "region": None,
    "show_facts": False,
}


def utcnow() -> datetime:
    """Naive UTC now, as every timestamp column stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def can_act(actor: Actor, contribution: Contribution, action: str) -> bool:
    """Whether this actor may take this action on this contribution (ignoring its state)."""
    if TRANSITIONS[action].by_author:
        return actor.is_author_of(contribution)
    return actor.role in STAFF_WHO_MODERATE


def record_audit(
    db: Session, actor: Actor, action: str, public_id: str, reason: str | None = None
) -> None:
    """Write an audit event; an author is recorded only as 'author', never by account.

    Author actions are timed to the day: exact times would let a burst of actions (say, deleting
    an account and withdrawing its posts) group one person's items together.
    """
    now = utcnow()
    if actor.role is None:
        now = now.replace(hour=0, minute=0, second=0, microsecond=0)
    db.add(
        AuditEvent(
            occurred_at=now,
            actor_user_id=None if actor.role is None else actor.user_id,
            actor_role=AUTHOR if actor.role is None else actor.role.value,
            action=action,
            target_public_id=public_id,
            reason=reason,
        )
    )


def change_status(
    db: Session, contribution: Contribution, action: str, actor: Actor, reason: str | None = None
) -> None:
    """Apply a lifecycle action, refusing illegal ones, and audit it.

    The update is conditional on the state we read, so when two moderators decide the same item
    at once only the first succeeds and the second gets AlreadyDecided.
    """
    transition = TRANSITIONS[action]
    if not can_act(actor, contribution, action):
        raise NotAllowed(action)
    if contribution.status not in transition.sources:
        raise InvalidTransition(f"cannot {action} a {contribution.status.value} contribution")
    if transition.needs_reason and not reason:
        raise InvalidTransition(f"{action} needs a reason")
    changes = {"status": transition.target}
    if transition.target is Status.PUBLISHED:
        changes["published_at"] = utcnow()
    if transition.target is Status.WITHDRAWN:
        changes.update(ERASED_ON_WITHDRAWAL)
    result = db.execute(
        update(Contribution)
        .where(Contribution.id == contribution.id, Contribution.status == contribution.status)
        .values(**changes)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise AlreadyDecided(contribution.public_id)
    db.refresh(contribution)
    record_audit(db, actor, action, contribution.public_id, reason)
