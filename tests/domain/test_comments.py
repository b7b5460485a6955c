import pytest
from sqlalchemy import select

from challenges import browsing, moderation
from challenges.contributions import submit_comment
from challenges.errors import InvalidTransition
from challenges.inbox import inbox_for
from challenges.lifecycle import Actor
from challenges.models import Kind, Role, Status
from tests.fixtures.accounts import create_account, create_contribution

MODERATOR = Actor(role=Role.MODERATOR, user_id=None)


def test_a_comment_is_moderated_and_then_shown_under_its_contribution(db):
    author = create_account(db)
    parent = create_contribution(db, author=author, publish=True, challenge_number=4)
    commenter = create_account(db)
    comment = submit_comment(db, commenter, parent, "Same on our ward.")
    assert (comment.kind, comment.status, comment.challenge_number) == (
        Kind.COMMENT,
        Status.PENDING,
        4,
    )
    assert browsing.published_comments(db, parent) == []
    moderation.publish(db, comment, MODERATOR, criticality=0)
    assert browsing.published_comments(db, parent) == [comment]
    assert browsing.comment_counts(db, [parent]) == {parent.id: 1}
    texts = [message.text for message, _ in inbox_for(db, author)]
    assert any("new comment" in text for text in texts)
    assert any("comment has been published" in m.text for m, _ in inbox_for(db, commenter))


def test_comments_go_through_the_detector_and_stay_out_of_listings(db):
    parent = create_contribution(db, publish=True)
    comment = submit_comment(db, create_account(db), parent, "Ring me on 07700 900123")
    assert comment.identifying_found
    moderation.publish(db, comment, MODERATOR, criticality=0)
    assert browsing.published_counts(db) == {1: 1}
    assert [c.public_id for c in browsing.published_page(db, 1).items] == [parent.public_id]
    assert browsing.find_published(db, comment.public_id) is None
    assert browsing.find_published_item(db, comment.public_id) == comment


def test_only_published_contributions_take_comments(db):
    with pytest.raises(InvalidTransition):
        submit_comment(db, create_account(db), create_contribution(db), "Hello")
    with pytest.raises(ValueError):
        submit_comment(db, create_account(db), create_contribution(db, publish=True), " ")


def test_comments_hold_no_link_to_their_author(db):
    commenter = create_account(db)
    comment = submit_comment(db, commenter, create_contribution(db, publish=True), "Agreed.")
    db.commit()
    row = db.execute(select(type(comment).__table__).where(type(comment).id == comment.id)).one()
    assert commenter.user.email not in str(tuple(row))
