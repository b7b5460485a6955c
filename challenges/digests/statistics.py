"""Building a digest's content (the contract in schema.py) from the database.

Counts are aggregated in the database (``counts``) and every one passes through
``challenges.suppression``; ``linked_tables`` keeps the tables consistent with the challenge
figures so that no table gives away what another hides. Themes, sentiment and quotes come from
``text_analysis`` and ``quotes``. The same data always gives the same digest.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from challenges.branches import all_unions
from challenges.browsing import FACT_KINDS, fact_combination_counts
from challenges.catalogue import CHALLENGES
from challenges.digests import counts, methodology
from challenges.digests.linked_tables import breakdown
from challenges.digests.periods import (
    check_period,
    period_for,
    period_label,
    previous_period,
    week_starts,
)
from challenges.digests.schema import SCHEMA_ID
from challenges.digests.sections import SectionInputs, challenge_sections, figure, table_dict
from challenges.facts import FACT_CHOICES
from challenges.lifecycle import utcnow
from challenges.models import Branch, Contribution, Union
from challenges.rounds import find_round
from challenges.suppression import SuppressedTable, suppress_count, suppress_series

__all__ = ["DigestSpec", "build_digest", "period_for", "previous_period"]

CHALLENGE_COLUMNS = tuple(str(challenge.number) for challenge in CHALLENGES)
NOT_GIVEN = "Not given"
NOT_ATTRIBUTED = "Not attributed"
# Enough for sentiment shares to within about 2 points, and quick at 100,000 posts a month.
TEXTS_PER_CHALLENGE = 2000


@dataclass(frozen=True)
class DigestSpec:
    """What a digest covers: a period (both ends inclusive) and optional filters."""

    start: date
    end: date
    title: str = ""
    challenge: int | None = None
    round_slug: str | None = None
    sector: str | None = None
    staff_group: str | None = None
    region: str | None = None
    union_slug: str | None = None

    def __post_init__(self):
        check_period(self.start, self.end)
        if self.challenge is not None and self.challenge not in range(1, len(CHALLENGES) + 1):
            raise ValueError(f"no challenge {self.challenge}")
        for fact in FACT_KINDS:
            value = getattr(self, fact)
            if value is not None and value not in dict(FACT_CHOICES[fact]):
                raise ValueError(f"unknown {fact.replace('_', ' ')}: {value!r}")


def build_digest(
    db: Session,
    spec: DigestSpec,
    threshold: int,
    rounding: int | None = None,
    now: datetime | None = None,
) -> dict:
    """The digest's content as schema.py describes it, counting what was published by ``now``.

    ``now`` (naive UTC, by default the present) lets a digest be rebuilt exactly as it stood.
    """
    now = now or utcnow()
    filters = _filter_conditions(db, spec)
    before = previous_period(spec.start, spec.end)
    current = _scope(filters, spec.start, spec.end, now)
    previous = _scope(filters, *before, now)
    figures = _challenge_figures(db, current, threshold, rounding)
    previous_figures = _challenge_figures(db, previous, threshold, rounding)
    sections = SectionInputs(
        figures=figures,
        previous_figures=previous_figures,
        weekly=counts.by_challenge_and_week(db, current),
        weeks=week_starts(spec.start, spec.end),
        texts=counts.text_sample(db, current, TEXTS_PER_CHALLENGE),
        previous_texts=counts.text_sample(db, previous, TEXTS_PER_CHALLENGE),
        fact_counts=fact_combination_counts(db),
        threshold=threshold,
        rounding=rounding,
    )
    return {
        "schema": SCHEMA_ID,
        "title": spec.title or f"What staff told us: {period_label(spec.start, spec.end)}",
        "period": _period(spec.start, spec.end),
        "previous_period": _period(*before),
        "filters": {
            "challenge": spec.challenge,
            "round": spec.round_slug,
            "sector": spec.sector,
            "staff_group": spec.staff_group,
            "region": spec.region,
            "union": spec.union_slug,
        },
        "threshold": threshold,
        "rounding": rounding,
        "headline": {
            "contributions": figure(figures.grand_total, previous_figures.grand_total),
            **_engagement(db, current, previous, threshold, rounding),
        },
        "challenges": challenge_sections(sections),
        "breakdowns": _breakdowns(db, current, figures, threshold, rounding),
        "methodology": methodology.paragraphs(threshold, rounding, TEXTS_PER_CHALLENGE),
    }


def _filter_conditions(db: Session, spec: DigestSpec) -> tuple:
    conditions = [
        getattr(Contribution, fact) == getattr(spec, fact)
        for fact in FACT_KINDS
        if getattr(spec, fact) is not None
    ]
    if spec.challenge is not None:
        conditions.append(Contribution.challenge_number == spec.challenge)
    if spec.round_slug is not None:
        round_ = find_round(db, spec.round_slug)
        if round_ is None:
            raise ValueError(f"no round {spec.round_slug!r}")
        conditions.append(Contribution.round_id == round_.id)
    if spec.union_slug is not None:
        union_id = db.scalar(select(Union.id).where(Union.slug == spec.union_slug))
        if union_id is None:
            raise ValueError(f"no union {spec.union_slug!r}")
        branch_ids = select(Branch.id).where(Branch.union_id == union_id)
        conditions.append(Contribution.branch_id.in_(branch_ids))
    return tuple(conditions)


def _scope(filters: tuple, start: date, end: date, now: datetime) -> counts.Scope:
    until = datetime.combine(end + timedelta(days=1), time())
    return counts.Scope(filters, datetime.combine(start, time()), min(until, now))


def _period(start: date, end: date) -> dict:
    return {"start": start.isoformat(), "end": end.isoformat(), "label": period_label(start, end)}


def _challenge_figures(db, scope, threshold, rounding) -> SuppressedTable:
    """Contributions per challenge, with their total: every other table is conformed to these."""
    labelled = {str(number): n for number, n in counts.by_challenge(db, scope).items()}
    return suppress_series(CHALLENGE_COLUMNS, labelled, threshold, rounding)


def _engagement(db, current, previous, threshold, rounding) -> dict:
    """Endorsements and comments beside the previous period's; each a figure on its own."""
    return {
        name: figure(
            suppress_count(count(db, current), threshold, rounding),
            suppress_count(count(db, previous), threshold, rounding),
        )
        for name, count in (("endorsements", counts.endorsements), ("comments", counts.comments))
    }


def _breakdowns(db, scope, figures, threshold, rounding) -> dict:
    tables = {}
    for fact in FACT_KINDS:
        labels = dict(FACT_CHOICES[fact])
        by_cell = {
            (labels[value] if value else NOT_GIVEN, str(number)): n
            for (value, number), n in counts.by_fact_and_challenge(db, scope, fact).items()
        }
        rows = (*labels.values(), NOT_GIVEN)
        tables[fact] = breakdown(rows, figures, by_cell, threshold, rounding)
    by_cell = {
        (name or NOT_ATTRIBUTED, str(number)): n
        for (name, number), n in counts.by_union_and_challenge(db, scope).items()
    }
    rows = (*(union.name for union in all_unions(db)), NOT_ATTRIBUTED)
    tables["union"] = breakdown(rows, figures, by_cell, threshold, rounding)
    return {name: table_dict(table) for name, table in tables.items()}
