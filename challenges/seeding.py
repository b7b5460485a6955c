"""Demo data for development: one account per role and months of realistic contributions."""

import random
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from challenges import accounts
from challenges.anonymity import KdfCost
from challenges.contributions import Draft, new_public_id, submit_contribution
from challenges.demo_data import demo_drafts
from challenges.lifecycle import Actor, change_status, utcnow
from challenges.models import Contribution, Role, Status, User
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
    db.add_all(_historic_contribution(rng, draft) for draft in historic)
    moderator = Actor(role=Role.MODERATOR, user_id=signed_in[Role.MODERATOR].user.id)
    for index, draft in enumerate([*own, *FLAGGED_EXAMPLES]):
        contribution = submit_contribution(db, signed_in[Role.WORKER], draft)
        if index == 0:
            change_status(db, contribution, "publish", moderator)
    db.flush()
    return credentials
