"""Who the decisions name: the risk, its owner beside the risk officers, and the scores."""

from __future__ import annotations

from domain.risk.matrix import is_score
from domain.risk.state import Risk
from domain.shared.actor import Actor, Role
from domain.shared.errors import RuleViolation
from domain.shared.guards import require_recorded_actor

SUBJECT = "risk"
OWNER = "the owner"


def require_owner_or_officer(risk: Risk, actor: Actor, *, action: str) -> None:
    """The risk's owner, whatever roles they hold, or any risk officer sends this command."""
    require_recorded_actor(
        actor, risk.owner_id, who=OWNER, action=action, or_roles=(Role.RISK_OFFICER,)
    )


def require_score(value: int, field: str) -> None:
    """A likelihood or impact is a whole number from 1 to 5."""
    if not is_score(value):
        raise RuleViolation(f"{field} is a whole number from 1 to 5, not {value!r}", field=field)
