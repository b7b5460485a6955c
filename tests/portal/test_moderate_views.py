import pytest

from challenges.models import AuditEvent, Role, Status
from challenges.reports import report_contribution
from tests.fixtures.accounts import create_account, create_contribution
from tests.fixtures.pages import error_summary, parse, submit_form, text_of

PHONE_BODY = "The rota line is 07700 900123 and it rings out every time."


def _decide_url(contribution, action=""):
    return f"/moderate/{contribution.public_id}" + (f"/{action}" if action else "")


def _post(client, contribution, action, data):
    return submit_form(
        client, _decide_url(contribution, action), data, form_url=_decide_url(contribution)
    )


def test_the_queue_lists_pending_items_oldest_first_with_their_age(db, signed_in_as):
    first = create_contribution(db, title="First in")
    second = create_contribution(db, title="Second in")
    create_contribution(db, title="Already out", publish=True)
    soup = parse(signed_in_as(Role.MODERATOR).get("/moderate/"))
    rows = soup.select("tbody tr")
    assert [text_of(row.select_one("a")) for row in rows] == [first.title, second.title]
    assert "under an hour" in text_of(rows[0])
    assert text_of(soup.select_one("#count-pending")) == "2"


def test_the_queue_filters_by_label(db, signed_in_as):
    create_contribution(db, title="Plain")
    create_contribution(db, title="Has a phone", body=PHONE_BODY)
    soup = parse(signed_in_as(Role.MODERATOR).get("/moderate/?label=identifying"))
    assert [text_of(a) for a in soup.select("tbody a")] == ["Has a phone"]
    assert "Identifying details" in text_of(soup.select_one("tbody"))


def test_a_moderator_publishes_with_a_criticality_and_it_becomes_public(db, signed_in_as, client):
    contribution = create_contribution(db)
    moderator = signed_in_as(Role.MODERATOR)
    response = _post(moderator, contribution, "publish", {"criticality": "3"})
    assert response.location == "/moderate/"
    assert client.get(f"/contributions/{contribution.public_id}").status_code == 200
    db.refresh(contribution)
    assert contribution.criticality == 3
    assert (
        "criticality"
        not in client.get(f"/contributions/{contribution.public_id}").get_data(as_text=True).lower()
    )
    event = db.query(AuditEvent).filter_by(action="publish").one()
    assert event.actor_user_id == moderator.account.user.id


def test_publishing_without_a_criticality_is_an_error(db, signed_in_as):
    contribution = create_contribution(db)
    soup = parse(_post(signed_in_as(Role.MODERATOR), contribution, "publish", {}))
    assert error_summary(soup) == ["Choose a criticality from 0 to 5"]


def test_detected_details_are_offered_ticked_and_redacted_on_publish(db, signed_in_as, client):
    contribution = create_contribution(db, body=PHONE_BODY)
    moderator = signed_in_as(Role.MODERATOR)
    soup = parse(moderator.get(_decide_url(contribution)))
    box = soup.select_one("input[name=removals]")
    assert box.has_attr("checked") and "07700 900123" in text_of(box.find_parent("div"))
    _post(moderator, contribution, "publish", {"criticality": "1", "removals": box["value"]})
    page = client.get(f"/contributions/{contribution.public_id}").get_data(as_text=True)
    assert "[phone number removed]" in page and "07700" not in page


def test_rejecting_needs_a_house_rule_and_the_author_sees_why(db, signed_in_as):
    author = signed_in_as(Role.WORKER)
    contribution = create_contribution(db, author=author.account)
    moderator = signed_in_as(Role.MODERATOR)
    soup = parse(_post(moderator, contribution, "reject", {}))
    assert error_summary(soup) == ["Choose the house rule it breaks"]
    _post(moderator, contribution, "reject", {"rule": "off-topic", "note": "Try challenge 5."})
    inbox = text_of(parse(author.get("/my-contributions")).select_one(".app-inbox"))
    assert "Stay on the topic of working life" in inbox and "Try challenge 5." in inbox
    assert parse(author.get("/my-contributions")).select_one(".app-inbox a[href='/house-rules']")


def test_moving_an_item_to_another_challenge(db, signed_in_as):
    contribution = create_contribution(db, challenge_number=1)
    _post(signed_in_as(Role.MODERATOR), contribution, "move", {"challenge": "4"})
    db.refresh(contribution)
    assert contribution.challenge_number == 4


def test_a_second_moderator_is_told_it_is_already_decided(db, signed_in_as):
    contribution = create_contribution(db)
    first, second = signed_in_as(Role.MODERATOR), signed_in_as(Role.MODERATOR)
    token = parse(second.get(_decide_url(contribution))).select_one("input[name=csrf_token]")[
        "value"
    ]
    _post(first, contribution, "publish", {"criticality": "0"})
    response = second.post(
        _decide_url(contribution, "reject"),
        data={"csrf_token": token, "rule": "off-topic"},
        follow_redirects=True,
    )
    assert "already decided" in text_of(parse(response))
    db.refresh(contribution)
    assert contribution.status is Status.PUBLISHED


def test_reported_items_can_be_resolved(db, signed_in_as):
    contribution = create_contribution(db, publish=True)
    for _ in range(3):
        report_contribution(db, create_account(db), contribution, "personal-attack", None, 3)
    db.commit()
    moderator = signed_in_as(Role.MODERATOR)
    soup = parse(moderator.get("/moderate/?label=reported"))
    assert [text_of(a) for a in soup.select("tbody a")] == [contribution.title]
    _post(moderator, contribution, "resolve", {"outcome": "keep"})
    db.refresh(contribution)
    assert (contribution.status, contribution.report_count) == (Status.PUBLISHED, 0)


def _moderator_pages(contribution):
    return [
        "/moderate/",
        "/moderate/?label=safeguarding",
        "/moderate/?label=identifying",
        "/moderate/?label=reported",
        _decide_url(contribution),
    ]


@pytest.mark.parametrize("published", [False, True])
def test_moderator_pages_never_show_anything_about_the_author(db, signed_in_as, published):
    author = create_account(db, email="secret.author@example.org")
    contribution = create_contribution(db, author=author, publish=published, body=PHONE_BODY)
    if published:
        report_contribution(db, create_account(db), contribution, "identifies-someone", None, 3)
        db.commit()
    moderator = signed_in_as(Role.MODERATOR)
    identifying = [
        author.user.email,
        "secret.author",
        author.author_secret.hex(),
        author.user.password_hash,
    ]
    for url in _moderator_pages(contribution):
        html = moderator.get(url).get_data(as_text=True)
        assert not [value for value in identifying if value in html], url
