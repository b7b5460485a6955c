"""/healthz and /readyz: what load balancers and orchestrators probe."""

from flask import session
from sqlalchemy import create_engine

from challenges.models import Role
from portal.security import talisman
from portal.views import ops

# Nothing listens on port 1: connecting is refused at once.
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def _broken_database(app, monkeypatch, tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path}/missing-dir/portal.db")
    monkeypatch.setitem(app.extensions, "db_engine", engine)


def test_healthz_answers_ok_without_touching_the_database(app, client, monkeypatch, tmp_path):
    _broken_database(app, monkeypatch, tmp_path)
    response = client.get("/healthz")
    assert (response.status_code, response.json) == (200, {"status": "ok"})
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_ok_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    # No REDIS_URL in testing, so Redis is not a dependency and not checked.
    assert response.json == {"status": "ok", "checks": {"database": "ok"}}


def test_readyz_names_an_unreachable_database_and_shows_nothing_else(
    app, client, monkeypatch, tmp_path
):
    _broken_database(app, monkeypatch, tmp_path)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json == {
        "status": "unavailable",
        "checks": {"database": "unreachable"},
        "failed": ["database"],
    }
    assert "missing-dir" not in response.get_data(as_text=True)


def test_readyz_names_an_unreachable_redis(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", UNREACHABLE_REDIS)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"] == {"database": "ok", "redis": "unreachable"}
    assert response.json["failed"] == ["redis"]
    assert "6379" not in response.get_data(as_text=True)


def test_readyz_checks_a_reachable_redis(client, redis_queue):
    response = client.get("/readyz")
    assert response.status_code == 200, response.json
    assert response.json["checks"] == {"database": "ok", "redis": "ok"}


def test_probes_over_plain_http_are_not_sent_to_https(client, monkeypatch):
    # Production's setting: every other page redirects to HTTPS, but load balancers probe over
    # plain HTTP from inside the network.
    monkeypatch.setattr(talisman, "force_https", True)
    assert client.get("/").status_code == 302
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_probes_are_never_rate_limited(client):
    # A load balancer probes every few seconds from each of its nodes, all from a few addresses.
    statuses = {
        client.get(path).status_code for _ in range(150) for path in ("/healthz", "/readyz")
    }
    assert statuses == {200}


def test_probes_set_no_cookie_for_a_visitor_or_a_signed_in_user(client, signed_in_as):
    for visitor in (client, signed_in_as(Role.WORKER)):
        for path in ("/healthz", "/readyz"):
            response = visitor.get(path)
            assert "Set-Cookie" not in response.headers, path


def test_a_probe_never_saves_a_session_some_hook_changed(app):
    with app.test_request_context("/healthz"):
        session["written_by_some_hook"] = True
        assert app.session_interface.should_set_cookie(app, session)
        ops._no_session_cookie(app.response_class())
        assert not app.session_interface.should_set_cookie(app, session)
