import json
import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import update

from challenges.api_tokens import create_token, revoke_token
from challenges.digests import api_queries
from challenges.lifecycle import Actor, utcnow
from challenges.models import ApiToken, Contribution, Digest, Kind, Role
from challenges.suppression import suppress_series
from config import TestingConfig
from portal import create_app
from tests.fixtures.accounts import create_account, create_api_token, create_contribution

API = "/api/v1"
TOKEN_ROUTES = [
    f"{API}/digests",
    f"{API}/digests/abc/versions",
    f"{API}/digests/abc",
    f"{API}/statistics/challenges?start=2025-01-01&end=2025-01-31",
]
CONTENT = {"schema": "care-voices-digest/1", "title": "March", "methodology": ["Counted."]}


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert (error["status"], error["code"]) == (status, code)
    assert error["message"]
    return error


def _digest(db, public_id: str, published_at: datetime, **overrides) -> Digest:
    fields = {
        "title": f"Digest {public_id}",
        "audience": "ministers",
        "status": "published",
        "spec_key": "spec-a",
        "spec": "{}",
        "content": json.dumps({**CONTENT, "title": f"Digest {public_id}"}),
        "version": 1,
        "sha256": "a" * 64,
        "created_at": published_at,
        "published_at": published_at,
    }
    digest = Digest(public_id=public_id, **{**fields, **overrides})
    db.add(digest)
    db.commit()
    return digest


@pytest.fixture
def api(client, api_token):
    """Get an API path with a live token."""
    return lambda path: client.get(f"{API}{path}", headers=_bearer(api_token))


