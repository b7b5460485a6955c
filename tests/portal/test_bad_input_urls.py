"""Every page and API call, fed hostile URLs: never a 500, and every refusal says why.

Routes come from the app's url_map (see tests/fixtures/routes.py). Query strings and path
segments are raw bytes, percent-encoded, so they carry NUL, invalid UTF-8 and encoded surrogates
as well as markup, SQL and very long text; a path segment is also sent unencoded, as a WSGI server
passes on bytes that the test client would otherwise tidy up.
"""

import re
from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import ImmutableMultiDict

from challenges.models import Role
from portal.input_guard import MESSAGE
from tests.fixtures.hostile import (
    MARKER,
    assert_no_script_from_user,
    assert_stays_on_site,
    fuzz_settings,
    hostile_text,
    path_segment,
    query_string,
    raw_path_environ,
    url_bytes,
)
from tests.fixtures.pages import csrf_token_from, error_summary, parse
from tests.fixtures.routes import build_url, endpoints, rule_of, sign_in_for

API = "/api/v1"
# Query argument names some view reads, tried on every page besides the ones it is seen to read.
ARGUMENTS = [
    "after", "q", "challenge", "round", "sector", "staff_group", "region", "sort", "before",
    "action", "actor_role", "target_public_id", "date_from", "date_to", "label", "size", "start",
    "end", "next", "page",
]  # fmt: skip
# Values at the edges of what a typed argument takes: every argument a page reads gets each one.
EDGE_VALUES = [
    "", " ", "0", "-1", "1.5", "١٢", "2147483648", "99999999999999999999", "A1b2C3d4E5f6",
    "0001-01-01", "9999-12-31", "2025-02-30", "2025-W53", "newest", "x" * 5_000,
    f"<script>{MARKER}</script>", "\u202e👩🏽‍⚕️", "' OR '1'='1",
]  # fmt: skip


def _queries(names: list[str]):
    """Strategy: query strings of the names a page reads (and others), with hostile values."""
    value = st.one_of(
        st.sampled_from(EDGE_VALUES).map(str.encode),
        hostile_text.map(lambda text: text.encode("utf-8", "surrogatepass")),
        url_bytes,
    )
    name = st.one_of(st.sampled_from(names or ARGUMENTS), st.sampled_from(ARGUMENTS), url_bytes)
    pair = st.tuples(name.map(lambda n: n if isinstance(n, bytes) else n.encode()), value)
    return st.lists(pair, max_size=4).map(query_string)


def arguments_read(app, client, url: str, monkeypatch, headers=None) -> list[str]:
    """The query arguments the page at ``url`` asks for, whether it was sent them or not."""
    names: set[str] = set()

    class Recording(ImmutableMultiDict):
        def __getitem__(self, key):
            names.add(key)
            return super().__getitem__(key)

        def getlist(self, key, type=None):
            names.add(key)
            return super().getlist(key, type)

        def __contains__(self, key):
            names.add(key)
            return super().__contains__(key)

    with monkeypatch.context() as patch:
        patch.setattr(app.request_class, "parameter_storage_class", Recording)
        client.get(url, headers=headers or {})
    return sorted(names)


def _edge_sweep(client, url: str, names: list[str], check, headers=None) -> None:
    for name in names:
        for value in EDGE_VALUES:
            response = client.get(f"{url}?{urlencode({name: value})}", headers=headers or {})
            check(response, [value])


def _pages(endpoint_filter):
    return [e for e in endpoints("GET") if endpoint_filter(e)]


def _is_api(endpoint: str) -> bool:
    return endpoint.startswith("api.")


def check_page(response, sent: list[str]) -> None:
    """No 5xx; a redirect on the site; else one of our pages, or a download of ours."""
    # Read it all: a streamed download keeps its request open until it is.
    response.get_data()
    response.close()
    status = response.status_code
    assert status < 500
    if 300 <= status < 400:
        assert_stays_on_site(response.location)
        return
    assert status in (200, 400, 404, 410), status
    if response.mimetype != "text/html":
        assert status == 200, f"a {status} error should be a page"
        return
    html = response.get_data(as_text=True)
    assert re.search(r"<main\b", html) and "<h1" in html, f"{status} is not one of our pages"
    if status == 400:
        assert 'class="govuk-error-summary"' in html, "a 400 page should say what was wrong"
    assert_no_script_from_user(html, sent)


