"""Post with identifying details, see the warning, a moderator redacts, the public text is clean."""

from challenges.models import Role
from tests.e2e.steps import fill_contribution, sign_in, sign_out
from tests.fixtures.accounts import create_account

TITLE = "Rota changes with no notice"
BODY = (
    "My manager Sarah Okafor changes the rota the night before. "
    "If you want to check, ring 07700 900123 or email rota.desk@example.org."
)
IDENTIFYING = ("Sarah", "Okafor", "07700", "rota.desk@example.org")


def _post_through_the_warning(page, axe, base, worker_email):
    sign_in(page, base, worker_email)
    page.goto(base + "/contribute?challenge=basics-right")
    fill_contribution(page, TITLE, BODY)
    page.get_by_role("button", name="Send for moderation").click()
    warning = page.locator("#screening-warning").inner_text()
    assert "phone number" in warning and "email address" in warning and "name" in warning
    axe.check(page)
    page.get_by_role("button", name="Send it as it is").click()
    assert "Pending" in page.locator("main").inner_text()
    sign_out(page, base)


def _moderator_redacts(page, axe, base, moderator_email):
    sign_in(page, base, moderator_email)
    page.goto(base + "/moderate/?label=identifying")
    axe.check(page)
    page.get_by_role("link", name=TITLE).click()
    axe.check(page)
    boxes = page.locator("input[name=removals]")
    assert boxes.count() >= 3
    for index in range(boxes.count()):
        assert boxes.nth(index).is_checked()
    page.get_by_label("Other words to remove").first.fill("Okafor")
    page.locator("input[name=criticality][value='2']").check()
    page.get_by_role("button", name="Publish").click()
    axe.check(page)
    sign_out(page, base)


def test_post_warning_redact_publish(db, live_server, page, axe):
    worker = create_account(db, Role.WORKER)
    moderator = create_account(db, Role.MODERATOR)
    _post_through_the_warning(page, axe, live_server, worker.user.email)
    _moderator_redacts(page, axe, live_server, moderator.user.email)
    page.goto(live_server + "/challenges/basics-right")
    page.get_by_role("link", name=TITLE).click()
    text = page.locator("main").inner_text()
    assert "[phone number removed]" in text and "[email removed]" in text
    assert not [detail for detail in IDENTIFYING if detail in page.content()]
    axe.check(page)
    assert axe.pages_checked == 5
    assert axe.violations == {}
