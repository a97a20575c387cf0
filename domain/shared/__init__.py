"""Values, errors and event base shared by every aggregate."""

from domain.shared.actor import Actor, Role
from domain.shared.errors import (
    BudgetExceeded,
    DomainError,
    Forbidden,
    InvalidTransition,
    RuleViolation,
    SegregationOfDuties,
)
from domain.shared.events import Event, event_type_named, event_types

__all__ = [
    "Actor",
    "BudgetExceeded",
    "DomainError",
    "Event",
    "Forbidden",
    "InvalidTransition",
    "Role",
    "RuleViolation",
    "SegregationOfDuties",
    "event_type_named",
    "event_types",
]
