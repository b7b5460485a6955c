"""Digest statistics: periods, what is counted, filters, text analysis and, above all, that no
figure below the threshold is shown or can be worked out from anything else the digest shows.

The safety checks do not trust the code under test: the joint check solves linear programmes
over every table that shares the challenge figures, to find the range each hidden figure could
take given everything shown.
"""

import itertools
import json
import random
from datetime import date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog
from sqlalchemy import delete, insert

from challenges.browsing import fact_combination_counts
from challenges.contributions import new_public_id
from challenges.demo_data import demo_drafts
from challenges.digests.schema import SCHEMA_ID
from challenges.digests.statistics import (
    DigestSpec,
    build_digest,
    period_for,
    previous_period,
)
from challenges.facts import FACT_CHOICES
from challenges.models import Branch, Contribution, Kind, Status, Union
from tests.fixtures.branches import make_branch
from tests.fixtures.rounds import make_round

OCTOBER = DigestSpec(date(2026, 10, 1), date(2026, 10, 31))
# The previous period of the same length: 31 August to 30 September.
IN_OCTOBER = datetime(2026, 10, 14, 9, 30)
IN_PREVIOUS = datetime(2026, 9, 14, 9, 30)
NOW = datetime(2026, 11, 20, 12, 0)
K = 5


def row(challenge=1, published_at=IN_OCTOBER, **fields):
    """A contribution's columns, published unless told otherwise."""
    return {
        "public_id": new_public_id(),
        "kind": Kind.CONTRIBUTION,
        "challenge_number": challenge,
        "title": "Short staffed again",
        "body": "We need more staff on nights.",
        "show_facts": False,
        "status": Status.PUBLISHED,
        "submitted_at": published_at - timedelta(hours=3),
        "published_at": published_at,
        "safeguarding": False,
        "identifying_found": False,
        "redacted": False,
        "report_count": 0,
        "endorsement_count": 0,
        **fields,
    }


def store(db, rows) -> None:
    if rows:
        db.execute(insert(Contribution), rows)
    db.commit()


def digest(db, spec=OCTOBER, threshold=K, rounding=None):
    return build_digest(db, spec, threshold, rounding, now=NOW)


def shown_counts(content):
    """Every count the digest shows, with where it is, leaving out changes and settings."""
    not_counts = {"threshold", "rounding", "number", "change", "filters"}

    def walk(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                if key not in not_counts:
                    yield from walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, (*path, index))
        elif isinstance(value, int) and not isinstance(value, bool):
            yield path, value

    return list(walk(content, ()))


def assert_nothing_shown_below(content, threshold):
    for path, value in shown_counts(content):
        assert value == 0 or value >= threshold, f"{value} shown at {path}"


# --- Periods -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "start", "end"),
    [
        ("week", "2026-W44", date(2026, 10, 26), date(2026, 11, 1)),
        ("week", "2026-W53", date(2026, 12, 28), date(2027, 1, 3)),
        ("week", "2027-W01", date(2027, 1, 4), date(2027, 1, 10)),
        ("month", "2026-10", date(2026, 10, 1), date(2026, 10, 31)),
        ("month", "2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        ("month", "2026-12", date(2026, 12, 1), date(2026, 12, 31)),
        ("quarter", "2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("quarter", "2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("custom", "2026-10-01..2026-10-31", date(2026, 10, 1), date(2026, 10, 31)),
        ("custom", "2026-10-05..2026-10-05", date(2026, 10, 5), date(2026, 10, 5)),
    ],
)
def test_periods_are_read_from_what_people_type(kind, value, start, end):
    assert period_for(kind, value) == (start, end)


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("week", "2025-W53"),
        ("week", "2026-W00"),
        ("week", "2026-44"),
        ("month", "2026-13"),
        ("month", "2026-1"),
        ("month", " 2026-10"),
        ("quarter", "2026-Q5"),
        ("quarter", "2026-3"),
        ("custom", "2026-10-31..2026-10-01"),
        ("custom", "2026-02-30..2026-03-01"),
        ("custom", "2026-01-01..2027-06-01"),
        ("year", "2026"),
    ],
)
def test_anything_else_is_refused(kind, value):
    with pytest.raises(ValueError):
        period_for(kind, value)


