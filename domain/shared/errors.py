"""Refusals a business rule can give, each with the stable code services rely on."""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    """A command was refused by the business model; `code` is the stable error code.

    Every refusal is raised as a subclass with its own code; this base is never raised itself.
    """

    code: ClassVar[str] = "domain_error"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class InvalidTransition(DomainError):
    """The command is not allowed in the aggregate's current state."""

    code = "invalid_transition"

    def __init__(self, subject: str, status: str, action: str) -> None:
        article = "an" if subject[:1].lower() in tuple("aeiou") else "a"
        super().__init__(
            f"cannot {action} {article} {subject} that is {status}", status=status, action=action
        )


class RuleViolation(DomainError):
    """The command breaks a business rule of the operations policies."""

    code = "rule_violation"


class Forbidden(DomainError):
    """The actor's roles do not allow this command."""

    code = "forbidden"


class SegregationOfDuties(DomainError):
    """Maker-checker: whoever prepared or requested something may not review or approve it."""

    code = "segregation_of_duties"


class BudgetExceeded(DomainError):
    """A commitment or spend goes beyond what a stop-controlled budget has available."""

    code = "budget_exceeded"
