"""Every form, fed random and hostile input: never a 500, and every refusal says why.

The forms are found, not listed: each route that takes POST is a case. Its form is read from the
page that shows it, as the role that may use it, and Hypothesis fills each field with one of the
form's own choices, a plausible value or hostile text (see tests/fixtures/hostile.py), keeping
the CSRF token, and sometimes adds fields that views read from the request beyond the form.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, note
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from challenges.models import Contribution, Role, Union
from portal.rate_limits import limiter
from tests.fixtures.accounts import PASSWORD, create_account, create_contribution
from tests.fixtures.branches import make_branch
from tests.fixtures.hostile import (
    REDIRECT_TARGETS,
    assert_no_script_from_user,
    assert_stays_on_site,
    fuzz_settings,
    hostile_text,
    url_bytes,
)
from tests.fixtures.pages import error_summary, parse, submit_form
from tests.fixtures.routes import build_url, endpoints, rule_of, sign_in_for

# Values that get past a field's first checks, so the fuzzing reaches the code behind them,
# chosen by what the field's type or name says it wants.
PLAUSIBLE = {
    "email": ["name@example.org", "Someone.Else+tag@Example.ORG"],
    "password": [PASSWORD, "password"],
    "date": ["2026-01-01", "2026-02-30", "2026-12-31"],
    "period": ["2026-10", "2026-W44", "2026-Q3", "2026-10-01..2026-10-31"],
    "number": ["30", "0", "366"],
    "text": ["Short staffed again", "We need more staff on nights.", "", " "],
}
_KINDS = [
    ("email", ("email",)),
    ("password", ("password",)),
    ("date", ("date", "opens_on", "closes_on")),
    ("period", ("period",)),
    ("number", ("days", "number")),
]


def _plausible(field) -> list[str]:
    kind = next((kind for kind, hints in _KINDS if any(h in field.name for h in hints)), "text")
    return [*PLAUSIBLE[kind], field.value]


# Fields some views read from the request besides their form's own: where to go back to, and
# which themed round is being answered.
EXTRA_FIELDS = {
    "next": st.one_of(st.sampled_from(["/", "/search?q=pay", *REDIRECT_TARGETS]), hostile_text),
    "round": st.one_of(st.just("breaks-on-shift-0a1b2c3d"), hostile_text),
}
# Forms that can sign the client out (the fuzzing may hit on the test password), so each
# example starts with a new session.
ENDS_THE_SESSION = {"account.sign_out", "account.delete"}
TEXT_INPUTS = {"text", "email", "password", "hidden", "number", "date", "search", "tel", "url"}


@dataclass
class Field:
    name: str
    options: list[str] = field(default_factory=list)  # the values on offer; none for free text
    value: str = ""
    multiple: bool = False
    optional: bool = False  # boxes and buttons, which browsers leave out unless chosen


def _form_on(soup: BeautifulSoup, page: str, url: str):
    for form in soup.select("form"):
        action = urlsplit(form.get("action") or page).path
        if (form.get("method") or "get").lower() == "post" and action == urlsplit(url).path:
            return form
    pytest.fail(f"no form posting to {url} on {page}")


def _posts_to(soup: BeautifulSoup, url: str) -> bool:
    path = urlsplit(url).path
    return any(
        (form.get("method") or "get").lower() == "post"
        and urlsplit(form.get("action") or url).path == path
        for form in soup.select("form")
    )


def _fields(form) -> tuple[str, list[Field]]:
    fields: dict[str, Field] = {}
    csrf = None
    for element in form.select("input, textarea, select, button"):
        name = element.get("name")
        if not name:
            continue
        kind = (element.get("type") or "text").lower() if element.name == "input" else element.name
        if name == "csrf_token":
            csrf = element["value"]
        elif element.name == "select":
            options = [
                option.get("value", option.get_text()) for option in element.select("option")
            ]
            fields[name] = Field(name, options, multiple=element.has_attr("multiple"))
        elif kind in ("radio", "checkbox"):
            found = fields.setdefault(name, Field(name, optional=kind == "checkbox"))
            found.options.append(element.get("value", "on"))
            found.multiple = kind == "checkbox" and len(found.options) > 1
        elif kind in ("submit", "button"):
            fields[name] = Field(name, [element.get("value", "")], optional=True)
        elif element.name == "textarea" or kind in TEXT_INPUTS:
            fields[name] = Field(name, value=element.get("value", element.get_text()))
    assert csrf, "every form carries a CSRF token"
    return csrf, list(fields.values())


def _value(field: Field):
    offered = st.sampled_from(field.options or _plausible(field))
    # Mostly values the form offers, so that most examples fail on one field at most.
    one = st.one_of(offered, offered, offered, hostile_text, url_bytes)
    return st.lists(one, max_size=4) if field.multiple else one.map(lambda value: [value])


def form_data(fields: list[Field]):
    """Strategy: the pairs a browser (or anyone else) might post for these fields."""
    required = {f.name: _value(f) for f in fields if not f.optional}
    optional = {f.name: _value(f) for f in fields if f.optional}
    names = {f.name for f in fields}
    extras = {
        name: value.map(lambda one: [one])
        for name, value in EXTRA_FIELDS.items()
        if name not in names
    }
    return st.fixed_dictionaries(required, optional={**optional, **extras}).map(
        lambda chosen: [(name, value) for name, values in chosen.items() for value in values]
    )


def _texts(pairs) -> list[str]:
    return [value for _name, value in pairs if isinstance(value, str)]


def check_answer(response, url: str, sent: list[str]) -> None:
    """A redirect on the site, or a page of ours that says what is wrong with what was sent."""
    status = response.status_code
    assert status < 500
    if status in (301, 302, 303):
        assert_stays_on_site(response.location)
        return
    assert response.mimetype == "text/html", (status, response.mimetype)
    html = response.get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("main h1"), f"{status} is not one of our pages"
    assert_no_script_from_user(html, sent, soup)
    summary = soup.select_one(".govuk-error-summary")
    explained = summary is not None and summary.get_text().strip()
    if status != 200:
        # Objects a form acts on can be gone after an earlier example (a link used, an item
        # removed); those pages explain themselves. Anything else refused must say why.
        assert status in (400, 404, 410, 429), status
        assert explained or status in (404, 410), f"{status} without an error summary"
        return
    if _posts_to(soup, url):
        assert explained, "the form came back without saying what to correct"


@pytest.fixture(autouse=True)
def _no_rate_limits(app, monkeypatch):
    """Hundreds of posts in a test are fuzzing, not abuse: lift every per-action limit."""
    for name in [name for name in app.config if name.endswith("_RATE_LIMIT")]:
        monkeypatch.setitem(app.config, name, "100000 per minute")
    limiter.reset()


@pytest.mark.parametrize("endpoint", endpoints("POST"))
def test_every_form_survives_hostile_input(app, db, signed_in_as, endpoint):
    rule, arguments = rule_of(endpoint, "POST")
    access_rule = app.view_functions[endpoint].access_rule

    def open_form():
        """A client allowed to post, the form's URL, its CSRF token and its fields."""
        client, objects = sign_in_for(access_rule, app, db, signed_in_as)
        objects.prepare(endpoint)
        args = objects.url_args(endpoint) if arguments else {}
        url = build_url(rule, args)
        page = objects.form_page(endpoint, url, args)
        return client, objects, url, *_fields(_form_on(parse(client.get(page)), page, url))

    client, objects, url, csrf, fields = open_form()

    @fuzz_settings(max_examples=20)
    @given(pairs=form_data(fields))
    def post(pairs):
        nonlocal client, objects, url, csrf
        if endpoint in ENDS_THE_SESSION:
            # A deleted account's id can be used again, so forget the rows loaded before.
            db.expunge_all()
            client, objects, url, csrf, _fields_again = open_form()
        elif arguments:
            # A fresh object each time: an earlier example may have published or withdrawn it.
            url = build_url(rule, objects.url_args(endpoint))
        note(f"posted {pairs!r}")
        response = client.post(url, data=MultiDict([("csrf_token", csrf), *pairs]))
        check_answer(response, url, _texts(pairs))

    post()


