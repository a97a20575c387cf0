"""Values, errors, guards and the event base shared by every aggregate."""

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
from domain.shared.money import CurrencyMismatch, InvalidAmount, Money
from domain.shared.period import InvalidPeriod, Period, PeriodKind

__all__ = [
    "Actor",
    "BudgetExceeded",
    "CurrencyMismatch",
    "DomainError",
    "Event",
    "Forbidden",
    "InvalidAmount",
    "InvalidPeriod",
    "InvalidTransition",
    "Money",
    "Period",
    "PeriodKind",
    "Role",
    "RuleViolation",
    "SegregationOfDuties",
    "event_type_named",
    "event_types",
]
