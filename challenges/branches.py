"""Union branches: set-up by admins, campaigns run by reps, attribution by consent, link counts.

A contribution records a branch only when its author ticks the box to count it towards that
branch; nothing records who followed a link. The link's funnel is two counters per day.
"""

import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from challenges.accounts import normalise_email
from challenges.catalogue import challenge_by_number
from challenges.errors import NameTaken, NotAllowed
from challenges.facts import REGIONS
from challenges.lifecycle import Actor, record_audit, utcnow
from challenges.models import (
    Branch,
    BranchFeaturedRound,
    BranchInvite,
    BranchLinkDay,
    BranchRep,
    Role,
    Round,
    Union,
    User,
)
from challenges.persistence import add_once

MESSAGE_MAX = 1000


@dataclass(frozen=True)
class Campaign:
    """What a rep may change about their branch's campaign."""

    message: str
    featured_challenges: tuple[int, ...]
    featured_round_ids: tuple[int, ...]

    def __post_init__(self):
        if len(self.message) > MESSAGE_MAX:
            raise ValueError("campaign message is too long")
        for number in self.featured_challenges:
            challenge_by_number(number)


def _slug(*parts: str, length: int = 79) -> str:
    # The random ending keeps slugs unique, so it is the words that are cut to fit the column.
    words = re.sub(r"[^a-z0-9]+", "-", " ".join(parts).lower()).strip("-")[: length - 9]
    return f"{words}-{secrets.token_hex(4)}"


def _require_admin(actor: Actor, action: str) -> None:
    if actor.role is not Role.ADMIN:
        raise NotAllowed(action)


def create_union(db: Session, actor: Actor, name: str) -> Union:
    """An admin adds a union."""
    _require_admin(actor, "create a union")
    name = name.strip()
    if db.scalar(select(Union.id).where(Union.name == name)) is not None:
        raise NameTaken(name)
    union = Union(name=name, slug=_slug(name, length=40))
    db.add(union)
    db.flush()
    record_audit(db, actor, "create_union", union.slug)
    return union


def create_branch(db: Session, actor: Actor, union: Union, name: str, region: str) -> Branch:
    """An admin adds a branch of a union in an English region."""
    _require_admin(actor, "create a branch")
    if region not in dict(REGIONS):
        raise ValueError("unknown region")
    branch = Branch(
        union_id=union.id,
        name=name.strip(),
        region=region,
        slug=_slug(union.name, name),
        campaign_message="",
        featured_challenges="",
    )
    db.add(branch)
    db.flush()
    record_audit(db, actor, "create_branch", branch.slug)
    return branch


def invite_rep(db: Session, actor: Actor, branch: Branch, email: str) -> bool:
    """Make an account a rep of the branch, or invite the address; True if it took effect now."""
    _require_admin(actor, "invite a rep")
    email = normalise_email(email)
    record_audit(db, actor, "invite_rep", branch.slug)
    user = db.scalar(select(User).where(User.email == email))
    if user is None:
        add_once(db, BranchInvite(branch_id=branch.id, email=email))
        return False
    _make_rep(db, user, branch.id)
    return True


def _make_rep(db: Session, user: User, branch_id: int) -> None:
    if user.role is Role.WORKER:
        user.role = Role.BRANCH_REP
    add_once(db, BranchRep(branch_id=branch_id, user_id=user.id))


def accept_invites(db: Session, user: User) -> None:
    """When an invited address registers, it becomes the rep it was invited to be."""
    invites = list(db.scalars(select(BranchInvite).where(BranchInvite.email == user.email)))
    for invite in invites:
        _make_rep(db, user, invite.branch_id)
        db.delete(invite)


def branches_of(db: Session, user: User) -> list[Branch]:
    """The branches this rep runs (admins see every branch)."""
    query = select(Branch).order_by(Branch.name)
    if user.role is not Role.ADMIN:
        query = query.join(BranchRep, BranchRep.branch_id == Branch.id).where(
            BranchRep.user_id == user.id
        )
    return list(db.scalars(query))


def rep_branch(db: Session, user: User, slug: str) -> Branch | None:
    """The branch with this slug if this user may run it, else None (no matter why)."""
    return next((branch for branch in branches_of(db, user) if branch.slug == slug), None)


def find_branch(db: Session, slug: str) -> Branch | None:
    """A branch by its public slug."""
    return db.scalar(select(Branch).where(Branch.slug == slug))


def all_unions(db: Session) -> list[Union]:
    """Every union, by name."""
    return list(db.scalars(select(Union).order_by(Union.name)))


def update_campaign(db: Session, actor: Actor, branch: Branch, campaign: Campaign) -> None:
    """A rep changes their branch's message and what it features."""
    branch.campaign_message = campaign.message.strip()
    branch.featured_challenges = "".join(str(n) for n in sorted(set(campaign.featured_challenges)))
    db.query(BranchFeaturedRound).filter_by(branch_id=branch.id).delete()
    db.add_all(
        BranchFeaturedRound(branch_id=branch.id, round_id=round_id)
        for round_id in sorted(set(campaign.featured_round_ids))
    )
    record_audit(db, actor, "update_campaign", branch.slug)


def featured_rounds(db: Session, branch: Branch) -> list[Round]:
    """The rounds a branch's campaign features."""
    return list(
        db.scalars(
            select(Round)
            .join(BranchFeaturedRound, BranchFeaturedRound.round_id == Round.id)
            .where(BranchFeaturedRound.branch_id == branch.id)
            .order_by(Round.closes_on)
        )
    )


def featured_challenge_numbers(branch: Branch) -> list[int]:
    """The challenges a branch's campaign features."""
    return [int(digit) for digit in branch.featured_challenges]


def count_link(db: Session, branch: Branch, field: str) -> None:
    """Add one to today's 'starts' or 'posts' counter for a branch link."""
    today = utcnow().date()
    add_once(db, BranchLinkDay(branch_id=branch.id, day=today, starts=0, posts=0))
    column = getattr(BranchLinkDay, field)
    db.execute(
        update(BranchLinkDay)
        .where(BranchLinkDay.branch_id == branch.id, BranchLinkDay.day == today)
        .values({field: column + 1})
    )


def rep_union(db: Session, user: User, union_slug: str) -> Union | None:
    """The union with this slug if this user runs one of its branches (or is an admin)."""
    union = db.scalar(select(Union).where(Union.slug == union_slug))
    if union is None:
        return None
    if user.role is Role.ADMIN or any(b.union_id == union.id for b in branches_of(db, user)):
        return union
    return None


def branches_in_union(db: Session, union: Union) -> list[Branch]:
    """Every branch of a union."""
    return list(db.scalars(select(Branch).where(Branch.union_id == union.id).order_by(Branch.name)))
