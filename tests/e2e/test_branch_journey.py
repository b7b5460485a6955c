"""A rep downloads the poster, a worker follows the branch link and posts with consent, and the
rep's dashboard shows the contribution only once the threshold is reached: in Chromium."""

from challenges import branches, moderation
from challenges.lifecycle import Actor
from challenges.models import Contribution, Role
from tests.e2e.steps import fill_contribution, sign_in, sign_out
from tests.fixtures.accounts import create_account, create_contribution
from tests.fixtures.branches import ADMIN, make_branch

TITLE = "Mileage has not gone up in years"


def _rep_downloads_poster(page, axe, base, email, branch):
    sign_in(page, base, email)
    page.goto(base + "/branch/")
    axe.check(page)
    page.get_by_role("link", name=f"Campaign toolkit for {branch.name}").click()
    axe.check(page)
    with page.expect_download() as download:
        page.locator("#poster-link").click()
    path = download.value.path()
    with open(path, "rb") as poster:
        assert poster.read(5) == b"%PDF-"
    sign_out(page, base)


def _worker_posts_with_consent(page, axe, base, email, branch):
    sign_in(page, base, email)
    page.goto(base + f"/b/{branch.slug}")
    axe.check(page)
    page.get_by_role("button", name="Take part").click()
    fill_contribution(page, TITLE, "Fuel costs more every month and the rate never moves.")
    page.locator("input[name=challenge][value='5']").check()
    consent = page.get_by_label(f"Count this contribution towards {branch.name}")
    assert not consent.is_checked()
    consent.check()
    axe.check(page)
    page.get_by_role("button", name="Send for moderation").click()
    sign_out(page, base)


def _dashboard_total(page, base, branch) -> str:
    page.goto(base + f"/branch/{branch.slug}/dashboard")
    return page.locator("table").first.locator("tr").last.locator("td").last.inner_text()


def test_poster_link_consent_and_a_suppressed_dashboard(app, db, live_server, page, axe):
    branch = make_branch(db, "Northtown Home Care")
    rep, worker = create_account(db), create_account(db)
    branches.invite_rep(db, ADMIN, branch, rep.user.email)
    db.commit()
    _rep_downloads_poster(page, axe, live_server, rep.user.email, branch)
    _worker_posts_with_consent(page, axe, live_server, worker.user.email, branch)
    posted = db.query(Contribution).filter_by(title=TITLE).one()
    assert posted.branch_id == branch.id
    moderation.publish(db, posted, Actor(role=Role.MODERATOR, user_id=None), 0)
    db.commit()
    sign_in(page, live_server, rep.user.email)
    assert _dashboard_total(page, live_server, branch).startswith("hidden")
    axe.check(page)
    for _ in range(app.config["SUPPRESSION_THRESHOLD"] - 1):
        create_contribution(db, publish=True, challenge_number=5, branch_id=branch.id)
    assert _dashboard_total(page, live_server, branch) == str(app.config["SUPPRESSION_THRESHOLD"])
    axe.check(page)
    assert axe.pages_checked == 6
    assert axe.violations == {}
