"""Rate limits on posting, commenting, endorsing, reporting and registering, and the growing wait
after wrong passwords: a flood from one account or caller is throttled, everyone else carries on.
"""

import time

import pytest

from challenges.models import Contribution, Endorsement, Report, Role
from challenges.reports import OTHER_REASON
from config import DevelopmentConfig, TestingConfig
from portal import create_app
from portal.action_limits import delay_after_failures
from tests.fixtures.accounts import create_account, create_contribution, sign_in
from tests.fixtures.jobs import TEST_REDIS_URL
from tests.fixtures.pages import error_summary, parse, submit_form
from tests.portal.test_contribute_views import GOOD


@pytest.fixture
def limit(app, monkeypatch):
    """Lower one of the app's limits for this test."""

    def set_limit(setting: str, value: str) -> None:
        monkeypatch.setitem(app.config, setting, value)

    return set_limit


def _post(client, title: str):
    return submit_form(client, "/contribute", {**GOOD, "title": title})


def test_a_flood_of_posts_from_one_account_is_throttled_without_blocking_others(
    db, signed_in_as, limit
):
    limit("POST_RATE_LIMIT", "3 per minute")
    flooder, neighbour = signed_in_as(Role.WORKER), signed_in_as(Role.WORKER)
    statuses = [_post(flooder, f"Flood {n}").status_code for n in range(6)]
    assert statuses == [302, 302, 302, 429, 429, 429]
    refused = parse(_post(flooder, "One more"), status=429)
    assert error_summary(refused)[0].startswith("You have done this many times in a short time.")
    assert refused.select_one("input[name=title]")["value"] == "One more", "the text is kept"
    assert _post(neighbour, "Not a flood").status_code == 302
    titles = sorted(c.title for c in db.query(Contribution))
    assert titles == ["Flood 0", "Flood 1", "Flood 2", "Not a flood"]


def test_comments_are_throttled_per_account(db, signed_in_as, limit):
    limit("COMMENT_RATE_LIMIT", "2 per minute")
    published = create_contribution(db, publish=True)
    url = f"/contributions/{published.public_id}/comments"
    flooder, neighbour = signed_in_as(Role.WORKER), signed_in_as(Role.WORKER)
    form_url = f"/contributions/{published.public_id}"
    sent = [
        submit_form(flooder, url, {"body": f"Comment {n}"}, form_url).status_code for n in range(3)
    ]
    assert sent == [302, 302, 429]
    assert submit_form(neighbour, url, {"body": "Me too"}, form_url).status_code == 302
    assert db.query(Contribution).filter_by(kind="comment").count() == 3


def test_endorsements_are_throttled_per_account(db, signed_in_as, limit):
    limit("ENDORSE_RATE_LIMIT", "2 per minute")
    items = [create_contribution(db, publish=True) for _ in range(3)]
    flooder = signed_in_as(Role.WORKER)
    statuses = [
        submit_form(
            flooder,
            f"/contributions/{item.public_id}/endorse",
            {},
            f"/contributions/{item.public_id}",
        ).status_code
        for item in items
    ]
    assert statuses == [302, 302, 429]
    assert db.query(Endorsement).count() == 2


def test_reports_are_throttled_per_account(db, signed_in_as, limit):
    limit("REPORT_RATE_LIMIT", "1 per minute")
    first, second = (create_contribution(db, publish=True) for _ in range(2))
    reporter = signed_in_as(Role.WORKER)
    data = {"reason": OTHER_REASON, "detail": ""}
    assert (
        submit_form(reporter, f"/contributions/{first.public_id}/report", data).status_code == 302
    )
    refused = submit_form(reporter, f"/contributions/{second.public_id}/report", data)
    assert refused.status_code == 429
    assert db.query(Report).count() == 1


