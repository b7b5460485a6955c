"""The figures a branch (or a whole union) sees about its members' participation.

Every table goes through challenges.suppression, so no count below the threshold is shown or can
be worked out from totals. Reps never see any contribution's text here.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from challenges.catalogue import CHALLENGES
from challenges.lifecycle import utcnow
from challenges.models import Branch, BranchLinkDay, Contribution, Kind, Status
from challenges.suppression import SuppressedTable, suppress_count, suppress_table

MONTHS_SHOWN = 6
WEEKS_SHOWN = 12
CHALLENGE_ROWS = tuple(f"{c.number}. {c.title}" for c in CHALLENGES)


@dataclass(frozen=True)
class Dashboard:
    title: str
    by_challenge_and_month: SuppressedTable
    engagement_by_challenge: SuppressedTable
    funnel_by_week: SuppressedTable
    region_share: tuple[int | None, int | None] | None


def month_key(column, dialect: str):
    """'YYYY-MM' of a timestamp column, in this database's dialect."""
    if dialect == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def recent_months(today: date, count: int = MONTHS_SHOWN) -> tuple[str, ...]:
    """The last ``count`` months as 'YYYY-MM', oldest first, ending with this month."""
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return tuple(reversed(months))


def _attributed(branch_ids):
    return (
        Contribution.branch_id.in_(branch_ids),
        Contribution.kind == Kind.CONTRIBUTION,
        Contribution.status == Status.PUBLISHED,
    )


def _challenge_month_table(db: Session, branch_ids, months, threshold, rounding):
    dialect = db.get_bind().dialect.name
    month = month_key(Contribution.published_at, dialect)
    rows = db.execute(
        select(Contribution.challenge_number, month, func.count())
        .where(*_attributed(branch_ids), month.in_(months))
        .group_by(Contribution.challenge_number, month)
    )
    counts = {(CHALLENGE_ROWS[number - 1], key): n for number, key, n in rows}
    return suppress_table(CHALLENGE_ROWS, months, counts, threshold, rounding)


def _engagement_table(db: Session, branch_ids, threshold, rounding):
    endorsements = dict(
        db.execute(
            select(Contribution.challenge_number, func.sum(Contribution.endorsement_count))
            .where(*_attributed(branch_ids))
            .group_by(Contribution.challenge_number)
        ).all()
    )
    parent = aliased(Contribution)
    comments = dict(
        db.execute(
            select(parent.challenge_number, func.count())
            .select_from(Contribution)
            .join(parent, Contribution.parent_id == parent.id)
            .where(
                Contribution.status == Status.PUBLISHED,
                parent.branch_id.in_(branch_ids),
                parent.status == Status.PUBLISHED,
            )
            .group_by(parent.challenge_number)
        ).all()
    )
    counts = {}
    for number, row in enumerate(CHALLENGE_ROWS, start=1):
        counts[(row, "Endorsements")] = int(endorsements.get(number) or 0)
        counts[(row, "Comments")] = comments.get(number, 0)
    return suppress_table(CHALLENGE_ROWS, ("Endorsements", "Comments"), counts, threshold, rounding)


def week_start(day: date) -> date:
    """The Monday of the week a day falls in."""
    return day - timedelta(days=day.weekday())


def _funnel_table(db: Session, branch_ids, today: date, threshold, rounding):
    first = week_start(today) - timedelta(weeks=WEEKS_SHOWN - 1)
    weeks = tuple((first + timedelta(weeks=n)).isoformat() for n in range(WEEKS_SHOWN))
    counts: dict[tuple[str, str], int] = {}
    rows = db.execute(
        select(BranchLinkDay.day, BranchLinkDay.starts, BranchLinkDay.posts).where(
            BranchLinkDay.branch_id.in_(branch_ids), BranchLinkDay.day >= first
        )
    )
    labels = ("Started from the link", "Then posted with consent")
    for day, starts, posts in rows:
        week = week_start(day).isoformat()
        for label, value in zip(labels, (starts, posts), strict=True):
            counts[(label, week)] = counts.get((label, week), 0) + value
    return suppress_table(labels, weeks, counts, threshold, rounding)


def _region_share(db: Session, branch: Branch, threshold, rounding):
    in_region = db.scalar(
        select(func.count()).where(
            Contribution.region == branch.region,
            Contribution.kind == Kind.CONTRIBUTION,
            Contribution.status == Status.PUBLISHED,
        )
    )
    attributed = db.scalar(select(func.count()).where(*_attributed([branch.id])))
    return suppress_count(attributed, threshold, rounding), suppress_count(
        in_region, threshold, rounding
    )


def build_dashboard(
    db: Session, title: str, branches: list[Branch], threshold: int, rounding: int | None = None
) -> Dashboard:
    """The suppressed tables for one branch, or for all of a union's branches together."""
    ids = [branch.id for branch in branches]
    today = utcnow().date()
    return Dashboard(
        title=title,
        by_challenge_and_month=_challenge_month_table(
            db, ids, recent_months(today), threshold, rounding
        ),
        engagement_by_challenge=_engagement_table(db, ids, threshold, rounding),
        funnel_by_week=_funnel_table(db, ids, today, threshold, rounding),
        region_share=_region_share(db, branches[0], threshold, rounding)
        if len(branches) == 1
        else None,
    )


def dashboard_csv_rows(dashboard: Dashboard):
    """Tidy rows, one per figure: table, row, column, value ('suppressed' when hidden)."""
    tables = {
        "contributions by challenge and month": dashboard.by_challenge_and_month,
        "endorsements and comments by challenge": dashboard.engagement_by_challenge,
        "link starts and posts by week": dashboard.funnel_by_week,
    }
    for name, table in tables.items():
        for row, values, total in zip(table.rows, table.cells, table.row_totals, strict=True):
            for column, value in zip(table.columns, values, strict=True):
                yield (name, row, column, _shown(value))
            yield (name, row, "total", _shown(total))
        for column, total in zip(table.columns, table.column_totals, strict=True):
            yield (name, "total", column, _shown(total))
        yield (name, "total", "total", _shown(table.grand_total))


def _shown(value):
    return "suppressed" if value is None else value
