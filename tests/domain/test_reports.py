import pytest
from sqlalchemy import select

from challenges import moderation
from challenges.errors import InvalidTransition
from challenges.lifecycle import Actor
from challenges.models import AuditEvent, Report, Role, Status
from challenges.moderation import QueueFilter
from challenges.reports import AlreadyReported, report_contribution, reporter_tag
from tests.fixtures.accounts import create_account, create_contribution

MODERATOR = Actor(role=Role.MODERATOR, user_id=None)


def _report(db, contribution, reporter=None, reason="personal-attack"):
    report_contribution(db, reporter or create_account(db), contribution, reason, None, 3)


def test_an_item_is_hidden_after_three_reports_and_queued_as_reported(db):
    contribution = create_contribution(db, publish=True)
    _report(db, contribution)
    _report(db, contribution)
    assert contribution.status is Status.PUBLISHED
    _report(db, contribution)
    assert (contribution.status, contribution.report_count) == (Status.HIDDEN, 3)
    queued = moderation.queue(db, QueueFilter(label="reported"))
    assert [c.public_id for c in queued] == [contribution.public_id]
    hide = db.scalar(select(AuditEvent).filter_by(action="hide"))
    assert (hide.actor_role, hide.actor_user_id) == ("system", None)


def test_one_person_reports_an_item_only_once(db):
    contribution = create_contribution(db, publish=True)
    reporter = create_account(db)
    _report(db, contribution, reporter)
    with pytest.raises(AlreadyReported):
        _report(db, contribution, reporter)
    assert contribution.report_count == 1


def test_reports_hold_no_reporter_and_cannot_be_grouped(db):
    first, second = create_contribution(db, publish=True), create_contribution(db, publish=True)
    reporter = create_account(db)
    _report(db, first, reporter)
    _report(db, second, reporter)
    tags = {report.reporter_tag for report in db.scalars(select(Report))}
    assert len(tags) == 2
    assert reporter_tag(reporter, first) != reporter_tag(reporter, second)
    for event in db.scalars(select(AuditEvent).filter_by(action="report")):
        assert (event.actor_role, event.actor_user_id) == ("member", None)


def test_only_published_items_can_be_reported_for_a_known_reason(db):
    with pytest.raises(InvalidTransition):
        _report(db, create_contribution(db))
    with pytest.raises(InvalidTransition):
        _report(db, create_contribution(db, publish=True), reason="made-up")


@pytest.mark.parametrize(
    ("outcome", "status"), [("keep", Status.PUBLISHED), ("remove", Status.REMOVED)]
)
def test_moderators_resolve_reports(db, outcome, status):
    contribution = create_contribution(db, publish=True)
    for _ in range(3):
        _report(db, contribution)
    moderation.resolve_reports(db, contribution, MODERATOR, outcome, rule_code="personal-attack")
    assert (contribution.status, contribution.report_count) == (status, 0)
    assert all(report.resolved for report in db.scalars(select(Report)))
    if status is Status.REMOVED:
        assert contribution.body == ""


def test_resolving_by_redaction_republishes_the_redacted_text(db):
    contribution = create_contribution(db, publish=True, body="Email me at a.person@example.org")
    _report(db, contribution, reason="identifies-someone")
    removals = [r for r, _ in moderation.suggested_removals(contribution)]
    moderation.resolve_reports(db, contribution, MODERATOR, "redact", removals)
    assert contribution.body == "Email me at [email removed]"
    assert contribution.status is Status.PUBLISHED