def test_the_previous_period_has_the_same_length_and_ends_the_day_before():
    assert previous_period(date(2026, 10, 26), date(2026, 11, 1)) == (
        date(2026, 10, 19),
        date(2026, 10, 25),
    )
    assert previous_period(date(2026, 10, 1), date(2026, 10, 31)) == (
        date(2026, 8, 31),
        date(2026, 9, 30),
    )
    assert previous_period(date(2026, 3, 1), date(2026, 3, 1)) == (
        date(2026, 2, 28),
        date(2026, 2, 28),
    )


def test_the_digest_names_its_periods(db):
    content = build_digest(db, DigestSpec(*period_for("week", "2026-W44")), K, now=NOW)

    assert content["schema"] == SCHEMA_ID
    assert content["period"] == {
        "start": "2026-10-26",
        "end": "2026-11-01",
        "label": "Week 44, 2026 (26 October 2026 to 1 November 2026)",
    }
    assert content["previous_period"]["start"] == "2026-10-19"
    assert digest(db)["period"]["label"] == "October 2026"
    assert digest(db)["previous_period"]["label"] == "31 August 2026 to 30 September 2026"


def test_a_spec_with_an_unknown_filter_is_refused(db):
    with pytest.raises(ValueError):
        DigestSpec(date(2026, 10, 1), date(2026, 10, 31), sector="space")
    with pytest.raises(ValueError):
        DigestSpec(date(2026, 10, 1), date(2026, 10, 31), challenge=7)
    with pytest.raises(ValueError):
        digest(db, DigestSpec(date(2026, 10, 1), date(2026, 10, 31), union_slug="nobody"))


# --- What is counted ---------------------------------------------------------------------------


def test_headline_figures_compare_with_the_previous_period(db):
    store(db, [row(1, endorsement_count=2) for _ in range(12)])
    store(db, [row(2, published_at=IN_PREVIOUS) for _ in range(20)])
    parent = db.query(Contribution).filter_by(challenge_number=1).first()
    comment = {"kind": Kind.COMMENT, "parent_id": parent.id, "title": ""}
    store(db, [row(1, **comment) for _ in range(6)])
    store(db, [row(1, **{**comment, "published_at": IN_PREVIOUS}) for _ in range(7)])

    headline = digest(db)["headline"]

    assert headline["contributions"] == {"value": 12, "previous": 20, "change": -8}
    assert headline["endorsements"] == {"value": 24, "previous": 0, "change": 24}
    # Comments in September on an October contribution belong to neither period's count.
    assert headline["comments"] == {"value": 6, "previous": 0, "change": 6}


def test_only_published_contributions_count(db):
    store(db, [row(3) for _ in range(6)])
    store(db, [row(3, status=status) for status in Status if status is not Status.PUBLISHED])
    store(db, [row(3, published_at=datetime(2026, 11, 1))])
    store(db, [row(3, published_at=datetime(2026, 9, 30, 23, 59))])

    content = digest(db)

    assert content["headline"]["contributions"]["value"] == 6
    assert content["challenges"][2]["contributions"]["value"] == 6


def test_nothing_published_after_now_counts(db):
    store(db, [row(3) for _ in range(6)])
    store(db, [row(3, published_at=IN_OCTOBER + timedelta(days=1)) for _ in range(5)])

    content = build_digest(db, OCTOBER, K, now=IN_OCTOBER + timedelta(hours=1))

    assert content["headline"]["contributions"]["value"] == 6


