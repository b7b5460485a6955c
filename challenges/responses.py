"""'You said, we did': official responses to a challenge, a round or particular contributions.

Analysts and admins publish them; the authors of the contributions a response answers hear about
it in their anonymous inbox, never by email.
"""

from dataclasses import dataclass

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from challenges.browsing import Page
from challenges.catalogue import challenge_by_number
from challenges.contributions import new_public_id
from challenges.errors import InvalidTransition, NotAllowed
from challenges.inbox import send_to_author
from challenges.lifecycle import Actor, record_audit, utcnow
from challenges.models import Contribution, Kind, Response, ResponseLink, Role, Round, Status

TITLE_MAX = 120
TEXT_MAX = 5000
TIMESCALE_MAX = 200
PAGE_SIZE = 20
RESPONDERS = frozenset({Role.ANALYST, Role.ADMIN})


@dataclass(frozen=True)
class ResponseDraft:
    """What an analyst typed into the response form."""

    title: str
    heard: str
    change: str
    timescale: str
    challenge_number: int | None = None
    round_id: int | None = None
    contribution_ids: tuple[str, ...] = ()

    def __post_init__(self):
        if self.challenge_number is not None:
            challenge_by_number(self.challenge_number)
        _check_length("title", self.title, TITLE_MAX)
        _check_length("heard", self.heard, TEXT_MAX)
        _check_length("change", self.change, TEXT_MAX)
        _check_length("timescale", self.timescale, TIMESCALE_MAX)


def _check_length(name: str, value: str, most: int) -> None:
    if not value.strip() or len(value) > most:
        raise ValueError(f"{name} must be 1 to {most:,} characters")


class UnknownContributions(InvalidTransition):
    """Some ids given do not belong to a published contribution."""

    def __init__(self, public_ids: list[str]):
        super().__init__(f"no published contribution has the id {', '.join(public_ids)}")
        self.public_ids = public_ids


@dataclass(frozen=True)
class ResponseDetail:
    """A response with its round and the published contributions it answers."""

    response: Response
    round: Round | None
    contributions: list[Contribution]


def publish_response(db: Session, actor: Actor, draft: ResponseDraft) -> Response:
    """Publish a response, link the contributions it answers and tell their authors."""
    if actor.role not in RESPONDERS:
        raise NotAllowed("publish_response")
    if not (draft.challenge_number or draft.round_id or draft.contribution_ids):
        raise InvalidTransition("a response must answer a challenge, a round or contributions")
    answered = _published_contributions(db, draft.contribution_ids)
    response = Response(
        public_id=new_public_id(),
        title=draft.title.strip(),
        challenge_number=_challenge_number(db, draft),
        round_id=draft.round_id,
        heard=draft.heard.strip(),
        change=draft.change.strip(),
        timescale=draft.timescale.strip(),
        published_at=utcnow(),
    )
    db.add(response)
    db.flush()
    db.add_all(ResponseLink(response_id=response.id, contribution_id=c.id) for c in answered)
    for contribution in answered:
        send_to_author(db, contribution, "response", _inbox_text(response))
    record_audit(db, actor, "publish_response", response.public_id)
    return response


def _challenge_number(db: Session, draft: ResponseDraft) -> int | None:
    """The response's challenge: a round always belongs to one, so a round implies it."""
    if draft.round_id is None:
        return draft.challenge_number
    found = db.get(Round, draft.round_id)
    if found is None:
        raise InvalidTransition(f"there is no round {draft.round_id}")
    if draft.challenge_number not in (None, found.challenge_number):
        raise InvalidTransition(f"that round is under challenge {found.challenge_number}")
    return found.challenge_number


def _published_contributions(db: Session, public_ids: tuple[str, ...]) -> list[Contribution]:
    if not public_ids:
        return []
    found = list(db.scalars(_published().where(Contribution.public_id.in_(public_ids))))
    known = {contribution.public_id for contribution in found}
    unknown = [public_id for public_id in public_ids if public_id not in known]
    if unknown:
        raise UnknownContributions(unknown)
    return found


def _published():
    return select(Contribution).where(
        Contribution.kind == Kind.CONTRIBUTION, Contribution.status == Status.PUBLISHED
    )


def _inbox_text(response: Response) -> str:
    return (
        f"We have published an official response, “{response.title}”, to your contribution. "
        "You can read it on your contribution’s page and under “You said, we did”."
    )


_NEWEST_FIRST = (Response.published_at.desc(), Response.public_id.desc())


def latest_responses(db: Session, after: str | None = None, size: int = PAGE_SIZE) -> Page:
    """One page of responses, newest first; ``after`` is the last public id on the page before."""
    query = select(Response).order_by(*_NEWEST_FIRST).limit(size + 1)
    anchor = _anchor(db, after) if after else None
    if anchor is not None:
        query = query.where(tuple_(Response.published_at, Response.public_id) < anchor)
    items = list(db.scalars(query))
    next_after = items[size - 1].public_id if len(items) > size else None
    return Page(items[:size], next_after)


def _anchor(db: Session, public_id: str):
    row = db.execute(
        select(Response.published_at, Response.public_id).where(Response.public_id == public_id)
    ).first()
    return tuple_(*row) if row else None


def responses_for_challenge(db: Session, number: int, limit: int = 5) -> list[Response]:
    """A challenge's newest responses."""
    query = select(Response).where(Response.challenge_number == number)
    return list(db.scalars(query.order_by(*_NEWEST_FIRST).limit(limit)))


def responses_for_contribution(db: Session, contribution: Contribution) -> list[Response]:
    """Every response that answers this contribution, newest first."""
    return list(
        db.scalars(
            select(Response)
            .join(ResponseLink, ResponseLink.response_id == Response.id)
            .where(ResponseLink.contribution_id == contribution.id)
            .order_by(*_NEWEST_FIRST)
        )
    )


def find_response(db: Session, public_id: str) -> ResponseDetail | None:
    """A response by public id with its round and the published contributions it answers."""
    response = db.scalar(select(Response).where(Response.public_id == public_id))
    if response is None:
        return None
    answered = db.scalars(
        _published()
        .join(ResponseLink, ResponseLink.contribution_id == Contribution.id)
        .where(ResponseLink.response_id == response.id)
        .order_by(Contribution.published_at.desc(), Contribution.public_id.desc())
    )
    found_round = db.get(Round, response.round_id) if response.round_id else None
    return ResponseDetail(response, found_round, list(answered))
