from challenges.models import Contribution, Role, Status
from tests.fixtures.accounts import create_contribution
from tests.fixtures.pages import error_summary, parse, submit_form, text_of

GOOD = {
    "challenge": "5",
    "title": "No time for breaks",
    "body": "On a twelve hour shift we rarely get a proper break.",
    "sector": "nhs",
    "staff_group": "",
    "region": "london",
    "show_facts": "y",
}


def test_a_worker_posts_a_contribution_which_waits_for_moderation(db, signed_in_as):
    client = signed_in_as(Role.WORKER)
    response = submit_form(client, "/contribute", GOOD)
    assert response.location == "/my-contributions"
    stored = db.query(Contribution).one()
    assert (stored.status, stored.challenge_number, stored.sector) == (Status.PENDING, 5, "nhs")
    assert stored.staff_group is None
    mine = parse(client.get("/my-contributions"))
    assert "No time for breaks" in text_of(mine) and "Pending" in text_of(mine)


def test_the_challenge_can_be_chosen_from_its_page(signed_in_as):
    client = signed_in_as(Role.WORKER)
    soup = parse(client.get("/contribute?challenge=basics-right"))
    assert soup.select_one("input[name=challenge][value='5']").has_attr("checked")


def test_bad_input_re_renders_with_errors_and_keeps_the_text(signed_in_as):
    client = signed_in_as(Role.WORKER)
    data = {**GOOD, "challenge": "", "title": "x" * 121}
    soup = parse(submit_form(client, "/contribute", data))
    assert error_summary(soup) == [
        "Choose the challenge this is about",
        "Title must be 120 characters or fewer",
    ]
    assert soup.select_one("textarea[name=body]").text == GOOD["body"]


def test_an_impossible_challenge_number_is_an_error_not_a_crash(signed_in_as):
    client = signed_in_as(Role.WORKER)
    soup = parse(submit_form(client, "/contribute", {**GOOD, "challenge": "99"}))
    assert error_summary(soup) == ["Not a valid choice."]


def test_the_author_edits_while_pending(db, signed_in_as):
    client = signed_in_as(Role.WORKER)
    contribution = create_contribution(db, author=client.account)
    url = f"/my-contributions/{contribution.public_id}/edit"
    assert parse(client.get(url)).select_one("input[name=title]")["value"] == contribution.title
    submit_form(client, url, {**GOOD, "title": "Edited title"})
    db.refresh(contribution)
    assert contribution.title == "Edited title"


def test_published_contributions_can_no_longer_be_edited(db, signed_in_as):
    client = signed_in_as(Role.WORKER)
    contribution = create_contribution(db, author=client.account, publish=True)
    response = client.get(f"/my-contributions/{contribution.public_id}/edit")
    assert response.location == "/my-contributions"


def test_withdrawing_removes_it_from_public_pages(db, signed_in_as, client):
    author = signed_in_as(Role.WORKER)
    contribution = create_contribution(db, author=author.account, publish=True)
    assert client.get(f"/contributions/{contribution.public_id}").status_code == 200
    url = f"/my-contributions/{contribution.public_id}/withdraw"
    assert submit_form(author, url, {}).location == "/my-contributions"
    assert client.get(f"/contributions/{contribution.public_id}").status_code == 404
    assert "Withdrawn" in text_of(parse(author.get("/my-contributions")))


def test_identifying_details_bring_a_warning_before_posting(db, signed_in_as):
    client = signed_in_as(Role.WORKER)
    data = {**GOOD, "body": "Our manager Sarah Jones never lets us take a break."}
    soup = parse(submit_form(client, "/contribute", data))
    warning = text_of(soup.select_one("#screening-warning"))
    assert "name" in warning and "Sarah Jones" in warning
    assert db.query(Contribution).count() == 0
    fingerprint = soup.select_one("input[name=warned_fingerprint]")["value"]
    response = submit_form(client, "/contribute", {**data, "warned_fingerprint": fingerprint})
    assert response.location == "/my-contributions"
    assert db.query(Contribution).one().identifying_found


def test_changing_the_text_after_a_warning_checks_it_again(db, signed_in_as):
    client = signed_in_as(Role.WORKER)
    data = {**GOOD, "body": "Call me on 07700 900123."}
    fingerprint = parse(submit_form(client, "/contribute", data)).select_one(
        "input[name=warned_fingerprint]"
    )["value"]
    changed = {**data, "body": "Email me at someone@example.org", "warned_fingerprint": fingerprint}
    soup = parse(submit_form(client, "/contribute", changed))
    assert "email address" in text_of(soup.select_one("#screening-warning"))


def test_risk_of_harm_shows_where_to_get_help_and_labels_it_safeguarding(db, signed_in_as):
    client = signed_in_as(Role.WORKER)
    data = {**GOOD, "body": "A resident is being abused by a relative and I am scared."}
    soup = parse(submit_form(client, "/contribute", data))
    help_text = text_of(soup.select_one("#help-now"))
    assert "Samaritans" in help_text and "999" in help_text and "Freedom to Speak Up" in help_text
    fingerprint = soup.select_one("input[name=warned_fingerprint]")["value"]
    submit_form(client, "/contribute", {**data, "warned_fingerprint": fingerprint})
    assert db.query(Contribution).one().safeguarding
    assert "Samaritans" in text_of(parse(client.get("/my-contributions")))


def test_the_posting_form_links_to_the_house_rules(signed_in_as, client):
    soup = parse(signed_in_as(Role.WORKER).get("/contribute"))
    assert soup.select_one("main a[href='/house-rules']")
    assert "Do not identify anyone" in text_of(parse(client.get("/house-rules")))


def test_signed_in_people_report_a_published_item_once(db, signed_in_as):
    contribution = create_contribution(db, publish=True)
    reporter = signed_in_as(Role.WORKER)
    url = f"/contributions/{contribution.public_id}/report"
    soup = parse(submit_form(reporter, url, {}))
    assert error_summary(soup) == ["Choose why you are reporting this"]
    submit_form(reporter, url, {"reason": "personal-attack"})
    response = submit_form(reporter, url, {"reason": "personal-attack"})
    assert "already reported" in text_of(parse(reporter.get(response.location)))
    db.refresh(contribution)
    assert contribution.report_count == 1


def test_the_same_form_sent_twice_is_stored_once(db, signed_in_as):
    client = signed_in_as(Role.WORKER)
    page = parse(client.get("/contribute"))
    fields = {
        name: page.select_one(f"input[name={name}]")["value"]
        for name in ("csrf_token", "submission")
    }
    assert len(fields["submission"]) == 24
    for _ in range(2):
        assert client.post("/contribute", data={**GOOD, **fields}).location == "/my-contributions"
    assert db.query(Contribution).count() == 1
    another = parse(client.get("/contribute")).select_one("input[name=submission]")["value"]
    assert another != fields["submission"], "each blank form gets its own key"