def check_api(response) -> None:
    """No 5xx; JSON always; an error object that matches the status."""
    status = response.status_code
    assert status < 500
    assert response.mimetype == "application/json", (status, response.mimetype)
    body = response.get_json()
    if status == 200:
        assert isinstance(body, dict)
        return
    assert status in (400, 401, 404, 429), status
    error = body["error"]
    assert error["status"] == status and error["code"] and error["message"]


def _decoded_texts(query: str) -> list[str]:
    return [text for pair in parse_qsl(query, errors="replace") for text in pair]


@pytest.mark.parametrize("endpoint", _pages(lambda e: not _is_api(e)))
def test_every_page_survives_hostile_query_strings(app, db, signed_in_as, monkeypatch, endpoint):
    rule, arguments = rule_of(endpoint, "GET")
    client, objects = sign_in_for(
        getattr(app.view_functions[endpoint], "access_rule", None), app, db, signed_in_as
    )
    url = build_url(rule, objects.url_args(endpoint) if arguments else {})
    names = arguments_read(app, client, url, monkeypatch)
    _edge_sweep(client, url, names, check_page)

    @fuzz_settings(max_examples=8)
    @given(query=_queries(names))
    def visit(query):
        check_page(client.get(f"{url}?{query}"), _decoded_texts(query))

    visit()


@pytest.mark.parametrize("endpoint", endpoints("GET", with_arguments=True))
def test_every_page_survives_hostile_path_segments(app, db, signed_in_as, api_token, endpoint):
    rule, arguments = rule_of(endpoint, "GET")
    client, objects = sign_in_for(
        getattr(app.view_functions[endpoint], "access_rule", None), app, db, signed_in_as
    )
    real = objects.url_args(endpoint)
    headers = {"Authorization": f"Bearer {api_token}"} if _is_api(endpoint) else {}

    @fuzz_settings(max_examples=10)
    @given(name=st.sampled_from(arguments), raw=url_bytes, encoded=st.booleans())
    def visit(name, raw, encoded):
        if encoded:
            response = client.get(
                build_url(rule, {**real, name: path_segment(raw)}), headers=headers
            )
        else:
            # Sent as a server passes it on: the bytes themselves, read as Latin-1.
            path = build_url(rule, {**real, name: "\x00"}).encode()
            raw_path = path.replace(b"\x00", raw.replace(b"/", b"_") or b"x")
            response = client.get(
                "/", environ_overrides=raw_path_environ(raw_path), headers=headers
            )
        if _is_api(endpoint):
            check_api(response)
        else:
            check_page(response, [raw.decode("utf-8", "replace")])

    visit()


@pytest.mark.parametrize("endpoint", endpoints("POST", with_arguments=True))
def test_every_form_url_survives_hostile_path_segments(app, db, signed_in_as, endpoint):
    rule, arguments = rule_of(endpoint, "POST")
    client, objects = sign_in_for(app.view_functions[endpoint].access_rule, app, db, signed_in_as)
    real = objects.url_args(endpoint)
    # One CSRF token serves every form in the session.
    csrf = csrf_token_from(client, "/account/sign-in" if objects.account is None else "/account/")

    @fuzz_settings(max_examples=8)
    @given(name=st.sampled_from(arguments), raw=url_bytes)
    def post(name, raw):
        url = build_url(rule, {**real, name: path_segment(raw)})
        response = client.post(url, data={"csrf_token": csrf})
        check_page(response, [raw.decode("utf-8", "replace")])
        if b"\x00" in raw:  # the test client tidies away the other bytes the guard refuses
            assert MESSAGE in " ".join(error_summary(parse(response, 400)))

    post()