def test_filters_pick_the_contributions_counted(db):
    round_ = make_round(db, challenge_number=5)
    unison = make_branch(db, "Northtown Health", "UNISON")
    gmb = make_branch(db, "Southtown Care", "GMB")
    store(db, [row(5, round_id=round_.id, sector="nhs", region="london") for _ in range(3)])
    store(db, [row(5, branch_id=unison.id, staff_group="nurse-midwife") for _ in range(4)])
    store(db, [row(2, branch_id=gmb.id, sector="nhs", region="london") for _ in range(5)])
    expected = {
        "challenge": (5, 7),
        "round_slug": (round_.slug, 3),
        "sector": ("nhs", 8),
        "staff_group": ("nurse-midwife", 4),
        "region": ("london", 8),
        "union_slug": (db.get(Union, unison.union_id).slug, 4),
    }

    for name, (value, count) in expected.items():
        spec = DigestSpec(OCTOBER.start, OCTOBER.end, **{name: value})
        content = digest(db, spec, threshold=1)
        assert content["headline"]["contributions"]["value"] == count, name
        assert content["filters"][name.removesuffix("_slug")] == value


def test_breakdowns_have_a_row_per_label_and_columns_per_challenge(db):
    branch = make_branch(db, "Northtown Health", "UNISON")
    store(db, [row(4, sector="adult-social-care", branch_id=branch.id) for _ in range(3)])
    store(db, [row(6) for _ in range(2)])

    breakdowns = digest(db, threshold=1)["breakdowns"]

    sector = breakdowns["sector"]
    assert sector["rows"] == [label for _, label in FACT_CHOICES["sector"]] + ["Not given"]
    assert sector["columns"] == ["1", "2", "3", "4", "5", "6"]
    assert sector["cells"][1] == [0, 0, 0, 3, 0, 0]
    assert sector["cells"][-1] == [0, 0, 0, 0, 0, 2]
    assert sector["column_totals"] == [0, 0, 0, 3, 0, 2]
    assert breakdowns["union"]["rows"] == ["UNISON", "Not attributed"]
    assert breakdowns["union"]["row_totals"] == [3, 2]
    assert len(breakdowns["region"]["rows"]) == len(FACT_CHOICES["region"]) + 1


def test_each_challenge_has_its_figure_share_and_weekly_trend(db):
    store(db, [row(1, published_at=datetime(2026, 10, 1)) for _ in range(10)])
    store(db, [row(1, published_at=datetime(2026, 10, 31, 23)) for _ in range(10)])
    store(db, [row(2) for _ in range(30)])

    sections = digest(db)["challenges"]

    assert [section["number"] for section in sections] == [1, 2, 3, 4, 5, 6]
    assert sections[0]["contributions"] == {"value": 20, "previous": 0, "change": 20}
    assert sections[0]["share"] == 0.4
    weekly = sections[0]["weekly"]
    assert weekly["rows"] == ["Contributions"]
    assert weekly["columns"] == [f"2026-{day}" for day in ("09-28", "10-05", "10-12", "10-19")] + [
        "2026-10-26"
    ]
    assert weekly["cells"] == [[10, 0, 0, 0, 10]]
    assert weekly["grand_total"] == 20


# --- Suppression -------------------------------------------------------------------------------


def test_small_counts_are_hidden_everywhere_and_changes_need_both_figures(db):
    store(db, [row(1, sector="nhs") for _ in range(3)])
    store(db, [row(2, sector="nhs", endorsement_count=1) for _ in range(40)])
    store(db, [row(3, published_at=IN_PREVIOUS) for _ in range(2)])
    store(db, [row(4) for _ in range(12)] + [row(4, published_at=IN_PREVIOUS) for _ in range(9)])

    content = digest(db)

    assert_nothing_shown_below(content, K)
    first, second, third = content["challenges"][:3]
    assert first["contributions"]["value"] is None and first["contributions"]["change"] is None
    assert first["share"] is None and first["sentiment"]["basis"] is None
    assert first["weekly"]["grand_total"] is None
    assert second["contributions"] == {"value": 40, "previous": 0, "change": 40}
    assert third["contributions"] == {"value": 0, "previous": None, "change": None}
    for section in content["challenges"]:
        figure = section["contributions"]
        if figure["value"] is None or figure["previous"] is None:
            assert figure["change"] is None
        else:
            assert figure["change"] == figure["value"] - figure["previous"]
    # The breakdowns do not show the hidden challenge figure as a column total either.
    for table in content["breakdowns"].values():
        assert table["column_totals"][0] is None


