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
    #: The log position of the last entry an accepted command stored (its command record, after
    #: its events): read models that reached it show the command's effects. A command sent
    #: again gets its first answer, this position included. None when nothing was stored.
    position: int | None = None

    @classmethod
    def accepted(
        cls,
        *,
        aggregate_id: UUID,
        version: int,
        events: tuple[str, ...],
        position: int | None = None,
    ) -> Result:
        return cls(
            ok=True, aggregate_id=aggregate_id, version=version, events=events, position=position
        )

    @classmethod
    def refused(cls, *, code: str, message: str, details: dict[str, Any]) -> Result:
        return cls(ok=False, code=code, message=message, details=details)

    def to_json(self) -> dict[str, Any]:
        """The result as the JSON object services read."""
        if self.ok:
            document: dict[str, Any] = {
                "ok": True,
                "aggregate_id": str(self.aggregate_id),
                "version": self.version,
                "events": list(self.events),
            }
            if self.position is not None:
                document["position"] = self.position
            return document
        return {
            "ok": False,
            "error": {"code": self.code, "message": self.message, "details": self.details},
        }
