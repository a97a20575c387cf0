"""Values of risks: statuses, categories, response strategies, levels and mitigation actions."""

from __future__ import annotations

import enum
from datetime import date, datetime

import attrs

from domain.shared.actor import Role


class Status(enum.StrEnum):
    """Where a risk stands: identify, assess, respond, monitor, review; closed and reopened."""

    IDENTIFIED = "identified"
    ASSESSED = "assessed"
    RESPONDING = "responding"
    MONITORING = "monitoring"
    CLOSED = "closed"
    REOPENED = "reopened"


class Category(enum.StrEnum):
    """What kind of risk it is."""

    MARKET = "market"
    FINANCIAL = "financial"
    OPERATIONAL = "operational"
    LEGAL = "legal"
    OTHER = "other"


class Strategy(enum.StrEnum):
    """How the company responds to a risk."""

    AVOID = "avoid"
    REDUCE = "reduce"
    TRANSFER = "transfer"
    ACCEPT = "accept"


class Level(enum.StrEnum):
    """How serious a risk is, read from the 5x5 matrix (0 low, 1 medium, 2 high, 3 critical)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """The level as the matrix writes it: 0 low, 1 medium, 2 high, 3 critical."""
        return LEVELS.index(self)


#: The levels in the order the matrix numbers them.
LEVELS = (Level.LOW, Level.MEDIUM, Level.HIGH, Level.CRITICAL)

#: Likelihood and impact are each scored from 1 to 5.
LOWEST_SCORE, HIGHEST_SCORE = 1, 5

#: Every state but closed: the risk is open.
OPEN = frozenset(Status) - {Status.CLOSED}

#: The states in which the risk has an assessment in force and owes its reviews.
UNDER_REVIEW = frozenset({Status.ASSESSED, Status.RESPONDING, Status.MONITORING})

#: The states in which a response is chosen (or chosen afresh): once assessed.
RESPONSE_OPEN = UNDER_REVIEW

#: The states in which a response is in force: mitigation actions are added, the residual
#: risk is assessed.
RESPONDED = frozenset({Status.RESPONDING, Status.MONITORING})

#: "Any employee": every role but the read-only auditor and the sweeping system.
EMPLOYEE_ROLES = tuple(role for role in Role if role not in (Role.AUDITOR, Role.SYSTEM))


@attrs.frozen(kw_only=True)
class MitigationAction:
    """A mitigation action of a risk: what is to be done, by whom (`owner_id`), by when (the
    day `due_on`, late from `action_due`, the first instant after it in the company's time
    zone), and once done, when, by whom and the evidence that it was."""

    action_id: str
    description: str
    owner_id: str
    due_on: date
    action_due: datetime
    added_by: str
    added_at: datetime
    completed_at: datetime | None = None
    evidence: str | None = None
    overdue_reported: bool = False

    @property
    def is_open(self) -> bool:
        """Not yet completed."""
        return self.completed_at is None
