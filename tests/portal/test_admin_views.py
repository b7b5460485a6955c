import csv
import io
from datetime import datetime

import pytest
from sqlalchemy import select

from challenges.lifecycle import Actor, record_audit
from challenges.models import AuditEvent, Role
from tests.fixtures.accounts import create_account
from tests.fixtures.pages import error_summary, parse, text_of

CSV_HEADER = ["occurred_at", "actor_role", "actor_user_id", "action", "target_public_id", "reason"]


@pytest.fixture
def moderator(db):
    account = create_account(db, Role.MODERATOR)
    return Actor(role=Role.MODERATOR, user_id=account.user.id)


def _event(db, actor, action, public_id="item0001", reason=None, at=None):
    """Record and commit one audit event, backdated to ``at`` when given."""
    record_audit(db, actor, action, public_id, reason)
    db.flush()
    event = db.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
    if at is not None:
        event.occurred_at = at
    db.commit()
    return event


def _rows(soup) -> list[list[str]]:
    return [[text_of(cell) for cell in row.select("td")] for row in soup.select("tbody tr")]


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_an_admin_sees_events_newest_first_with_staff_accounts(db, signed_in_as, moderator):
    _event(db, Actor.author(["item0001"]), "submit", at=datetime(2025, 3, 31))
    _event(db, moderator, "reject", reason="Names a colleague", at=datetime(2025, 4, 1, 9, 5))
    soup = parse(signed_in_as(Role.ADMIN).get("/admin/audit"))
    assert text_of(soup.select_one("h1")) == "Audit log"
    assert _rows(soup) == [
        [
            "1 Apr 2025 09:05",
            "moderator",
            f"Staff account {moderator.user_id}",
            "reject",
            "item0001",
            "Names a colleague",
        ],
        ["31 Mar 2025", "author", "", "submit", "item0001", ""],
    ]
    assert soup.select("tbody a") == []


def test_filters_narrow_the_table(db, signed_in_as, moderator):
    _event(db, moderator, "publish", public_id="wanted01", at=datetime(2025, 4, 1, 12))
    _event(db, moderator, "publish", public_id="other001", at=datetime(2025, 4, 1, 12))
    _event(db, moderator, "reject", public_id="wanted01", reason="x", at=datetime(2025, 4, 1))
    _event(db, moderator, "publish", public_id="wanted01", at=datetime(2025, 4, 2))
    query = "action=publish&actor_role=moderator&target_public_id=wanted01"
    url = f"/admin/audit?{query}&date_from=2025-03-01&date_to=2025-04-01"
    rows = _rows(parse(signed_in_as(Role.ADMIN).get(url)))
    assert [(row[3], row[4], row[0]) for row in rows] == [
        ("publish", "wanted01", "1 Apr 2025 12:00")
    ]


def test_the_action_filter_offers_every_logged_action(db, signed_in_as, moderator):
    for action in ("reject", "publish", "reject"):
        _event(db, moderator, action, reason="x")
    soup = parse(signed_in_as(Role.ADMIN).get("/admin/audit"))
    options = [option["value"] for option in soup.select("select[name=action] option")]
    assert options == ["", "publish", "reject"]


def test_older_events_link_keeps_the_filters(db, signed_in_as, moderator, monkeypatch):
    monkeypatch.setattr("challenges.audit_log.AUDIT_PAGE_SIZE", 2)
    events = [_event(db, moderator, "publish") for _ in range(3)]
    _event(db, moderator, "reject", reason="x")
    admin = signed_in_as(Role.ADMIN)
    soup = parse(admin.get("/admin/audit?action=publish"))
    assert len(_rows(soup)) == 2
    older = soup.find("a", string="Older events")["href"]
    assert "action=publish" in older and f"before={events[1].id}" in older
    older_soup = parse(admin.get(older))
    assert len(_rows(older_soup)) == 1
    assert older_soup.find("a", string="Older events") is None


def test_the_csv_link_keeps_the_filters(db, signed_in_as, moderator):
    soup = parse(signed_in_as(Role.ADMIN).get("/admin/audit?actor_role=system&date_to=2025-04-01"))
    href = soup.find("a", string="Download as CSV")["href"]
    assert href.startswith("/admin/audit.csv?")
    assert "actor_role=system" in href and "date_to=2025-04-01" in href


def test_the_csv_download_is_an_attachment_with_neutralised_cells(db, signed_in_as, moderator):
    _event(db, moderator, "reject", public_id="item0001", reason="=cmd|' /C calc'!A0")
    _event(db, Actor.system(), "hide", public_id="item0001", reason="@SUM(A1)")
    response = signed_in_as(Role.ADMIN).get("/admin/audit.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="audit-log.csv"'
    header, *rows = _csv(response)
    assert header == CSV_HEADER
    assert [row[1:] for row in rows] == [
        ["system", "", "hide", "item0001", "'@SUM(A1)"],
        ["moderator", str(moderator.user_id), "reject", "item0001", "'=cmd|' /C calc'!A0"],
    ]


def test_the_csv_download_applies_the_filters(db, signed_in_as, moderator):
    _event(db, moderator, "publish", at=datetime(2025, 4, 1, 8, 30))
    _event(db, moderator, "reject", reason="x", at=datetime(2025, 4, 1, 9))
    response = signed_in_as(Role.ADMIN).get("/admin/audit.csv?action=publish")
    assert _csv(response)[1:] == [
        ["2025-04-01 08:30:00", "moderator", str(moderator.user_id), "publish", "item0001", ""],
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date_from=31/03/2025", "Enter the from date as year-month-day, like 2025-03-31"),
        ("date_to=2025-02-30", "Enter the to date as year-month-day, like 2025-03-31"),
        (
            "date_from=2025-04-02&date_to=2025-04-01",
            "The to date must be the same as or after the from date",
        ),
        ("actor_role=nobody", "Choose an actor role from the list"),
    ],
)
def test_invalid_filters_show_an_error_summary(db, signed_in_as, query, message):
    soup = parse(signed_in_as(Role.ADMIN).get(f"/admin/audit?{query}"))
    assert error_summary(soup) == [message]
    assert message in text_of(soup.select_one(".govuk-error-message"))
    assert soup.select_one("title").text.startswith("Error:")
    assert soup.select("table") == []


def test_an_invalid_date_is_shown_back_as_typed(db, signed_in_as):
    soup = parse(signed_in_as(Role.ADMIN).get("/admin/audit?date_from=31/03/2025"))
    assert soup.select_one("input[name=date_from]")["value"] == "31/03/2025"


def test_an_invalid_csv_filter_is_a_bad_request(db, signed_in_as):
    assert signed_in_as(Role.ADMIN).get("/admin/audit.csv?date_to=soon").status_code == 400


def test_a_nonsense_page_marker_shows_the_first_page(db, signed_in_as, moderator):
    _event(db, moderator, "publish")
    soup = parse(signed_in_as(Role.ADMIN).get("/admin/audit?before=latest"))
    assert len(_rows(soup)) == 1


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.ANALYST, Role.WORKER])
@pytest.mark.parametrize("url", ["/admin/audit", "/admin/audit.csv"])
def test_only_admins_may_read_the_audit_log(db, signed_in_as, moderator, role, url):
    _event(db, moderator, "reject", reason="Names a colleague")
    response = signed_in_as(role).get(url)
    assert response.status_code == 403
    assert "Names a colleague" not in response.get_data(as_text=True)
