"""Values of complaint handling: statuses, channels, categories, severities and the SLA policy."""

from __future__ import annotations

import enum
from datetime import timedelta

import attrs


class Status(enum.StrEnum):
    """Where a complaint stands in its handling."""

    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    CLASSIFIED = "classified"
    ASSIGNED = "assigned"
    INVESTIGATING = "investigating"
    RESOLUTION_PROPOSED = "resolution_proposed"
    RESOLVED = "resolved"
    CLOSED = "closed"
    PAUSED = "paused"
    CLOSED_UNRESOLVED = "closed_unresolved"

    @property
    def is_closed(self) -> bool:
        """Closed and closed-unresolved complaints are finished until reopened."""
        return self in (Status.CLOSED, Status.CLOSED_UNRESOLVED)


class Channel(enum.StrEnum):
    """How the customer reached us."""

    PHONE = "phone"
    EMAIL = "email"
    ONLINE = "online"
    IN_PERSON = "in_person"


class Category(enum.StrEnum):
    """What the complaint is about."""

    PRODUCT_QUALITY = "product_quality"
    DELIVERY = "delivery"
    SERVICE = "service"
    BILLING = "billing"
    OTHER = "other"


class Severity(enum.StrEnum):
    """How serious the complaint is; it sets the resolution deadline."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class WaitingFor(enum.StrEnum):
    """Whom a paused complaint waits for."""

    CUSTOMER = "customer"
    THIRD_PARTY = "third_party"


class SlaKind(enum.StrEnum):
    """Which service-level deadline was breached."""

    ACKNOWLEDGEMENT = "acknowledgement"
    RESOLUTION = "resolution"


@attrs.frozen(kw_only=True)
class SlaPolicy:
    """Acknowledge within a time of receipt; resolve within days of classification by severity."""

    acknowledge_within: timedelta = timedelta(hours=24)
    resolve_within: dict[Severity, timedelta] = attrs.field(
        factory=lambda: {
            Severity.CRITICAL: timedelta(days=2),
            Severity.HIGH: timedelta(days=5),
            Severity.MEDIUM: timedelta(days=10),
            Severity.LOW: timedelta(days=15),
        }
    )


DEFAULT_SLA = SlaPolicy()
