"""What a command returns: the JSON result shape of DOMAIN §1."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import attrs


@attrs.frozen(kw_only=True)
class Result:
    """Accepted (aggregate id, new version, event names) or refused (code, message, details)."""

    ok: bool
    aggregate_id: UUID | None = None
    version: int | None = None
    events: tuple[str, ...] = ()
    code: str | None = None
    message: str | None = None
    details: dict[str, Any] = attrs.field(factory=dict)

    @classmethod
    def accepted(cls, *, aggregate_id: UUID, version: int, events: tuple[str, ...]) -> Result:
        return cls(ok=True, aggregate_id=aggregate_id, version=version, events=events)

    @classmethod
    def refused(cls, *, code: str, message: str, details: dict[str, Any]) -> Result:
        return cls(ok=False, code=code, message=message, details=details)

    def to_json(self) -> dict[str, Any]:
        """The result as the JSON object services read."""
        if self.ok:
            return {
                "ok": True,
                "aggregate_id": str(self.aggregate_id),
                "version": self.version,
                "events": list(self.events),
            }
        return {
            "ok": False,
            "error": {"code": self.code, "message": self.message, "details": self.details},
        }
