"""Checking what someone is about to post: identifying details and any risk of harm."""

import hashlib
from dataclasses import dataclass

from challenges.identifying import KIND_LABELS, Finding, find_identifying_details
from challenges.models import Contribution
from challenges.safeguarding import mentions_risk_of_harm


@dataclass(frozen=True)
class Screening:
    findings: tuple[Finding, ...]
    risk_of_harm: bool
    # Ties the author's "post anyway" to exactly the text they were warned about.
    fingerprint: str

    @property
    def needs_warning(self) -> bool:
        return bool(self.findings) or self.risk_of_harm

    @property
    def found_kinds(self) -> list[str]:
        """Labels of the kinds of detail found, each once, in the order found."""
        return list(dict.fromkeys(KIND_LABELS[finding.kind] for finding in self.findings))


def screen(title: str, body: str) -> Screening:
    """Look for identifying details and mentions of immediate risk of harm."""
    text = f"{title}\n{body}"
    return Screening(
        findings=tuple(find_identifying_details(text)),
        risk_of_harm=mentions_risk_of_harm(text),
        fingerprint=hashlib.sha256(text.encode()).hexdigest()[:32],
    )


def label_contribution(contribution: Contribution) -> None:
    """Set the moderation queue's labels from the text, on submission and after every edit."""
    screening = screen(contribution.title, contribution.body)
    contribution.safeguarding = screening.risk_of_harm
    contribution.identifying_found = bool(screening.findings)
