"""Themed challenge rounds: a time-boxed question under one challenge.

A round is open from its opening date to its closing date inclusive, judged by today's date, so
rounds open and close without anyone pressing a button. A scheduled job (``open_due_rounds``)
still notes each opening once, in the audit log, so the log says when every round went live.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from challenges.catalogue import challenge_by_number
from challenges.errors import InvalidTransition, NotAllowed
from challenges.lifecycle import Actor, record_audit
from challenges.models import AuditEvent, Contribution, Kind, Role, Round, Status

UPCOMING, OPEN, CLOSED = "upcoming", "open", "closed"
OPEN_ROUND = "open_round"


@dataclass(frozen=True)
class RoundDraft:
    challenge_number: int
    title: str
    question: str
    opens_on: date
    closes_on: date
    background: str | None = None

    def __post_init__(self):
        challenge_by_number(self.challenge_number)
        if self.closes_on < self.opens_on:
            raise ValueError("a round must close on or after the day it opens")


def round_state(round_: Round, today: date) -> str:
    """Upcoming, open or closed on this date."""
    if today < round_.opens_on:
        return UPCOMING
    return OPEN if today <= round_.closes_on else CLOSED


def _slug(title: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
    return f"{words}-{secrets.token_hex(4)}"


def create_round(db: Session, actor: Actor, draft: RoundDraft) -> Round:
    """An admin sets up a round."""
    if actor.role is not Role.ADMIN:
        raise NotAllowed("create a round")
    round_ = Round(slug=_slug(draft.title), **draft.__dict__)
    db.add(round_)
    db.flush()
    record_audit(db, actor, "create_round", round_.slug)
    return round_


def find_round(db: Session, slug: str) -> Round | None:
    """The round with this slug, or None."""
    return db.scalar(select(Round).where(Round.slug == slug))


def open_rounds(db: Session, today: date, challenge_number: int | None = None) -> list[Round]:
    """Rounds open today, closing soonest first."""
    query = select(Round).where(Round.opens_on <= today, Round.closes_on >= today)
    if challenge_number is not None:
        query = query.where(Round.challenge_number == challenge_number)
    return list(db.scalars(query.order_by(Round.closes_on, Round.id)))


def open_due_rounds(db: Session, today: date) -> list[Round]:
    """Record, once each, the opening of rounds open today; return the ones newly recorded.

    Safe to run as often as you like. A round that opened and closed while the job was not running
    is not recorded: nobody saw it open, so the log should not say they did.
    """
    recorded = select(AuditEvent.target_public_id).where(AuditEvent.action == OPEN_ROUND)
    due = list(
        db.scalars(
            select(Round)
            .where(Round.opens_on <= today, Round.closes_on >= today, Round.slug.not_in(recorded))
            .order_by(Round.opens_on, Round.id)
        )
    )
    for round_ in due:
        record_audit(db, Actor.system(), OPEN_ROUND, round_.slug, f"opens on {round_.opens_on}")
    return due


def all_rounds(db: Session) -> list[Round]:
    """Every round, most recently opened first."""
    return list(db.scalars(select(Round).order_by(Round.opens_on.desc(), Round.id.desc())))


def check_can_answer(round_: Round, challenge_number: int, today: date) -> None:
    """Refuse an answer to a round that is not open or belongs to another challenge."""
    if round_state(round_, today) != OPEN:
        raise InvalidTransition("this round is not open")
    if round_.challenge_number != challenge_number:
        raise InvalidTransition("this round belongs to another challenge")


def round_totals(db: Session, round_: Round) -> dict[str, int]:
    """Published answers to a round and the endorsements they have had."""
    answers, endorsements = db.execute(
        select(func.count(), func.coalesce(func.sum(Contribution.endorsement_count), 0)).where(
            Contribution.round_id == round_.id,
            Contribution.kind == Kind.CONTRIBUTION,
            Contribution.status == Status.PUBLISHED,
        )
    ).one()
    return {"answers": answers, "endorsements": endorsements}