@pytest.mark.parametrize("url", TOKEN_ROUTES)
def test_every_call_but_the_description_needs_a_token(client, url):
    response = client.get(url)
    _error(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "header", ["Bearer cv_not-a-real-token", "Bearer not-even-ours", "Basic dXNlcjpwYXNz"]
)
def test_a_bad_token_or_scheme_is_refused(client, header):
    response = client.get(f"{API}/digests", headers={"Authorization": header})
    _error(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    if header.startswith("Bearer"):
        assert "invalid_token" in response.headers["WWW-Authenticate"]


def test_an_expired_token_is_refused(client, db, api_token):
    db.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.commit()
    response = client.get(f"{API}/digests", headers=_bearer(api_token))
    _error(response, 401, "unauthorized")
    assert "invalid_token" in response.headers["WWW-Authenticate"]


def test_a_revoked_token_is_refused(client, db):
    owner = create_account(db, Role.ANALYST)
    actor = Actor(role=Role.ANALYST, user_id=owner.user.id)
    plain, row = create_token(db, actor, "Soon revoked", 30)
    db.commit()
    assert client.get(f"{API}/digests", headers=_bearer(plain)).status_code == 200
    revoke_token(db, actor, row.id)
    db.commit()
    _error(client.get(f"{API}/digests", headers=_bearer(plain)), 401, "unauthorized")


def test_a_signed_in_analyst_still_needs_a_token(signed_in_as):
    _error(signed_in_as(Role.ANALYST).get(f"{API}/digests"), 401, "unauthorized")


def test_published_digests_are_listed_newest_first_without_drafts(db, api):
    start = datetime(2025, 3, 1, 9, 0)
    for number in range(3):
        _digest(db, f"pub{number}", start + timedelta(days=number), audience="unions")
    _digest(db, "draft1", start + timedelta(days=9), status="draft", version=None)
    body = api("/digests").get_json()
    assert [item["public_id"] for item in body["items"]] == ["pub2", "pub1", "pub0"]
    assert body["links"] == {"next": None}
    assert body["items"][0] == {
        "public_id": "pub2",
        "title": "Digest pub2",
        "audience": "unions",
        "version": 1,
        "published_at": "2025-03-03T09:00:00+00:00",
        "sha256": "a" * 64,
        "links": {"self": f"{API}/digests/pub2", "versions": f"{API}/digests/pub2/versions"},
    }


def test_the_digest_list_pages_by_keyset(db, api):
    start = datetime(2025, 3, 1)
    for number in range(5):
        _digest(db, f"d{number}", start + timedelta(hours=number))
    first = api("/digests?size=2").get_json()
    assert [item["public_id"] for item in first["items"]] == ["d4", "d3"]
    second = api(first["links"]["next"].removeprefix(API)).get_json()
    assert [item["public_id"] for item in second["items"]] == ["d2", "d1"]
    third = api(second["links"]["next"].removeprefix(API)).get_json()
    assert ([item["public_id"] for item in third["items"]], third["links"]["next"]) == (
        ["d0"],
        None,
    )


@pytest.mark.parametrize("query", ["size=0", "size=101", "size=two", "after=nobody"])
def test_bad_paging_parameters_are_a_400(api, query):
    _error(api(f"/digests?{query}"), 400, "bad_request")


def test_a_digest_comes_with_its_content_parsed(db, api):
    _digest(db, "full", datetime(2025, 4, 1), version=2)
    body = api("/digests/full").get_json()
    assert body["content"] == {**CONTENT, "title": "Digest full"}
    assert (body["public_id"], body["version"], body["links"]["self"]) == (
        "full",
        2,
        f"{API}/digests/full",
    )


@pytest.mark.parametrize("path", ["/digests/{}", "/digests/{}/versions"])
def test_unknown_and_draft_digests_are_a_json_404(db, api, path):
    _digest(db, "drafty", datetime(2025, 4, 1), status="draft", version=None)
    for public_id in ("nosuchdigest", "drafty"):
        _error(api(path.format(public_id)), 404, "not_found")


def test_versions_are_the_published_ones_for_the_same_spec_and_audience(db, api):
    day = datetime(2025, 5, 1)
    _digest(db, "v1", day, version=1)
    _digest(db, "v2", day + timedelta(days=1), version=2)
    _digest(db, "v3draft", day + timedelta(days=2), version=None, status="draft")
    _digest(db, "other-audience", day, audience="public")
    _digest(db, "other-spec", day, spec_key="spec-b")
    for public_id in ("v1", "v2"):
        versions = api(f"/digests/{public_id}/versions").get_json()["items"]
        assert [(v["public_id"], v["version"]) for v in versions] == [("v2", 2), ("v1", 1)]


def _publish_contributions(db, count: int, challenge_number: int, published_at=None):
    author = create_account(db)
    for _ in range(count):
        item = create_contribution(
            db, author=author, publish=True, challenge_number=challenge_number
        )
        if published_at is not None:
            item.published_at = published_at
    db.commit()


def _statistics(api, start, end):
    return api(f"/statistics/challenges?start={start}&end={end}")


def _this_month() -> tuple[date, date]:
    today = utcnow().date()
    first = today.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _counts(body) -> dict[int, int | None]:
    return {row["number"]: row["contributions"] for row in body["challenges"]}


def test_statistics_count_contributions_published_in_the_range(db, api, app):
    _publish_contributions(db, 12, challenge_number=1)
    _publish_contributions(db, 10, challenge_number=3, published_at=datetime(2020, 1, 1))
    create_contribution(db, challenge_number=4)
    body = _statistics(api, *_this_month()).get_json()
    assert _counts(body) == {1: 12, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0}
    assert body["total"] == 12
    assert (body["start"], body["end"]) == tuple(str(day) for day in _this_month())
    assert (body["threshold"], body["rounding"]) == (app.config["SUPPRESSION_THRESHOLD"], None)


def test_statistics_never_show_or_give_away_a_small_count(db, api, app, monkeypatch):
    threshold = 10
    monkeypatch.setitem(app.config, "SUPPRESSION_THRESHOLD", threshold)
    _publish_contributions(db, 12, challenge_number=1)
    _publish_contributions(db, 3, challenge_number=2)
    body = _statistics(api, *_this_month()).get_json()
    counts = _counts(body)
    shown = [value for value in [*counts.values(), body["total"]] if value is not None]
    assert not any(0 < value < threshold for value in shown)
    assert counts[2] is None
    # One hidden count beside a shown total would be the total less the shown counts.
    assert body["total"] is None or list(counts.values()).count(None) >= 2
    expected = suppress_series([str(n) for n in range(1, 7)], {"1": 12, "2": 3}, threshold)
    assert list(counts.values()) == list(expected.cells[0])


def test_statistics_leave_out_comments_and_use_the_rounding_setting(db, api, app, monkeypatch):
    monkeypatch.setitem(app.config, "SUPPRESSION_ROUNDING", 5)
    monkeypatch.setitem(app.config, "SUPPRESSION_THRESHOLD", 10)
    _publish_contributions(db, 11, challenge_number=5)
    parent = create_contribution(db, publish=True, challenge_number=5)
    db.add_all(
        Contribution(
            public_id=f"comment{n}",
            kind=Kind.COMMENT,
            parent_id=parent.id,
            challenge_number=5,
            title="",
            body="Agreed.",
            status=parent.status,
            submitted_at=parent.submitted_at,
            published_at=parent.published_at,
        )
        for n in range(10)
    )
    db.commit()
    counts = _counts(_statistics(api, *_this_month()).get_json())
    # Twelve contributions round to 10; the comments on them are not counted anywhere.
    assert (counts[5], counts[6]) == (10, 0)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "start=2025-01-01",
        "end=2025-01-01",
        "start=2025-1-1&end=2025-01-31",
        "start=20250101&end=2025-01-31",
        "start=2025-02-30&end=2025-03-31",
        "start=2025-02-01&end=2025-01-31",
        "start=2025-01-01&end=2026-01-02",
        "start=2025-01-02&end=2025-01-31",
        "start=2025-01-01&end=2025-01-30",
    ],
)
def test_bad_date_ranges_are_a_400(api, query):
    _error(api(f"/statistics/challenges?{query}"), 400, "bad_request")


