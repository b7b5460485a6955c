"""Register, post, a moderator publishes, and the post is public and anonymous: in real Chromium."""

import re

from challenges.models import Role
from tests.fixtures.accounts import PASSWORD, create_account

EMAIL = "e2e.worker@example.org"
TITLE = "Nowhere to sit down on a night shift"
BODY = "The staff room was turned into storage, so we eat standing in the corridor."


def _link_from_last_email(app) -> str:
    body = app.extensions["outbox"][-1].get_content()
    return re.search(r"http://\S+/account/register/\S+", body).group(0)


def _register_and_post(app, page, axe, base):
    page.goto(base + "/")
    axe.check(page)
    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_role("button", name="Continue").click()
    axe.check(page)
    link = _link_from_last_email(app).replace("http://localhost", base)
    page.goto(link)
    page.get_by_label("Create a password").fill("kettle lantern orchard")
    page.get_by_role("button", name="Create account").click()
    assert re.fullmatch(r"[A-Z2-9-]{29}", page.locator("#recovery-code").inner_text())
    axe.check(page)
    page.goto(base + "/challenges/basics-right")
    axe.check(page)
    page.get_by_role("link", name="Tell us about this").click()
    page.get_by_label("Give it a short title").fill(TITLE)
    page.get_by_label("Tell us what it is like").fill(BODY)
    page.get_by_label("NHS", exact=True).check()
    page.get_by_label("Show these facts on my contribution").check()
    axe.check(page)
    page.get_by_role("button", name="Send for moderation").click()
    assert "Pending" in page.locator("main").inner_text()
    axe.check(page)
    _sign_out(page, base)


def _sign_out(page, base):
    page.goto(base + "/account/")
    page.get_by_role("button", name="Sign out").click()


def _moderator_publishes(page, axe, base, moderator_email):
    page.goto(base + "/account/sign-in")
    page.get_by_label("Email address").fill(moderator_email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(base + "/moderate/")
    axe.check(page)
    page.get_by_role("link", name=TITLE).click()
    assert EMAIL not in page.content()
    axe.check(page)
    page.get_by_label("Publish").check()
    page.get_by_role("button", name="Record decision").click()
    assert "Contribution published" in page.locator("main").inner_text()
    _sign_out(page, base)


def test_register_post_moderate_and_read_publicly(app, db, live_server, page, axe):
    moderator = create_account(db, Role.MODERATOR)
    _register_and_post(app, page, axe, live_server)
    _moderator_publishes(page, axe, live_server, moderator.user.email)
    page.goto(live_server + "/challenges/basics-right")
    page.get_by_role("link", name=TITLE).click()
    main = page.locator("main").inner_text()
    assert BODY in main and "Anonymous · NHS" in main
    assert EMAIL not in page.content()
    axe.check(page)
    assert axe.pages_checked == 9
    assert axe.violations == {}