def test_a_figure_hidden_to_protect_another_stays_hidden_in_every_table(db):
    store(db, [row(1, sector="nhs") for _ in range(3)] + [row(2, sector="nhs") for _ in range(40)])
    # Hidden beside challenge 1's three, although each of the breakdowns alone could show it.
    store(db, [row(4, published_at=datetime(2026, 10, 5)) for _ in range(12)])

    content = digest(db)

    assert content["challenges"][3]["contributions"]["value"] is None
    for table in content["breakdowns"].values():
        assert table["column_totals"][0] is None and table["column_totals"][3] is None
    assert content["challenges"][3]["weekly"]["cells"] == [[None] * 5]
    assert_no_hidden_figure_can_be_worked_out(content)


def test_rounding_applies_to_every_shown_figure(db):
    store(db, [row(2, endorsement_count=3) for _ in range(23)])
    store(db, [row(5) for _ in range(41)])

    content = digest(db, rounding=5)

    assert content["headline"]["contributions"]["value"] == 65
    assert content["headline"]["endorsements"]["value"] == 70
    for _, value in shown_counts(content):
        assert value % 5 == 0


# --- Text: themes, sentiment, quotes ------------------------------------------------------------


def store_demo_posts(db, count, published_at=IN_OCTOBER, seed=1):
    rng = random.Random(seed)
    rows = [
        row(
            draft.challenge_number,
            published_at=published_at + timedelta(hours=rng.randrange(300)),
            title=draft.title,
            body=draft.body,
            sector=draft.sector,
            staff_group=draft.staff_group,
            region=draft.region,
            show_facts=draft.show_facts,
            endorsement_count=rng.choice((0, 0, 1, 2, 5, 12)),
        )
        for draft in demo_drafts(rng, count)
    ]
    store(db, rows)


@pytest.fixture
def demo_posts(db):
    store_demo_posts(db, 360)
    store_demo_posts(db, 240, published_at=IN_PREVIOUS, seed=2)


def test_themes_sentiment_and_quotes_come_from_realistic_text(db, demo_posts):
    content = digest(db)

    for section in content["challenges"]:
        themes, sentiment = section["themes"], section["sentiment"]
        assert 3 <= len(themes["topics"]) <= 6, section["number"]
        assert themes["distinctive_terms"] and themes["rising_terms"]
        for topic in themes["topics"]:
            assert topic["label"] == ", ".join(topic["terms"][:3])
        assert sentiment["basis"] == section["contributions"]["value"]
        shares = [sentiment[name] for name in ("negative", "neutral", "positive")]
        shown = [share for share in shares if share is not None]
        assert shown and sum(shown) <= 1.002
        if len(shown) == 3:
            assert sum(shown) == pytest.approx(1, abs=0.002)
        assert 1 <= len(section["quotes"]) <= 6
        for quote in section["quotes"]:
            assert len(quote["text"]) <= 300
            assert quote["kind"] in {"most_endorsed", "typical"}
            assert quote["topic"] in {topic["label"] for topic in themes["topics"]}
    assert_nothing_shown_below(content, K)


def test_no_term_shown_is_rare(db, demo_posts):
    rare = "zygomorphic"
    store(db, [row(5, body=f"The {rare} rota again, the {rare} rota.") for _ in range(K - 1)])

    content = digest(db)

    assert rare not in json.dumps(content)


def test_quotes_show_only_facts_that_pass_the_k_anonymity_gate(db, demo_posts):
    sharing = fact_combination_counts(db)
    content = digest(db)

    quotes = [quote for section in content["challenges"] for quote in section["quotes"]]
    assert any(quote["facts"] for quote in quotes)
    for quote in quotes:
        assert set(quote) == {"text", "kind", "topic", "facts", "endorsements"}
        if quote["facts"]:
            assert max(posts_sharing(sharing, readings) for readings in fact_readings(quote)) >= K


