"""The coarse facts a contributor may choose to give about themselves.

Each list is deliberately short: a fine-grained fact would make a contributor easier to single out.
"""

SECTORS: tuple[tuple[str, str], ...] = (
    ("nhs", "NHS"),
    ("adult-social-care", "Adult social care"),
    ("childrens-social-care", "Children's social care"),
    ("primary-care", "Primary care"),
    ("other", "Other"),
)

STAFF_GROUPS: tuple[tuple[str, str], ...] = (
    ("care-worker", "Care worker or home-care worker"),
    ("nurse-midwife", "Nurse or midwife"),
    ("healthcare-assistant", "Healthcare assistant or support worker"),
    ("doctor", "Doctor"),
    ("allied-health", "Allied health professional"),
    ("social-worker", "Social worker"),
    ("estates-facilities", "Porter, cleaner, catering or estates"),
    ("admin-clerical", "Admin and clerical"),
    ("manager", "Manager or supervisor"),
    ("other", "Other"),
)

REGIONS: tuple[tuple[str, str], ...] = (
    ("north-east", "North East"),
    ("north-west", "North West"),
    ("yorkshire-humber", "Yorkshire and the Humber"),
    ("east-midlands", "East Midlands"),
    ("west-midlands", "West Midlands"),
    ("east-of-england", "East of England"),
    ("london", "London"),
    ("south-east", "South East"),
    ("south-west", "South West"),
)

FACT_CHOICES = {"sector": SECTORS, "staff_group": STAFF_GROUPS, "region": REGIONS}


def fact_label(kind: str, value: str | None) -> str | None:
    """Return the display label for a stored fact value, or None when not given."""
    return dict(FACT_CHOICES[kind]).get(value) if value else None
