"""Posting, editing and listing one's own contributions, and leaving for good."""

import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from challenges import accounts
from challenges.accounts import SignedIn
from challenges.branches import count_link
from challenges.catalogue import challenge_by_number
from challenges.errors import InvalidTransition, NotAllowed
from challenges.lifecycle import Actor, change_status, record_audit, utcnow
from challenges.models import Branch, Contribution, Kind, Round, Status
from challenges.rounds import check_can_answer
from challenges.screening import label_contribution

TITLE_MAX = 120
BODY_MAX = 5000
COMMENT_MAX = 2000


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
    round_id: int | None = None
    # Only when the author ticked the box to count this towards the branch they came from.
    branch_id: int | None = None
    # The posting form's own random key: the same form sent twice is stored once.
    submission_key: str | None = None

    def __post_init__(self):
        challenge_by_number(self.challenge_number)
        if not self.title.strip() or len(self.title) > TITLE_MAX:
            raise ValueError("title must be 1 to 120 characters")
        if not self.body.strip() or len(self.body) > BODY_MAX:
            raise ValueError("body must be 1 to 5,000 characters")


PUBLIC_ID = re.compile(r"[A-Za-z0-9_-]{1,16}")


def looks_like_public_id(text: str | None) -> bool:
    """Whether text could be a public id; anything else from a URL is ignored, not looked up."""
    return bool(text) and PUBLIC_ID.fullmatch(text) is not None


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
    contribution.round_id = draft.round_id
    contribution.branch_id = draft.branch_id
    label_contribution(contribution)


def _store_new_item(db: Session, signed_in: SignedIn, contribution: Contribution) -> Contribution:
    """Save a new pending item and remember its id in the author's vault, and nowhere else."""
    contribution.public_id = new_public_id()
    contribution.status = Status.PENDING
    contribution.submitted_at = utcnow()
    try:
        with db.begin_nested():
            db.add(contribution)
            db.flush()
    except IntegrityError:
        # The same form arrived twice at once and the other copy was stored first.
        key = contribution.submission_key
        earlier = _submitted_with(db, key) if key else None
        if earlier is None or not _is_own(db, signed_in, earlier):
            raise
        return earlier
    accounts.remember_contribution(signed_in, contribution.public_id)
    action = "submit" if contribution.kind is Kind.CONTRIBUTION else "submit_comment"
    record_audit(db, Actor.author([contribution.public_id]), action, contribution.public_id)
    return contribution


def submit_contribution(db: Session, signed_in: SignedIn, draft: Draft) -> Contribution:
    """Store a new pending contribution, perhaps answering an open round."""
    if draft.round_id is not None:
        check_can_answer(db.get(Round, draft.round_id), draft.challenge_number, utcnow().date())
    earlier, key = _sent_before(db, signed_in, draft.submission_key)
    if earlier is not None:
        return earlier
    contribution = Contribution(kind=Kind.CONTRIBUTION, submission_key=key)
    _apply_draft(contribution, draft)
    stored = _store_new_item(db, signed_in, contribution)
    if stored is contribution and draft.branch_id is not None:
        count_link(db, db.get(Branch, draft.branch_id), "posts")
    return stored


def _sent_before(
    db: Session, signed_in: SignedIn, key: str | None
) -> tuple[Contribution | None, str | None]:
    """The author's item already sent with this form key, or None and the key to store.

    A key someone else's item already has is being replayed: that post is new and keeps no key.
    """
    earlier = _submitted_with(db, key) if key else None
    if earlier is None:
        return None, key
    return (earlier if _is_own(db, signed_in, earlier) else None), None


def _submitted_with(db: Session, key: str) -> Contribution | None:
    return db.scalar(select(Contribution).where(Contribution.submission_key == key))


def _is_own(db: Session, signed_in: SignedIn, item: Contribution) -> bool:
    # Another request may have added it to the vault since this one read the account.
    db.refresh(signed_in.user)
    return item.public_id in accounts.own_contribution_ids(signed_in)


def submit_comment(
    db: Session,
    signed_in: SignedIn,
    parent: Contribution,
    body: str,
    submission_key: str | None = None,
) -> Contribution:
    """Store a pending comment on a published contribution; it is moderated like one."""
    if parent.kind is not Kind.CONTRIBUTION or parent.status is not Status.PUBLISHED:
        raise InvalidTransition("only published contributions take comments")
    if not body.strip() or len(body) > COMMENT_MAX:
        raise ValueError("comment must be 1 to 2,000 characters")
    earlier, key = _sent_before(db, signed_in, submission_key)
    if earlier is not None:
        return earlier
    comment = Contribution(
        submission_key=key,
        kind=Kind.COMMENT,
        parent_id=parent.id,
        # Copied from the parent so that challenge and round filters find comments directly.
        challenge_number=parent.challenge_number,
        round_id=parent.round_id,
        title="",
        body=body.strip(),
    )
    label_contribution(comment)
    return _store_new_item(db, signed_in, comment)


def edit_contribution(db: Session, contribution: Contribution, actor: Actor, draft: Draft) -> None:
    """Let an author change a post while it still awaits moderation."""
    if not actor.is_author_of(contribution):
        raise NotAllowed("edit")
    if contribution.status is not Status.PENDING or contribution.kind is not Kind.CONTRIBUTION:
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
