from datetime import timedelta

import pytest
from sqlalchemy import update

from challenges.contributions import submit_comment
from challenges.lifecycle import Actor, change_status, utcnow
from challenges.models import (
    ApiToken,
    AuditEvent,
    Contribution,
    Digest,
    Endorsement,
    InboxMessage,
    Report,
    Response,
    ResponseLink,
    Role,
    Status,
)
from challenges.retention import PURGE, PurgeCounts, RetentionPeriods, purge
from tests.fixtures.accounts import create_account, create_contribution

PERIODS = RetentionPeriods(
    rejected_days=90,
    removed_days=60,
    withdrawn_days=30,
    expired_tokens_days=30,
    digest_previews_days=7,
)
MODERATOR = Actor(role=Role.MODERATOR, user_id=None)


def _later(days: float):
    return utcnow() + timedelta(days=days)


def _rejected(db, **fields) -> Contribution:
    item = create_contribution(db, **fields)
    change_status(db, item, "reject", MODERATOR, reason="house rules")
    db.commit()
    return item


def _removed(db) -> Contribution:
    item = create_contribution(db, publish=True)
    change_status(db, item, "remove", MODERATOR, reason="house rules")
    db.commit()
    return item


def _withdraw(db, item) -> Contribution:
    change_status(db, item, "withdraw", Actor.author({item.public_id}))
    db.commit()
    return item


def _remaining(db, *items) -> set[str]:
    wanted = {item.public_id for item in items}
    return {c.public_id for c in db.query(Contribution) if c.public_id in wanted}


def test_each_state_goes_after_its_own_period_and_live_items_never_do(db):
    rejected, removed = _rejected(db), _removed(db)
    withdrawn = _withdraw(db, create_contribution(db, publish=True))
    pending, published = create_contribution(db), create_contribution(db, publish=True)
    everything = (rejected, removed, withdrawn, pending, published)

    assert purge(db, PERIODS, now=_later(29)) == PurgeCounts()
    assert purge(db, PERIODS, now=_later(31)) == PurgeCounts(withdrawn=1)
    assert _remaining(db, *everything) == {
        item.public_id for item in (rejected, removed, pending, published)
    }
    assert purge(db, PERIODS, now=_later(59)) == PurgeCounts()
    assert purge(db, PERIODS, now=_later(61)) == PurgeCounts(removed=1)
    assert purge(db, PERIODS, now=_later(89)) == PurgeCounts()
    assert purge(db, PERIODS, now=_later(91)) == PurgeCounts(rejected=1)
    assert _remaining(db, *everything) == {pending.public_id, published.public_id}
    assert purge(db, PERIODS, now=_later(1000)) == PurgeCounts()


def test_age_counts_from_the_decision_not_from_when_it_was_written(db):
    old_but_just_rejected = _rejected(db)
    db.execute(
        update(Contribution)
        .where(Contribution.id == old_but_just_rejected.id)
        .values(submitted_at=utcnow() - timedelta(days=400))
    )
    db.commit()
    assert purge(db, PERIODS, now=_later(10)) == PurgeCounts()
    assert _remaining(db, old_but_just_rejected)


def test_without_its_audit_event_an_item_is_aged_from_its_submission(db):
    # Rows from before the audit log have only their submission time.
    item = _rejected(db)
    db.query(AuditEvent).filter_by(target_public_id=item.public_id).delete()
    db.execute(
        update(Contribution)
        .where(Contribution.id == item.id)
        .values(submitted_at=utcnow() - timedelta(days=91))
    )
    db.commit()
    assert purge(db, PERIODS).rejected == 1
    assert not _remaining(db, item)


def _hang_things_off(db, item) -> None:
    db.add_all(
        [
            Report(
                contribution_id=item.id,
                reporter_tag=f"r-{item.id}",
                reason="offensive",
                reported_on=utcnow().date(),
            ),
            Endorsement(contribution_id=item.id, endorser_tag=f"e-{item.id}"),
            InboxMessage(
                contribution_id=item.id, kind="removed", text="Sorry", sent_on=utcnow().date()
            ),
        ]
    )
    response = Response(
        public_id=f"resp-{item.id}",
        title="We heard you",
        heard="Staffing",
        change="More staff",
        timescale="This year",
        published_at=utcnow(),
    )
    db.add(response)
    db.flush()
    db.add(ResponseLink(response_id=response.id, contribution_id=item.id))
    db.commit()