@pytest.mark.parametrize("endpoint", _pages(_is_api))
def test_every_api_call_answers_hostile_query_strings_in_json(
    app, client, api_token, monkeypatch, endpoint
):
    rule, arguments = rule_of(endpoint, "GET")
    url = build_url(rule, dict.fromkeys(arguments, "A1b2C3d4E5f6"))
    headers = {"Authorization": f"Bearer {api_token}"}
    names = arguments_read(app, client, url, monkeypatch, headers)
    _edge_sweep(client, url, names, lambda response, _sent: check_api(response), headers)

    @fuzz_settings(max_examples=15)
    @given(query=_queries(names), authorized=st.booleans())
    def call(query, authorized):
        check_api(client.get(f"{url}?{query}", headers=headers if authorized else {}))

    call()


@fuzz_settings(max_examples=25)
@given(header=st.text(st.characters(codec="latin-1", exclude_characters="\r\n"), max_size=80))
def test_any_authorization_header_is_refused_in_json(client, header):
    response = client.get(f"{API}/digests", headers={"Authorization": header})
    check_api(response)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "raw_path",
    [b"/contributions/\x00", b"/challenges/\xff\xfe", b"/search/\xed\xa0\x80", b"/b/\xc0\xaf"],
)
def test_paths_a_browser_never_sends_are_refused_with_a_message(client, raw_path):
    soup = parse(client.get("/", environ_overrides=raw_path_environ(raw_path)), 400)
    assert error_summary(soup) == [MESSAGE]


@pytest.mark.parametrize("query", ["q=%00", "after=%FF", "q=caf%ED%A0%80", "%00=1"])
def test_query_strings_a_browser_never_sends_are_refused_with_a_message(client, query):
    soup = parse(client.get(f"/search?{query}"), 400)
    assert error_summary(soup) == [MESSAGE]


@pytest.mark.parametrize(
    "environ",
    [{"QUERY_STRING": "after=%00"}, raw_path_environ(API.encode() + b"/digests/\xff/versions")],
)
def test_the_api_refuses_them_in_json(client, api_token, environ):
    headers = {"Authorization": f"Bearer {api_token}"}
    response = client.get(f"{API}/digests", environ_overrides=environ, headers=headers)
    check_api(response)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == MESSAGE


@pytest.mark.parametrize(
    "url",
    [
        f"{API}/digests?sise=5",
        f"{API}/digests/A1b2C3d4E5f6?sise=5",
        f"{API}/digests/A1b2C3d4E5f6/versions?sise=5",
        f"{API}/statistics/challenges?start=2025-01-01&end=2025-01-31&sise=5",
    ],
)
def test_the_api_names_a_parameter_it_does_not_take(client, api_token, url):
    # Ignoring it would have answered as if no size had been asked for.
    response = client.get(url, headers={"Authorization": f"Bearer {api_token}"})
    check_api(response)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].startswith("“sise” is not a parameter")


@pytest.mark.parametrize(
    "query", ["before=99999999999999999999", "date_to=9999-12-31", "date_from=0001-01-01"]
)
def test_the_audit_log_takes_numbers_and_dates_at_the_ends_of_their_range(signed_in_as, query):
    # The first overflowed the database's integer; the second asked for the day after 9999-12-31.
    admin = signed_in_as(Role.ADMIN)
    assert admin.get(f"/admin/audit?{query}").status_code == 200
    csv = admin.get(f"/admin/audit.csv?{query}")
    assert (csv.status_code, csv.mimetype) == (200, "text/csv")
    assert "occurred_at" in csv.get_data(as_text=True).splitlines()[0]


def test_a_bad_audit_filter_on_the_download_shows_the_form_with_what_to_correct(signed_in_as):
    response = signed_in_as(Role.ADMIN).get("/admin/audit.csv?date_to=soon")
    assert error_summary(parse(response, 400)) == [
        "Enter the to date as year-month-day, like 2025-03-31"
    ]


def test_the_api_counts_the_last_month_of_the_calendar(client, api_token):
    url = f"{API}/statistics/challenges?start=9999-12-01&end=9999-12-31"
    response = client.get(url, headers={"Authorization": f"Bearer {api_token}"})
    check_api(response)
    assert (response.status_code, response.get_json()["end"]) == (200, "9999-12-31")
