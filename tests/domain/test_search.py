"""Full-text search, on whichever database the suite runs on (FTS5 or tsvector)."""

from datetime import datetime

import pytest

from challenges import search as search_module
from challenges.contributions import author_actor, new_public_id
from challenges.lifecycle import Actor, change_status, utcnow
from challenges.models import Contribution, Kind, Role, Status
from challenges.search import SearchQuery, search
from tests.fixtures.accounts import create_account, create_contribution
from tests.fixtures.rounds import make_round

MODERATOR = Actor(role=Role.MODERATOR, user_id=None)


@pytest.fixture(autouse=True, params=["rows checked in order", "matches from the index"])
def _both_ways_of_matching(request, monkeypatch):
    """Search checks the first rows in order, or else takes matches from the index: test both."""
    if request.param == "matches from the index":
        monkeypatch.setattr(search_module, "CHECKED_ROWS", 0)


def _found(db, text="", **filters) -> list[str]:
    return [
        result.contribution.public_id for result in search(db, SearchQuery(text, **filters)).results
    ]


def _comment(
    db, parent: Contribution, body: str, status: Status = Status.PUBLISHED
) -> Contribution:
    now = utcnow()
    comment = Contribution(
        public_id=new_public_id(),
        kind=Kind.COMMENT,
        parent_id=parent.id,
        challenge_number=parent.challenge_number,
        title="",
        body=body,
        status=status,
        submitted_at=now,
        published_at=now if status is Status.PUBLISHED else None,
    )
    db.add(comment)
    db.commit()
    return comment


def _set(db, item: Contribution, **values) -> None:
    for name, value in values.items():
        setattr(item, name, value)
    db.commit()


def test_words_are_found_in_titles_and_in_bodies(db):
    in_title = create_contribution(db, publish=True, title="Rotas change weekly", body="Tiring.")
    in_body = create_contribution(db, publish=True, title="Tired", body="The rotas never settle.")
    create_contribution(db, publish=True, title="Parking", body="No spaces at all.")
    assert set(_found(db, "rotas")) == {in_title.public_id, in_body.public_id}


def test_every_word_must_match_in_either_field(db):
    both = create_contribution(db, publish=True, title="Night shifts", body="No breaks at all.")
    create_contribution(db, publish=True, title="Night shifts", body="Fine really.")
    assert _found(db, "night breaks") == [both.public_id]


def test_other_forms_of_a_word_are_found(db):
    nurse = create_contribution(db, publish=True, title="One nurse for thirty beds")
    staffing = create_contribution(db, publish=True, body="Staffing is the problem here.")
    assert _found(db, "nurses") == [nurse.public_id]
    assert _found(db, "staffed") == [staffing.public_id]


def test_only_published_items_are_found(db):
    author = create_account(db)
    published = create_contribution(db, author=author, publish=True, body="Uniform costs.")
    create_contribution(db, body="Uniform costs, still pending.")
    withdrawn = create_contribution(db, author=author, publish=True, body="Uniform again.")
    change_status(db, withdrawn, "withdraw", author_actor(author))
    hidden = create_contribution(db, publish=True, body="Uniform, reported.")
    change_status(db, hidden, "hide", Actor.system())
    db.commit()
    assert _found(db, "uniform") == [published.public_id]


def test_the_index_follows_a_redaction(db):
    item = create_contribution(db, publish=True, body="Ask Priya on ward seven about it.")
    change_status(
        db, item, "redact", MODERATOR, changes={"body": "Ask [name removed] on ward seven."}
    )
    db.commit()
    assert _found(db, "priya") == []
    assert _found(db, "ward") == [item.public_id]


def test_comments_are_found_with_their_contribution(db):
    parent = create_contribution(db, publish=True, title="Break rooms", body="None at all.")
    comment = _comment(db, parent, "Ours is a cupboard with a kettle.")
    create_contribution(db, publish=True, body="A kettle would be nice.")
    [result] = search(db, SearchQuery("cupboard")).results
    assert result.contribution.public_id == comment.public_id
    assert (result.parent_public_id, result.parent_title) == (parent.public_id, "Break rooms")
    assert len(_found(db, "kettle")) == 2


def test_unpublished_comments_and_comments_on_withdrawn_posts_are_not_found(db):
    author = create_account(db)
    parent = create_contribution(db, author=author, publish=True, body="Lockers.")
    _comment(db, parent, "Lockers are broken.", status=Status.PENDING)
    published_comment = _comment(db, parent, "Lockers everywhere are broken.")
    assert _found(db, "broken") == [published_comment.public_id]
    change_status(db, parent, "withdraw", author_actor(author))
    db.commit()
    assert _found(db, "broken") == []


@pytest.mark.parametrize(
    ("name", "wanted", "other"),
    [
        ("challenge_number", 3, 4),
        ("sector", "nhs", "adult-social-care"),
        ("staff_group", "nurse-midwife", "care-worker"),
        ("region", "london", "north-east"),
    ],
)
def test_each_fact_and_challenge_filter_narrows_the_results(db, name, wanted, other):
    match = create_contribution(db, publish=True, body="Handover notes.", **{name: wanted})
    create_contribution(db, publish=True, body="Handover notes.", **{name: other})
    assert _found(db, "handover", **{name: wanted}) == [match.public_id]
    assert _found(db, "", **{name: wanted}) == [match.public_id]


