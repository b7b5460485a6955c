"""Posting, editing and listing one's own contributions, and leaving for good."""

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from challenges import accounts
from challenges.accounts import SignedIn
from challenges.catalogue import challenge_by_number
from challenges.errors import InvalidTransition, NotAllowed
from challenges.lifecycle import Actor, change_status, record_audit, utcnow
from challenges.models import Contribution, Status
from challenges.screening import label_contribution

TITLE_MAX = 120
BODY_MAX = 5000


@dataclass(frozen=True)
class Draft:
    """What a worker typed into the posting form."""

    challenge_number: int
    title: str
    body: str
    sector: str | None = None
    staff_group: str | None = None
    region: str | None = None
    show_facts: bool = False

    def __post_init__(self):
        challenge_by_number(self.challenge_number)
        if not self.title.strip() or len(self.title) > TITLE_MAX:
            raise ValueError("title must be 1 to 120 characters")
        if not self.body.strip() or len(self.body) > BODY_MAX:
            raise ValueError("body must be 1 to 5,000 characters")


def new_public_id() -> str:
    """A random, unguessable id; never sequential, so it reveals nothing about order."""
    return secrets.token_urlsafe(9)


def author_actor(signed_in: SignedIn) -> Actor:
    """The actor for a signed-in user acting on their own posts."""
    return Actor.author(accounts.own_contribution_ids(signed_in))


def _apply_draft(contribution: Contribution, draft: Draft) -> None:
    contribution.challenge_number = draft.challenge_number
    contribution.title = draft.title.strip()
    contribution.body = draft.body.strip()
    contribution.sector = draft.sector
    contribution.staff_group = draft.staff_group
    contribution.region = draft.region
    contribution.show_facts = draft.show_facts
    label_contribution(contribution)


def submit_contribution(db: Session, signed_in: SignedIn, draft: Draft) -> Contribution:
    """Store a new pending contribution and remember its id in the author's vault only."""
    contribution = Contribution(
        public_id=new_public_id(), status=Status.PENDING, submitted_at=utcnow()
    )
    _apply_draft(contribution, draft)
    db.add(contribution)
    db.flush()
    accounts.remember_contribution(signed_in, contribution.public_id)
    record_audit(db, Actor.author([contribution.public_id]), "submit", contribution.public_id)
    return contribution


def edit_contribution(db: Session, contribution: Contribution, actor: Actor, draft: Draft) -> None:
    """Let an author change a post while it still awaits moderation."""
    if not actor.is_author_of(contribution):
        raise NotAllowed("edit")
    if contribution.status is not Status.PENDING:
        raise InvalidTransition("only pending contributions can be edited")
    _apply_draft(contribution, draft)
    record_audit(db, actor, "edit", contribution.public_id)


def find_contribution(db: Session, public_id: str) -> Contribution | None:
    """Look a contribution up by its public id."""
    return db.scalar(select(Contribution).where(Contribution.public_id == public_id))


def own_contributions(db: Session, signed_in: SignedIn) -> list[Contribution]:
    """The signed-in user's contributions, newest first."""
    ids = accounts.own_contribution_ids(signed_in)
    if not ids:
        return []
    return list(
        db.scalars(
            select(Contribution)
            .where(Contribution.public_id.in_(ids))
            .order_by(Contribution.submitted_at.desc())
        )
    )


def delete_account(db: Session, signed_in: SignedIn, withdraw_posts: bool) -> None:
    """Delete an account, first withdrawing its posts if the user chose to."""
    if withdraw_posts:
        actor = author_actor(signed_in)
        for contribution in own_contributions(db, signed_in):
            if contribution.status is not Status.WITHDRAWN:
                change_status(db, contribution, "withdraw", actor)
    db.delete(signed_in.user)
    db.flush()
