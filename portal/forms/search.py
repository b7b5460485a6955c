"""The search form: words, filters and an order, sent in the URL so results can be linked to."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovTextInput
from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from challenges.catalogue import CHALLENGES
from challenges.facts import REGIONS, SECTORS, STAFF_GROUPS
from challenges.search import SearchQuery

TEXT_MAX = 200
FILTER_FIELDS = ("challenge", "round", "sector", "staff_group", "region")


def _filter_field(label: str, any_label: str, choices=()) -> SelectField:
    return SelectField(
        label,
        widget=GovSelect(),
        choices=[SelectChoice("", any_label), *(SelectChoice(*pair) for pair in choices)],
        default="",
        invalid_choice_message=f"Choose a {label.lower()} from the list",
    )


def _chosen_label(field: SelectField) -> str:
    return next(choice.label for choice in field.choices if choice.value == field.data)


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(
        "Search contributions and comments",
        widget=GovTextInput(),
        validators=[
            Length(max=TEXT_MAX, message=f"Search words must be {TEXT_MAX} characters or fewer")
        ],
    )
    challenge = _filter_field(
        "Challenge",
        "All challenges",
        ((str(c.number), f"{c.number}. {c.title}") for c in CHALLENGES),
    )
    # Choices come from the rounds table when the form is made.
    round = _filter_field("Round", "All rounds")
    sector = _filter_field("Sector", "All sectors", SECTORS)
    staff_group = _filter_field("Staff group", "All staff groups", STAFF_GROUPS)
    region = _filter_field("Region", "All regions", REGIONS)
    sort = RadioField(
        "Sort by",
        widget=GovRadioInput(),
        choices=[
            SelectChoice("newest", "Newest first"),
            SelectChoice("endorsed", "Most endorsed first"),
        ],
        default="newest",
        invalid_choice_message="Choose newest or most endorsed",
    )

    def __init__(self, formdata, rounds):
        super().__init__(formdata)
        self.round.choices = [
            *self.round.choices,
            *(SelectChoice(round_.slug, round_.title) for round_ in rounds),
        ]
        self._round_ids = {round_.slug: round_.id for round_ in rounds}

    def to_query(self) -> SearchQuery:
        """The validated form as a domain search query."""
        return SearchQuery(
            text=self.q.data or "",
            challenge_number=int(self.challenge.data) if self.challenge.data else None,
            round_id=self._round_ids.get(self.round.data),
            sector=self.sector.data or None,
            staff_group=self.staff_group.data or None,
            region=self.region.data or None,
            sort=self.sort.data,
        )

    def chosen_filters(self) -> list[str]:
        """The labels of the filters in use, to say what the results are for."""
        fields = [getattr(self, name) for name in FILTER_FIELDS]
        return [_chosen_label(field) for field in fields if field.data]

    def link_args(self) -> dict[str, str]:
        """The search as URL arguments, for links to further pages of it."""
        names = ("q", *FILTER_FIELDS, "sort")
        return {name: getattr(self, name).data for name in names if getattr(self, name).data}
