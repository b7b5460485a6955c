import re

import pytest

from challenges.models import Role, User
from tests.fixtures.accounts import PASSWORD, create_account, create_contribution, sign_in
from tests.fixtures.pages import error_summary, parse, submit_form, text_of


def _link_in_last_email(app) -> str:
    body = app.extensions["outbox"][-1].get_content()
    return re.search(r"http://localhost(/\S+)", body).group(1)


def _register(app, client, email="new@example.org", password="kettle lantern orchard"):
    submit_form(client, "/account/register", {"email": email})
    link = _link_in_last_email(app)
    return submit_form(client, link, {"password": password})


def test_registration_continues_by_email_and_shows_the_recovery_code_once(app, client, db):
    response = submit_form(client, "/account/register", {"email": "New@Example.org"})
    assert "Check your email" in text_of(parse(response))
    response = submit_form(client, _link_in_last_email(app), {"password": "kettle lantern orchard"})
    assert response.location == "/account/recovery-code"
    code = text_of(parse(client.get("/account/recovery-code")).select_one("#recovery-code"))
    assert re.fullmatch(r"([A-Z2-9]{5}-){4}[A-Z2-9]{5}", code)
    assert client.get("/account/recovery-code").status_code == 302
    assert db.query(User).one().email == "new@example.org"


def test_registering_a_taken_email_looks_the_same_but_emails_the_owner(app, client, db):
    create_account(db, email="taken@example.org")
    fresh = parse(submit_form(client, "/account/register", {"email": "fresh@example.org"}))
    taken = parse(submit_form(client, "/account/register", {"email": "taken@example.org"}))
    assert text_of(fresh.main).replace("fresh", "X") == text_of(taken.main).replace("taken", "X")
    assert app.extensions["outbox"][-1]["Subject"] == "You already have an account"


@pytest.mark.parametrize(
    ("password", "message"),
    [("", "Enter a password"), ("short", "10 characters"), ("password123", "too common")],
)
def test_weak_passwords_are_refused_with_an_error_summary(app, client, password, message):
    soup = parse(_register(app, client, password=password))
    assert soup.title.text.startswith("Error: ")
    assert any(message in error for error in error_summary(soup))


def test_sign_in_errors_do_not_say_whether_the_email_exists(client, db):
    create_account(db, email="known@example.org")
    wrong_password = parse(sign_in(client, "known@example.org", "not the password"))
    unknown_email = parse(sign_in(client, "unknown@example.org", "not the password"))
    assert (
        error_summary(wrong_password)
        == error_summary(unknown_email)
        == ["Enter a correct email address and password"]
    )


def test_sign_out_invalidates_the_session_on_the_server(app, db, signed_in_as):
    client = signed_in_as(Role.WORKER)
    stolen_cookie = client.get_cookie("session").value
    submit_form(client, "/account/sign-out", {}, form_url="/account/")
    thief = app.test_client()
    thief.set_cookie("session", stolen_cookie)
    assert thief.get("/my-contributions").status_code == 302


def test_change_password_keeps_contributions_visible(db, signed_in_as):
    client = signed_in_as(Role.WORKER)
    contribution = create_contribution(db, author=client.account)
    response = submit_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": "a different passphrase"},
    )
    assert response.status_code == 302
    assert contribution.title in text_of(parse(client.get("/my-contributions")))


def test_change_password_needs_the_current_one(signed_in_as):
    client = signed_in_as(Role.WORKER)
    soup = parse(
        submit_form(
            client,
            "/account/password",
            {"current_password": "wrong wrong wrong", "new_password": "a different passphrase"},
        )
    )
    assert error_summary(soup) == ["Your current password is not right"]


def test_forgot_password_says_the_same_for_unknown_emails_and_sends_nothing(app, client, db):
    response = submit_form(client, "/account/forgot-password", {"email": "nobody@example.org"})
    assert "Check your email" in text_of(parse(response))
    assert app.extensions["outbox"] == []


def _request_reset(app, client, email):
    submit_form(client, "/account/forgot-password", {"email": email})
    return _link_in_last_email(app)


def test_reset_without_recovery_code_must_be_confirmed_and_loses_old_posts(app, client, db):
    account = create_account(db, email="reset@example.org")
    create_contribution(db, author=account, title="My old post")
    link = _request_reset(app, client, "reset@example.org")
    soup = parse(submit_form(client, link, {"new_password": "brand new passphrase"}))
    assert "Enter your recovery code, or confirm" in error_summary(soup)[0]
    response = submit_form(
        client, link, {"new_password": "brand new passphrase", "accept_losing_posts": "y"}
    )
    assert response.location == "/account/recovery-code"
    assert "My old post" not in text_of(parse(client.get("/my-contributions")))
    assert client.get(link).status_code == 410


def test_reset_with_the_recovery_code_keeps_old_posts(app, client, db):
    from challenges import accounts
    from config import TestingConfig

    account, code = accounts.create_account(
        db, "keep@example.org", PASSWORD, Role.WORKER, TestingConfig.KDF_COST
    )
    db.commit()
    create_contribution(db, author=account, title="Still mine")
    link = _request_reset(app, client, "keep@example.org")
    response = submit_form(
        client,
        link,
        {"new_password": "brand new passphrase", "recovery_code": code.replace("-", " ")},
    )
    assert response.location == "/account/"
    assert "Still mine" in text_of(parse(client.get("/my-contributions")))


def test_a_wrong_recovery_code_is_an_error(app, client, db):
    create_account(db, email="wrong@example.org")
    link = _request_reset(app, client, "wrong@example.org")
    soup = parse(
        submit_form(
            client,
            link,
            {
                "new_password": "brand new passphrase",
                "recovery_code": "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA",
            },
        )
    )
    assert error_summary(soup) == ["The recovery code is not right"]


def test_delete_account_asks_first_then_removes_it(db, signed_in_as):
    client = signed_in_as(Role.WORKER)
    create_contribution(db, author=client.account, publish=True)
    soup = parse(submit_form(client, "/account/delete", {"password": PASSWORD}))
    assert error_summary(soup) == ["Choose what should happen to your contributions"]
    response = submit_form(
        client, "/account/delete", {"password": PASSWORD, "withdraw_posts": "withdraw"}
    )
    assert "Your account has been deleted" in text_of(parse(response))
    assert db.query(User).count() == 0
    assert client.get("/my-contributions").status_code == 302


def test_forms_without_a_csrf_token_are_refused(client, db):
    create_account(db, email="csrf@example.org")
    response = client.post(
        "/account/sign-in", data={"email": "csrf@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "The CSRF token is missing." in error_summary(parse(response))
