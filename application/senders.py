"""Who may send a command: never a sender claiming `system`, and only the declared senders."""

from __future__ import annotations

from application.commands.spec import CommandSpec
from application.envelope import Envelope
from domain.shared.actor import Role
from domain.shared.errors import Forbidden
from domain.shared.guards import role_names


def check_sender(spec: CommandSpec, envelope: Envelope) -> None:
    """The deadline sweep acts as `system` from inside the process; a sender claiming it would
    escape the rules that hold for people and services (DOMAIN §1)."""
    if envelope.actor.holds(Role.SYSTEM):
        raise Forbidden(
            "the system role is the deadline sweep's own; no command may claim it",
            action=spec.type,
            claimed_role=Role.SYSTEM.value,
        )


def check_role(spec: CommandSpec, envelope: Envelope) -> None:
    """The command's declared senders, before its decision weighs the rest."""
    if spec.who.may_send(envelope.actor):
        return
    allowed = role_names(spec.who.roles)
    if spec.who.recorded is None:
        message = f"{spec.type} needs one of the roles: {allowed}"
    elif allowed:
        message = f"{spec.type} may be sent by {spec.who.recorded} or one of: {allowed}"
    else:
        message = f"{spec.type} may be sent by {spec.who.recorded} alone"
    raise Forbidden(message, action=spec.type, allowed_roles=allowed)
