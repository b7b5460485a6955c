"""Script payloads sent through the forms come back only as text, wherever they are shown.

Each case posts payloads through real forms, as the people who would type them, gets them
published where publishing is a step, and reads every page that shows them: a payload must be
visible there as text, never as markup (no script element, handler or javascript: URL from it,
and never the payload's raw characters in the HTML). Examples here take a second or so each, so
a failure is reported as found, without shrinking.
"""

import itertools
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from challenges.catalogue import CHALLENGES
from challenges.house_rules import HOUSE_RULES
from challenges.models import Branch, Contribution, Role, Round, Union
from portal.rate_limits import limiter
from tests.fixtures.accounts import create_contribution
from tests.fixtures.hostile import MARKER, assert_no_script_from_user, fuzz_settings, script_text
from tests.fixtures.pages import csrf_token_from, submit_form, text_of

ATOM = "{http://www.w3.org/2005/Atom}"
_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _no_rate_limits(app, monkeypatch):
    for name in [name for name in app.config if name.endswith("_RATE_LIMIT")]:
        monkeypatch.setitem(app.config, name, "100000 per minute")
    limiter.reset()


def _send(client, url: str, data: dict, form_url: str | None = None):
    """Submit a form; send it again as it is if it warns about identifying details first."""
    response = submit_form(client, url, data, form_url)
    if response.status_code == 200:
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        warned = soup.select_one("input[name=warned_fingerprint]")
        if soup.select_one("#screening-warning") and warned is not None:
            response = submit_form(client, url, {**data, "warned_fingerprint": warned["value"]})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return response


def _publish(moderator, public_id: str):
    url = f"/moderate/{public_id}"
    _send(moderator, f"{url}/publish", {"criticality": "0"}, form_url=url)


def assert_shown_as_text(client, url: str, payloads: list[str]):
    """The page shows each payload as text, and none of them as markup."""
    response = client.get(url)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:2000]
    soup = BeautifulSoup(html, "html.parser")
    assert_no_script_from_user(html, payloads, soup)
    shown = text_of(soup)
    for payload in payloads:
        assert " ".join(payload.split()) in shown, f"{payload!r} is not on {url}"


def assert_feed_carries_text(client, url: str, payloads: list[str]):
    response = client.get(url)
    xml = response.get_data(as_text=True)
    for payload in payloads:
        if "<" in payload or "&" in payload:
            assert payload not in xml, f"{payload!r} is raw in {url}"
    feed = ET.fromstring(xml)  # noqa: S314 -- our own output, not untrusted input
    assert not list(feed.iter(f"{ATOM}script"))
    texts = [" ".join((element.text or "").split()) for element in feed.iter()]
    for payload in payloads:
        assert any(" ".join(payload.split()) in text for text in texts), payload


def _latest(db, **filters) -> Contribution:
    db.expire_all()
    return db.query(Contribution).filter_by(**filters).order_by(Contribution.id.desc()).first()


@pytest.fixture
def people(signed_in_as):
    roles = (Role.WORKER, Role.MODERATOR, Role.ADMIN, Role.ANALYST)
    return {role: signed_in_as(role) for role in roles}


def test_contributions_and_comments(app, db, people):
    worker, moderator = people[Role.WORKER], people[Role.MODERATOR]
    challenge = CHALLENGES[0]

    @fuzz_settings(max_examples=6, shrink=False)
    @given(title=script_text, body=script_text, comment=script_text)
    def post(title, body, comment):
        data = {"challenge": str(challenge.number), "title": title, "body": body}
        _send(worker, "/contribute", data)
        public_id = _latest(db, title=title).public_id
        assert_shown_as_text(moderator, f"/moderate/{public_id}", [title, body])
        _publish(moderator, public_id)
        page = f"/contributions/{public_id}"
        _send(worker, f"{page}/comments", {"body": comment}, form_url=page)
        _publish(moderator, _latest(db, parent_id=_latest(db, title=title).id).public_id)
        for client in (app.test_client(), worker):
            assert_shown_as_text(client, page, [title, body, comment])
        assert_shown_as_text(worker, f"/challenges/{challenge.slug}", [title])
        assert_shown_as_text(worker, "/my-contributions", [title])
        search = worker.get(f"/search?q={MARKER}").get_data(as_text=True)
        assert_no_script_from_user(search, [title, body, comment])
        assert_feed_carries_text(worker, f"/challenges/{challenge.slug}/feed.atom", [title])

    post()


