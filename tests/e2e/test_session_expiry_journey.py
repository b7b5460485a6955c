"""A worker's session ends while they write; after signing in again their text is all there."""

from challenges.models import Contribution, Role
from tests.e2e.steps import fill_contribution, sign_in
from tests.fixtures.accounts import PASSWORD, create_account

TITLE = "Writing this between calls"
BODY = "First paragraph about the rota.\n\nSecond paragraph, written much later."


def test_text_written_as_the_session_ends_comes_back_after_signing_in(
    app, db, live_server, page, axe, monkeypatch
):
    worker = create_account(db, Role.WORKER)
    sign_in(page, live_server, worker.user.email)
    page.goto(live_server + "/contribute")
    page.get_by_label("5. Getting the basics right").check()
    fill_contribution(page, TITLE, BODY)
    # Any pause now counts as too long, as if the worker had gone to a call for an hour.
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 0)
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Send for moderation").click()

    assert "Sign in again to keep your work" in page.locator("h1").inner_text()
    axe.check(page)
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 60)
    page.get_by_label("Email address").fill(worker.user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    assert page.get_by_label("What you wrote").input_value() == BODY
    axe.check(page)
    page.get_by_role("button", name="Continue").click()
    assert "Pending" in page.locator("main").inner_text()
    stored = db.query(Contribution).one()
    assert (stored.title, stored.body.replace("\r\n", "\n")) == (TITLE, BODY)
    assert axe.violations == {}, axe.violations
