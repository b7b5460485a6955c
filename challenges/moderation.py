"""Moderation: the queue, decisions, redaction and labels.

Nothing here may expose anything that identifies an author; moderators see only the item.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from challenges.catalogue import challenge_by_number
from challenges.contributions import looks_like_public_id
from challenges.errors import InvalidTransition, NotAllowed
from challenges.house_rules import house_rule
from challenges.identifying import KIND_LABELS, find_identifying_details, redact
from challenges.inbox import send_to_author
from challenges.lifecycle import STAFF_WHO_MODERATE, Actor, change_status, record_audit
from challenges.models import Contribution, Kind, Status
from challenges.reports import close_reports

QUEUE_PAGE_SIZE = 50
LABELS = {
    "safeguarding": "Safeguarding",
    "identifying": "Identifying details found",
    "reported": "Reported",
}
REDACTABLE_FIELDS = ("title", "body")


@dataclass(frozen=True)
class QueueFilter:
    challenge_number: int | None = None
    label: str | None = None


@dataclass(frozen=True)
class Removal:
    """A span of a contribution's title or body for a moderator to replace with a placeholder."""

    field: str
    start: int
    end: int
    kind: str

    @property
    def key(self) -> str:
        return f"{self.field}:{self.start}:{self.end}:{self.kind}"

    @classmethod
    def from_key(cls, key: str) -> "Removal":
        field, start, end, kind = key.split(":")
        if field not in REDACTABLE_FIELDS or kind not in KIND_LABELS:
            raise ValueError(key)
        return cls(field, int(start), int(end), kind)


def suggested_removals(contribution: Contribution) -> list[tuple[Removal, str]]:
    """What the detector found in the title and body, as removals with the text they cover."""
    return [
        (Removal(field, finding.start, finding.end, finding.kind), finding.text)
        for field in REDACTABLE_FIELDS
        for finding in find_identifying_details(getattr(contribution, field))
    ]


def phrase_removals(contribution: Contribution, phrases: list[str]) -> list[Removal]:
    """Removals for every occurrence of phrases a moderator typed (the detector missed them)."""
    removals = []
    for field in REDACTABLE_FIELDS:
        text = getattr(contribution, field)
        for phrase in filter(None, (p.strip() for p in phrases)):
            start = text.find(phrase)
            while start != -1:
                removals.append(Removal(field, start, start + len(phrase), "name"))
                start = text.find(phrase, start + len(phrase))
    return removals


def redacted_text(contribution: Contribution, removals: list[Removal]) -> dict[str, str]:
    """The new title and body with the removals applied; overlapping spans are merged away."""
    result = {}
    for field in REDACTABLE_FIELDS:
        spans, last_end = [], -1
        for removal in sorted((r for r in removals if r.field == field), key=lambda r: r.start):
            if removal.start >= last_end:
                spans.append((removal.start, removal.end, removal.kind))
                last_end = removal.end
        result[field] = redact(getattr(contribution, field), spans)
    return result


def _check_criticality(criticality: int) -> dict:
    if not 0 <= criticality <= 5:
        raise InvalidTransition("criticality must be 0 to 5")
    return {"criticality": criticality}


def _tell_authors_it_is_published(db: Session, item: Contribution, kind: str, text: str) -> None:
    """Tell the author; for a comment, tell the author of the contribution it replies to too."""
    send_to_author(db, item, kind, text)
    if item.kind is Kind.COMMENT and item.status is Status.PUBLISHED:
        parent = db.get(Contribution, item.parent_id)
        send_to_author(
            db, parent, "comment", f"A new comment on “{parent.title}” has been published."
        )


def publish(db: Session, contribution: Contribution, actor: Actor, criticality: int) -> None:
    """Publish as written."""
    change_status(db, contribution, "publish", actor, changes=_check_criticality(criticality))
    _tell_authors_it_is_published(
        db, contribution, "published", f"Your {_noun(contribution)} has been published."
    )


def _noun(item: Contribution) -> str:
    return "comment" if item.kind is Kind.COMMENT else "contribution"


def redact_and_publish(
    db: Session, contribution: Contribution, actor: Actor, criticality: int, removals
) -> None:
    """Replace identifying details with placeholders, then publish; the original is not kept."""
    if not removals:
        raise InvalidTransition("choose at least one detail to remove")
    changes = {**redacted_text(contribution, removals), **_check_criticality(criticality)}
    action = "redact_publish" if contribution.status is Status.PENDING else "redact"
    newly_published = contribution.status is Status.PENDING
    change_status(db, contribution, action, actor, changes={**changes, "redacted": True})
    text = (
        f"Your {_noun(contribution)} has been published with some details removed "
        "to protect identities."
    )
    if newly_published:
        _tell_authors_it_is_published(db, contribution, "published-redacted", text)
    else:
        send_to_author(db, contribution, "redacted", text)


