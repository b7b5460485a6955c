from challenges.catalogue import CHALLENGES, challenge_by_number, challenge_by_slug


def test_there_are_six_challenges_numbered_in_order():
    assert [c.number for c in CHALLENGES] == [1, 2, 3, 4, 5, 6]


def test_each_challenge_has_a_description_and_two_to_four_prompts():
    for challenge in CHALLENGES:
        assert challenge.description
        assert 2 <= len(challenge.prompts) <= 4


def test_slugs_are_unique_and_look_up_their_challenge():
    assert len({c.slug for c in CHALLENGES}) == 6
    for challenge in CHALLENGES:
        assert challenge_by_slug(challenge.slug) is challenge
        assert challenge_by_number(challenge.number) is challenge
    assert challenge_by_slug("no-such-challenge") is None


def test_titles_follow_the_department_wording():
    assert challenge_by_number(2).title == (
        "Working without fear of bullying, discrimination or violence"
    )
    assert challenge_by_number(6).title == "How can we measure success?"
