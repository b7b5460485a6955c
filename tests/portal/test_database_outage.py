"""A database outage never shows a 500: signed-in pages and failed commits get the friendly 503.

tests/load/test_database_outage.py stops a real PostgreSQL under gunicorn; these check the same
paths quickly, in process.
"""

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from challenges.api_tokens import create_token
from challenges.lifecycle import Actor
from challenges.models import Contribution, Role
from portal.db import make_engine
from tests.fixtures.accounts import create_account
from tests.fixtures.pages import csrf_token_from, parse, text_of

UNAVAILABLE = "Sorry, the service is unavailable"
POST = {"challenge": "5", "title": "No time for breaks", "body": "We rarely get a break."}


def _connection_lost(_session):
    raise OperationalError("COMMIT", None, Exception("server closed the connection unexpectedly"))


@pytest.fixture
def database_down(app, monkeypatch, tmp_path):
    """From now on, every request of this app finds its database unreachable."""

    def go_down():
        down = make_engine(f"sqlite:///{tmp_path / 'no-such-dir' / 'portal.db'}")
        monkeypatch.setitem(app.extensions, "db_sessionmaker", sessionmaker(down))

    return go_down


def test_a_signed_in_person_gets_the_503_page_not_a_500(signed_in_as, database_down):
    client = signed_in_as(Role.WORKER)
    database_down()
    for url in ("/", "/contribute", "/my-contributions"):
        response = client.get(url)
        assert UNAVAILABLE in text_of(parse(response, 503)), url


def test_a_commit_that_fails_gives_the_503_page_and_saves_nothing(
    app, db, signed_in_as, monkeypatch
):
    client = signed_in_as(Role.WORKER)
    token = csrf_token_from(client, "/contribute")
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    with monkeypatch.context() as patch:
        patch.setattr(Session, "commit", _connection_lost)
        response = client.post("/contribute", data={"csrf_token": token, **POST})
    assert UNAVAILABLE in text_of(parse(response, 503))
    assert "Content-Security-Policy" in response.headers
    assert db.query(Contribution).count() == 0
    # The "Thank you" queued before the commit failed is not shown later either.
    assert "Thank you" not in text_of(parse(client.get("/my-contributions")))


def test_an_api_call_whose_commit_fails_is_a_json_503(app, db, monkeypatch):
    analyst = create_account(db, Role.ANALYST)
    token, _ = create_token(db, Actor(role=Role.ANALYST, user_id=analyst.user.id), "Tests", 30)
    db.commit()
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    monkeypatch.setattr(Session, "commit", _connection_lost)
    response = app.test_client().get(
        "/api/v1/digests", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "service_unavailable"
