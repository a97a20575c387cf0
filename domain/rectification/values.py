"""Values of rectifications: where a notice stands and how severe its finding is."""

from __future__ import annotations

import enum


class Status(enum.StrEnum):
    """Where a rectification stands: issued, acknowledged, being rectified, submitted for
    verification, verified, closed.

    DOMAIN's `rejected` is not a status a rectification rests in: a failed verification is the
    fact `RectificationRejected`, and the rectification is back in `rectifying` at once. No
    command of DOMAIN starts from `rejected`, so a notice resting there could never move on.
    """

    ISSUED = "issued"
    ACKNOWLEDGED = "acknowledged"
    RECTIFYING = "rectifying"
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    CLOSED = "closed"


#: The states before verification passed: the due date runs, and it may still be extended.
UNVERIFIED = frozenset({Status.ISSUED, Status.ACKNOWLEDGED, Status.RECTIFYING, Status.SUBMITTED})


class Severity(enum.StrEnum):
    """How serious the supervision group judged its finding."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
