"""The posting form."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from challenges.contributions import BODY_MAX, TITLE_MAX, Draft
from challenges.facts import REGIONS, SECTORS, STAFF_GROUPS
from portal.forms.choices import challenge_choices
from portal.forms.submission import SubmissionKeyMixin

PREFER_NOT_TO_SAY = SelectChoice("", "Prefer not to say")


def _fact_field(label: str, choices) -> RadioField:
    return RadioField(
        label,
        widget=GovRadioInput(),
        choices=[*(SelectChoice(*pair) for pair in choices), PREFER_NOT_TO_SAY],
        default="",
    )


class ContributionForm(SubmissionKeyMixin, FlaskForm):
    challenge = RadioField(
        "Which challenge is this about?",
        widget=GovRadioInput(),
        choices=challenge_choices(),
        validators=[InputRequired(message="Choose the challenge this is about")],
    )
    title = StringField(
        "Give it a short title",
        widget=GovTextInput(),
        # DataRequired here and below: text of only spaces is none, and the draft refuses it.
        validators=[
            DataRequired(message="Enter a title"),
            Length(max=TITLE_MAX, message=f"Title must be {TITLE_MAX} characters or fewer"),
        ],
    )
    body = TextAreaField(
        "Tell us what it is like",
        widget=GovCharacterCount(),
        description="Do not include names, contact details or anything that could identify "
        "you, a colleague or someone you care for.",
        validators=[
            DataRequired(message="Tell us what it is like"),
            Length(max=BODY_MAX, message=f"This must be {BODY_MAX:,} characters or fewer"),
        ],
    )
    sector = _fact_field("Which sector do you work in?", SECTORS)
    staff_group = _fact_field("What is your staff group?", STAFF_GROUPS)
    region = _fact_field("Which English region do you work in?", REGIONS)
    show_facts = BooleanField("Show these facts on my contribution", widget=GovCheckboxInput())
    # Fingerprint of the text the author was last warned about; see challenges.screening.
    warned_fingerprint = HiddenField()
    # The slug of the themed round being answered, if any.
    round = HiddenField()
    # Offered only to people who arrived from a union branch's link; unticked by default.
    count_for_branch = BooleanField(widget=GovCheckboxInput())
    submit = SubmitField("Send for moderation", widget=GovSubmitInput())

    def to_draft(self, round_id: int | None = None, branch_id: int | None = None) -> Draft:
        """The validated form as a domain draft."""
        return Draft(
            round_id=round_id,
            branch_id=branch_id,
            challenge_number=int(self.challenge.data),
            title=self.title.data,
            body=self.body.data,
            sector=self.sector.data or None,
            staff_group=self.staff_group.data or None,
            region=self.region.data or None,
            show_facts=self.show_facts.data,
            submission_key=self.submission_key,
        )

    def fill_from(self, contribution) -> None:
        """Pre-fill the form from a stored contribution, for editing."""
        self.challenge.data = str(contribution.challenge_number)
        self.title.data = contribution.title
        self.body.data = contribution.body
        self.sector.data = contribution.sector or ""
        self.staff_group.data = contribution.staff_group or ""
        self.region.data = contribution.region or ""
        self.show_facts.data = contribution.show_facts
