"""Domain errors the web shell turns into messages or status codes."""


class DomainError(Exception):
    """Base for errors a user can be told about."""


class NotAllowed(DomainError):
    """The actor may not do this to this item."""


class InvalidTransition(DomainError):
    """The action does not apply: wrong state, or a missing reason or choice."""


class AlreadyDecided(InvalidTransition):
    """The item has moved on from the state this action applies to (someone decided first)."""


class EmailTaken(DomainError):
    """An account with this email already exists (never shown to the person registering)."""


class NameTaken(DomainError):
    """Another item of the same kind already has this name."""
