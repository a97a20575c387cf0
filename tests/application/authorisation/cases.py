"""Where every command of the catalogue is accepted, and how to send it from any actor: for each
command type, a fresh aggregate driven to a state where its rightful sender would be accepted,
and the envelope that sends the command from a given actor. The per-kind envelope helpers do the
walking; this module only says where each command goes.

Many aggregates share one store here, so the clock ticks a second per command (DOMAIN's dates,
such as an order's promised day or a rectification's due day, stay ahead of it) and each budget
has a department of its own (one budget per department and year).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID

import attrs

from infrastructure.opsledger import Opsledger
from tests.application import complaint_envelopes as complaints
from tests.application import order_envelopes as orders
from tests.application import project_envelopes as projects
from tests.application import rectification_envelopes as rectifications
from tests.application import risk_envelopes as risks
from tests.application.authorisation import budgets
from tests.application.order_envelopes import Json, accept
from tests.clocks import FixedClock


class TickingClock(FixedClock):
    """A hand-moved clock that moves one second whenever a driver asks it to move: many
    aggregates live in one store and their dates (due days, promised days) stay ahead of it."""

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(seconds=1)
        return self.current


@attrs.frozen(kw_only=True)
class Target:
    """An aggregate ready for one command (None: the command creates one), and the department
    of a budget (whose commands name it)."""

    aggregate_id: UUID | None
    department: str = ""


Prepare = Callable[[Opsledger, FixedClock], Target]
Send = Callable[[Target, Json], Json]


@attrs.frozen(kw_only=True)
class Case:
    """One command type: where it is accepted, how it is sent, who is recorded in the part its
    "who" names, and the department an actor needs where DOMAIN ties a role to the department
    (the head of *that* department)."""

    command_type: str
    prepare: Prepare
    send: Send
    #: The id of the person the aggregate records in the part the command's "who" names ("the
    #: assignee", "the owner"...), or None where DOMAIN names roles only.
    recorded_id: str | None = None
    department: str = "somewhere"


def _walk(ledger: Opsledger, clock: FixedClock, bodies: list[Json]) -> None:
    for body in bodies:
        clock.advance(hours=1)
        accept(ledger, body)


# --- orders (DOMAIN §2) -------------------------------------------------------------------------

#: Each contract aspect has its reviewer's role: a reviewer sends the aspect of their role.
ASPECT_OF_ROLE = {"legal": "legal", "finance": "financial", "risk_officer": "risk"}


def _order_send(verb: str) -> Send:
    def send(target: Target, actor: Json) -> Json:
        if verb == "review_clause":
            aspect = next(
                (ASPECT_OF_ROLE[r] for r in actor["roles"] if r in ASPECT_OF_ROLE), "legal"
            )
            assert target.aggregate_id is not None
            return orders.review(target.aggregate_id, aspect, actor=actor)
        return orders.command(verb, target.aggregate_id, actor=actor)

    return send


def order(verb: str, to: str | None, *then: str) -> Case:
    """`order.<verb>`, sent to an order walked to status `to` and then `then`'s steps."""

    def prepare(ledger: Opsledger, clock: FixedClock) -> Target:
        if to is None:
            return Target(aggregate_id=None)
        order_id = orders.drive(ledger, clock, to)
        _walk(ledger, clock, [orders.step(name, order_id) for name in then])
        return Target(aggregate_id=order_id)

    return Case(command_type=f"order.{verb}", prepare=prepare, send=_order_send(verb))


# --- complaints (DOMAIN §3) ---------------------------------------------------------------------


def complaint(verb: str, to: str | None, *, by_the_assignee: bool = False) -> Case:
    def prepare(ledger: Opsledger, clock: FixedClock) -> Target:
        if to is None:
            return Target(aggregate_id=None)
        return Target(aggregate_id=complaints.drive(ledger, clock, to))

    def send(target: Target, actor: Json) -> Json:
        return complaints.command(verb, target.aggregate_id, actor=actor)

    return Case(
        command_type=f"complaint.{verb}",
        prepare=prepare,
        send=send,
        recorded_id=complaints.ASSIGNEE["id"] if by_the_assignee else None,
        # The department the usual complaint is assigned to: its head may investigate.
        department=complaints.PAYLOADS["assign"]["department"],
    )


# --- projects (DOMAIN §4) -----------------------------------------------------------------------


def project(verb: str, to: str | None, *then: str, by_the_manager: bool = False) -> Case:
    def prepare(ledger: Opsledger, clock: FixedClock) -> Target:
        if to is None:
            return Target(aggregate_id=None)
        project_id = projects.drive(ledger, clock, to)
        _walk(ledger, clock, [projects.step(name, project_id) for name in then])
        return Target(aggregate_id=project_id)

    def send(target: Target, actor: Json) -> Json:
        return projects.command(verb, target.aggregate_id, actor=actor)

    return Case(
        command_type=f"project.{verb}",
        prepare=prepare,
        send=send,
        recorded_id=projects.PROJECT_MANAGER["id"] if by_the_manager else None,
    )


# --- budgets (DOMAIN §5) ------------------------------------------------------------------------


def budget(verb: str, to: str | None) -> Case:
    def prepare(ledger: Opsledger, clock: FixedClock) -> Target:
        if to is None:
            return Target(aggregate_id=None, department=budgets.new_department())
        budget_id, department = budgets.drive(ledger, clock, to)
        return Target(aggregate_id=budget_id, department=department)

    def send(target: Target, actor: Json) -> Json:
        return budgets.command(verb, target.aggregate_id, target.department, actor=actor)

    return Case(command_type=f"budget.{verb}", prepare=prepare, send=send)


