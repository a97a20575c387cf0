"""The checks every decision makes before it decides: role, status, text, who, and SoD."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import TypeVar

from domain.shared.actor import Actor, Role
from domain.shared.errors import Forbidden, InvalidTransition, RuleViolation, SegregationOfDuties

S = TypeVar("S", bound=enum.Enum)


def role_names(roles: Iterable[Role]) -> str:
    """The roles as a refusal names them: their values, sorted, comma-separated."""
    return ", ".join(sorted(role.value for role in roles))


def require_role(actor: Actor, *roles: Role, action: str) -> None:
    """Every command lists who may send it; anyone holding none of those roles is forbidden.

    The refusal carries the `action` and the `allowed_roles`, so a caller can tell whom to ask.
    """
    if not actor.holds(*roles):
        allowed = role_names(roles)
        raise Forbidden(
            f"{action} needs one of the roles: {allowed}", action=action, allowed_roles=allowed
        )


def require_status(status: S, *allowed: S, subject: str, action: str) -> None:
    """A command is allowed only in the states its rule names; elsewhere it is refused."""
    if status not in allowed:
        raise InvalidTransition(subject, str(status.value), action)


def require_text(value: str, field: str) -> None:
    """Text the rules need must say something: blank or whitespace-only text is refused."""
    if not value.strip():
        raise RuleViolation(f"{field} must not be blank", field=field)


def is_recorded_actor(actor: Actor, recorded_id: str | None) -> bool:
    """True when the actor is the person the aggregate records in that part (the assignee, the
    owner, the project manager, the responsible person), whatever roles they hold."""
    return recorded_id is not None and actor.id == recorded_id


def require_recorded_actor(
    actor: Actor,
    recorded_id: str | None,
    *,
    who: str,
    action: str,
    or_roles: Iterable[Role] = (),
) -> None:
    """Only the person the aggregate records in that part may act (and, where the rule says so,
    holders of `or_roles`); nobody may act while no one is recorded there.

    `who` describes them in the refusal: "only {who} may {action}".
    """
    roles = tuple(or_roles)
    if is_recorded_actor(actor, recorded_id) or (roles and actor.holds(*roles)):
        return
    raise Forbidden(
        f"only {who} may {action}",
        action=action,
        allowed_roles=role_names(roles),
        required_actor=who,
    )


def require_segregated(
    actor: Actor, held_by: str | None, *, duty: str, subject: str, action: str
) -> None:
    """Maker-checker: whoever already holds a duty on this record (prepared, requested,
    reviewed it) may not also take the next one.

    `duty` is past tense ("drafted", "requested review of"); the refusal names it.
    """
    if is_recorded_actor(actor, held_by):
        raise SegregationOfDuties(
            f"{actor.id} already {duty} this {subject} and may not {action} it",
            duty=duty,
            action=action,
        )
