from datetime import timedelta

from challenges.lifecycle import utcnow
from challenges.models import AuditEvent
from challenges.rounds import OPEN_ROUND, open_due_rounds
from tests.fixtures.rounds import make_round


def _recorded(db) -> list[str]:
    return [e.target_public_id for e in db.query(AuditEvent).filter_by(action=OPEN_ROUND)]


def test_rounds_open_today_are_recorded_once_and_others_not(db):
    today = utcnow().date()
    opening_today = make_round(db, opens_in_days=0, title="Today")
    opened_last_week = make_round(db, opens_in_days=-7, title="Last week")
    make_round(db, opens_in_days=1, title="Tomorrow")
    make_round(db, opens_in_days=-30, lasts_days=10, title="Long closed")

    opened = open_due_rounds(db, today)
    db.commit()
    assert [r.slug for r in opened] == [opened_last_week.slug, opening_today.slug]
    assert sorted(_recorded(db)) == sorted([opened_last_week.slug, opening_today.slug])
    events = db.query(AuditEvent).filter_by(action=OPEN_ROUND, target_public_id=opening_today.slug)
    assert [(e.actor_role, e.actor_user_id) for e in events] == [("system", None)]

    assert open_due_rounds(db, today) == []
    db.commit()
    assert len(_recorded(db)) == 2


def test_a_round_is_recorded_on_the_day_it_opens(db):
    upcoming = make_round(db, opens_in_days=3)
    today = utcnow().date()
    assert open_due_rounds(db, today + timedelta(days=2)) == []
    assert [r.slug for r in open_due_rounds(db, today + timedelta(days=3))] == [upcoming.slug]
