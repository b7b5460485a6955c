"""A random key per blank form, so the same form sent twice is stored once."""

import re
import secrets

from wtforms import HiddenField

_KEY = re.compile(r"[A-Za-z0-9_-]{24}")


class SubmissionKeyMixin:
    """For forms that create something: a double click or a retry must not create it twice.

    The key is new for every blank form and stored only with what the form created, so it
    names no one (see challenges.contributions.Draft.submission_key).
    """

    submission = HiddenField()

    def start_submission(self) -> None:
        """Give a blank form its own key."""
        self.submission.data = secrets.token_urlsafe(18)

    @property
    def submission_key(self) -> str | None:
        """The key the form came back with, if it is one we could have made."""
        return self.submission.data if _KEY.fullmatch(self.submission.data or "") else None
