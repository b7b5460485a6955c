"""Reports of published items. After enough of them an item is hidden until a moderator decides.

A report stores no reporter: only a keyed tag, HMAC(author secret, item), which stops one person
reporting the same item twice but differs for every item, so one person's reports cannot be
grouped.
"""

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from challenges import anonymity
from challenges.accounts import SignedIn
from challenges.errors import DomainError, InvalidTransition
from challenges.house_rules import house_rule
from challenges.lifecycle import Actor, change_status, record_audit, utcnow
from challenges.models import Contribution, Report, Status
from challenges.persistence import add_once

OTHER_REASON = "other"


class AlreadyReported(DomainError):
    """This person has already reported this item."""


def reporter_tag(signed_in: SignedIn, contribution: Contribution) -> str:
    """The keyed tag that makes one report per person per item."""
    return anonymity.item_tag(signed_in.author_secret, b"report", contribution.public_id)


def report_contribution(
    db: Session,
    signed_in: SignedIn,
    contribution: Contribution,
    reason: str,
    detail: str | None,
    hide_after: int,
) -> None:
    """Record a report; hide the item once ``hide_after`` unresolved reports have come in."""
    if contribution.status is not Status.PUBLISHED:
        raise InvalidTransition("only published items can be reported")
    if reason != OTHER_REASON and house_rule(reason) is None:
        raise InvalidTransition("unknown reason")
    report = Report(
        contribution_id=contribution.id,
        reporter_tag=reporter_tag(signed_in, contribution),
        reason=reason,
        detail=detail or None,
        reported_on=utcnow().date(),
    )
    if not add_once(db, report):
        raise AlreadyReported
    db.execute(
        update(Contribution)
        .where(Contribution.id == contribution.id)
        .values(report_count=Contribution.report_count + 1)
        .execution_options(synchronize_session=False)
    )
    db.refresh(contribution)
    record_audit(db, Actor.member(), "report", contribution.public_id, reason=reason)
    if contribution.report_count >= hide_after:
        change_status(db, contribution, "hide", Actor.system(), reason="reported")


def close_reports(db: Session, contribution: Contribution) -> None:
    """Mark an item's reports resolved once a moderator has decided."""
    db.execute(
        update(Report)
        .where(Report.contribution_id == contribution.id, Report.resolved.is_(False))
        .values(resolved=True)
    )
    contribution.report_count = 0


def open_reports(db: Session, contribution: Contribution) -> list[Report]:
    """The unresolved reports on an item."""
    return list(
        db.scalars(
            select(Report).where(
                Report.contribution_id == contribution.id, Report.resolved.is_(False)
            )
        )
    )