def test_an_items_reports_endorsements_messages_and_response_links_go_with_it_only(db):
    removed = create_contribution(db, publish=True)
    kept = create_contribution(db, publish=True)
    for item in (removed, kept):
        _hang_things_off(db, item)
    change_status(db, removed, "remove", MODERATOR, reason="house rules")
    db.commit()
    assert purge(db, PERIODS, now=_later(61)).removed == 1
    for model in (Report, Endorsement, InboxMessage, ResponseLink):
        assert [row.contribution_id for row in db.query(model)] == [kept.id], model.__name__
    # The response itself stays: it answers other people too.
    assert db.query(Response).count() == 2


def test_a_post_is_kept_while_a_comment_under_it_is_not_due(db):
    commenter = create_account(db)
    parent = create_contribution(db, publish=True)
    comment = submit_comment(db, commenter, parent, "Same on our ward")
    change_status(db, comment, "publish", MODERATOR)
    db.commit()
    _withdraw(db, parent)

    counts = purge(db, PERIODS, now=_later(31))
    assert (counts.withdrawn, counts.kept_for_comments) == (0, 1)
    assert _remaining(db, parent, comment) == {parent.public_id, comment.public_id}

    _withdraw(db, comment)
    counts = purge(db, PERIODS, now=_later(31))
    assert (counts.withdrawn, counts.kept_for_comments) == (2, 0)
    assert not _remaining(db, parent, comment)


def _token(db, name, expires_in_days, revoked_days_ago=None) -> ApiToken:
    now = utcnow()
    token = ApiToken(
        name=name,
        token_hash=name.ljust(64, "0"),
        prefix="cv_abcdefg",
        created_at=now - timedelta(days=400),
        expires_at=now + timedelta(days=expires_in_days),
        revoked_at=None if revoked_days_ago is None else now - timedelta(days=revoked_days_ago),
    )
    db.add(token)
    db.commit()
    return token


def test_tokens_go_a_period_after_they_expire_or_are_revoked(db):
    _token(db, "expired-long-ago", expires_in_days=-31)
    _token(db, "expired-lately", expires_in_days=-29)
    _token(db, "revoked-long-ago", expires_in_days=200, revoked_days_ago=31)
    _token(db, "revoked-lately", expires_in_days=200, revoked_days_ago=29)
    _token(db, "live", expires_in_days=200)
    assert purge(db, PERIODS).api_tokens == 2
    assert sorted(token.name for token in db.query(ApiToken)) == [
        "expired-lately",
        "live",
        "revoked-lately",
    ]


def _digest(db, status, days_old) -> Digest:
    digest = Digest(
        public_id=f"{status}-{days_old}",
        title="Digest",
        audience="ministers",
        status=status,
        spec_key="k" * 64,
        spec="{}",
        content="{}",
        created_at=utcnow() - timedelta(days=days_old),
    )
    db.add(digest)
    db.commit()
    return digest


def test_unsaved_previews_and_failed_builds_go_but_drafts_and_published_digests_stay(db):
    for status in ("preview", "failed", "building", "draft", "published"):
        _digest(db, status, days_old=8)
    _digest(db, "preview", days_old=6)
    assert purge(db, PERIODS).digest_previews == 3
    assert sorted(d.public_id for d in db.query(Digest)) == ["draft-8", "preview-6", "published-8"]


def test_a_purge_is_audited_by_the_service_with_counts_and_no_ids(db):
    assert purge(db, PERIODS) == PurgeCounts()
    assert db.query(AuditEvent).filter_by(action=PURGE).count() == 0
    item = _rejected(db)
    purge(db, PERIODS, now=_later(91))
    event = db.query(AuditEvent).filter_by(action=PURGE).one()
    assert (event.actor_role, event.actor_user_id) == ("system", None)
    assert "rejected 1" in event.reason and item.public_id not in event.reason


def test_retention_periods_cannot_be_negative():
    with pytest.raises(ValueError, match="negative"):
        RetentionPeriods(1, 1, -1, 1, 1)


def test_every_state_an_item_can_end_in_has_a_retention_period():
    # Every state an item can end in is either live or purged: a new final state needs a period.
    live = {Status.PENDING, Status.PUBLISHED, Status.HIDDEN}
    assert set(Status) - live == {Status.REJECTED, Status.WITHDRAWN, Status.REMOVED}
    for status in set(Status) - live:
        assert PERIODS.days_for(status) >= 0
