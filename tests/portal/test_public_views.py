from challenges.catalogue import CHALLENGES
from challenges.models import Role
from tests.fixtures.accounts import create_account, create_contribution
from tests.fixtures.pages import parse, text_of


def test_home_lists_the_six_challenges_with_published_counts(client, db):
    create_contribution(db, publish=True, challenge_number=3)
    create_contribution(db, publish=True, challenge_number=3)
    create_contribution(db, challenge_number=3)
    soup = parse(client.get("/"))
    items = soup.select("main ol > li")
    assert len(items) == 6
    assert "2 published contributions" in text_of(items[2])
    assert "0 published contributions" in text_of(items[0])
    for challenge, item in zip(CHALLENGES, items, strict=True):
        assert challenge.title in text_of(item)


def test_a_challenge_page_shows_published_posts_as_anonymous_with_month_dates(app, client, db):
    author = create_account(db)
    facts = {"sector": "nhs", "region": "london", "show_facts": True}
    for _ in range(app.config["SUPPRESSION_THRESHOLD"] - 1):
        create_contribution(db, author=author, publish=True, challenge_number=1, **facts)
    contribution = create_contribution(db, publish=True, challenge_number=5, **facts)
    soup = parse(client.get("/challenges/basics-right"))
    entry = text_of(soup.select_one(".app-contribution-list li"))
    assert contribution.title in entry
    assert "Anonymous · NHS · London" in entry
    assert contribution.published_at.strftime("%B %Y") in entry
    assert str(contribution.published_at.day) + " " not in entry.split("·")[-1]


def test_facts_shared_by_fewer_than_the_threshold_are_not_shown(client, db):
    create_contribution(db, publish=True, challenge_number=5, sector="nhs", show_facts=True)
    entry = text_of(
        parse(client.get("/challenges/basics-right")).select_one(".app-contribution-list li")
    )
    assert "NHS" not in entry and "Anonymous" in entry


def test_challenge_pages_paginate_by_keyset(client, db):
    for n in range(25):
        create_contribution(db, publish=True, challenge_number=1, title=f"Post {n}")
    first = parse(client.get("/challenges/empowered-full-potential"))
    assert len(first.select(".app-contribution-list > li")) == 20
    older = first.select_one(".govuk-pagination__next a")["href"]
    second = parse(client.get(older))
    assert len(second.select(".app-contribution-list > li")) == 5
    # The cursor is the public id of the last item shown: it reveals no timestamp or position.
    last_shown = first.select(".app-contribution-list > li h3 a")[-1]["href"].rsplit("/", 1)[1]
    assert older.endswith(f"after={last_shown}")


def test_unknown_challenges_and_unpublished_posts_are_not_found(client, db):
    pending = create_contribution(db)
    assert client.get("/challenges/nope").status_code == 404
    assert client.get(f"/contributions/{pending.public_id}").status_code == 404


def test_footer_links_to_accessibility_and_privacy_and_privacy_says_what_is_stored(client):
    soup = parse(client.get("/"))
    hrefs = {a["href"] for a in soup.select("footer a")}
    assert {"/accessibility", "/privacy"} <= hrefs
    privacy = text_of(parse(client.get("/privacy")))
    assert "IP address" in privacy and "never store" in privacy.lower()


def test_a_nonsense_cursor_is_ignored_not_an_error(client, signed_in_as):
    assert client.get("/challenges/basics-right?after=%27--").status_code == 200
    assert client.get("/challenges/basics-right?after=" + "x" * 200).status_code == 200
    moderator = signed_in_as(Role.MODERATOR)
    assert moderator.get("/moderate/?after=%27--").status_code == 200