def test_a_range_may_be_a_leap_year_long(api):
    assert _statistics(api, "2024-01-01", "2024-12-31").status_code == 200


@pytest.mark.parametrize("path", [f"{API}/nope", f"{API}/digests/a/b/c", "/api/v2/digests"])
def test_unknown_api_urls_are_a_json_404_and_other_pages_keep_theirs(client, path):
    _error(client.get(path), 404, "not_found")
    assert client.get("/no-such-page").mimetype == "text/html"


def test_a_wrong_method_is_a_json_405_with_allow(client, api_token):
    response = client.post(f"{API}/digests", headers=_bearer(api_token))
    _error(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


def test_calls_over_the_limit_are_a_429_with_retry_after(client, db, app, monkeypatch, api_token):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "3 per minute")
    for path in ("/digests", "/openapi.json", "/digests/abc"):
        assert client.get(f"{API}{path}", headers=_bearer(api_token)).status_code in (200, 404)
    response = client.get(f"{API}/digests", headers=_bearer(api_token))
    _error(response, 429, "too_many_requests")
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert client.get(f"{API}/digests", headers=_bearer(create_api_token(db))).status_code == 200


def test_calls_without_a_token_are_limited_by_caller(client, app, monkeypatch, api_token):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "2 per minute")
    for _ in range(2):
        assert client.get(f"{API}/openapi.json").status_code == 200
    _error(client.get(f"{API}/digests"), 429, "too_many_requests")
    other_caller = {"REMOTE_ADDR": "192.0.2.1"}
    assert client.get(f"{API}/openapi.json", environ_base=other_caller).status_code == 200
    assert client.get(f"{API}/digests", headers=_bearer(api_token)).status_code == 200


def test_an_unexpected_failure_is_a_json_500(api, app, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    monkeypatch.setattr(api_queries, "published_digests", broken)
    error = _error(api("/digests"), 500, "internal_server_error")
    assert "boom" not in error["message"]


def test_a_database_outage_is_a_json_503():
    config = type("Down", (TestingConfig,), {"DATABASE_URL": "sqlite:////nonexistent/dir/x.db"})
    down = create_app(config).test_client()
    response = down.get(f"{API}/digests", headers=_bearer("cv_any-token-at-all"))
    _error(response, 503, "service_unavailable")


@pytest.fixture
def document(client) -> dict:
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return json.loads(response.get_data(as_text=True))


def _api_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(f"{API}/"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix(API))
            yield rule, path


def test_the_description_is_openapi_3_1_and_public(document):
    assert re.fullmatch(r"3\.1\.\d+", document["openapi"])
    assert document["servers"] == [{"url": API}]
    scheme = document["components"]["securitySchemes"]["bearerToken"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert document["paths"]["/openapi.json"]["get"]["security"] == []


def test_every_api_route_is_documented_with_its_errors(app, document):
    rules = list(_api_rules(app))
    assert {path for _, path in rules} == set(document["paths"])
    for rule, path in rules:
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            operation = document["paths"][path][method.lower()]
            if operation.get("security") != []:
                assert {"200", "401", "429", "500", "503"} <= set(operation["responses"])
            names = {p["$ref"].rsplit("/", 1)[1] for p in operation.get("parameters", [])}
            parameters = [document["components"]["parameters"][name] for name in names]
            in_path = {p["name"] for p in parameters if p["in"] == "path"}
            assert in_path == set(rule.arguments)


def test_every_reference_in_the_description_resolves(document):
    def references(node):
        if isinstance(node, dict):
            yield from ([node["$ref"]] if "$ref" in node else [])
            for value in node.values():
                yield from references(value)
        elif isinstance(node, list):
            for value in node:
                yield from references(value)

    found = set(references(document))
    assert "#/components/schemas/DigestContent" in found
    for reference in found:
        target = document
        for part in reference.removeprefix("#/").split("/"):
            target = target[part]


def test_the_error_schema_matches_the_errors_served(client, document):
    error_schema = document["components"]["schemas"]["Error"]["properties"]["error"]
    served = client.get(f"{API}/digests").get_json()["error"]
    assert set(error_schema["required"]) == set(served)