def test_registering_is_throttled_per_caller(app, client, limit):
    limit("REGISTER_RATE_LIMIT", "2 per minute")
    statuses = [
        submit_form(client, "/account/register", {"email": f"new{n}@example.org"}).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert len(app.extensions["outbox"]) == 2


def test_no_inbox_can_be_flooded_with_our_emails(app, client, limit):
    limit("MAIL_RATE_LIMIT", "2 per hour")
    for _ in range(4):
        page = parse(submit_form(client, "/account/register", {"email": "target@example.org"}))
        assert "Check your email" in page.get_text()
    assert len(app.extensions["outbox"]) == 2


def test_the_wait_after_failures_doubles_up_to_the_maximum():
    waits = [delay_after_failures(n, free=3, max_delay=60) for n in range(1, 11)]
    assert waits == [0, 0, 1, 2, 4, 8, 16, 32, 60, 60]


def test_wrong_passwords_make_that_address_wait_but_not_others(db, client, app, limit):
    limit("FAILED_ATTEMPT_MAX_DELAY_SECONDS", 1)
    target, bystander = create_account(db), create_account(db)
    for _ in range(3):
        sign_in(client, target.user.email, "wrong password entirely")
    refused = parse(sign_in(client, target.user.email))
    assert error_summary(refused) == ["Wait 1 second, then try again"], "even the right password"
    assert sign_in(app.test_client(), bystander.user.email).status_code == 302
    time.sleep(1.1)
    assert sign_in(client, target.user.email).status_code == 302


def test_an_unknown_address_waits_just_like_a_known_one(db, client, limit):
    limit("FAILED_ATTEMPT_MAX_DELAY_SECONDS", 60)
    known = create_account(db)
    pages = []
    for email in (known.user.email, "nobody@example.org"):
        for _ in range(4):
            page = parse(sign_in(client, email, "wrong password entirely"))
        pages.append(error_summary(page))
    assert pages[0] == pages[1] == ["Wait 1 second, then try again"]


def test_sign_in_attempts_per_address_are_rate_limited(db, client, limit):
    limit("SIGN_IN_RATE_LIMIT", "2 per minute")
    account = create_account(db)
    sign_in(client, account.user.email, "wrong password entirely")
    sign_in(client, account.user.email, "wrong password entirely")
    refused = sign_in(client, account.user.email)
    assert refused.status_code == 429


def test_wrong_recovery_codes_make_the_reset_wait(app, db, limit):
    from portal import tokens

    limit("FREE_FAILED_ATTEMPTS", 1)
    account = create_account(db)
    client = app.test_client()
    with app.test_request_context():
        url = f"/account/reset-password/{tokens.password_reset_token(account.user)}"
    data = {"new_password": "another long passphrase", "recovery_code": "WRONG-CODE"}
    assert "The recovery code is not right" in error_summary(parse(submit_form(client, url, data)))
    assert error_summary(parse(submit_form(client, url, data)))[0].startswith("Wait")


def test_two_app_processes_share_limits_through_redis(database_url, empty_redis):
    config = type(
        "SharedLimits",
        (TestingConfig,),
        {
            "DATABASE_URL": database_url,
            "REDIS_URL": TEST_REDIS_URL,
            "REGISTER_RATE_LIMIT": "2 per hour",
        },
    )
    first, second = create_app(config), create_app(config)
    try:
        for app in (first, second):
            client = app.test_client()
            submit_form(client, "/account/register", {"email": "a@example.org"})
        third = submit_form(second.test_client(), "/account/register", {"email": "b@example.org"})
        assert third.status_code == 429, "the second process saw the first one's count"
    finally:
        for app in (first, second):
            app.extensions["db_engine"].dispose()


def test_counting_in_one_process_only_is_warned_about(database_url, caplog):
    config = type("Single", (DevelopmentConfig,), {"DATABASE_URL": database_url, "REDIS_URL": None})
    app = create_app(config)
    app.extensions["db_engine"].dispose()
    assert any("set REDIS_URL" in record.getMessage() for record in caplog.records)
