"""The 'check before you send' step shared by the posting and comment forms."""

from challenges.screening import Screening, screen


def warning_needed(form, title: str, body: str) -> Screening | None:
    """Screen the text; return the screening if the author has not yet seen its warning.

    The form carries a fingerprint of the text it last warned about, so sending the same text
    again goes through, and changing it brings a fresh check.
    """
    screening = screen(title, body)
    if screening.needs_warning and form.warned_fingerprint.data != screening.fingerprint:
        form.warned_fingerprint.data = screening.fingerprint
        return screening
    return None
