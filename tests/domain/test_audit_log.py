from datetime import date, datetime

from sqlalchemy import select

from challenges.audit_log import AuditFilter, audit_page, audit_rows, distinct_actions
from challenges.lifecycle import Actor, record_audit
from challenges.models import AuditEvent, Role

MODERATOR = Actor(role=Role.MODERATOR, user_id=None)


def _event(db, action="publish", actor=MODERATOR, public_id="abc123", at=None, reason=None):
    """Record and commit one audit event, backdated to ``at`` when given."""
    record_audit(db, actor, action, public_id, reason)
    db.flush()
    event = db.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
    if at is not None:
        event.occurred_at = at
    db.commit()
    return event


def _ids(events) -> list[int]:
    return [event.id for event in events]


def test_a_page_is_newest_first(db):
    events = [_event(db) for _ in range(3)]
    assert _ids(audit_page(db, AuditFilter())) == _ids(reversed(events))


def test_keyset_pages_walk_every_event_exactly_once(db):
    expected = _ids(reversed([_event(db) for _ in range(7)]))
    walked, before_id = [], None
    while page := audit_page(db, AuditFilter(), before_id=before_id, size=3):
        assert len(page) <= 3
        walked += _ids(page)
        before_id = page[-1].id
    assert walked == expected


def test_filters_by_action_actor_role_and_target(db):
    wanted = _event(db, "reject", public_id="target1", reason="Names a colleague")
    _event(db, "publish", public_id="target1")
    _event(db, "reject", public_id="other")
    _event(db, "reject", actor=Actor.system(), public_id="target1")
    filters = AuditFilter(action="reject", actor_role="moderator", target_public_id="target1")
    assert _ids(audit_page(db, filters)) == [wanted.id]


def test_an_author_filter_finds_authors_only(db):
    author_event = _event(db, "withdraw", actor=Actor.author(["abc123"]))
    _event(db, "publish")
    assert _ids(audit_page(db, AuditFilter(actor_role="author"))) == [author_event.id]


def test_date_to_includes_the_whole_of_that_day(db):
    _event(db, at=datetime(2025, 3, 30, 23, 59))
    first = _event(db, at=datetime(2025, 3, 31, 0, 0))
    last = _event(db, at=datetime(2025, 4, 1, 23, 59, 59, 999999))
    _event(db, at=datetime(2025, 4, 2, 0, 0))
    filters = AuditFilter(date_from=date(2025, 3, 31), date_to=date(2025, 4, 1))
    assert _ids(audit_page(db, filters)) == [last.id, first.id]


def test_filters_apply_across_keyset_pages(db):
    events = [_event(db, "reject" if n % 2 else "publish") for n in range(6)]
    filters = AuditFilter(action="reject")
    first_page = audit_page(db, filters, size=2)
    second_page = audit_page(db, filters, before_id=first_page[-1].id, size=2)
    rejects = [event for event in events if event.action == "reject"]
    assert _ids(first_page + second_page) == _ids(reversed(rejects))


def test_audit_rows_streams_every_matching_event_newest_first(db, monkeypatch):
    monkeypatch.setattr("challenges.audit_log.EXPORT_BATCH_SIZE", 2)
    events = [_event(db, "remove" if n != 2 else "publish") for n in range(5)]
    removes = [e for e in events if e.action == "remove"]
    assert _ids(audit_rows(db, AuditFilter(action="remove"))) == _ids(reversed(removes))


def test_distinct_actions_are_sorted_and_unique(db):
    for action in ("reject", "publish", "reject", "hide"):
        _event(db, action)
    assert distinct_actions(db) == ["hide", "publish", "reject"]
