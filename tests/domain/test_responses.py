from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, func, select

from challenges.errors import InvalidTransition, NotAllowed
from challenges.inbox import inbox_for
from challenges.lifecycle import Actor, change_status
from challenges.models import AuditEvent, Kind, Response, ResponseLink, Role
from challenges.responses import (
    ResponseDraft,
    UnknownContributions,
    find_response,
    latest_responses,
    publish_response,
    responses_for_challenge,
    responses_for_contribution,
)
from tests.fixtures.accounts import create_account, create_contribution
from tests.fixtures.rounds import make_round

ANALYST = Actor(role=Role.ANALYST)


def _draft(**overrides) -> ResponseDraft:
    fields = {
        "title": "More protected learning time",
        "heard": "Training is cancelled when wards are short.",
        "change": "Trusts will ring-fence two study days a year.",
        "timescale": "From April 2026",
        "challenge_number": 3,
    }
    return ResponseDraft(**{**fields, **overrides})


def _publish(db, actor=ANALYST, **overrides) -> Response:
    response = publish_response(db, actor, _draft(**overrides))
    db.commit()
    return response


def _published_at(db, response: Response, moment: datetime) -> None:
    response.published_at = moment
    db.commit()


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMIN])
def test_analysts_and_admins_publish_and_it_is_audited(db, role):
    staff = create_account(db, role)
    response = _publish(db, Actor(role=role, user_id=staff.user.id), title="  Study days  ")
    assert (response.title, response.challenge_number) == ("Study days", 3)
    audit = db.scalars(select(AuditEvent)).one()
    assert (audit.action, audit.target_public_id) == ("publish_response", response.public_id)
    assert (audit.actor_role, audit.actor_user_id) == (role.value, staff.user.id)


@pytest.mark.parametrize(
    "actor",
    [Actor(role=Role.WORKER), Actor(role=Role.MODERATOR), Actor.author([]), Actor.system()],
    ids=["worker", "moderator", "author", "system"],
)
def test_nobody_else_may_publish_a_response(db, actor):
    with pytest.raises(NotAllowed):
        publish_response(db, actor, _draft())


def test_a_response_must_answer_a_challenge_a_round_or_contributions(db):
    with pytest.raises(InvalidTransition, match="challenge, a round or contributions"):
        publish_response(db, ANALYST, _draft(challenge_number=None))


@pytest.mark.parametrize(
    "overrides",
    [{"title": " "}, {"title": "x" * 121}, {"timescale": "x" * 201}, {"change": "x" * 5001}],
)
def test_drafts_refuse_blank_or_overlong_text(overrides):
    with pytest.raises(ValueError, match="characters"):
        _draft(**overrides)


def test_linked_authors_get_an_inbox_message_naming_the_response(db):
    author = create_account(db)
    first = create_contribution(db, author=author, publish=True)
    second = create_contribution(db, publish=True)
    response = _publish(db, contribution_ids=(first.public_id, second.public_id))
    links = db.scalars(select(ResponseLink.contribution_id)).all()
    assert sorted(links) == sorted([first.id, second.id])
    [(message, contribution)] = inbox_for(db, author)
    assert (message.kind, contribution.public_id) == ("response", first.public_id)
    assert f"“{response.title}”" in message.text


def test_only_published_contributions_can_be_linked_and_unknown_ids_are_named(db):
    published = create_contribution(db, publish=True)
    pending = create_contribution(db)
    comment = create_contribution(db, publish=True)
    comment.kind = Kind.COMMENT
    db.commit()
    ids = (published.public_id, pending.public_id, comment.public_id, "no-such-id")
    with pytest.raises(UnknownContributions) as raised:
        publish_response(db, ANALYST, _draft(contribution_ids=ids))
    assert raised.value.public_ids == list(ids[1:])
    assert "no-such-id" in str(raised.value)
    assert isinstance(raised.value, InvalidTransition)
    assert db.scalar(select(func.count()).select_from(Response)) == 0


def test_a_round_puts_the_response_under_its_challenge(db):
    breaks = make_round(db, challenge_number=5, title="Breaks on long shifts")
    response = _publish(db, challenge_number=None, round_id=breaks.id)
    assert (response.round_id, response.challenge_number) == (breaks.id, 5)


def test_a_round_under_another_challenge_is_refused(db):
    breaks = make_round(db, challenge_number=5, title="Breaks on long shifts")
    with pytest.raises(InvalidTransition, match="under challenge 5"):
        publish_response(db, ANALYST, _draft(challenge_number=3, round_id=breaks.id))


def test_latest_responses_pages_newest_first_by_keyset(db):
    start = datetime(2025, 1, 1, 9, 0)
    published = []
    for day in range(3):
        response = _publish(db, title=f"Response {day}")
        _published_at(db, response, start + timedelta(days=day))
        published.append(response.public_id)
    first = latest_responses(db, size=2)
    assert [r.public_id for r in first.items] == published[:0:-1]
    assert first.next_after == published[1]
    second = latest_responses(db, after=first.next_after, size=2)
    assert ([r.public_id for r in second.items], second.next_after) == ([published[0]], None)


def test_responses_for_a_challenge_are_its_newest_few(db):
    older, newer = _publish(db, challenge_number=3), _publish(db, challenge_number=3)
    _published_at(db, older, datetime(2025, 1, 1))
    _publish(db, challenge_number=4)
    assert responses_for_challenge(db, 3) == [newer, older]
    assert responses_for_challenge(db, 3, limit=1) == [newer]


def test_responses_for_a_contribution_are_those_linked_to_it(db):
    contribution = create_contribution(db, publish=True)
    linked = _publish(db, contribution_ids=(contribution.public_id,))
    _publish(db)
    assert responses_for_contribution(db, contribution) == [linked]


def test_find_response_shows_only_contributions_still_published(db):
    breaks = make_round(db, challenge_number=5, title="Breaks on long shifts")
    kept, withdrawn = (create_contribution(db, publish=True) for _ in range(2))
    ids = (kept.public_id, withdrawn.public_id)
    response = _publish(db, round_id=breaks.id, challenge_number=None, contribution_ids=ids)
    change_status(db, withdrawn, "withdraw", Actor.author([withdrawn.public_id]))
    db.commit()
    detail = find_response(db, response.public_id)
    assert (detail.response, detail.round, detail.contributions) == (response, breaks, [kept])
    assert find_response(db, "no-such-id") is None


def _statements(db, work) -> int:
    engine, seen = db.get_bind(), []

    def count(*_args):
        seen.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


@pytest.mark.parametrize("linked", [1, 4])
def test_reading_responses_costs_the_same_however_many_there_are(db, linked):
    author = create_account(db)
    contributions = [create_contribution(db, author=author, publish=True) for _ in range(linked)]
    ids = tuple(c.public_id for c in contributions)
    public_id = [_publish(db, contribution_ids=ids) for _ in range(linked)][-1].public_id
    assert _statements(db, lambda: find_response(db, public_id)) == 2
    assert _statements(db, lambda: latest_responses(db)) == 1
    assert _statements(db, lambda: responses_for_challenge(db, 3)) == 1
    assert _statements(db, lambda: responses_for_contribution(db, contributions[0])) == 1
