"""The house rules every contribution is moderated against; each rejection cites one."""

from dataclasses import dataclass


@dataclass(frozen=True)
class HouseRule:
    code: str
    title: str
    explanation: str


HOUSE_RULES: tuple[HouseRule, ...] = (
    HouseRule(
        "identifies-someone",
        "Do not identify anyone",
        "Leave out names, contact details, NHS or National Insurance numbers, addresses and the "
        "names of wards, homes or teams. This protects you, your colleagues and the people you "
        "care for.",
    ),
    HouseRule(
        "personal-attack",
        "Talk about what happens, not about individuals",
        "Describe situations and their effects. Do not accuse, insult or target a particular "
        "person, even without naming them.",
    ),
    HouseRule(
        "discriminatory",
        "No discriminatory or abusive language",
        "Nothing that is racist, sexist, homophobic, transphobic, ableist or otherwise abusive.",
    ),
    HouseRule(
        "off-topic",
        "Stay on the topic of working life",
        "Contributions should be about working in health and social care in England and fit one "
        "of the six challenges.",
    ),
    HouseRule(
        "advertising-or-campaigning",
        "No advertising or party-political campaigning",
        "Do not promote products, services, petitions or political parties.",
    ),
    HouseRule(
        "duplicate-or-spam",
        "No spam or repeated posts",
        "Post each thing once. Repeated or automated posts are removed.",
    ),
    HouseRule(
        "unlawful",
        "Nothing unlawful",
        "Nothing defamatory, in contempt of court, or that breaks someone's confidentiality "
        "in a way the law protects.",
    ),
)

_BY_CODE = {rule.code: rule for rule in HOUSE_RULES}


def house_rule(code: str) -> HouseRule | None:
    """The house rule with this code, or None."""
    return _BY_CODE.get(code)