def fact_readings(quote):
    """Each way of reading a quote's fact labels as (kind, value) ("Other" is in two lists)."""
    kinds = ("sector", "staff_group", "region")
    options = [
        [(kind, value) for kind in kinds for value, label in FACT_CHOICES[kind] if label == fact]
        for fact in quote["facts"]
    ]
    return [
        dict(reading)
        for reading in itertools.product(*options)
        if len(dict(reading)) == len(reading)
    ]


def posts_sharing(counts, facts):
    kinds = ("sector", "staff_group", "region")
    return sum(
        count
        for combination, count in counts.items()
        if all(combination[kinds.index(kind)] == value for kind, value in facts.items())
    )


def test_long_quotes_are_cut_at_a_sentence_or_word(db):
    sentence = "Breaks on nights are never covered by the agency or the bank. "
    store(db, [row(5, body=sentence * 8, endorsement_count=7) for _ in range(K)])

    quotes = digest(db)["challenges"][4]["quotes"]

    assert quotes
    for quote in quotes:
        assert len(quote["text"]) <= 300 and quote["text"].endswith("bank. …")


def test_the_digest_is_json_and_the_same_every_time(db, demo_posts):
    first = json.dumps(digest(db), sort_keys=True, allow_nan=False)

    assert json.dumps(digest(db), sort_keys=True, allow_nan=False) == first
    assert "public_id" not in first
    for public_id in db.query(Contribution.public_id).limit(50):
        assert public_id[0] not in first


# --- The joint check ---------------------------------------------------------------------------


def extended(table):
    """A table's shown values with its totals, laid out as challenges.suppression does."""
    body = [
        [*cells, total] for cells, total in zip(table["cells"], table["row_totals"], strict=True)
    ]
    return [*body, [*table["column_totals"], table["grand_total"]]]


def grid_lines(n_rows, n_columns):
    """Each row and column of a grid with totals: its entries before the last sum to its last."""
    rows = [[(i, j) for j in range(n_columns)] for i in range(n_rows)]
    return rows + [[(i, j) for i in range(n_rows)] for j in range(n_columns)]


class JointSystem:
    """What a reader knows from several tables at once: every table's equations over its
    hidden entries, a figure that several tables repeat being one unknown in all of them."""

    def __init__(self):
        self.unknowns = {}
        self.equations = []  # ({unknown: coefficient}, constant): the sum equals the constant

    def add_table(self, name, shown, shared):
        """``shown`` as from extended(); ``shared`` maps positions to the figure they repeat."""
        terms = {}
        for i, line in enumerate(shown):
            for j, value in enumerate(line):
                key = shared.get((i, j), (name, i, j))
                if value is None or (i, j) in shared:
                    terms[(i, j)] = self.unknowns.setdefault(key, len(self.unknowns))
                    if value is not None:
                        self.equations.append(({terms[(i, j)]: 1}, value))
                else:
                    terms[(i, j)] = ("shown", value)
        for line in grid_lines(len(shown), len(shown[0])):
            coefficients, constant = {}, 0
            for position in line:
                sign = -1 if position == line[-1] else 1
                term = terms[position]
                if isinstance(term, tuple):
                    constant -= sign * term[1]
                else:
                    coefficients[term] = coefficients.get(term, 0) + sign
            self.equations.append((coefficients, constant))

    def value_range(self, key):
        """The least and greatest value the figure can take, nothing being negative."""
        a_eq = np.zeros((len(self.equations), len(self.unknowns)))
        b_eq = np.zeros(len(self.equations))
        for number, (coefficients, constant) in enumerate(self.equations):
            for unknown, coefficient in coefficients.items():
                a_eq[number, unknown] += coefficient
            b_eq[number] = constant
        ends = []
        for sign in (1, -1):
            objective = np.zeros(len(self.unknowns))
            objective[self.unknowns[key]] = sign
            result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
            assert result.status in (0, 3), result.message  # 3: unbounded
            ends.append(sign * result.fun if result.status == 0 else np.inf)
        return ends