# Fields that once took text of only spaces: most stored a blank, and a contribution's title or
# body, or a comment, crashed the domain check behind the form.
BLANK_CASES = [
    (
        "/contribute",
        Role.WORKER,
        {"challenge": "1", "title": " \t", "body": "Fine."},
        "Enter a title",
    ),
    (
        "/contribute",
        Role.WORKER,
        {"challenge": "1", "title": "Fine", "body": "\n\u3000 "},
        "Tell us what it is like",
    ),
    (
        "/admin/rounds/new",
        Role.ADMIN,
        {
            "challenge": "1",
            "title": "  ",
            "question": "Why?",
            "opens_on": "2026-01-01",
            "closes_on": "2026-01-31",
        },
        "Enter a title",
    ),
    (
        "/admin/rounds/new",
        Role.ADMIN,
        {
            "challenge": "1",
            "title": "Pay",
            "question": " ",
            "opens_on": "2026-01-01",
            "closes_on": "2026-01-31",
        },
        "Enter the question",
    ),
    ("/admin/unions", Role.ADMIN, {"name": "   "}, "Enter the union's name"),
    (
        "/digests/new",
        Role.ANALYST,
        {
            "title": " ",
            "period_kind": "month",
            "period": "2026-10",
            "audience": "public",
            "preview": "y",
        },
        "Enter a title",
    ),
]


