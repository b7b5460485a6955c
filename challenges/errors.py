"""Domain errors the web shell turns into messages or status codes."""


class DomainError(Exception):
    """Base for errors a user can be told about."""


class NotAllowed(DomainError):
    """The actor may not do this to this item."""


class AlreadyDecided(DomainError):
    """Someone else changed the item's state first."""


class InvalidTransition(DomainError):
    """The item is not in a state this action applies to."""


class EmailTaken(DomainError):
    """An account with this email already exists (never shown to the person registering)."""
