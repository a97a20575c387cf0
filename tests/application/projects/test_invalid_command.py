"""Malformed project commands (DOMAIN §1 `invalid_command`): wrong field types, missing fields,
unknown fields, values outside a field's form (amounts as strings above zero, weights shares of
at most 1, percentages 0 to 100, scores 1 to 5), a missing reason where §4 asks for one. Every bad
field is named by its path from the envelope (`payload.milestones[1].weight`); the refusal
appends nothing. Both stores."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any
from uuid import UUID

import pytest

from application.commands.catalogue import COMMANDS
from infrastructure.opsledger import Opsledger
from tests.application.project_envelopes import (
    DESIGN,
    MILESTONES,
    Json,
    accept,
    command,
    drive,
    head,
    plan,
    proposal,
    step,
)
from tests.clocks import FixedClock

BUDGET = "payload.budget_amount"

#: A proposal payload, and exactly the fields its refusal must name.
BAD_PROPOSALS: list[tuple[str, Json, set[str]]] = [
    ("name-missing", proposal(name=...), {"payload.name"}),
    ("name-a-number", proposal(name=42), {"payload.name"}),
    ("department-missing", proposal(department=...), {"payload.department"}),
    ("goals-missing", proposal(goals=...), {"payload.goals"}),
    ("scope-a-list", proposal(scope=["a"]), {"payload.scope"}),
    ("start-with-slashes", proposal(planned_start="2026/07/01"), {"payload.planned_start"}),
    ("end-not-on-the-calendar", proposal(planned_end="2026-02-30"), {"payload.planned_end"}),
    ("end-missing", proposal(planned_end=...), {"payload.planned_end"}),
    ("budget-a-number", proposal(budget_amount=500000), {BUDGET}),
    ("budget-zero", proposal(budget_amount="0.00"), {BUDGET}),
    ("budget-negative", proposal(budget_amount="-1.00"), {BUDGET}),
    ("budget-three-decimals", proposal(budget_amount="1.005"), {BUDGET}),
    ("budget-missing", proposal(budget_amount=...), {BUDGET}),
    ("budget-id-not-a-uuid", proposal(budget_id="budget-1"), {"payload.budget_id"}),
    ("currency-lower-case", proposal(currency="cny"), {"payload.currency"}),
    ("unknown-field", proposal(sponsor="u-ceo"), {"payload.sponsor"}),
    (
        "every-bad-field-at-once",
        proposal(name=..., budget_amount="0", planned_start=20260701, colour="red"),
        {"payload.name", BUDGET, "payload.planned_start", "payload.colour"},
    ),
]


class TestAMalformedProposal:
    def test_each_is_refused_naming_each_bad_field(self, ledger: Opsledger) -> None:
        named = []
        for case, payload, _ in BAD_PROPOSALS:
            result = ledger.submit(command("propose", payload=payload))
            assert (result.ok, result.code) == (False, "invalid_command"), result.to_json()
            assert all(result.details["fields"].values())
            named.append((case, set(result.details["fields"])))

        assert named == [(case, fields) for case, _, fields in BAD_PROPOSALS]
        assert head(ledger) is None

    def test_an_unknown_project_command(self, ledger: Opsledger, clock: FixedClock) -> None:
        project_id = drive(ledger, clock)
        result = ledger.submit({**command("approve", project_id), "type": "project.teleport"})
        assert (result.ok, result.code) == (False, "invalid_command")
        assert set(result.details["fields"]) == {"type"}
        assert head(ledger) == 2  # the proposal and its command record


Body = Callable[[UUID], Json]


def sent(verb: str, payload: Any = None, **envelope: Any) -> Body:
    """A `verb` command to the project with this payload and envelope changes."""
    return lambda project_id: command(verb, project_id, payload=payload, **envelope)


def milestones_with(index: int, **changes: object) -> list[Json]:
    """The usual milestones with fields of milestone `index` replaced (... removes one)."""
    rows = copy.deepcopy(MILESTONES)
    for name, value in changes.items():
        if value is ...:
            rows[index].pop(name)
        else:
            rows[index][name] = value
    return rows


def weight(index: int) -> str:
    return f"payload.milestones[{index}].weight"


def scored(score: object) -> Body:
    return sent("close", {"evaluation_score": score})


def at(percent: object) -> Body:
    return sent("record_progress", {"milestone": DESIGN, "percent_complete": percent})


def costing(amount: object) -> Body:
    return sent("record_cost", {"amount": amount, "description": "服务器"})


PERCENT, AMOUNT, SCORE = "payload.percent_complete", "payload.amount", "payload.evaluation_score"

#: For each command: where it is sent (status, then steps), and malformed bodies, each with
#: exactly the fields its refusal must name.
BAD_COMMANDS: dict[str, tuple[str, tuple[str, ...], list[tuple[Body, set[str]]]]] = {
    "approve": (
        "proposed",
        (),
        [
            (sent("approve", {"note": "ok"}), {"payload.note"}),
            (sent("approve", drop=["aggregate_id"]), {"aggregate_id"}),
            (sent("approve", aggregate_id="project-1"), {"aggregate_id"}),
            # DOMAIN §4: "project.approve / project.reject + reason" - both need one.
            (sent("approve", drop=["reason"]), {"reason"}),
        ],
    ),
    "reject": (
        "proposed",
        (),
        [(sent("reject", drop=["reason"]), {"reason"}), (sent("reject", reason="  "), {"reason"})],
    ),
    "appoint_manager": (
        "approved",
        (),
        [
            (sent("appoint_manager", {}), {"payload.manager_id"}),
            (sent("appoint_manager", {"manager_id": 7}), {"payload.manager_id"}),
        ],
    ),
    "add_member": (
        "planning",
        (),
        [
            (sent("add_member", {"member_id": "u-dev-1"}), {"payload.role"}),
            (sent("add_member", {"member_id": 5, "role": "QA"}), {"payload.member_id"}),
        ],
    ),
    "submit_plan": (
        "planning",
        (),
        [
            (sent("submit_plan", plan(milestones=[])), {"payload.milestones"}),
            (sent("submit_plan", plan(milestones=...)), {"payload.milestones"}),
            (sent("submit_plan", plan(milestones="design")), {"payload.milestones"}),
            (sent("submit_plan", plan(milestones=milestones_with(1, weight="1.5"))), {weight(1)}),
            (sent("submit_plan", plan(milestones=milestones_with(1, weight="0"))), {weight(1)}),
            (sent("submit_plan", plan(milestones=milestones_with(2, weight="-0.2"))), {weight(2)}),
            (
                sent("submit_plan", plan(milestones=milestones_with(0, weight="0.3000001"))),
                {weight(0)},
            ),
            (sent("submit_plan", plan(milestones=milestones_with(1, weight=True))), {weight(1)}),
            (sent("submit_plan", plan(milestones=milestones_with(1, weight="½"))), {weight(1)}),
            (
                sent("submit_plan", plan(milestones=milestones_with(0, due="31/08/2026"))),
                {"payload.milestones[0].due"},
            ),
            (
                sent("submit_plan", plan(milestones=milestones_with(2, name=...))),
                {"payload.milestones[2].name"},
            ),
            (
                sent("submit_plan", plan(milestones=milestones_with(0, owner="u-pm-1"))),
                {"payload.milestones[0].owner"},
            ),
            (
                sent("submit_plan", plan(milestones=[MILESTONES[0], 5, MILESTONES[2]])),
                {"payload.milestones[1]"},
            ),
            (sent("submit_plan", plan(quality_plan=...)), {"payload.quality_plan"}),
            (sent("submit_plan", plan(risk_plan=3)), {"payload.risk_plan"}),
            (sent("submit_plan", plan(communication_plan=...)), {"payload.communication_plan"}),
            (sent("submit_plan", plan(baseline_cost="0.00")), {"payload.baseline_cost"}),
            (sent("submit_plan", plan(baseline_cost=450000)), {"payload.baseline_cost"}),
            (
                sent(
                    "submit_plan",
                    plan(
                        milestones=milestones_with(1, weight="2", due="soon"),
                        quality_plan=...,
                        baseline_cost="-1",
                    ),
                ),
                {
                    weight(1),
                    "payload.milestones[1].due",
                    "payload.quality_plan",
                    "payload.baseline_cost",
                },
            ),
        ],
    ),
    "approve_plan": (
        "planning",
        ("submit_plan",),
        [(sent("approve_plan", {"baseline_cost": "1.00"}), {"payload.baseline_cost"})],
    ),
    "start": ("plan_approved", (), [(sent("start", []), {"payload"})]),
    "record_progress": (
        "executing",
        (),
        [
            (at(101), {PERCENT}),
            (at(-1), {PERCENT}),
            (at(50.5), {PERCENT}),
            (at("50"), {PERCENT}),
            (at(True), {PERCENT}),
            (at(None), {PERCENT}),
            (sent("record_progress", {"percent_complete": 50}), {"payload.milestone"}),
        ],
    ),
    "record_cost": (
        "executing",
        (),
        [
            (costing("0.00"), {AMOUNT}),
            (costing("0"), {AMOUNT}),
            (costing("-5.00"), {AMOUNT}),
            (costing(12000), {AMOUNT}),
            (costing("12,000.00"), {AMOUNT}),
            (sent("record_cost", {"amount": "1.00"}), {"payload.description"}),
        ],
    ),
    "request_change": (
        "executing",
        (),
        [
            (sent("request_change", drop=["reason"]), {"reason"}),
            (
                sent("request_change", {"new_planned_end": "2027/01/31"}),
                {"payload.new_planned_end"},
            ),
            (sent("request_change", {"new_baseline_cost": "0"}), {"payload.new_baseline_cost"}),
            (sent("request_change", {"new_end": "2027-01-31"}), {"payload.new_end"}),
        ],
    ),
    "approve_change": (
        "executing",
        ("request_change",),
        [(sent("approve_change", {"approved": True}), {"payload.approved"})],
    ),
    "hold": (
        "executing",
        (),
        [(sent("hold", drop=["reason"]), {"reason"}), (sent("hold", reason=""), {"reason"})],
    ),
    "resume": ("on_hold", (), [(sent("resume", drop=["reason"]), {"reason"})]),
    "cancel": (
        "executing",
        (),
        [
            (sent("cancel", drop=["reason"]), {"reason"}),
            (sent("cancel", drop=["reason", "aggregate_id"]), {"reason", "aggregate_id"}),
        ],
    ),
    "request_acceptance": (
        "executing",
        ("done_0", "done_1", "done_2"),
        [(sent("request_acceptance", {"urgent": True}), {"payload.urgent"})],
    ),
    "record_acceptance": (
        "acceptance_requested",
        (),
        [
            (sent("record_acceptance", {"passed": "yes"}), {"payload.passed"}),
            (sent("record_acceptance", {"defects": "none"}), {"payload.passed"}),
            (sent("record_acceptance", {"passed": True, "defects": 5}), {"payload.defects"}),
        ],
    ),
    "submit_closing_report": (
        "accepted",
        (),
        [
            (sent("submit_closing_report", {"summary": "done"}), {"payload.lessons_learned"}),
            (
                sent("submit_closing_report", {"summary": 1, "lessons_learned": "x"}),
                {"payload.summary"},
            ),
        ],
    ),
    "close": (
        "accepted",
        ("submit_closing_report",),
        [
            (scored(0), {SCORE}),
            (scored(6), {SCORE}),
            (scored(4.5), {SCORE}),
            (scored("4"), {SCORE}),
            (sent("close", {}), {SCORE}),
            (sent("close", expected_version="12"), {"expected_version"}),
        ],
    ),
}


class TestAMalformedCommandOnAProject:
    """Sent to a project where the well-formed command would be accepted: each malformed body
    is `invalid_command` naming exactly its bad fields, and nothing is appended."""

    def test_every_project_command_has_cases(self) -> None:
        declared = {t.removeprefix("project.") for t in COMMANDS if t.startswith("project.")}
        assert {"propose", *BAD_COMMANDS} == declared

    @pytest.mark.parametrize("verb", sorted(BAD_COMMANDS))
    def test_is_refused_naming_each_bad_field(
        self, ledger: Opsledger, clock: FixedClock, verb: str
    ) -> None:
        status, first, cases = BAD_COMMANDS[verb]
        project_id = drive(ledger, clock, to=status)
        for name in first:
            clock.advance(hours=1)
            accept(ledger, step(name, project_id))
        clock.advance(hours=1)
        before = head(ledger)

        named = []
        for body, _ in cases:
            result = ledger.submit(body(project_id))
            assert (result.ok, result.code) == (False, "invalid_command"), result.to_json()
            named.append(set(result.details["fields"]))

        assert named == [fields for _, fields in cases]
        assert head(ledger) == before
        assert accept(ledger, command(verb, project_id)).ok  # the well-formed one still is
