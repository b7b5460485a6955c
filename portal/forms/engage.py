"""Forms for taking part in the conversation: comments."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovSubmitInput
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from challenges.contributions import COMMENT_MAX
from portal.forms.submission import SubmissionKeyMixin


class CommentForm(SubmissionKeyMixin, FlaskForm):
    body = TextAreaField(
        "Add a comment",
        widget=GovCharacterCount(),
        description="Comments are anonymous and read by a moderator before they are published. "
        "Do not include names or anything that could identify anyone.",
        # A comment of only spaces is none, and submit_comment refuses it.
        validators=[
            DataRequired(message="Enter your comment"),
            Length(max=COMMENT_MAX, message=f"Comment must be {COMMENT_MAX:,} characters or fewer"),
        ],
    )
    # Fingerprint of the text the author was last warned about; see challenges.screening.
    warned_fingerprint = HiddenField()
    submit = SubmitField("Send comment for moderation", widget=GovSubmitInput())
