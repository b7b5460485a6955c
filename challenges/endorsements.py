"""'This matters to me': one endorsement per person per contribution, stored without a user.

The row holds only HMAC(author secret, contribution); the database's unique constraint makes
concurrent clicks count once, and the count on the contribution moves in the same transaction.
"""

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from challenges import anonymity
from challenges.accounts import SignedIn
from challenges.errors import InvalidTransition
from challenges.models import Contribution, Endorsement, Kind, Status
from challenges.persistence import add_once


def endorser_tag(signed_in: SignedIn, contribution: Contribution) -> str:
    """The keyed tag that makes one endorsement per person per contribution."""
    return anonymity.item_tag(signed_in.author_secret, b"endorse", contribution.public_id)


def _adjust_count(db: Session, contribution: Contribution, change: int) -> None:
    db.execute(
        update(Contribution)
        .where(Contribution.id == contribution.id)
        .values(endorsement_count=Contribution.endorsement_count + change)
        .execution_options(synchronize_session=False)
    )
    db.refresh(contribution)


def endorse(db: Session, signed_in: SignedIn, contribution: Contribution) -> bool:
    """Endorse a published contribution; return False if this person already had."""
    if contribution.status is not Status.PUBLISHED or contribution.kind is not Kind.CONTRIBUTION:
        raise InvalidTransition("only published contributions can be endorsed")
    endorsement = Endorsement(
        contribution_id=contribution.id, endorser_tag=endorser_tag(signed_in, contribution)
    )
    if not add_once(db, endorsement):
        return False
    _adjust_count(db, contribution, +1)
    return True


def take_back(db: Session, signed_in: SignedIn, contribution: Contribution) -> bool:
    """Take an endorsement back; return False if there was none."""
    result = db.execute(
        delete(Endorsement).where(
            Endorsement.contribution_id == contribution.id,
            Endorsement.endorser_tag == endorser_tag(signed_in, contribution),
        )
    )
    if result.rowcount != 1:
        return False
    _adjust_count(db, contribution, -1)
    return True


def endorsed_by(db: Session, signed_in: SignedIn, contributions) -> set[str]:
    """Which of these contributions this person has endorsed, in one query."""
    wanted = {endorser_tag(signed_in, c): c for c in contributions}
    if not wanted:
        return set()
    matches = db.scalars(
        select(Endorsement.endorser_tag).where(
            or_(
                *(
                    and_(Endorsement.contribution_id == c.id, Endorsement.endorser_tag == tag)
                    for tag, c in wanted.items()
                )
            )
        )
    )
    return {wanted[tag].public_id for tag in matches}
