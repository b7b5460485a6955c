from datetime import date

import pytest

from challenges import rounds
from challenges.contributions import Draft, submit_contribution
from challenges.errors import InvalidTransition, NotAllowed
from challenges.lifecycle import Actor
from challenges.models import Role
from tests.fixtures.accounts import create_account, create_contribution
from tests.fixtures.rounds import make_round


def test_rounds_open_and_close_by_date_alone(db):
    round_ = make_round(db, opens_in_days=0, lasts_days=2)
    opens = round_.opens_on
    assert rounds.round_state(round_, date.fromordinal(opens.toordinal() - 1)) == rounds.UPCOMING
    assert rounds.round_state(round_, opens) == rounds.OPEN
    assert rounds.round_state(round_, round_.closes_on) == rounds.OPEN
    after = date.fromordinal(round_.closes_on.toordinal() + 1)
    assert rounds.round_state(round_, after) == rounds.CLOSED


def test_open_rounds_are_listed_and_filtered_by_challenge(db):
    open_five = make_round(db, challenge_number=5)
    make_round(db, challenge_number=3, title="Training")
    make_round(db, challenge_number=5, opens_in_days=10, title="Later")
    today = open_five.opens_on.toordinal() + 1
    listed = rounds.open_rounds(db, date.fromordinal(today), challenge_number=5)
    assert [r.slug for r in listed] == [open_five.slug]


def test_only_admins_create_rounds_and_dates_must_be_in_order(db):
    draft = rounds.RoundDraft(5, "T", "Q?", date(2026, 1, 2), date(2026, 1, 9))
    with pytest.raises(NotAllowed):
        rounds.create_round(db, Actor(role=Role.ANALYST, user_id=None), draft)
    with pytest.raises(ValueError):
        rounds.RoundDraft(5, "T", "Q?", date(2026, 1, 9), date(2026, 1, 2))


def test_a_contribution_answers_an_open_round_of_its_challenge(db):
    round_ = make_round(db, challenge_number=5)
    author = create_account(db)
    answer = submit_contribution(
        db, author, Draft(5, "Breaks", "Never get one.", round_id=round_.id)
    )
    assert answer.round_id == round_.id
    with pytest.raises(InvalidTransition):
        submit_contribution(db, author, Draft(2, "Wrong", "Other challenge.", round_id=round_.id))


def test_a_closed_round_accepts_nothing_new_but_keeps_its_totals(db):
    round_ = make_round(db)
    create_contribution(db, publish=True, challenge_number=5, round_id=round_.id)
    round_.opens_on, round_.closes_on = date(2026, 1, 1), date(2026, 1, 31)
    db.commit()
    with pytest.raises(InvalidTransition):
        submit_contribution(
            db, create_account(db), Draft(5, "Late", "Too late.", round_id=round_.id)
        )
    assert rounds.round_totals(db, round_) == {"answers": 1, "endorsements": 0}
