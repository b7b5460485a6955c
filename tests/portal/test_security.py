from flask import Flask

from challenges.models import Role
from config import ProductionConfig, TestingConfig
from portal import create_app
from tests.fixtures.pages import parse, text_of


def test_security_headers_and_a_nonce_csp_without_unsafe_inline(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    scripts = parse(response).select("script")
    assert scripts and all(script.get("nonce") == nonce for script in scripts)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_httponly_and_lax_with_no_remember_me(signed_in_as):
    client = signed_in_as(Role.WORKER)
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"
    assert cookie.expires is None
    assert client.get_cookie("remember_token") is None


def test_production_uses_https_hsts_and_a_secure_host_prefixed_cookie(database_url):
    config = type(
        "Production", (ProductionConfig,), {"SECRET_KEY": "x" * 32, "DATABASE_URL": database_url}
    )
    app = create_app(config)
    client = app.test_client()
    assert client.get("/account/sign-in").location.startswith("https://")
    response = client.get("/account/sign-in", base_url="https://localhost")
    hsts = response.headers["Strict-Transport-Security"]
    assert int(hsts.split("max-age=")[1].split(";")[0]) >= 365 * 24 * 3600
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=")
    attributes = {part.strip().split("=")[0] for part in cookie.split(";")[1:]}
    assert {"Secure", "HttpOnly", "Path"} <= attributes and "Domain" not in attributes
    app.extensions["db_engine"].dispose()


def test_csrf_tokens_outlive_a_long_writing_session():
    assert TestingConfig.WTF_CSRF_TIME_LIMIT >= 3 * 3600


def test_a_database_outage_shows_a_friendly_503(app: Flask):
    config = type("Down", (TestingConfig,), {"DATABASE_URL": "sqlite:////nonexistent/dir/x.db"})
    down = create_app(config)
    response = down.test_client().get("/")
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in text_of(parse(response, 503))


def test_unknown_pages_get_the_govuk_404(client):
    soup = parse(client.get("/no-such-page"), 404)
    assert soup.h1.text == "Page not found"
