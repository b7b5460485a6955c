"""Demo data for development: one account per role and months of realistic contributions."""

import random
import secrets
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from challenges import accounts, branches
from challenges.anonymity import KdfCost
from challenges.contributions import Draft, new_public_id, submit_contribution
from challenges.demo_data import demo_drafts
from challenges.lifecycle import Actor, change_status, utcnow
from challenges.models import Contribution, Endorsement, Kind, Role, Status, User
from challenges.rounds import RoundDraft, create_round
from challenges.screening import label_contribution

DEMO_DOMAIN = "demo.example.org"
HISTORY_DAYS = 180
# Most contributions in a mature service have been moderated; a few wait or were refused.
STATUS_WEIGHTS = ((Status.PUBLISHED, 80), (Status.PENDING, 12), (Status.REJECTED, 8))


# Pending items that show moderators the queue's labels at work.
FLAGGED_EXAMPLES = (
    Draft(
        2,
        "Shouted at in front of residents",
        "My manager Sarah Jones shouted at me in front of residents again today.",
    ),
    Draft(
        5,
        "Agency line never answers",
        "Ring the agency desk on 07700 900456 and nobody picks up after six.",
    ),
    Draft(
        2,
        "Worried about a resident",
        "I saw a colleague hit a resident last week and I am scared it will happen again.",
    ),
)


def database_is_empty(db: Session) -> bool:
    """True when there are no accounts yet."""
    return db.scalar(select(func.count()).select_from(User)) == 0


def demo_password(role: Role) -> str:
    """The published password of a demo account (fine for demo data only)."""
    return f"demo-{role.value.replace('_', '-')}-password"


def _historic_contribution(rng: random.Random, draft) -> Contribution:
    now = utcnow()
    submitted = now - timedelta(days=rng.uniform(0, HISTORY_DAYS))
    statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
    status = rng.choices(statuses, weights)[0]
    published = None
    if status is Status.PUBLISHED:
        published = min(now, submitted + timedelta(hours=rng.uniform(2, 96)))
    contribution = Contribution(
        public_id=new_public_id(),
        challenge_number=draft.challenge_number,
        title=draft.title,
        body=draft.body,
        sector=draft.sector,
        staff_group=draft.staff_group,
        region=draft.region,
        show_facts=draft.show_facts,
        status=status,
        submitted_at=submitted,
        published_at=published,
        report_count=0,
        redacted=False,
    )
    label_contribution(contribution)
    return contribution


DEMO_COMMENTS = (
    "Exactly the same where I work.",
    "This is why people are leaving. Thank you for saying it.",
    "We raised this at our team meeting and nothing changed.",
    "Our branch is collecting examples of this, it is everywhere.",
    "I moved from nights to days because of this.",
)


def _add_endorsements_and_comments(db: Session, rng: random.Random, published) -> None:
    """Endorse and reply to past contributions, as other people would have."""
    for contribution in published:
        contribution.endorsement_count = rng.choice((0, 0, 1, 2, 3, 5, 8, 13, 21))
        # Demo endorsers have no accounts, so random tags stand in for their keyed tags.
        db.add_all(
            Endorsement(contribution_id=contribution.id, endorser_tag=secrets.token_hex(32))
            for _ in range(contribution.endorsement_count)
        )
        if rng.random() < 0.15:
            db.add(_demo_comment(rng, contribution))


def _demo_comment(rng: random.Random, parent: Contribution) -> Contribution:
    return Contribution(
        public_id=new_public_id(),
        kind=Kind.COMMENT,
        parent_id=parent.id,
        challenge_number=parent.challenge_number,
        title="",
        body=rng.choice(DEMO_COMMENTS),
        status=Status.PUBLISHED,
        submitted_at=parent.published_at,
        published_at=parent.published_at + timedelta(hours=rng.uniform(1, 48)),
        report_count=0,
        endorsement_count=0,
        redacted=False,
    )


def _add_rounds(db: Session, admin: Actor) -> None:
    """One open round and one that has closed."""
    today = utcnow().date()
    create_round(
        db,
        admin,
        RoundDraft(
            5,
            "Breaks on shift",
            "Can you take the breaks you are entitled to? If not, why not?",
            today - timedelta(days=7),
            today + timedelta(days=21),
            "We want to understand how often staff miss breaks and what would help.",
        ),
    )
    create_round(
        db,
        admin,
        RoundDraft(
            3,
            "Mandatory training",
            "Do you get paid time to do your mandatory training?",
            today - timedelta(days=90),
            today - timedelta(days=30),
        ),
    )


def _add_branch(db: Session, rng: random.Random, admin: Actor, rep: User, past) -> None:
    """A union branch run by the demo rep, to which some members chose to count their posts."""
    union = branches.create_union(db, admin, "UNISON")
    branch = branches.create_branch(db, admin, union, "Northtown Health and Care", "north-west")
    branches.invite_rep(db, admin, branch, rep.email)
    branch.campaign_message = "Pay, breaks and training: tell the government what it is like."
    for contribution in past:
        if rng.random() < 0.2:
            contribution.branch_id = branch.id


def seed_demo(db: Session, rng: random.Random, count: int, cost: KdfCost):
    """Create demo accounts and ``count`` contributions; return (email, password, role) rows."""
    credentials = []
    signed_in = {}
    for role in Role:
        email = f"{role.value.replace('_', '-')}@{DEMO_DOMAIN}"
        signed_in[role], _ = accounts.create_account(db, email, demo_password(role), role, cost)
        credentials.append((email, demo_password(role), role.value))
    drafts = demo_drafts(rng, count - len(FLAGGED_EXAMPLES))
    own, historic = drafts[:3], drafts[3:]
    past = [_historic_contribution(rng, draft) for draft in historic]
    db.add_all(past)
    db.flush()
    _add_endorsements_and_comments(db, rng, [c for c in past if c.status is Status.PUBLISHED])
    admin = Actor(role=Role.ADMIN, user_id=signed_in[Role.ADMIN].user.id)
    _add_rounds(db, admin)
    _add_branch(db, rng, admin, signed_in[Role.BRANCH_REP].user, past)
    moderator = Actor(role=Role.MODERATOR, user_id=signed_in[Role.MODERATOR].user.id)
    for index, draft in enumerate([*own, *FLAGGED_EXAMPLES]):
        contribution = submit_contribution(db, signed_in[Role.WORKER], draft)
        if index == 0:
            change_status(db, contribution, "publish", moderator)
    db.flush()
    return credentials
