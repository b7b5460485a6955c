"""The raw counts and texts behind a digest, aggregated in the database.

Every function takes a Scope: the published contributions of one period under the digest's
filters. Counting is done by GROUP BY in the
database, so a month of 100,000 contributions costs a few grouped scans, not 100,000 objects.
Nothing here is fit to show: every count must still pass through ``challenges.suppression``.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, aliased

from challenges.models import Branch, Contribution, Kind, Status, Union

# Larger IN lists are split, as SQLite limits how many values one statement may bind.
_IDS_PER_QUERY = 1000


@dataclass(frozen=True)
class Scope:
    """Published contributions matching ``filters`` (conditions on Contribution) in a window."""

    filters: tuple[ColumnElement[bool], ...]
    since: datetime
    until: datetime  # exclusive

    def published_within(self, item) -> tuple[ColumnElement[bool], ...]:
        """Conditions that an item (the Contribution entity or an alias) is published inside."""
        return (
            item.status == Status.PUBLISHED,
            item.published_at >= self.since,
            item.published_at < self.until,
        )

    @property
    def where(self) -> tuple[ColumnElement[bool], ...]:
        return (
            Contribution.kind == Kind.CONTRIBUTION,
            *self.published_within(Contribution),
            *self.filters,
        )


@dataclass(frozen=True)
class Text:
    """A published contribution's words, with what the quotes need; never its public id."""

    id: int
    challenge_number: int
    title: str
    body: str
    endorsements: int
    show_facts: bool
    sector: str | None
    staff_group: str | None
    region: str | None


def week_key(column, dialect: str):
    """'YYYY-MM-DD' of the Monday starting the ISO week of a timestamp column."""
    if dialect == "postgresql":
        return func.to_char(func.date_trunc("week", column), "YYYY-MM-DD")
    # SQLite's 'weekday 1' moves forward to a Monday, so step back six days first.
    return func.strftime("%Y-%m-%d", column, "-6 days", "weekday 1")


def by_challenge(db: Session, scope: Scope) -> dict[int, int]:
    """Contributions per challenge number."""
    rows = db.execute(
        select(Contribution.challenge_number, func.count())
        .where(*scope.where)
        .group_by(Contribution.challenge_number)
    )
    return dict(rows.all())


def by_challenge_and_week(db: Session, scope: Scope) -> dict[tuple[int, str], int]:
    """Contributions per (challenge number, ISO week start as 'YYYY-MM-DD')."""
    week = week_key(Contribution.published_at, db.get_bind().dialect.name)
    rows = db.execute(
        select(Contribution.challenge_number, week, func.count())
        .where(*scope.where)
        .group_by(Contribution.challenge_number, week)
    )
    return {(number, key): count for number, key, count in rows}


def by_fact_and_challenge(
    db: Session, scope: Scope, fact: str
) -> dict[tuple[str | None, int], int]:
    """Contributions per (stored fact value or None, challenge number)."""
    column = getattr(Contribution, fact)
    rows = db.execute(
        select(column, Contribution.challenge_number, func.count())
        .where(*scope.where)
        .group_by(column, Contribution.challenge_number)
    )
    return {(value, number): count for value, number, count in rows}


def by_union_and_challenge(db: Session, scope: Scope) -> dict[tuple[str | None, int], int]:
    """Contributions per (union name, or None when not attributed to a branch, challenge)."""
    rows = db.execute(
        select(Union.name, Contribution.challenge_number, func.count())
        .select_from(Contribution)
        .outerjoin(Branch, Contribution.branch_id == Branch.id)
        .outerjoin(Union, Branch.union_id == Union.id)
        .where(*scope.where)
        .group_by(Union.name, Contribution.challenge_number)
    )
    return {(name, number): count for name, number, count in rows}


def endorsements(db: Session, scope: Scope) -> int:
    """Endorsements the contributions have had so far."""
    return int(
        db.scalar(
            select(func.coalesce(func.sum(Contribution.endorsement_count), 0)).where(*scope.where)
        )
    )


def comments(db: Session, scope: Scope) -> int:
    """Comments published in the window on the contributions."""
    comment = aliased(Contribution)
    return db.scalar(
        select(func.count())
        .select_from(comment)
        .join(Contribution, comment.parent_id == Contribution.id)
        .where(
            comment.kind == Kind.COMMENT,
            *scope.published_within(comment),
            *scope.where,
        )
    )


def text_sample(db: Session, scope: Scope, per_challenge: int) -> list[Text]:
    """The texts of up to ``per_challenge`` contributions per challenge, in id order.

    Where a challenge has more, they are spread evenly over its contributions in the order they
    were submitted (id order), so the whole period is represented and the same data always
    gives the same sample.
    """
    ids = db.execute(
        select(Contribution.id, Contribution.challenge_number)
        .where(*scope.where)
        .order_by(Contribution.id)
    ).all()
    by_number: dict[int, list[int]] = {}
    for row_id, number in ids:
        by_number.setdefault(number, []).append(row_id)
    chosen = sorted(
        row_id
        for members in by_number.values()
        for row_id in _evenly_spaced(members, per_challenge)
    )
    return [
        text
        for start in range(0, len(chosen), _IDS_PER_QUERY)
        for text in _texts(db, chosen[start : start + _IDS_PER_QUERY])
    ]


def _evenly_spaced(items: list[int], at_most: int) -> list[int]:
    if len(items) <= at_most:
        return items
    return [items[index * len(items) // at_most] for index in range(at_most)]


def _texts(db: Session, ids: list[int]) -> list[Text]:
    rows = db.execute(
        select(
            Contribution.id,
            Contribution.challenge_number,
            Contribution.title,
            Contribution.body,
            Contribution.endorsement_count,
            Contribution.show_facts,
            Contribution.sector,
            Contribution.staff_group,
            Contribution.region,
        )
        .where(Contribution.id.in_(ids))
        .order_by(Contribution.id)
    )
    return [Text(*row) for row in rows]