def reject(
    db: Session, contribution: Contribution, actor: Actor, rule_code: str, note: str | None
) -> None:
    """Reject, citing a house rule and perhaps a note for the author."""
    rule = house_rule(rule_code)
    if rule is None:
        raise InvalidTransition("choose the house rule it breaks")
    changes = {"decision_rule": rule.code, "decision_note": note or None}
    change_status(db, contribution, "reject", actor, reason=rule.code, changes=changes)
    message = (
        f"Your {_noun(contribution)} was not published because of the house rule “{rule.title}”."
    )
    send_to_author(db, contribution, "rejected", f"{message} {note}" if note else message)


def move(db: Session, contribution: Contribution, actor: Actor, challenge_number: int) -> None:
    """File a contribution under a different challenge."""
    challenge_by_number(challenge_number)
    if actor.role not in STAFF_WHO_MODERATE:
        raise NotAllowed("move")
    contribution.challenge_number = challenge_number
    record_audit(
        db, actor, "move", contribution.public_id, reason=f"to challenge {challenge_number}"
    )


REPORT_OUTCOMES = ("keep", "redact", "remove")


def resolve_reports(
    db: Session,
    contribution: Contribution,
    actor: Actor,
    outcome: str,
    removals=(),
    rule_code: str | None = None,
) -> None:
    """Decide a reported item: keep it (unhiding it), redact it, or remove it for a house rule."""
    if outcome == "keep":
        if contribution.status is Status.HIDDEN:
            change_status(db, contribution, "restore", actor)
        else:
            record_audit(db, actor, "keep", contribution.public_id)
    elif outcome == "redact":
        redact_and_publish(db, contribution, actor, contribution.criticality or 0, removals)
    elif outcome == "remove" and house_rule(rule_code or ""):
        change_status(db, contribution, "remove", actor, reason=rule_code)
        send_to_author(
            db,
            contribution,
            "removed",
            f"Your contribution was removed under the house rule "
            f"“{house_rule(rule_code).title}” after it was reported.",
        )
    else:
        raise InvalidTransition("choose keep, redact, or remove with a house rule")
    close_reports(db, contribution)


def queue(
    db: Session, filters: QueueFilter, after: str | None = None, size: int = QUEUE_PAGE_SIZE
) -> list[Contribution]:
    """Items needing a moderator, oldest first, one keyset page at a time.

    Pending items by default; with the 'reported' label, published or hidden items with
    unresolved reports.
    """
    query = select(Contribution).order_by(Contribution.submitted_at, Contribution.public_id)
    if filters.label == "reported":
        query = query.where(
            Contribution.report_count > 0,
            Contribution.status.in_([Status.PUBLISHED, Status.HIDDEN]),
        )
    else:
        query = query.where(Contribution.status == Status.PENDING)
    if filters.label == "safeguarding":
        query = query.where(Contribution.safeguarding.is_(True))
    if filters.label == "identifying":
        query = query.where(Contribution.identifying_found.is_(True))
    if filters.challenge_number:
        query = query.where(Contribution.challenge_number == filters.challenge_number)
    anchor = _queue_anchor(db, after) if looks_like_public_id(after) else None
    if anchor is not None:
        query = query.where(tuple_(Contribution.submitted_at, Contribution.public_id) > anchor)
    return list(db.scalars(query.limit(size)))


def _queue_anchor(db: Session, public_id: str):
    row = db.execute(
        select(Contribution.submitted_at, Contribution.public_id).where(
            Contribution.public_id == public_id
        )
    ).first()
    return tuple_(*row) if row else None


def dashboard_counts(db: Session) -> dict[str, int]:
    """How many items wait, in all and by label; each count is one indexed query."""
    pending = Contribution.status == Status.PENDING
    live = Contribution.status.in_([Status.PUBLISHED, Status.HIDDEN])
    conditions = {
        "pending": [pending],
        "safeguarding": [pending, Contribution.safeguarding.is_(True)],
        "identifying": [pending, Contribution.identifying_found.is_(True)],
        "reported": [Contribution.report_count > 0, live],
        "hidden": [Contribution.status == Status.HIDDEN],
    }
    return {
        name: db.scalar(select(func.count()).select_from(Contribution).where(*where))
        for name, where in conditions.items()
    }


def age_in_words(since: datetime, now: datetime) -> str:
    """How long an item has waited, in words a moderator can scan."""
    days = (now - since).days
    if days < 1:
        hours = int((now - since).total_seconds() // 3600)
        return "under an hour" if hours < 1 else f"{hours} hour{'s' if hours > 1 else ''}"
    return f"{days} day{'s' if days > 1 else ''}"
