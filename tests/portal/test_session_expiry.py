"""Sessions end after inactivity and after a maximum age, and no writing is lost when they do."""

from challenges.models import Contribution, Role
from tests.fixtures.accounts import PASSWORD, sign_in
from tests.fixtures.pages import csrf_token_from, parse, text_of
from tests.portal.test_contribute_views import GOOD

LAST_SEEN, STARTED = "session_last_seen_at", "session_started_at"


def _wind_back(client, key: str, seconds: int) -> None:
    with client.session_transaction() as session:
        session[key] -= seconds


def _is_signed_in(client) -> bool:
    return client.get("/account/").status_code == 200


def test_a_session_left_idle_too_long_ends(app, signed_in_as):
    client = signed_in_as(Role.WORKER)
    _wind_back(client, LAST_SEEN, app.config["SESSION_IDLE_MINUTES"] * 60 + 1)
    response = client.get("/account/")
    assert response.status_code == 302 and "/account/sign-in" in response.location
    page = parse(client.get(response.location))
    assert "not done anything for a while" in text_of(page)
    assert not _is_signed_in(client)


def test_using_the_service_keeps_the_session_alive(app, signed_in_as):
    client = signed_in_as(Role.WORKER)
    _wind_back(client, LAST_SEEN, app.config["SESSION_IDLE_MINUTES"] * 60 - 5)
    assert _is_signed_in(client)
    _wind_back(client, LAST_SEEN, 10)
    assert _is_signed_in(client), "the last request counted as activity"


def test_a_session_ends_at_its_maximum_age_however_busy(app, signed_in_as):
    client = signed_in_as(Role.WORKER)
    _wind_back(client, STARTED, app.config["SESSION_MAX_HOURS"] * 3600 + 1)
    assert not _is_signed_in(client)


def test_a_contribution_sent_after_the_session_ended_is_kept_through_signing_in(
    app, db, signed_in_as
):
    client = signed_in_as(Role.WORKER)
    token = csrf_token_from(client, "/contribute")
    body = "An hour of careful writing about our rota.\nSecond line of it."
    _wind_back(client, LAST_SEEN, app.config["SESSION_IDLE_MINUTES"] * 60 + 1)

    sent = client.post("/contribute", data={**GOOD, "body": body, "csrf_token": token})
    sign_in_page = parse(sent, status=401)
    carried = {
        field["name"]: field["value"]
        for field in sign_in_page.select("form input[type=hidden]")
        if field["name"] != "csrf_token"
    }
    assert carried["carried__body"] == body and carried["next"] == "/contribute"
    assert not any("password" in name for name in carried)

    signed_in = client.post(
        "/account/sign-in",
        data={
            **carried,
            "email": client.account.user.email,
            "password": PASSWORD,
            "csrf_token": sign_in_page.select_one("input[name=csrf_token]")["value"],
        },
    )
    resume = parse(signed_in)
    form = resume.select_one("form[action='/contribute']")
    assert form.select_one("textarea[name=body]").text == body, "the text comes back"
    fields = {field["name"]: field.get("value", "") for field in form.select("input")}
    fields["body"] = form.select_one("textarea[name=body]").text

    done = client.post("/contribute", data=fields)
    assert done.status_code == 302, text_of(parse(done))[:1500]
    assert db.query(Contribution).one().body == body


def test_sign_in_goes_on_to_the_page_asked_for_but_never_off_the_site(db, signed_in_as, app):
    account = signed_in_as(Role.WORKER).account
    for asked, landed in (("/my-contributions", "/my-contributions"), ("//evil.example", "/")):
        client = app.test_client()
        token = csrf_token_from(client, "/account/sign-in")
        response = client.post(
            f"/account/sign-in?next={asked}",
            data={"email": account.user.email, "password": PASSWORD, "csrf_token": token},
        )
        assert response.location == landed


def test_signing_in_starts_a_new_session(app, db, signed_in_as):
    account = signed_in_as(Role.WORKER).account
    client = app.test_client()
    client.get("/account/sign-in")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    sign_in(client, account.user.email)
    with client.session_transaction() as session:
        assert "planted" not in session
