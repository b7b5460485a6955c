"""The anonymous inbox: messages addressed to a contribution, read only by whoever holds its id.

Nothing is ever emailed about a contribution, because an email would tie an address to it.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from challenges import accounts
from challenges.accounts import SignedIn
from challenges.lifecycle import utcnow
from challenges.models import Contribution, InboxMessage


def send_to_author(db: Session, contribution: Contribution, kind: str, text: str) -> None:
    """Leave a message for the author of a contribution."""
    db.add(
        InboxMessage(contribution_id=contribution.id, kind=kind, text=text, sent_on=utcnow().date())
    )


def inbox_for(db: Session, signed_in: SignedIn) -> list[tuple[InboxMessage, Contribution]]:
    """Messages about the signed-in user's own contributions, newest first."""
    ids = accounts.own_contribution_ids(signed_in)
    if not ids:
        return []
    rows = db.execute(
        select(InboxMessage, Contribution)
        .join(Contribution, InboxMessage.contribution_id == Contribution.id)
        .where(Contribution.public_id.in_(ids))
        .order_by(InboxMessage.sent_on.desc(), InboxMessage.id.desc())
    )
    return [tuple(row) for row in rows]