def test_reports_and_rejection_notes(db, people):
    worker, moderator = people[Role.WORKER], people[Role.MODERATOR]
    rule = HOUSE_RULES[0].code

    @fuzz_settings(max_examples=5, shrink=False)
    @given(detail=script_text, note=script_text)
    def post(detail, note):
        published = create_contribution(db, publish=True).public_id
        page = f"/contributions/{published}/report"
        _send(worker, page, {"reason": "other", "detail": detail})
        assert_shown_as_text(moderator, f"/moderate/{published}", [detail])
        own = create_contribution(db, author=worker.account, title=f"Mine {next(_numbers)}")
        url = f"/moderate/{own.public_id}"
        _send(moderator, f"{url}/reject", {"rule": rule, "note": note}, form_url=url)
        assert_shown_as_text(worker, "/my-contributions", [note])

    post()


def test_rounds(db, people):
    admin, worker = people[Role.ADMIN], people[Role.WORKER]

    @fuzz_settings(max_examples=5, shrink=False)
    @given(title=script_text, question=script_text, background=script_text)
    def post(title, question, background):
        data = {
            "challenge": "2",
            "title": title,
            "question": question,
            "background": background,
            "opens_on": "2000-01-01",
            "closes_on": "2999-12-31",
        }
        _send(admin, "/admin/rounds/new", data)
        assert_shown_as_text(admin, "/admin/rounds", [title])
        slug = db.query(Round).filter_by(title=title).order_by(Round.id.desc()).first().slug
        assert_shown_as_text(worker, f"/rounds/{slug}", [title, question, background])
        assert_shown_as_text(worker, f"/contribute?round={slug}", [title, question])
        assert_shown_as_text(worker, "/", [title])

    post()


def test_unions_branches_and_campaigns(app, db, people, signed_in_as):
    admin = people[Role.ADMIN]

    @fuzz_settings(max_examples=5, shrink=False)
    @given(union=script_text, branch=script_text, message=script_text)
    def post(union, branch, message):
        union = f"{union} {next(_numbers)}"  # names of unions are unique
        _send(admin, "/admin/unions", {"name": union}, form_url="/admin/branches")
        union_id = db.query(Union).filter_by(name=union).one().id
        data = {"union": str(union_id), "name": branch, "region": "london"}
        _send(admin, "/admin/branches", data)
        assert_shown_as_text(admin, "/admin/branches", [union, branch])
        made = db.query(Branch).filter_by(union_id=union_id).one()
        rep = signed_in_as(Role.WORKER)
        invite = {"branch": str(made.id), "email": rep.account.user.email}
        _send(admin, "/admin/branches/invite", invite, form_url="/admin/branches")
        _send(rep, f"/branch/{made.slug}/campaign", {"message": message})
        assert_shown_as_text(app.test_client(), f"/b/{made.slug}", [union, branch, message])
        assert_shown_as_text(rep, f"/branch/{made.slug}/toolkit", [branch, message])

    post()


def test_responses(app, people):
    analyst = people[Role.ANALYST]

    @fuzz_settings(max_examples=5, shrink=False)
    @given(texts=st.lists(script_text, min_size=4, max_size=4))
    def post(texts):
        title, heard, change, timescale = texts
        data = {"title": title, "challenge": "3", "round_id": ""}
        data.update(heard=heard, change=change, timescale=timescale, contribution_ids="")
        response = _send(analyst, "/you-said-we-did/new", data)
        reader = app.test_client()
        assert_shown_as_text(reader, response.location, texts)
        assert_shown_as_text(reader, "/you-said-we-did/", [title])
        assert_feed_carries_text(reader, "/you-said-we-did/feed.atom", [title])

    post()


def test_api_token_names(people):
    analyst = people[Role.ANALYST]

    @fuzz_settings(max_examples=5, shrink=False)
    @given(name=script_text)
    def post(name):
        response = _send(analyst, "/analyst/api-tokens/new", {"name": name, "valid_days": "30"})
        assert_shown_as_text(analyst, response.location, [name])
        assert_shown_as_text(analyst, "/analyst/api-tokens/", [name])

    post()


def test_digest_titles(app, people):
    analyst = people[Role.ANALYST]
    month = "2026-01"

    @fuzz_settings(max_examples=4, shrink=False)
    @given(title=script_text)
    def post(title):
        selects = dict.fromkeys(
            ("challenge", "round", "sector", "staff_group", "region", "union"), ""
        )
        data = {**selects, "title": title, "period_kind": "month", "period": month}
        response = _send(analyst, "/digests/new", {**data, "audience": "public", "save": "y"})
        page = response.location
        csrf = csrf_token_from(analyst, page)
        assert analyst.post(f"{page}/publish", data={"csrf_token": csrf}).status_code == 302
        reader = app.test_client()
        assert_shown_as_text(reader, page, [title])
        assert_shown_as_text(reader, f"{page}/print", [title])
        assert_shown_as_text(reader, "/digests/", [title])

    post()
