"""The search page: results, highlighting that escapes everything, filters and their errors."""

import pytest

from challenges.contributions import new_public_id
from challenges.lifecycle import utcnow
from challenges.models import Contribution, Kind, Status
from tests.fixtures.accounts import create_account, create_contribution
from tests.fixtures.pages import error_summary, parse, text_of
from tests.fixtures.rounds import make_round


def _results(client, query: str):
    soup = parse(client.get(f"/search?{query}"))
    return soup, soup.select("#search-results > li")


def test_a_result_shows_its_title_date_endorsements_and_marked_snippet(client, db):
    item = create_contribution(
        db, publish=True, title="Rota chaos", body="The rotas arrive a day before."
    )
    item.endorsement_count = 4
    db.commit()
    soup, [result] = _results(client, "q=rota")
    link = result.select_one("h2 a")
    assert (text_of(link), link["href"]) == ("Rota chaos", f"/contributions/{item.public_id}")
    assert [text_of(mark) for mark in result.select("mark")] == ["rotas"]
    assert item.published_at.strftime("%B %Y") in text_of(result)
    assert "4 people say this matters" in text_of(result)
    assert text_of(soup.select_one("#results-summary")) == (
        "Showing results for “rota”, newest first"
    )


def test_markup_in_posts_is_shown_as_text_around_the_marks(client, db):
    create_contribution(
        db,
        publish=True,
        title="<i>Rota</i> trouble",
        body='<script>alert("rota")</script> The <b>rota</b> again.',
    )
    response = client.get("/search?q=rota")
    soup, [result] = _results(client, "q=rota")
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html and "<b>rota" not in html
    assert soup.select("main script, main i, main b") == []
    assert "&lt;i&gt;Rota&lt;/i&gt; trouble" in html
    assert "rota" in [text_of(mark) for mark in result.select("mark")]


def test_markup_in_the_query_is_shown_as_text(client, db):
    response = client.get("/search?q=<img src=x onerror=alert(1)>")
    soup = parse(response)
    assert soup.select("main img") == []
    assert "“<img src=x onerror=alert(1)>”" in text_of(soup.select_one("#results-summary"))


def test_a_comment_links_to_the_contribution_it_replies_to(client, db):
    parent = create_contribution(db, publish=True, title="Break rooms", body="None at all.")
    now = utcnow()
    db.add(
        Contribution(
            public_id=new_public_id(),
            kind=Kind.COMMENT,
            parent_id=parent.id,
            challenge_number=parent.challenge_number,
            title="",
            body="Ours is a cupboard.",
            status=Status.PUBLISHED,
            submitted_at=now,
            published_at=now,
        )
    )
    db.commit()
    _soup, [result] = _results(client, "q=cupboard")
    link = result.select_one("h2 a")
    assert text_of(link) == "Comment on “Break rooms”"
    assert link["href"] == f"/contributions/{parent.public_id}"


def test_facts_pass_the_anonymity_gate_even_when_filtered_on(app, client, db):
    rare = {"sector": "primary-care", "region": "north-east", "show_facts": True}
    create_contribution(db, publish=True, body="Appointments.", **rare)
    _soup, [result] = _results(client, "q=appointments&region=north-east")
    assert "North East" not in text_of(result) and "Primary care" not in text_of(result)


def test_more_results_continue_the_same_search(client, db):
    author = create_account(db)
    for n in range(23):
        create_contribution(db, author=author, publish=True, region="london", body=f"Parking {n}")
    create_contribution(db, author=author, publish=True, region="north-west", body="Parking.")
    first, first_results = _results(client, "q=parking&region=london&sort=endorsed")
    more = first.select_one(".govuk-pagination__next a")["href"]
    assert "q=parking" in more and "region=london" in more and "sort=endorsed" in more
    second = parse(client.get(more))
    second_results = second.select("#search-results > li")
    assert (len(first_results), len(second_results)) == (20, 3)
    links = {li.select_one("h2 a")["href"] for li in first_results + second_results}
    assert len(links) == 23
    assert second.select_one(".govuk-pagination__next") is None


def test_rounds_are_chosen_by_slug(client, db):
    round_ = make_round(db, challenge_number=5, title="Winter pressures")
    answer = create_contribution(db, publish=True, challenge_number=5, body="Heating fails.")
    answer.round_id = round_.id
    db.commit()
    create_contribution(db, publish=True, challenge_number=5, body="Heating is fine.")
    soup, [result] = _results(client, f"round={round_.slug}")
    assert soup.select_one(f"#round option[value={round_.slug}]") is not None
    assert result.select_one("h2 a")["href"] == f"/contributions/{answer.public_id}"
    assert "filtered by Winter pressures" in text_of(soup.select_one("#results-summary"))


def test_an_empty_search_lists_everything_published(client, db):
    create_contribution(db, publish=True)
    create_contribution(db)
    soup, results = _results(client, "")
    assert len(results) == 1
    assert text_of(soup.select_one("#results-summary")) == (
        "Showing everything published, newest first"
    )


def test_a_mangled_cursor_shows_the_first_results(client, db):
    create_contribution(db, publish=True, body="Parking again.")
    _soup, results = _results(client, "q=parking&after=%27--")
    assert len(results) == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("challenge=9", "Choose a challenge from the list"),
        ("round=no-such-round", "Choose a round from the list"),
        ("region=atlantis", "Choose a region from the list"),
        ("sort=relevance", "Choose newest or most endorsed"),
        ("q=" + "x" * 201, "Search words must be 200 characters or fewer"),
    ],
)
def test_bad_filters_are_explained_in_an_error_summary(client, db, query, message):
    create_contribution(db, publish=True)
    soup = parse(client.get(f"/search?{query}"))
    assert error_summary(soup) == [message]
    assert soup.title.get_text().startswith("Error:")
    assert soup.select("#search-results") == []
