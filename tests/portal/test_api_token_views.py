import re

import pytest
from sqlalchemy import select

from challenges.models import ApiToken, AuditEvent, Role
from tests.fixtures.pages import csrf_token_from, error_summary, parse, submit_form, text_of

TOKENS = "/analyst/api-tokens/"
NEW = "/analyst/api-tokens/new"
TOKEN_PATTERN = re.compile(r"cv_[A-Za-z0-9_-]{43}")


def _create(client, name="Weekly briefing", days="30"):
    return submit_form(client, NEW, {"name": name, "valid_days": days})


def _created_token(client, **fields) -> str:
    response = _create(client, **fields)
    assert response.status_code == 302 and response.location == "/analyst/api-tokens/created"
    page = client.get(response.location)
    assert page.headers["Cache-Control"] == "no-store"
    return text_of(parse(page).select_one("#api-token"))


def _revoke(client, token_id) -> object:
    csrf = csrf_token_from(client, TOKENS)
    return client.post(f"{TOKENS}{token_id}/revoke", data={"csrf_token": csrf})


def _api(client, token: str) -> int:
    return client.get("/api/v1/digests", headers={"Authorization": f"Bearer {token}"}).status_code


def test_an_analyst_sees_a_new_token_once_and_it_works(signed_in_as, client):
    analyst = signed_in_as(Role.ANALYST)
    token = _created_token(analyst)
    assert TOKEN_PATTERN.fullmatch(token)
    page = parse(analyst.get(TOKENS))
    row = text_of(page.select_one("tbody tr"))
    assert "Weekly briefing" in row and token[:10] in row and "Active" in row
    assert token not in page.get_text()
    assert analyst.get("/analyst/api-tokens/created").location == TOKENS
    assert _api(client, token) == 200


def test_the_created_page_warns_that_it_shows_the_token_only_once(signed_in_as):
    analyst = signed_in_as(Role.ADMIN)
    _create(analyst)
    warning = parse(analyst.get("/analyst/api-tokens/created")).select_one(".govuk-warning-text")
    assert "only show this token once" in text_of(warning)


@pytest.mark.parametrize(
    ("name", "days", "message"),
    [
        ("", "30", "Enter a name for the token"),
        ("x" * 81, "30", "The name must be 80 characters or fewer"),
        ("Mine", "", "Enter a whole number of days from 1 to 365"),
        ("Mine", "0", "Enter a whole number of days from 1 to 365"),
        ("Mine", "366", "Enter a whole number of days from 1 to 365"),
        ("Mine", "ninety", "Enter a whole number of days from 1 to 365"),
    ],
)
def test_the_form_explains_what_is_wrong(signed_in_as, db, name, days, message):
    analyst = signed_in_as(Role.ANALYST)
    assert error_summary(parse(_create(analyst, name, days))) == [message]
    assert db.scalars(select(ApiToken)).all() == []


def test_an_analyst_revokes_a_token_and_it_stops_working(signed_in_as, client, db):
    analyst = signed_in_as(Role.ANALYST)
    token = _created_token(analyst)
    row = db.scalars(select(ApiToken)).one()
    response = _revoke(analyst, row.id)
    assert response.location == TOKENS
    page = parse(analyst.get(TOKENS))
    assert "revoked" in text_of(page.select_one(".govuk-notification-banner"))
    assert "Revoked" in text_of(page.select_one("tbody tr"))
    assert page.select("tbody form") == []
    assert _api(client, token) == 401
    audit = db.scalars(select(AuditEvent).where(AuditEvent.action == "revoke_api_token")).one()
    assert audit.actor_user_id == analyst.account.user.id


def test_analysts_cannot_see_or_revoke_each_others_tokens_but_admins_can(signed_in_as, db):
    owner, other, admin = (signed_in_as(role) for role in (Role.ANALYST, Role.ANALYST, Role.ADMIN))
    _created_token(owner, name="Owner's token")
    _created_token(other, name="Other's token")
    row = db.scalars(select(ApiToken).where(ApiToken.name == "Owner's token")).one()
    assert "Owner's token" not in parse(other.get(TOKENS)).get_text()
    assert _revoke(other, row.id).status_code == 404
    listed = parse(admin.get(TOKENS)).get_text()
    assert "Owner's token" in listed and "Other's token" in listed
    assert _revoke(admin, row.id).status_code == 302


@pytest.mark.parametrize("token_id", ["12345", "abc", "9" * 30])
def test_revoking_an_unknown_token_is_a_404(signed_in_as, token_id):
    analyst = signed_in_as(Role.ANALYST)
    _create(analyst)
    assert _revoke(analyst, token_id).status_code == 404


def test_revoking_needs_the_forms_csrf_token(signed_in_as, db):
    analyst = signed_in_as(Role.ANALYST)
    _create(analyst)
    row = db.scalars(select(ApiToken)).one()
    assert analyst.post(f"{TOKENS}{row.id}/revoke").status_code == 400
    db.refresh(row)
    assert row.revoked_at is None


@pytest.mark.parametrize("role", [Role.WORKER, Role.BRANCH_REP, Role.MODERATOR])
def test_other_roles_are_forbidden(signed_in_as, role):
    client = signed_in_as(role)
    for url in (TOKENS, NEW, "/analyst/api-tokens/created"):
        assert client.get(url).status_code == 403
    assert client.post(f"{TOKENS}1/revoke").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    assert "/account/sign-in" in client.get(TOKENS).location
