from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from challenges import moderation
from challenges.errors import AlreadyDecided, InvalidTransition, NotAllowed
from challenges.lifecycle import Actor
from challenges.models import AuditEvent, Base, InboxMessage, Role, Status
from challenges.moderation import QueueFilter, Removal
from tests.fixtures.accounts import create_account, create_contribution

PHONE_BODY = "Ring the office on 07700 900123 and nobody ever answers after six."


@pytest.fixture
def moderator(db):
    return Actor(role=Role.MODERATOR, user_id=create_account(db, Role.MODERATOR).user.id)


def _messages(db, contribution):
    return [
        m.text for m in db.scalars(select(InboxMessage).filter_by(contribution_id=contribution.id))
    ]


def test_publishing_records_criticality_and_tells_the_author(db, moderator):
    contribution = create_contribution(db)
    moderation.publish(db, contribution, moderator, criticality=4)
    assert (contribution.status, contribution.criticality) == (Status.PUBLISHED, 4)
    assert _messages(db, contribution) == ["Your contribution has been published."]


def test_criticality_must_be_0_to_5(db, moderator):
    contribution = create_contribution(db)
    with pytest.raises(InvalidTransition):
        moderation.publish(db, contribution, moderator, criticality=6)
    assert contribution.status is Status.PENDING


def test_redacting_replaces_spans_and_keeps_no_copy_of_the_original(db, moderator):
    contribution = create_contribution(db, body=PHONE_BODY)
    assert contribution.identifying_found
    removals = [removal for removal, _text in moderation.suggested_removals(contribution)]
    assert [r.kind for r in removals] == ["phone"]
    moderation.redact_and_publish(db, contribution, moderator, 2, removals)
    db.commit()
    assert (
        contribution.body
        == "Ring the office on [phone number removed] and nobody ever answers after six."
    )
    assert contribution.redacted
    for table in Base.metadata.sorted_tables:
        for row in db.execute(select(table)):
            assert "07700" not in " ".join(str(value) for value in row)


def test_moderators_can_remove_phrases_the_detector_missed(db, moderator):
    contribution = create_contribution(db, title="Trouble with Bluebell", body="Bluebell again.")
    removals = moderation.phrase_removals(contribution, ["Bluebell", ""])
    assert moderation.redacted_text(contribution, removals) == {
        "title": "Trouble with [name removed]",
        "body": "[name removed] again.",
    }


def test_removal_keys_round_trip_and_refuse_nonsense():
    removal = Removal("body", 3, 9, "phone")
    assert Removal.from_key(removal.key) == removal
    with pytest.raises(ValueError):
        Removal.from_key("user_id:1:2:phone")


def test_rejecting_cites_a_house_rule_and_tells_the_author(db, moderator):
    contribution = create_contribution(db)
    with pytest.raises(InvalidTransition):
        moderation.reject(db, contribution, moderator, "no-such-rule", None)
    moderation.reject(db, contribution, moderator, "off-topic", "Try challenge 5.")
    assert (contribution.status, contribution.decision_rule) == (Status.REJECTED, "off-topic")
    [message] = _messages(db, contribution)
    assert "Stay on the topic of working life" in message and "Try challenge 5." in message


def test_moving_changes_the_challenge_and_is_audited(db, moderator):
    contribution = create_contribution(db, challenge_number=1)
    moderation.move(db, contribution, moderator, 5)
    assert contribution.challenge_number == 5
    event = db.scalar(select(AuditEvent).filter_by(action="move"))
    assert event.reason == "to challenge 5" and event.actor_user_id == moderator.user_id
    with pytest.raises(NotAllowed):
        moderation.move(db, contribution, Actor(role=Role.ANALYST, user_id=1), 2)


def test_the_queue_filters_by_challenge_and_label_oldest_first(db):
    safeguarding = create_contribution(db, body="I am scared he will hurt a resident tonight.")
    identifying = create_contribution(db, challenge_number=3, body=PHONE_BODY)
    plain = create_contribution(db, challenge_number=3)
    create_contribution(db, publish=True)

    def ids(**filters):
        return [c.public_id for c in moderation.queue(db, QueueFilter(**filters))]

    assert ids() == [safeguarding.public_id, identifying.public_id, plain.public_id]
    assert ids(label="safeguarding") == [safeguarding.public_id]
    assert ids(label="identifying") == [identifying.public_id]
    assert ids(challenge_number=3) == [identifying.public_id, plain.public_id]
    counts = moderation.dashboard_counts(db)
    assert (counts["pending"], counts["safeguarding"], counts["identifying"]) == (3, 1, 1)


def test_queue_pages_by_keyset(db):
    created = [create_contribution(db).public_id for _ in range(5)]
    first = moderation.queue(db, QueueFilter(), size=3)
    rest = moderation.queue(db, QueueFilter(), after=first[-1].public_id, size=3)
    assert [c.public_id for c in first + rest] == created


def test_a_decision_on_an_item_that_moved_on_is_already_decided(db, moderator):
    contribution = create_contribution(db, publish=True)
    with pytest.raises(AlreadyDecided):
        moderation.publish(db, contribution, moderator, 1)


def test_age_in_words():
    now = datetime(2026, 11, 24, 12)
    assert moderation.age_in_words(now - timedelta(minutes=5), now) == "under an hour"
    assert moderation.age_in_words(now - timedelta(hours=3), now) == "3 hours"
    assert moderation.age_in_words(now - timedelta(days=1, hours=2), now) == "1 day"
    assert moderation.age_in_words(now - timedelta(days=9), now) == "9 days"
