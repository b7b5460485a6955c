from datetime import datetime, timedelta

import pytest
from flask import render_template_string
from sqlalchemy import func, select

from challenges.lifecycle import Actor
from challenges.models import AuditEvent, Response, Role
from challenges.responses import ResponseDraft, publish_response
from tests.fixtures.accounts import create_contribution
from tests.fixtures.pages import error_summary, parse, submit_form, text_of
from tests.fixtures.rounds import make_round

NEW = "/you-said-we-did/new"
FILLED = {
    "title": "More protected learning time",
    "challenge": "3",
    "round_id": "",
    "heard": "Training is cancelled when wards are short.",
    "change": "Trusts will ring-fence two study days a year.",
    "timescale": "From April 2026",
    "contribution_ids": "",
}


def _publish(db, title="Study days", challenge_number=3, **overrides) -> Response:
    draft = ResponseDraft(
        title=title,
        heard="What we heard.",
        change="What will change.",
        timescale="Soon",
        challenge_number=challenge_number,
        **overrides,
    )
    response = publish_response(db, Actor(role=Role.ANALYST), draft)
    db.commit()
    return response


def test_an_analyst_publishes_a_response_linked_to_contributions(db, signed_in_as, client):
    first, second = (create_contribution(db, publish=True) for _ in range(2))
    analyst = signed_in_as(Role.ANALYST)
    ids = f"{first.public_id}\n{second.public_id}, {first.public_id}"
    response = submit_form(analyst, NEW, {**FILLED, "contribution_ids": ids})
    stored = db.scalars(select(Response)).one()
    assert response.location == f"/you-said-we-did/{stored.public_id}"
    page = parse(analyst.get(response.location))
    assert "Response published." in text_of(page.select_one(".govuk-notification-banner"))
    main = text_of(page.select_one("main"))
    for text in FILLED["heard"], FILLED["change"], FILLED["timescale"], "3. Having access":
        assert text in main
    assert len(page.select(".app-answered a")) == 2
    audit = db.scalars(select(AuditEvent).where(AuditEvent.action == "publish_response")).one()
    assert audit.actor_user_id == analyst.account.user.id
    assert client.get(f"/you-said-we-did/{stored.public_id}").status_code == 200


def test_the_author_of_a_linked_contribution_reads_about_it_in_their_inbox(db, signed_in_as):
    author = signed_in_as(Role.WORKER)
    contribution = create_contribution(db, author=author.account, publish=True)
    submit_form(
        signed_in_as(Role.ADMIN), NEW, {**FILLED, "contribution_ids": contribution.public_id}
    )
    inbox = text_of(parse(author.get("/my-contributions")).select_one(".app-inbox"))
    assert f"“{FILLED['title']}”" in inbox and "You said, we did" in inbox


@pytest.mark.parametrize("role", [Role.WORKER, Role.BRANCH_REP, Role.MODERATOR])
def test_only_analysts_and_admins_may_publish(db, signed_in_as, role):
    client = signed_in_as(role)
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, data=FILLED).status_code == 403
    assert db.scalar(select(func.count()).select_from(Response)) == 0


def test_missing_answers_re_render_with_an_error_summary(signed_in_as):
    soup = parse(submit_form(signed_in_as(Role.ANALYST), NEW, {"title": "Kept as typed"}))
    assert error_summary(soup) == [
        "Enter what we heard",
        "Enter what will change",
        "Enter when it will change",
        "Choose a challenge or a round, or enter the contributions this answers",
    ]
    assert soup.select_one("input[name=title]")["value"] == "Kept as typed"
    assert soup.title.text.startswith("Error: ")


def test_unknown_or_unpublished_contribution_ids_are_named_in_the_error(db, signed_in_as):
    pending = create_contribution(db)
    ids = f"{pending.public_id}, made-up-id"
    soup = parse(submit_form(signed_in_as(Role.ANALYST), NEW, {**FILLED, "contribution_ids": ids}))
    assert error_summary(soup) == [
        f"There are no published contributions with the ids {pending.public_id}, made-up-id"
    ]
    assert soup.select_one("textarea[name=contribution_ids]").text.strip() == ids
    assert db.scalar(select(func.count()).select_from(Response)) == 0


def test_rounds_are_offered_and_must_match_the_challenge(db, signed_in_as):
    breaks = make_round(db, challenge_number=5, title="Breaks on long shifts")
    analyst = signed_in_as(Role.ANALYST)
    options = parse(analyst.get(NEW)).select("select[name=round_id] option")
    assert [text_of(o) for o in options] == ["No round", "Breaks on long shifts (challenge 5)"]
    soup = parse(submit_form(analyst, NEW, {**FILLED, "round_id": str(breaks.id)}))
    assert error_summary(soup) == [
        "That round is under challenge 5: choose challenge 5 or “Not about one challenge”"
    ]
    submit_form(analyst, NEW, {**FILLED, "challenge": "", "round_id": str(breaks.id)})
    assert db.scalars(select(Response)).one().challenge_number == 5


def test_the_list_pages_newest_first_and_links_to_its_feed(db, client):
    for n in range(21):
        response = _publish(db, title=f"Response {n}")
        response.published_at = datetime(2025, 1, 1) + timedelta(days=n)
    db.commit()
    first = parse(client.get("/you-said-we-did/"))
    titles = [text_of(a) for a in first.select(".app-contribution-list h2 a")]
    assert titles[:2] == ["Response 20", "Response 19"] and len(titles) == 20
    second = parse(client.get(first.select_one(".govuk-pagination__next a")["href"]))
    assert [text_of(a) for a in second.select(".app-contribution-list h2 a")] == ["Response 0"]
    assert first.select_one("link[type='application/atom+xml']")["href"] == (
        "/you-said-we-did/feed.atom"
    )


def test_the_list_offers_publishing_only_to_analysts_and_admins(signed_in_as, client):
    assert parse(signed_in_as(Role.ANALYST).get("/you-said-we-did/")).select_one(f"a[href='{NEW}']")
    assert not parse(client.get("/you-said-we-did/")).select_one(f"a[href='{NEW}']")


def test_an_unknown_response_is_not_found(client, db):
    assert client.get("/you-said-we-did/no-such-id").status_code == 404


def _summaries(app, responses) -> str:
    template = (
        '{% from "responses/macros.html" import response_summaries %}'
        '{{ response_summaries(responses, "What we are doing about it") }}'
    )
    with app.test_request_context():
        return render_template_string(template, responses=responses)


def test_the_summaries_macro_links_each_response_and_is_silent_without_any(app, db):
    response = _publish(db, title="Study <days> & more")
    html = _summaries(app, [response])
    assert "What we are doing about it" in html
    assert f'href="/you-said-we-did/{response.public_id}"' in html
    assert "Study &lt;days&gt; &amp; more" in html
    assert _summaries(app, []).strip() == ""
