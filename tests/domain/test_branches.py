import pytest
from sqlalchemy import select

from challenges import accounts, branches
from challenges.contributions import Draft, submit_contribution
from challenges.errors import NotAllowed
from challenges.lifecycle import Actor
from challenges.models import BranchLinkDay, Role, Union
from config import TestingConfig
from tests.fixtures.accounts import PASSWORD, create_account
from tests.fixtures.branches import ADMIN, make_branch


def test_only_admins_set_up_unions_and_branches(db):
    with pytest.raises(NotAllowed):
        branches.create_union(db, Actor(role=Role.BRANCH_REP, user_id=1), "GMB")
    union = branches.create_union(db, ADMIN, "GMB")
    with pytest.raises(ValueError):
        branches.create_branch(db, ADMIN, union, "Somewhere", "atlantis")


def test_a_rep_sees_only_their_own_branches(db):
    mine, other = make_branch(db, "Mine"), make_branch(db, "Other")
    rep = create_account(db, Role.WORKER)
    assert branches.invite_rep(db, ADMIN, mine, rep.user.email)
    assert rep.user.role is Role.BRANCH_REP
    assert [b.slug for b in branches.branches_of(db, rep.user)] == [mine.slug]
    assert branches.rep_branch(db, rep.user, other.slug) is None
    union_slug = db.get(Union, mine.union_id).slug
    assert branches.rep_union(db, rep.user, union_slug).slug == union_slug
    assert branches.rep_union(db, create_account(db).user, union_slug) is None


def test_an_invited_address_becomes_a_rep_when_it_registers(db):
    branch = make_branch(db)
    assert not branches.invite_rep(db, ADMIN, branch, "New.Rep@Example.org")
    signed_in, _ = accounts.create_account(
        db, "new.rep@example.org", PASSWORD, Role.WORKER, TestingConfig.KDF_COST
    )
    branches.accept_invites(db, signed_in.user)
    assert signed_in.user.role is Role.BRANCH_REP
    assert branches.branches_of(db, signed_in.user) == [branch]


def test_campaigns_feature_challenges_and_rounds(db):
    branch = make_branch(db)
    campaign = branches.Campaign("Pay and training matter.", (5, 3, 5), ())
    branches.update_campaign(db, ADMIN, branch, campaign)
    assert branches.featured_challenge_numbers(branch) == [3, 5]
    with pytest.raises(ValueError):
        branches.Campaign("x" * 1001, (), ())


def test_attribution_only_by_consent_and_the_funnel_counts_per_day(db):
    branch = make_branch(db)
    branches.count_link(db, branch, "starts")
    branches.count_link(db, branch, "starts")
    author = create_account(db)
    with_consent = submit_contribution(db, author, Draft(5, "Pay", "Low.", branch_id=branch.id))
    without = submit_contribution(db, author, Draft(5, "Pay", "Low."))
    assert (with_consent.branch_id, without.branch_id) == (branch.id, None)
    day = db.scalar(select(BranchLinkDay))
    assert (day.starts, day.posts) == (2, 1)
