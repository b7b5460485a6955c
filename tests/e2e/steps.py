"""Steps a person takes in the browser, shared by the journeys."""

from tests.fixtures.accounts import PASSWORD


def sign_in(page, base: str, email: str, password: str = PASSWORD) -> None:
    page.goto(base + "/account/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page, base: str) -> None:
    page.goto(base + "/account/")
    page.get_by_role("button", name="Sign out").click()


def fill_contribution(page, title: str, body: str) -> None:
    page.get_by_label("Give it a short title").fill(title)
    page.get_by_label("Tell us what it is like").fill(body)
