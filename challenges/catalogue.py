"""The six challenge areas the Department of Health and Social Care uses."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Challenge:
    number: int
    slug: str
    title: str
    description: str
    prompts: tuple[str, ...]


CHALLENGES: tuple[Challenge, ...] = (
    Challenge(
        1,
        "empowered-full-potential",
        "Feeling empowered and achieving their full potential",
        "Whether you have a say in how your work is done, can use all your skills, "
        "and can see a way to grow in your job.",
        (
            "When did you last feel trusted to make a decision at work?",
            "What stops you from using all of your skills?",
            "What would help you progress in your career?",
        ),
    ),
    Challenge(
        2,
        "without-fear",
        "Working without fear of bullying, discrimination or violence",
        "Whether you feel safe at work, and what happens when someone is bullied, "
        "treated unfairly or threatened.",
        (
            "Have you seen or experienced bullying, discrimination or violence at work?",
            "When you raised a concern, what happened next?",
            "What would make you feel safer at work?",
        ),
    ),
    Challenge(
        3,
        "training-development-support",
        "Having access to the training, development and support that staff need",
        "Whether you get the training, supervision and time you need to do your job well "
        "and to develop.",
        (
            "What training have you needed but not been able to get?",
            "Do you get protected time for learning and supervision?",
            "What support would make the biggest difference to you?",
        ),
    ),
    Challenge(
        4,
        "included-and-valued",
        "Feeling included and valued",
        "Whether you feel part of a team, listened to and recognised for what you do.",
        (
            "What makes you feel valued, or not, at work?",
            "Do you feel your background and identity are respected?",
            "How are your ideas received by the people you work with?",
        ),
    ),
    Challenge(
        5,
        "basics-right",
        "Getting the basics right",
        "Pay, rotas, breaks, equipment, places to rest and eat, travel and the everyday "
        "things that make a working day possible.",
        (
            "What everyday problem gets in the way of doing your job?",
            "Can you take your breaks, and is there somewhere to take them?",
            "What one practical change would improve your working day?",
        ),
    ),
    Challenge(
        6,
        "measuring-success",
        "How can we measure success?",
        "How government and employers should tell whether working lives in health and "
        "social care are getting better.",
        (
            "What would tell you things had improved where you work?",
            "Which measures used today miss what matters to staff?",
        ),
    ),
)

_BY_NUMBER = {challenge.number: challenge for challenge in CHALLENGES}
_BY_SLUG = {challenge.slug: challenge for challenge in CHALLENGES}


def challenge_by_number(number: int) -> Challenge:
    """Return the challenge with this number, or raise KeyError."""
    return _BY_NUMBER[number]


def challenge_by_slug(slug: str) -> Challenge | None:
    """Return the challenge with this URL slug, or None."""
    return _BY_SLUG.get(slug)
