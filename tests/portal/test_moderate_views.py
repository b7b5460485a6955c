from challenges.models import AuditEvent, Role, Status
from tests.fixtures.accounts import create_account, create_contribution
from tests.fixtures.pages import error_summary, parse, submit_form, text_of


def test_the_queue_lists_pending_items_oldest_first(db, signed_in_as):
    first = create_contribution(db, title="First in")
    second = create_contribution(db, title="Second in")
    create_contribution(db, title="Already out", publish=True)
    soup = parse(signed_in_as(Role.MODERATOR).get("/moderate/"))
    titles = [text_of(link) for link in soup.select("table a")]
    assert titles == [first.title, second.title]


def test_a_moderator_publishes_and_it_becomes_public(db, signed_in_as, client):
    contribution = create_contribution(db)
    moderator = signed_in_as(Role.MODERATOR)
    url = f"/moderate/{contribution.public_id}"
    assert submit_form(moderator, url, {"decision": "publish"}).location == "/moderate/"
    assert client.get(f"/contributions/{contribution.public_id}").status_code == 200
    event = db.query(AuditEvent).filter_by(action="publish").one()
    assert event.actor_user_id == moderator.account.user.id


def test_rejecting_without_a_reason_is_an_error(db, signed_in_as):
    contribution = create_contribution(db)
    moderator = signed_in_as(Role.MODERATOR)
    soup = parse(
        submit_form(moderator, f"/moderate/{contribution.public_id}", {"decision": "reject"})
    )
    assert error_summary(soup) == ["Enter a reason for rejecting"]
    db.refresh(contribution)
    assert contribution.status is Status.PENDING


def test_a_second_moderator_is_told_it_is_already_decided(db, signed_in_as):
    contribution = create_contribution(db)
    url = f"/moderate/{contribution.public_id}"
    first, second = signed_in_as(Role.MODERATOR), signed_in_as(Role.MODERATOR)
    token = parse(second.get(url)).select_one("input[name=csrf_token]")["value"]
    submit_form(first, url, {"decision": "publish"})
    response = second.post(
        url, data={"csrf_token": token, "decision": "reject", "reason": "x"}, follow_redirects=True
    )
    assert "already decided" in text_of(parse(response))
    db.refresh(contribution)
    assert contribution.status is Status.PUBLISHED


def test_moderator_pages_never_show_anything_about_the_author(db, signed_in_as):
    author = create_account(db, email="secret.author@example.org")
    contribution = create_contribution(db, author=author)
    moderator = signed_in_as(Role.MODERATOR)
    for url in ("/moderate/", f"/moderate/{contribution.public_id}"):
        assert "secret.author" not in moderator.get(url).get_data(as_text=True)
