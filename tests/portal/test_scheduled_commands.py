"""The commands cron runs: ``rounds open-due`` and ``retention purge``."""

from datetime import timedelta

from sqlalchemy import update

from challenges.lifecycle import Actor, change_status, utcnow
from challenges.models import AuditEvent, Contribution, Role
from tests.fixtures.accounts import create_contribution
from tests.fixtures.rounds import make_round


def test_rounds_open_due_names_the_rounds_it_opened(runner, db):
    round_ = make_round(db, opens_in_days=0)
    first = runner.invoke(args=["rounds", "open-due"])
    assert first.exit_code == 0, first.output
    assert first.output.strip() == f"Opened 1 round(s): {round_.slug}"
    assert runner.invoke(args=["rounds", "open-due"]).output.strip() == "Opened 0 round(s)."


def test_retention_purge_uses_the_configured_periods_and_prints_counts(runner, db, app):
    old, recent = create_contribution(db), create_contribution(db)
    for item in (old, recent):
        change_status(db, item, "reject", Actor(role=Role.MODERATOR), reason="house rules")
    db.commit()
    days = app.config["RETAIN_REJECTED_DAYS"]
    db.execute(
        update(AuditEvent)
        .where(AuditEvent.target_public_id == old.public_id)
        .values(occurred_at=utcnow() - timedelta(days=days + 1))
    )
    db.commit()
    result = runner.invoke(args=["retention", "purge"])
    assert result.exit_code == 0, result.output
    lines = dict(line.strip().split(None, 1)[::-1] for line in result.output.splitlines())
    assert lines["rejected items deleted"] == "1"
    assert lines["expired or revoked API tokens deleted"] == "0"
    assert [c.public_id for c in db.query(Contribution)] == [recent.public_id]
