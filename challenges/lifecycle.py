"""The contribution lifecycle: one function makes every state change and audits it.

pending -> published (perhaps redacted) | rejected; any state -> withdrawn (by its author);
published -> hidden (after enough reports) -> published | removed.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from challenges.errors import AlreadyDecided, InvalidTransition, NotAllowed
from challenges.models import AuditEvent, Contribution, Role, Status

STAFF_WHO_MODERATE = frozenset({Role.MODERATOR, Role.ADMIN})
AUTHOR = "author"
MEMBER = "member"
SYSTEM = "system"
STAFF = "staff"
MODERATORS = "moderators"


@dataclass(frozen=True)
class Actor:
    """Who is acting. An author is known only by the ids in their opened vault, never by account."""

    role: Role | None
    user_id: int | None = None
    own_public_ids: frozenset[str] = field(default_factory=frozenset)
    anonymous_kind: str = AUTHOR

    @classmethod
    def author(cls, own_public_ids) -> "Actor":
        return cls(role=None, own_public_ids=frozenset(own_public_ids))

    @classmethod
    def member(cls) -> "Actor":
        """A signed-in person acting on someone else's item (reporting it), never identified."""
        return cls(role=None, anonymous_kind=MEMBER)

    @classmethod
    def system(cls) -> "Actor":
        """The service itself, acting on a rule (such as hiding a much-reported item)."""
        return cls(role=None, anonymous_kind=SYSTEM)

    @property
    def kind(self) -> str:
        return STAFF if self.role is not None else self.anonymous_kind

    def is_author_of(self, contribution: Contribution) -> bool:
        return contribution.public_id in self.own_public_ids


@dataclass(frozen=True)
class Transition:
    sources: frozenset[Status]
    target: Status
    by: str
    needs_reason: bool = False


_LIVE = frozenset({Status.PUBLISHED, Status.HIDDEN})
TRANSITIONS: dict[str, Transition] = {
    "publish": Transition(frozenset({Status.PENDING}), Status.PUBLISHED, MODERATORS),
    "redact_publish": Transition(frozenset({Status.PENDING}), Status.PUBLISHED, MODERATORS),
    "reject": Transition(frozenset({Status.PENDING}), Status.REJECTED, MODERATORS, True),
    "hide": Transition(frozenset({Status.PUBLISHED}), Status.HIDDEN, SYSTEM),
    "restore": Transition(frozenset({Status.HIDDEN}), Status.PUBLISHED, MODERATORS),
    "redact": Transition(_LIVE, Status.PUBLISHED, MODERATORS),
    "remove": Transition(_LIVE, Status.REMOVED, MODERATORS, True),
    "withdraw": Transition(
        frozenset({Status.PENDING, Status.REJECTED, *_LIVE}), Status.WITHDRAWN, AUTHOR
    ),
}


# Withdrawing or removing deletes what was said, not just hides it.
ERASED_WHEN_TAKEN_DOWN = {
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
    allowed = TRANSITIONS[action].by
    if allowed == AUTHOR:
        return actor.kind == AUTHOR and actor.is_author_of(contribution)
    if allowed == SYSTEM:
        return actor.kind == SYSTEM
    return actor.role in STAFF_WHO_MODERATE


def record_audit(
    db: Session, actor: Actor, action: str, public_id: str, reason: str | None = None
) -> None:
    """Write an audit event; an author is recorded only as 'author', never by account.

    Authors' and members' actions are timed to the day: exact times would let a burst of actions
    (say, deleting an account and withdrawing its posts) group one person's items together.
    """
    now = utcnow()
    if actor.kind in (AUTHOR, MEMBER):
        now = now.replace(hour=0, minute=0, second=0, microsecond=0)
    db.add(
        AuditEvent(
            occurred_at=now,
            actor_user_id=actor.user_id if actor.kind == STAFF else None,
            actor_role=actor.role.value if actor.kind == STAFF else actor.kind,
            action=action,
            target_public_id=public_id,
            reason=reason,
        )
    )


def change_status(
    db: Session,
    contribution: Contribution,
    action: str,
    actor: Actor,
    reason: str | None = None,
    changes: dict | None = None,
) -> None:
    """Apply a lifecycle action, refusing illegal ones, and audit it.

    ``changes`` are further column values written in the same conditional update (a redacted
    text, a criticality), so they land only if the transition does. The update is conditional on
    the state we read, so when two moderators decide the same item at once only the first
    succeeds and the second gets AlreadyDecided.
    """
    transition = TRANSITIONS[action]
    if not can_act(actor, contribution, action):
        raise NotAllowed(action)
    if contribution.status not in transition.sources:
        raise AlreadyDecided(f"cannot {action} a {contribution.status.value} contribution")
    if transition.needs_reason and not reason:
        raise InvalidTransition(f"{action} needs a reason")
    changes = {**(changes or {}), "status": transition.target}
    if contribution.status is Status.PENDING and transition.target is Status.PUBLISHED:
        changes["published_at"] = utcnow()
    if transition.target in (Status.WITHDRAWN, Status.REMOVED):
        changes.update(ERASED_WHEN_TAKEN_DOWN)
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
