import pytest

from challenges.contributions import Draft, author_actor, delete_account, edit_contribution
from challenges.errors import AlreadyDecided, InvalidTransition, NotAllowed
from challenges.lifecycle import Actor, change_status
from challenges.models import AuditEvent, Contribution, Role, Status, User
from tests.fixtures.accounts import create_account, create_contribution

MODERATOR = Actor(role=Role.MODERATOR, user_id=None)


def _moderator(db):
    account = create_account(db, Role.MODERATOR)
    return Actor(role=Role.MODERATOR, user_id=account.user.id)


def test_a_moderator_publishes_and_it_is_audited_with_their_id(db):
    contribution = create_contribution(db)
    moderator = _moderator(db)
    change_status(db, contribution, "publish", moderator)
    assert contribution.status is Status.PUBLISHED
    assert contribution.published_at is not None
    event = db.query(AuditEvent).filter_by(action="publish").one()
    assert (event.actor_user_id, event.actor_role) == (moderator.user_id, "moderator")
    assert event.target_public_id == contribution.public_id


def test_rejecting_needs_a_reason_which_is_audited(db):
    contribution = create_contribution(db)
    with pytest.raises(InvalidTransition):
        change_status(db, contribution, "reject", MODERATOR)
    change_status(db, contribution, "reject", MODERATOR, reason="Names a colleague")
    assert contribution.status is Status.REJECTED
    assert db.query(AuditEvent).filter_by(action="reject").one().reason == "Names a colleague"


@pytest.mark.parametrize("role", [Role.WORKER, Role.BRANCH_REP, Role.ANALYST])
def test_only_moderators_and_admins_publish(db, role):
    contribution = create_contribution(db)
    with pytest.raises(NotAllowed):
        change_status(db, contribution, "publish", Actor(role=role, user_id=1))
    change_status(db, contribution, "publish", Actor(role=Role.ADMIN, user_id=None))


def test_a_published_contribution_cannot_be_published_or_rejected_again(db):
    contribution = create_contribution(db, publish=True)
    for action, reason in (("publish", None), ("reject", "late")):
        with pytest.raises(InvalidTransition):
            change_status(db, contribution, action, MODERATOR, reason=reason)


def test_the_second_of_two_simultaneous_decisions_sees_already_decided(db, app):
    contribution = create_contribution(db)
    with app.extensions["db_sessionmaker"]() as other:
        stale = other.get(Contribution, contribution.id)
        change_status(db, contribution, "publish", MODERATOR)
        db.commit()
        with pytest.raises(AlreadyDecided):
            change_status(other, stale, "reject", MODERATOR, reason="too late")


@pytest.mark.parametrize("publish", [False, True])
def test_the_author_withdraws_from_any_state_and_the_text_is_erased(db, publish):
    author = create_account(db)
    contribution = create_contribution(db, author=author, publish=publish)
    change_status(db, contribution, "withdraw", author_actor(author))
    assert contribution.status is Status.WITHDRAWN
    assert (contribution.title, contribution.body) == ("", "")
    event = db.query(AuditEvent).filter_by(action="withdraw").one()
    assert (event.actor_user_id, event.actor_role) == (None, "author")


def test_nobody_else_can_withdraw_or_edit(db):
    contribution = create_contribution(db)
    stranger = author_actor(create_account(db))
    with pytest.raises(NotAllowed):
        change_status(db, contribution, "withdraw", stranger)
    with pytest.raises(NotAllowed):
        change_status(db, contribution, "withdraw", Actor(role=Role.ADMIN, user_id=None))
    with pytest.raises(NotAllowed):
        edit_contribution(db, contribution, stranger, Draft(1, "New", "Changed"))


def test_authors_edit_only_while_pending(db):
    author = create_account(db)
    contribution = create_contribution(db, author=author)
    edit_contribution(db, contribution, author_actor(author), Draft(3, "New title", "New body"))
    assert (contribution.challenge_number, contribution.title) == (3, "New title")
    change_status(db, contribution, "publish", MODERATOR)
    with pytest.raises(InvalidTransition):
        edit_contribution(db, contribution, author_actor(author), Draft(3, "Again", "Again"))


@pytest.mark.parametrize(
    ("withdraw", "expected"), [(True, Status.WITHDRAWN), (False, Status.PUBLISHED)]
)
def test_deleting_an_account_withdraws_posts_only_if_asked(db, withdraw, expected):
    author = create_account(db)
    contribution = create_contribution(db, author=author, publish=True)
    delete_account(db, author, withdraw_posts=withdraw)
    db.commit()
    assert db.query(User).count() == 0
    db.refresh(contribution)
    assert contribution.status is expected


def test_drafts_refuse_overlong_text_and_unknown_challenges():
    with pytest.raises(ValueError):
        Draft(1, "x" * 121, "body")
    with pytest.raises(ValueError):
        Draft(1, "title", "x" * 5001)
    with pytest.raises(KeyError):
        Draft(7, "title", "body")
