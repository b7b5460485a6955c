from challenges.models import Contribution, Kind, Role, Status
from tests.fixtures.accounts import create_contribution
from tests.fixtures.pages import error_summary, parse, submit_form, text_of
from tests.fixtures.rounds import make_round


def _page(client, contribution):
    return parse(client.get(f"/contributions/{contribution.public_id}"))


def test_endorsing_and_taking_back_from_the_contribution_page(db, signed_in_as):
    contribution = create_contribution(db, publish=True)
    person = signed_in_as(Role.WORKER)
    url = f"/contributions/{contribution.public_id}"
    submit_form(person, f"{url}/endorse", {}, form_url=url)
    soup = _page(person, contribution)
    assert "1 person says this matters" in text_of(soup.select_one(".app-counts"))
    assert "Take back" in text_of(soup.select_one("main form button"))
    submit_form(person, f"{url}/endorse", {}, form_url=url)
    db.refresh(contribution)
    assert contribution.endorsement_count == 1
    submit_form(person, f"{url}/endorse/remove", {}, form_url=url)
    db.refresh(contribution)
    assert contribution.endorsement_count == 0


def test_counts_show_on_listings(db, signed_in_as, client):
    contribution = create_contribution(db, publish=True, challenge_number=5)
    person = signed_in_as(Role.WORKER)
    url = f"/contributions/{contribution.public_id}"
    submit_form(person, f"{url}/endorse", {}, form_url=url)
    soup = parse(client.get("/challenges/basics-right"))
    assert "1 person says this matters · 0 comments" in text_of(soup.select_one(".app-counts"))


def test_a_comment_goes_to_moderation_then_shows_and_the_author_hears(db, signed_in_as, client):
    author = signed_in_as(Role.WORKER)
    contribution = create_contribution(db, author=author.account, publish=True)
    commenter = signed_in_as(Role.WORKER)
    url = f"/contributions/{contribution.public_id}"
    response = submit_form(commenter, f"{url}/comments", {"body": "Same here."}, form_url=url)
    assert response.location == url
    comment = db.query(Contribution).filter_by(kind=Kind.COMMENT).one()
    assert comment.status is Status.PENDING
    assert "Same here." not in text_of(_page(client, contribution))
    moderator = signed_in_as(Role.MODERATOR)
    decide = f"/moderate/{comment.public_id}"
    submit_form(moderator, f"{decide}/publish", {"criticality": "0"}, form_url=decide)
    assert "Same here." in text_of(_page(client, contribution).select_one("#comments ~ ul"))
    inbox = text_of(parse(author.get("/my-contributions")).select_one(".app-inbox"))
    assert "new comment" in inbox


def test_comments_are_screened_like_contributions(db, signed_in_as):
    contribution = create_contribution(db, publish=True)
    commenter = signed_in_as(Role.WORKER)
    url = f"/contributions/{contribution.public_id}"
    soup = parse(
        submit_form(commenter, f"{url}/comments", {"body": "Call 07700 900123"}, form_url=url)
    )
    assert "phone number" in text_of(soup.select_one("#screening-warning"))
    assert db.query(Contribution).filter_by(kind=Kind.COMMENT).count() == 0
    soup = parse(submit_form(commenter, f"{url}/comments", {"body": ""}, form_url=url))
    assert error_summary(soup) == ["Enter your comment"]


def test_answering_an_open_round_and_its_page(db, signed_in_as, client):
    round_ = make_round(db)
    home = text_of(parse(client.get("/")))
    assert round_.title in home
    worker = signed_in_as(Role.WORKER)
    form_url = f"/contribute?round={round_.slug}"
    soup = parse(worker.get(form_url))
    assert soup.select_one("input[name=challenge][value='5']").has_attr("checked")
    data = {"challenge": "5", "title": "No breaks", "body": "Never.", "round": round_.slug}
    submit_form(worker, "/contribute", data, form_url=form_url)
    answer = db.query(Contribution).one()
    assert answer.round_id == round_.id
    page = text_of(parse(client.get(f"/rounds/{round_.slug}")))
    assert "Open" in page and "0 published answers" in page


def test_a_closed_round_turns_answers_away(db, signed_in_as, client):
    round_ = make_round(db, opens_in_days=-30, lasts_days=7)
    worker = signed_in_as(Role.WORKER)
    assert worker.get(f"/contribute?round={round_.slug}").location == f"/rounds/{round_.slug}"
    page = text_of(parse(client.get(f"/rounds/{round_.slug}")))
    assert "accepts no new answers" in page


def test_admins_create_rounds_with_errors_shown(db, signed_in_as):
    admin = signed_in_as(Role.ADMIN)
    soup = parse(
        submit_form(
            admin,
            "/admin/rounds/new",
            {
                "challenge": "3",
                "title": "Training time",
                "question": "Do you get it?",
                "opens_on": "2026-12-10",
                "closes_on": "2026-12-01",
            },
        )
    )
    assert error_summary(soup) == ["The closing date must be the same as or after the opening date"]
    response = submit_form(
        admin,
        "/admin/rounds/new",
        {
            "challenge": "3",
            "title": "Training time",
            "question": "Do you get it?",
            "opens_on": "2026-12-01",
            "closes_on": "2026-12-10",
        },
    )
    assert response.location == "/admin/rounds"
    assert "Training time" in text_of(parse(admin.get("/admin/rounds")))


def test_the_same_comment_form_sent_twice_is_stored_once(db, signed_in_as):
    published = create_contribution(db, publish=True)
    client = signed_in_as(Role.WORKER)
    page = parse(client.get(f"/contributions/{published.public_id}"))
    form = {
        name: page.select_one(f"form input[name={name}]")["value"]
        for name in ("csrf_token", "submission")
    }
    url = f"/contributions/{published.public_id}/comments"
    for _ in range(2):
        assert client.post(url, data={**form, "body": "Same here."}).status_code == 302
    assert db.query(Contribution).filter_by(kind=Kind.COMMENT).count() == 1