# --- risks (DOMAIN §6) --------------------------------------------------------------------------


def risk(verb: str, to: str | None, *then: str, recorded_id: str | None = None) -> Case:
    def prepare(ledger: Opsledger, clock: FixedClock) -> Target:
        if to is None:
            return Target(aggregate_id=None)
        return Target(aggregate_id=risks.drive(ledger, clock, to, then=then))

    def send(target: Target, actor: Json) -> Json:
        return risks.command(verb, target.aggregate_id, actor=actor)

    return Case(command_type=f"risk.{verb}", prepare=prepare, send=send, recorded_id=recorded_id)


THE_OWNER = risks.OWNER["id"]
THE_ACTIONS_OWNER = risks.ACTION_OWNER["id"]


# --- rectifications (DOMAIN §6a) ----------------------------------------------------------------


def rectification(verb: str, to: str | None, *, by_the_responsible: bool = False) -> Case:
    def prepare(ledger: Opsledger, clock: FixedClock) -> Target:
        if to is None:
            return Target(aggregate_id=None)
        return Target(aggregate_id=rectifications.drive(ledger, clock, to))

    def send(target: Target, actor: Json) -> Json:
        return rectifications.command(verb, target.aggregate_id, actor=actor)

    return Case(
        command_type=f"rectification.{verb}",
        prepare=prepare,
        send=send,
        recorded_id=rectifications.RESPONSIBLE["id"] if by_the_responsible else None,
        # The department of the usual notice: its head may acknowledge it.
        department=rectifications.DEPARTMENT,
    )


_CASES = (
    # DOMAIN §2
    order("draft", None),
    order("amend", "draft"),
    order("request_review", "draft"),
    order("review_clause", "under_review"),
    order("sign", "approved"),
    order("start_fulfilment", "signed"),
    order("ship", "in_fulfilment"),
    order("confirm_delivery", "in_fulfilment", "ship"),
    order("invoice", "delivered"),
    order("record_payment", "delivered", "invoice"),
    order("hold", "signed"),
    order("resume", "on_hold"),
    order("cancel", "approved"),
    order("close", "delivered", "invoice", "record_payment"),
    # DOMAIN §3
    complaint("register", None),
    complaint("acknowledge", "received"),
    complaint("classify", "acknowledged"),
    complaint("assign", "classified"),
    complaint("record_investigation", "assigned", by_the_assignee=True),
    complaint("pause", "investigating", by_the_assignee=True),
    complaint("resume", "paused", by_the_assignee=True),
    complaint("propose_resolution", "investigating", by_the_assignee=True),
    complaint("record_feedback", "resolution_proposed"),
    complaint("close", "resolved"),
    complaint("close_unresolved", "resolution_proposed"),
    complaint("reopen", "closed"),
    complaint("escalate", "assigned"),
    # DOMAIN §4
    project("propose", None),
    project("approve", "proposed"),
    project("reject", "proposed"),
    project("appoint_manager", "approved"),
    project("add_member", "planning", by_the_manager=True),
    project("submit_plan", "planning", by_the_manager=True),
    project("approve_plan", "planning", "submit_plan"),
    project("start", "plan_approved", by_the_manager=True),
    project("record_progress", "executing", by_the_manager=True),
    project("record_cost", "executing", by_the_manager=True),
    project("request_change", "executing", by_the_manager=True),
    project("approve_change", "executing", "request_change"),
    project("hold", "executing"),
    project("resume", "on_hold"),
    project("cancel", "executing"),
    project("request_acceptance", "executing", "done_0", "done_1", "done_2", by_the_manager=True),
    project("record_acceptance", "acceptance_requested"),
    project("submit_closing_report", "accepted", by_the_manager=True),
    project("close", "accepted", "submit_closing_report"),
    # DOMAIN §5
    budget("draft", None),
    budget("revise_draft", "draft"),
    budget("submit", "draft"),
    budget("review", "submitted"),
    budget("approve", "finance_reviewed"),
    budget("commit_funds", "approved"),
    budget("record_spend", "approved"),
    budget("request_adjustment", "approved"),
    budget("review_adjustment", "adjustment_requested"),
    budget("approve_adjustment", "adjustment_reviewed"),
    budget("reject_adjustment", "adjustment_reviewed"),
    budget("close", "approved"),
    # DOMAIN §6: the usual risk is high (likelihood 4, impact 3), so accepting it waits for
    # management's approval.
    risk("identify", None),
    risk("assess", "identified", recorded_id=THE_OWNER),
    risk("choose_response", "assessed", recorded_id=THE_OWNER),
    risk("approve_acceptance", "assessed", "accept"),
    risk("add_action", "responding", recorded_id=THE_OWNER),
    risk("complete_action", "responding", "add_action", recorded_id=THE_ACTIONS_OWNER),
    risk("assess_residual", "responding", "add_action", "complete_action"),
    risk("review", "monitoring", recorded_id=THE_OWNER),
    risk("close", "monitoring"),
    risk("reopen", "closed"),
    # DOMAIN §6a
    rectification("issue", None),
    rectification("acknowledge", "issued", by_the_responsible=True),
    rectification("start", "acknowledged", by_the_responsible=True),
    rectification("submit", "rectifying", by_the_responsible=True),
    rectification("verify", "submitted"),
    rectification("extend", "rectifying"),
    rectification("close", "verified"),
)

#: Every command type the table knows, with where and how it is sent.
CASES: dict[str, Case] = {case.command_type: case for case in _CASES}
assert len(CASES) == len(_CASES), "a command type is listed twice"