@pytest.mark.parametrize(("url", "role", "data", "message"), BLANK_CASES)
def test_text_of_only_spaces_is_refused_with_a_message(signed_in_as, url, role, data, message):
    client = signed_in_as(role)
    form_url = "/admin/branches" if url == "/admin/unions" else url
    soup = parse(submit_form(client, url, data, form_url=form_url))
    assert message in error_summary(soup)


def test_a_comment_of_only_spaces_is_refused_with_a_message(db, signed_in_as):
    client = signed_in_as(Role.WORKER)
    url = f"/contributions/{create_contribution(db, publish=True).public_id}"
    soup = parse(submit_form(client, f"{url}/comments", {"body": " \n "}, form_url=url))
    assert error_summary(soup) == ["Enter your comment"]


def test_a_branch_name_of_only_spaces_is_refused_with_a_message(db, signed_in_as):
    union_id = make_branch(db).union_id
    data = {"union": str(union_id), "name": "\t", "region": "london"}
    soup = parse(submit_form(signed_in_as(Role.ADMIN), "/admin/branches", data))
    assert error_summary(soup) == ["Enter the branch's name"]


def test_a_union_name_already_taken_is_refused_with_a_message(db, signed_in_as):
    admin = signed_in_as(Role.ADMIN)
    assert (
        submit_form(admin, "/admin/unions", {"name": "GMB"}, "/admin/branches").status_code == 302
    )
    soup = parse(submit_form(admin, "/admin/unions", {"name": " GMB "}, "/admin/branches"))
    assert error_summary(soup) == ["There is already a union with that name"]
    assert [union.name for union in db.query(Union)] == ["GMB"]


def test_unions_whose_long_names_begin_alike_are_both_added(db, signed_in_as):
    # Their slugs share the first 40 characters, where the random ending used to be cut off.
    admin = signed_in_as(Role.ADMIN)
    names = [
        f"Chartered Society of Physiotherapy in England, {side}" for side in ("North", "South")
    ]
    for name in names:
        response = submit_form(admin, "/admin/unions", {"name": name}, "/admin/branches")
        assert response.status_code == 302
    assert sorted(union.name for union in db.query(Union)) == names


# A NUL never reaches a view: see test_a_nul_in_a_form_is_refused_with_a_message.
LEAVING_TARGETS = [target for target in REDIRECT_TARGETS if "\x00" not in target]


@pytest.mark.parametrize("target", LEAVING_TARGETS)
def test_endorsing_returns_only_to_a_page_on_this_site(db, signed_in_as, target):
    client = signed_in_as(Role.WORKER)
    url = f"/contributions/{create_contribution(db, publish=True).public_id}"
    response = submit_form(client, f"{url}/endorse", {"next": target}, form_url=url)
    assert response.location == url


@pytest.mark.parametrize("target", LEAVING_TARGETS)
def test_signing_in_goes_on_only_to_a_page_on_this_site(app, db, target):
    # A newline in "next" broke the Location header (a 500); a tab led off the site.
    email = create_account(db).user.email
    data = {"email": email, "password": PASSWORD, "next": target}
    response = submit_form(app.test_client(), "/account/sign-in", data)
    assert response.status_code == 302
    assert_stays_on_site(response.location)


def test_a_nul_in_a_form_is_refused_with_a_message_and_nothing_is_stored(db, signed_in_as):
    data = {"challenge": "1", "title": "Breaks\x00", "body": "We get no breaks."}
    response = submit_form(signed_in_as(Role.WORKER), "/contribute", data)
    assert "null character" in " ".join(error_summary(parse(response, 400)))
    assert db.query(Contribution).count() == 0


@pytest.mark.parametrize(
    ("kind", "period"),
    [
        ("custom", "0001-01-01..0001-01-31"),
        ("custom", "9999-12-01..9999-12-31"),
        ("week", "0001-W01"),
        ("week", "9999-W52"),
        ("month", "0001-01"),
        ("quarter", "0001-Q1"),
    ],
)
def test_a_digest_period_at_the_ends_of_the_calendar_is_refused_with_a_message(
    signed_in_as, kind, period
):
    # Building one counted the period before it, or the day after: dates that do not exist.
    selects = dict.fromkeys(("challenge", "round", "sector", "staff_group", "region", "union"), "")
    data = {**selects, "title": "T", "period_kind": kind, "period": period, "audience": "public"}
    soup = parse(submit_form(signed_in_as(Role.ANALYST), "/digests/new", {**data, "preview": "y"}))
    assert error_summary(soup)[0].startswith("Enter the period like")
