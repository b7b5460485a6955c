"""A round opens, a worker answers, another endorses and comments, a moderator publishes the
comment, an analyst responds, and the first worker reads it all in their inbox: in Chromium."""

from challenges.models import Role
from tests.e2e.steps import fill_contribution, sign_in, sign_out
from tests.fixtures.accounts import create_account
from tests.fixtures.rounds import make_round

TITLE = "Breaks get cancelled on every short shift"
BODY = "When we are short, the first thing to go is the break. Last month I had none."
COMMENT = "Same on our unit: we eat at the nurses' station."


def _moderator_publishes_first_pending(page, axe, base, email):
    sign_in(page, base, email)
    page.goto(base + "/moderate/")
    page.locator("tbody a").first.click()
    page.locator("input[name=criticality][value='1']").check()
    page.get_by_role("button", name="Publish").click()
    sign_out(page, base)


def _answer_round(page, axe, base, email, round_):
    sign_in(page, base, email)
    page.goto(base + f"/rounds/{round_.slug}")
    axe.check(page)
    page.get_by_role("link", name="Answer this question").click()
    fill_contribution(page, TITLE, BODY)
    axe.check(page)
    page.get_by_role("button", name="Send for moderation").click()
    sign_out(page, base)


def _endorse_and_comment(page, axe, base, email) -> str:
    sign_in(page, base, email)
    page.goto(base + "/challenges/basics-right")
    page.get_by_role("link", name=TITLE).click()
    contribution_url = page.url
    page.get_by_role("button", name="This matters to me").click()
    assert "1 person says this matters" in page.locator("main").inner_text()
    page.get_by_label("Add a comment").fill(COMMENT)
    page.get_by_role("button", name="Send comment for moderation").click()
    assert "sent for moderation" in page.locator("main").inner_text()
    axe.check(page)
    sign_out(page, base)
    return contribution_url


def _analyst_responds(page, axe, base, email, public_id):
    sign_in(page, base, email)
    page.goto(base + "/you-said-we-did/new")
    axe.check(page)
    page.get_by_label("Title").fill("Protected breaks on every shift")
    page.get_by_label("Round").select_option(label="Breaks on shift (challenge 5)")
    page.get_by_label("What we heard").fill("Breaks are the first thing cut when wards are short.")
    page.get_by_label("What will change").fill("New guidance will make breaks protected time.")
    page.get_by_label("When").fill("by April 2027")
    page.get_by_label("Contributions this answers (optional)").fill(public_id)
    page.get_by_role("button", name="Publish response").click()
    axe.check(page)
    sign_out(page, base)


def test_round_answer_endorse_comment_respond_inbox(db, live_server, page, axe):
    round_ = make_round(db, challenge_number=5, title="Breaks on shift")
    author, other = create_account(db, Role.WORKER), create_account(db, Role.WORKER)
    moderator = create_account(db, Role.MODERATOR)
    analyst = create_account(db, Role.ANALYST)
    _answer_round(page, axe, live_server, author.user.email, round_)
    _moderator_publishes_first_pending(page, axe, live_server, moderator.user.email)
    contribution_url = _endorse_and_comment(page, axe, live_server, other.user.email)
    _moderator_publishes_first_pending(page, axe, live_server, moderator.user.email)
    page.goto(contribution_url)
    assert COMMENT in page.locator("#comments ~ ul").inner_text()
    axe.check(page)
    _analyst_responds(
        page, axe, live_server, analyst.user.email, contribution_url.rsplit("/", 1)[1]
    )
    sign_in(page, live_server, author.user.email)
    page.goto(live_server + "/my-contributions")
    inbox = page.locator(".app-inbox").inner_text()
    assert "Protected breaks on every shift" in inbox and "new comment" in inbox
    axe.check(page)
    assert axe.pages_checked == 7
    assert axe.violations == {}
