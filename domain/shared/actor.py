"""Who acts: the roles of the operations policies and the actor recorded on every event."""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs


class Role(enum.StrEnum):
    """A role an actor may hold; an actor can hold several."""

    SALES_REP = "sales_rep"
    SALES_MANAGER = "sales_manager"
    LEGAL = "legal"
    FINANCE = "finance"
    FINANCE_MANAGER = "finance_manager"
    MANAGEMENT = "management"
    CUSTOMER_SERVICE = "customer_service"
    SERVICE_MANAGER = "service_manager"
    DEPARTMENT_HEAD = "department_head"
    PROJECT_MANAGER = "project_manager"
    OPERATIONS = "operations"
    QUALITY_INSPECTOR = "quality_inspector"
    RISK_OFFICER = "risk_officer"
    SUPERVISOR = "supervisor"
    AUDITOR = "auditor"
    SYSTEM = "system"


def _non_blank(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be blank")


def _role_set(roles: Iterable[Role]) -> frozenset[Role]:
    return frozenset(roles)


@attrs.frozen(kw_only=True)
class Actor:
    """The person or system that sent a command, as the command's envelope names them."""

    id: str = attrs.field(validator=_non_blank)
    roles: frozenset[Role] = attrs.field(converter=_role_set)
    department: str = ""

    def holds(self, *roles: Role) -> bool:
        """True when the actor holds at least one of the given roles."""
        return not self.roles.isdisjoint(roles)

    @property
    def is_employee(self) -> bool:
        """Any employee: anyone who holds a role other than the read-only `auditor` or `system`."""
        return bool(self.roles - {Role.AUDITOR, Role.SYSTEM})


SYSTEM_ACTOR = Actor(id="system", roles=frozenset({Role.SYSTEM}), department="operations")