def test_the_round_filter_finds_the_answers_to_that_round(db):
    round_ = make_round(db, challenge_number=5, title="Winter pressures")
    answer = create_contribution(db, publish=True, challenge_number=5, body="Heating fails.")
    _set(db, answer, round_id=round_.id)
    # The filter matches a row by its own round; this comment was stored without one.
    _comment(db, answer, "Our heating fails too.")
    create_contribution(db, publish=True, challenge_number=5, body="Heating is fine here.")
    assert _found(db, "heating", round_id=round_.id) == [answer.public_id]
    assert _found(db, "", round_id=round_.id) == [answer.public_id]


def test_newest_first_or_most_endorsed_first(db):
    january, march, june = (datetime(2026, month, 1) for month in (1, 3, 6))
    old_popular = create_contribution(db, publish=True, body="Pay rise please.")
    new_quiet = create_contribution(db, publish=True, body="Pay is too low.")
    middle = create_contribution(db, publish=True, body="Pay and conditions.")
    _set(db, old_popular, published_at=january, endorsement_count=9)
    _set(db, new_quiet, published_at=june, endorsement_count=0)
    _set(db, middle, published_at=march, endorsement_count=2)
    newest = [new_quiet, middle, old_popular]
    assert _found(db, "pay") == [item.public_id for item in newest]
    endorsed = [old_popular, middle, new_quiet]
    assert _found(db, "pay", sort="endorsed") == [item.public_id for item in endorsed]


@pytest.mark.parametrize("sort", ["newest", "endorsed"])
def test_keyset_pages_walk_every_result_once_in_order(db, sort):
    author = create_account(db)
    items = [
        create_contribution(db, author=author, publish=True, body="Car parking.") for _ in range(7)
    ]
    for n, item in enumerate(items):
        # Ties on endorsements and on dates, so the tie-breakers decide the order.
        _set(db, item, endorsement_count=n % 3, published_at=datetime(2026, 1, 1 + n % 2))
    create_contribution(db, author=author, publish=True, body="Something else.")
    seen, after = [], None
    while True:
        page = search(db, SearchQuery("parking", sort=sort), after=after, size=3)
        seen.extend(result.contribution.public_id for result in page.results)
        if page.next_after is None:
            break
        after = page.next_after
    assert len(seen) == len(set(seen)) == 7
    assert seen == _found(db, "parking", sort=sort)


@pytest.mark.parametrize(
    ("text", "finds_it"),
    [
        ('"', True),
        ("*", True),
        ("\\", True),
        ("rota*", True),
        ('"rota', True),
        ("rota)", True),
        ("-rota", True),
        ("^rota", True),
        ("{rota}", True),
        ("rota:*", True),
        ("!rota & |", True),
        ("AND(", False),
        ("NEAR", False),
        ("NEAR(rota", False),
        ("title:rota", False),
        ("'; DROP TABLE contributions; --", False),
    ],
)
def test_query_syntax_is_never_obeyed_only_the_words_are_searched(db, text, finds_it):
    item = create_contribution(db, publish=True, body="The rota is out late again.")
    assert _found(db, text) == ([item.public_id] if finds_it else [])


@pytest.mark.parametrize("cursor", ["\x00", "no such id", "x" * 500])
def test_a_cursor_that_is_no_public_id_starts_from_the_beginning(db, cursor):
    item = create_contribution(db, publish=True, body="The rota is out late again.")
    page = search(db, SearchQuery("rota"), after=cursor)
    assert [result.contribution.public_id for result in page.results] == [item.public_id]


def test_without_words_every_published_item_is_listed_newest_first(db):
    older = create_contribution(db, publish=True, body="First.")
    newer = create_contribution(db, publish=True, body="Second.")
    _set(db, older, published_at=datetime(2026, 1, 1))
    _set(db, newer, published_at=datetime(2026, 2, 1))
    create_contribution(db, body="Pending.")
    assert _found(db, "") == [newer.public_id, older.public_id]
    assert _found(db, " * ") == [newer.public_id, older.public_id]


def test_snippets_mark_each_matching_word(db):
    create_contribution(db, publish=True, body="Nurses asked; the nurse said no.")
    [result] = search(db, SearchQuery("nurse")).results
    assert result.snippet == [
        ("Nurses", True),
        (" asked; the ", False),
        ("nurse", True),
        (" said no.", False),
    ]


def test_snippets_of_long_bodies_start_a_little_before_the_first_match(db):
    words = [f"word{n}" for n in range(100)]
    words[60] = "agency"
    create_contribution(db, publish=True, body=" ".join(words))
    [result] = search(db, SearchQuery("agency")).results
    text = "".join(piece for piece, _ in result.snippet)
    assert text.startswith("… word52 ") and text.endswith("word91 …")
    assert ("agency", True) in result.snippet


def test_snippets_without_words_are_the_start_of_the_body_unmarked(db):
    create_contribution(db, publish=True, body="Short and plain.")
    [result] = search(db, SearchQuery()).results
    assert result.snippet == [("Short and plain.", False)]


def test_an_unknown_order_is_refused():
    with pytest.raises(ValueError, match="sort"):
        SearchQuery("rota", sort="relevance")
