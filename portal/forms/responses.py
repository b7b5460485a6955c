"""The form analysts use to publish a 'You said, we did' response."""

import re

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from challenges.responses import TEXT_MAX, TIMESCALE_MAX, TITLE_MAX, ResponseDraft
from portal.forms.choices import challenge_choices

IDS_MAX = 2000
_ID_SEPARATORS = re.compile(r"[\s,]+")


# DataRequired rather than InputRequired throughout: an answer of only spaces is no answer.
def _text_field(label: str, missing: str, hint: str) -> TextAreaField:
    return TextAreaField(
        label,
        widget=GovCharacterCount(),
        description=hint,
        validators=[
            DataRequired(message=missing),
            Length(max=TEXT_MAX, message=f"This must be {TEXT_MAX:,} characters or fewer"),
        ],
    )


def _optional_number(value: str) -> int | None:
    return int(value) if value else None


class ResponseForm(FlaskForm):
    title = StringField(
        "Title",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter a title"),
            Length(max=TITLE_MAX, message=f"Title must be {TITLE_MAX} characters or fewer"),
        ],
    )
    challenge = SelectField(
        "Challenge",
        widget=GovSelect(),
        default="",
        choices=challenge_choices("Not about one challenge"),
        invalid_choice_message="Choose a challenge from the list",
    )
    round_id = SelectField(
        "Round",
        widget=GovSelect(),
        default="",
        invalid_choice_message="Choose a round from the list",
    )
    heard = _text_field(
        "What we heard", "Enter what we heard", "Sum up what people told us, in plain English."
    )
    change = _text_field(
        "What will change", "Enter what will change", "Say what we will do, and who will do it."
    )
    timescale = StringField(
        "When",
        widget=GovTextInput(),
        description="For example, “by April 2026” or “over the next 2 years”",
        validators=[
            DataRequired(message="Enter when it will change"),
            Length(max=TIMESCALE_MAX, message=f"This must be {TIMESCALE_MAX} characters or fewer"),
        ],
    )
    contribution_ids = TextAreaField(
        "Contributions this answers (optional)",
        widget=GovTextArea(),
        description="Their ids, one per line or separated by commas. The id is the last part "
        "of a contribution’s web address. Each author will get a message in their inbox.",
        validators=[Length(max=IDS_MAX, message=f"This must be {IDS_MAX:,} characters or fewer")],
    )
    submit = SubmitField("Publish response", widget=GovSubmitInput())

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.round_id.choices = [SelectChoice("", "No round")] + [
            SelectChoice(str(r.id), f"{r.title} (challenge {r.challenge_number})") for r in rounds
        ]
        self._round_challenges = {str(r.id): r.challenge_number for r in rounds}

    def validate_round_id(self, field) -> None:
        round_challenge = self._round_challenges.get(field.data)
        if round_challenge and self.challenge.data not in ("", str(round_challenge)):
            raise ValidationError(
                f"That round is under challenge {round_challenge}: choose challenge "
                f"{round_challenge} or “Not about one challenge”"
            )

    def validate_contribution_ids(self, _field) -> None:
        if not (self.challenge.data or self.round_id.data or self.public_ids()):
            raise ValidationError(
                "Choose a challenge or a round, or enter the contributions this answers"
            )

    def public_ids(self) -> tuple[str, ...]:
        """The contribution ids typed, in order, each once."""
        typed = _ID_SEPARATORS.split(self.contribution_ids.data or "")
        return tuple(dict.fromkeys(filter(None, typed)))

    def to_draft(self) -> ResponseDraft:
        """The validated form as a domain draft."""
        return ResponseDraft(
            title=self.title.data,
            heard=self.heard.data,
            change=self.change.data,
            timescale=self.timescale.data,
            challenge_number=_optional_number(self.challenge.data),
            round_id=_optional_number(self.round_id.data),
            contribution_ids=self.public_ids(),
        )
