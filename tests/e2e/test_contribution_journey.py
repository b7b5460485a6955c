"""Register, post, a moderator publishes, and the post is public and anonymous: in real Chromium."""

import re

from challenges.models import Role
from tests.e2e.steps import fill_contribution, sign_in, sign_out
from tests.fixtures.accounts import create_account

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
    fill_contribution(page, TITLE, BODY)
    page.get_by_label("NHS", exact=True).check()
    page.get_by_label("Show these facts on my contribution").check()
    axe.check(page)
    page.get_by_role("button", name="Send for moderation").click()
    assert "Pending" in page.locator("main").inner_text()
    axe.check(page)
    sign_out(page, base)


def _moderator_publishes(page, axe, base, moderator_email):
    sign_in(page, base, moderator_email)
    page.goto(base + "/moderate/")
    axe.check(page)
    page.get_by_role("link", name=TITLE).click()
    assert EMAIL not in page.content()
    axe.check(page)
    page.locator("input[name=criticality][value='1']").check()
    page.get_by_role("button", name="Publish").click()
    assert "Decision recorded" in page.locator("main").inner_text()
    sign_out(page, base)


def test_register_post_moderate_and_read_publicly(app, db, live_server, page, axe):
    moderator = create_account(db, Role.MODERATOR)
    _register_and_post(app, page, axe, live_server)
    _moderator_publishes(page, axe, live_server, moderator.user.email)
    page.goto(live_server + "/challenges/basics-right")
    page.get_by_role("link", name=TITLE).click()
    main = page.locator("main").inner_text()
    # One post alone is below the k-anonymity threshold, so its facts stay hidden.
    assert BODY in main and "Anonymous ·" in main and "NHS" not in main
    assert EMAIL not in page.content()
    axe.check(page)
    assert axe.pages_checked == 9
    assert axe.violations == {}