# Where the challenge figures repeat in each kind of table, as (row, column) of extended().
SERIES_FIGURES = {(i, j): ("challenge", j) for i in (0, 1) for j in range(6)} | {
    (0, 6): ("total",),
    (1, 6): ("total",),
}


def breakdown_figures(n_rows):
    return {(n_rows, j): ("challenge", j) for j in range(6)} | {(n_rows, 6): ("total",)}


def own_figure(number, n_columns):
    """A one-row table whose total is challenge ``number``'s figure."""
    return {(0, n_columns): ("challenge", number), (1, n_columns): ("challenge", number)}


def challenge_series(content, period):
    """The challenge figures (or the previous period's) as the one-row table they are."""
    values = [section["contributions"][period] for section in content["challenges"]]
    line = [*values, content["headline"]["contributions"][period]]
    return [line, list(line)]


def sentiment_counts(section):
    """The counts of texts that a sentiment's basis and shares give away."""
    sentiment = section["sentiment"]
    basis = sentiment["basis"]
    names = ("negative", "neutral", "positive")
    line = [
        None if basis is None or sentiment[n] is None else round(sentiment[n] * basis)
        for n in names
    ]
    return [[*line, basis], [*line, basis]]


def assert_no_figure_hidden_in_a_series_can_be_worked_out(system, series):
    for j, value in enumerate(series[0]):
        if value is None:
            least, greatest = system.value_range(SERIES_FIGURES[(0, j)])
            assert greatest - least >= 1 - 1e-6, f"figure {j} is pinned to {least}..{greatest}"


def assert_no_hidden_figure_can_be_worked_out(content):
    current = JointSystem()
    series = challenge_series(content, "value")
    current.add_table("figures", series, SERIES_FIGURES)
    for name, table in content["breakdowns"].items():
        current.add_table(name, extended(table), breakdown_figures(len(table["rows"])))
    for number, section in enumerate(content["challenges"]):
        weekly = extended(section["weekly"])
        current.add_table(("weekly", number), weekly, own_figure(number, len(weekly[0]) - 1))
        current.add_table(("sentiment", number), sentiment_counts(section), own_figure(number, 3))
    assert_no_figure_hidden_in_a_series_can_be_worked_out(current, series)
    # The previous period's figures stand alone: only a change could tie them to this period's.
    previous = JointSystem()
    series = challenge_series(content, "previous")
    previous.add_table("previous", series, SERIES_FIGURES)
    assert_no_figure_hidden_in_a_series_can_be_worked_out(previous, series)


COUNTS = st.lists(st.integers(0, 12), min_size=6, max_size=6)


def random_rows(rng, counts, published_in, branches):
    start, days = published_in
    return [
        row(
            number,
            published_at=start + timedelta(days=rng.randrange(days), hours=9),
            sector=rng.choice([None, "nhs", "adult-social-care"]),
            staff_group=rng.choice([None, "nurse-midwife", "care-worker", "doctor"]),
            region=rng.choice([None, "london", "north-west"]),
            branch_id=rng.choice([None, *branches]),
            body=rng.choice(["Breaks are never covered.", "Thank you to my team.", "Rota again."]),
        )
        for number, count in enumerate(counts, start=1)
        for _ in range(count)
    ]


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(current=COUNTS, previous=COUNTS, rng=st.randoms(use_true_random=False))
def test_no_small_or_recoverable_figure_is_shown(db, current, previous, rng):
    db.execute(delete(Contribution))
    branches = [branch.id for branch in db.query(Branch)] or [
        make_branch(db, "Northtown Health", "UNISON").id,
        make_branch(db, "Southtown Care", "GMB").id,
    ]
    store(db, random_rows(rng, current, (datetime(2026, 10, 1), 31), branches))
    store(db, random_rows(rng, previous, (datetime(2026, 8, 31), 31), branches))

    content = digest(db)

    assert_nothing_shown_below(content, K)
    figures = [section["contributions"] for section in content["challenges"]]
    for figure in [content["headline"]["contributions"], *figures]:
        if figure["value"] is None or figure["previous"] is None:
            assert figure["change"] is None
    assert_no_hidden_figure_can_be_worked_out(content)
