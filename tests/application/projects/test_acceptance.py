"""Every project command accepted (DOMAIN §4): given a project in the state the command needs,
the command appends exactly the event DOMAIN names, at the next version, and the project is in
the status DOMAIN says. Then one project's whole life through all nineteen commands. Both
stores."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

import pytest

from domain.project.events import BaselineChanged, PlanApproved, ProjectProposed
from infrastructure.opsledger import Opsledger
from tests.application.ledger_reading import event_as
from tests.application.project_envelopes import (
    BUILD,
    DEPARTMENT_HEAD,
    DESIGN,
    EMPLOYEE,
    FINANCE,
    MANAGEMENT,
    PROJECT_MANAGER,
    REASON,
    ROLLOUT,
    Json,
    accept,
    command,
    drive,
    inspection,
    plan,
    progress,
    proposal,
    status_of,
    step,
)
from tests.clocks import FixedClock

#: (command or step, status it is sent in, steps taken first, its events, version, status after)
ACCEPTED: list[tuple[str, str | None, tuple[str, ...], tuple[str, ...], int, str]] = [
    ("propose", None, (), ("ProjectProposed",), 1, "proposed"),
    ("approve", "proposed", (), ("ProjectApproved",), 2, "approved"),
    ("reject", "proposed", (), ("ProjectRejected",), 2, "rejected"),
    ("appoint_manager", "approved", (), ("ProjectManagerAppointed",), 3, "planning"),
    ("add_member", "planning", (), ("TeamMemberAdded",), 4, "planning"),
    ("add_member", "executing", (), ("TeamMemberAdded",), 7, "executing"),
    ("submit_plan", "planning", (), ("PlanSubmitted",), 4, "planning"),
    ("submit_plan", "planning", ("submit_plan",), ("PlanSubmitted",), 5, "planning"),
    ("approve_plan", "planning", ("submit_plan",), ("PlanApproved",), 5, "plan_approved"),
    ("start", "plan_approved", (), ("ProjectStarted",), 6, "executing"),
    ("record_progress", "executing", (), ("ProgressRecorded",), 7, "executing"),
    ("done_1", "executing", ("done_0",), ("ProgressRecorded",), 8, "executing"),
    ("record_cost", "plan_approved", (), ("CostRecorded",), 6, "plan_approved"),
    ("record_cost", "executing", (), ("CostRecorded",), 7, "executing"),
    ("record_cost", "on_hold", (), ("CostRecorded",), 8, "on_hold"),
    ("record_cost", "accepted", (), ("CostRecorded",), 12, "accepted"),
    ("request_change", "plan_approved", (), ("ChangeRequested",), 6, "plan_approved"),
    ("request_change", "executing", (), ("ChangeRequested",), 7, "executing"),
    ("approve_change", "executing", ("request_change",), ("BaselineChanged",), 8, "executing"),
    ("hold", "proposed", (), ("ProjectPutOnHold",), 2, "on_hold"),
    ("hold", "planning", (), ("ProjectPutOnHold",), 4, "on_hold"),
    ("hold", "acceptance_requested", (), ("ProjectPutOnHold",), 11, "on_hold"),
    ("resume", "on_hold", (), ("ProjectResumed",), 8, "executing"),
    ("resume", "proposed", ("hold",), ("ProjectResumed",), 3, "proposed"),
    ("resume", "acceptance_requested", ("hold",), ("ProjectResumed",), 12,
     "acceptance_requested"),
    ("cancel", "proposed", (), ("ProjectCancelled",), 2, "cancelled"),
    ("cancel", "planning", (), ("ProjectCancelled",), 4, "cancelled"),
    ("cancel", "executing", (), ("ProjectCancelled",), 7, "cancelled"),
    ("cancel", "on_hold", (), ("ProjectCancelled",), 8, "cancelled"),
    ("cancel", "acceptance_requested", (), ("ProjectCancelled",), 11, "cancelled"),
    ("request_acceptance", "executing", ("done_0", "done_1", "done_2"), ("AcceptanceRequested",),
     10, "acceptance_requested"),
    ("record_acceptance", "acceptance_requested", (), ("AcceptancePassed",), 11, "accepted"),
    ("fail_acceptance", "acceptance_requested", (), ("AcceptanceFailed",), 11, "executing"),
    ("submit_closing_report", "accepted", (), ("ClosingReportSubmitted",), 12, "accepted"),
    ("close", "accepted", ("submit_closing_report",), ("ProjectClosed",), 13, "closed"),
]  # fmt: skip


class TestEachCommandIsAccepted:
    @pytest.mark.parametrize(
        ("name", "status", "first", "events", "version", "after"),
        ACCEPTED,
        ids=[
            f"{row[0]}-in-{row[1]}{'-after-' + '-'.join(row[2]) if row[2] else ''}"
            for row in ACCEPTED
        ],
    )
    def test_events_version_and_status(
        self,
        ledger: Opsledger,
        clock: FixedClock,
        name: str,
        status: str | None,
        first: tuple[str, ...],
        events: tuple[str, ...],
        version: int,
        after: str,
    ) -> None:
        if status is None:
            result = accept(ledger, command(name))
        else:
            project_id = drive(ledger, clock, to=status)
            for earlier in first:
                clock.advance(hours=1)
                accept(ledger, step(earlier, project_id))
            clock.advance(hours=1)
            result = accept(ledger, step(name, project_id))
            assert result.aggregate_id == project_id

        assert (result.version, result.events) == (version, events)
        assert result.aggregate_id is not None
        assert status_of(ledger, result.aggregate_id) == after
        history = ledger.history(result.aggregate_id)
        assert [r.event_type for r in history[-len(events) :]] == list(events)
        assert [r.originator_version for r in history] == list(range(1, version + 1))
        assert {r.aggregate_type for r in history} == {"project"}

    def test_a_proposal_may_name_its_project_id(self, ledger: Opsledger) -> None:
        chosen = UUID("5d0c7a6e-2f3d-4e5f-8a9b-0c1d2e3f4a5b")
        result = accept(ledger, command("propose", chosen))
        assert (result.aggregate_id, result.version) == (chosen, 1)

    def test_planned_dates_may_be_one_day(self, ledger: Opsledger) -> None:
        """End ≥ start: a project may start and end on the same day."""
        one_day = proposal(planned_start="2026-07-15", planned_end="2026-07-15")
        assert accept(ledger, command("propose", payload=one_day)).version == 1


#: A plan of two milestones for the whole life below: 0.4 due 31 August, 0.6 due 30 November.
TWO_MILESTONES: list[Json] = [
    {"name": DESIGN, "due": "2026-08-31", "weight": "0.4"},
    {"name": BUILD, "due": "2026-11-30", "weight": "0.6"},
]
REVISED = plan(baseline_cost="400000.00")
FIRST_PLAN = {**REVISED, "milestones": TWO_MILESTONES, "baseline_cost": "420000.00"}
MEMBER_2 = {"member_id": "u-dev-2", "role": "测试 (tester)"}
CHANGE = {"new_planned_end": "2027-02-28", "new_baseline_cost": "430000.00"}
PM = PROJECT_MANAGER

#: A whole project through all nineteen commands: a revised plan, two members, progress in
#: steps, costs from the manager and from finance, an approved change, a hold, a failed then a
#: passed inspection. (command, sender, payload, events, status after); None: the usual.
LIFE: list[tuple[str, Json | None, Json | None, str, str]] = [
    ("propose", None, None, "ProjectProposed", "proposed"),
    ("approve", None, None, "ProjectApproved", "approved"),
    ("appoint_manager", None, None, "ProjectManagerAppointed", "planning"),
    ("add_member", None, None, "TeamMemberAdded", "planning"),
    ("submit_plan", None, FIRST_PLAN, "PlanSubmitted", "planning"),
    ("submit_plan", None, REVISED, "PlanSubmitted", "planning"),
    ("approve_plan", MANAGEMENT, None, "PlanApproved", "plan_approved"),
    ("start", None, None, "ProjectStarted", "executing"),
    ("add_member", None, MEMBER_2, "TeamMemberAdded", "executing"),
    ("record_progress", None, {"milestone": DESIGN, "percent_complete": 40}, "ProgressRecorded",
     "executing"),
    ("record_cost", FINANCE, None, "CostRecorded", "executing"),
    ("record_cost", PM, {"amount": "3000.50", "description": "培训 (training)"}, "CostRecorded",
     "executing"),
    ("request_change", None, CHANGE, "ChangeRequested", "executing"),
    ("approve_change", None, None, "BaselineChanged", "executing"),
    ("hold", None, None, "ProjectPutOnHold", "on_hold"),
    ("resume", None, None, "ProjectResumed", "executing"),
    ("record_progress", None, {"milestone": DESIGN, "percent_complete": 100}, "ProgressRecorded",
     "executing"),
    ("record_progress", None, {"milestone": BUILD, "percent_complete": 100}, "ProgressRecorded",
     "executing"),
    ("record_progress", None, {"milestone": ROLLOUT, "percent_complete": 100},
     "ProgressRecorded", "executing"),
    ("request_acceptance", None, None, "AcceptanceRequested", "acceptance_requested"),
    ("fail_acceptance", None, None, "AcceptanceFailed", "executing"),
    ("request_acceptance", None, None, "AcceptanceRequested", "acceptance_requested"),
    ("record_acceptance", None, None, "AcceptancePassed", "accepted"),
    ("submit_closing_report", None, None, "ClosingReportSubmitted", "accepted"),
    ("close", None, {"evaluation_score": 5}, "ProjectClosed", "closed"),
]  # fmt: skip


def life_command(
    project_id: UUID | None, name: str, actor: Json | None, payload: Json | None
) -> Json:
    if name == "fail_acceptance":
        assert project_id is not None
        return inspection(project_id, passed=False)
    return command(name, project_id, actor=actor, payload=payload)


class TestAProjectsWholeLife:
    """proposed → … → closed through every command but reject and cancel: versions 1..25
    without gaps, each event as DOMAIN §4 names it, each status as it says."""

    def test_each_command_gives_its_event_version_and_status(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        project_id: UUID | None = None
        sent: list[Json] = []
        for version, (name, actor, payload, event, status) in enumerate(LIFE, start=1):
            clock.advance(hours=2)
            body = life_command(project_id, name, actor, payload)
            sent.append(body)
            result = accept(ledger, body)
            project_id = result.aggregate_id
            assert project_id is not None
            assert (result.version, result.events) == (version, (event,)), name
            assert status_of(ledger, project_id) == status, name

        assert project_id is not None
        history = ledger.history(project_id)
        assert [r.event_type for r in history] == [row[3] for row in LIFE]
        assert [r.originator_version for r in history] == list(range(1, 26))

        # each event records who sent the command, which command, and its reason
        by_command = {UUID(body["command_id"]): body for body in sent}
        for recorded in history:
            body = by_command[recorded.command_id]
            assert recorded.actor.id == body["actor"]["id"]
            assert recorded.reason == body.get("reason")
        reasons = {r.event_type: r.reason for r in history if r.reason is not None}
        assert reasons == dict.fromkeys(
            ("ProjectApproved", "ChangeRequested", "ProjectPutOnHold", "ProjectResumed"), REASON
        )

        proposed = event_as(history[0], ProjectProposed)
        assert (proposed.actor.id, proposed.name) == (
            EMPLOYEE["id"],
            "仓储管理系统升级 (warehouse system upgrade)",
        )
        assert (proposed.budget_amount, proposed.currency) == (Decimal("500000.00"), "CNY")
        # the plan approved is the revised one: three milestones, 400,000.00
        frozen = event_as(history[6], PlanApproved)
        assert [(m.name, m.due, m.weight) for m in frozen.milestones] == [
            (DESIGN, date(2026, 8, 31), Decimal("0.3")),
            (BUILD, date(2026, 11, 30), Decimal("0.5")),
            (ROLLOUT, date(2026, 12, 31), Decimal("0.2")),
        ]
        assert frozen.baseline_cost == Decimal("400000.00")
        moved = event_as(history[13], BaselineChanged)
        assert (moved.planned_end, moved.baseline_cost, moved.requested_by) == (
            date(2027, 2, 28),
            Decimal("430000.00"),
            PM["id"],
        )

        project = ledger.state(project_id)[1].state
        assert project.proposer_id == EMPLOYEE["id"]
        assert project.manager_id == PM["id"]
        assert dict(project.members) == {
            "u-dev-1": "架构师 (architect)",
            "u-dev-2": "测试 (tester)",
        }
        assert project.planned_end == date(2027, 2, 28)
        assert project.baseline_cost == Decimal("430000.00")
        assert project.cost_total == Decimal("15000.50")
        assert dict(project.progress) == {DESIGN: 100, BUILD: 100, ROLLOUT: 100}
        assert (project.acceptance_failures, project.evaluation_score) == (1, 5)

    def test_the_state_as_of_each_business_time(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Halfway between two commands the project is as the first of them left it."""
        project_id: UUID | None = None
        moments = []
        for name, actor, payload, _, status in LIFE:
            clock.advance(hours=2)
            body = life_command(project_id, name, actor, payload)
            project_id = accept(ledger, body).aggregate_id
            moments.append((clock.now() + timedelta(hours=1), status))

        assert project_id is not None
        as_of = [
            (at, ledger.state(project_id, as_of=at)[1].state.status.value) for at, _ in moments
        ]
        assert as_of == moments


class TestWhoActsOnTheProject:
    def test_the_manager_is_whoever_was_appointed_whatever_their_roles(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """DOMAIN §1: "the project manager" is the actor whose id the project records."""
        engineer = {"id": "u-eng-9", "roles": ["operations"], "department": "it"}
        project_id = drive(ledger, clock, to="approved")
        accept(ledger, command("appoint_manager", project_id, payload={"manager_id": "u-eng-9"}))
        for verb in ("add_member", "submit_plan"):
            clock.advance(hours=1)
            assert accept(ledger, command(verb, project_id, actor=engineer)).ok
        clock.advance(hours=1)
        accept(ledger, command("approve_plan", project_id, actor=DEPARTMENT_HEAD))
        clock.advance(hours=1)
        assert accept(ledger, command("start", project_id, actor=engineer)).events == (
            "ProjectStarted",
        )

    def test_a_manager_appointed_in_place_of_another(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """After a new appointment the new manager acts, the former one no longer does."""
        successor = {"id": "u-pm-3", "roles": ["project_manager"], "department": "pmo"}
        project_id = drive(ledger, clock, to="executing")
        replaced = accept(
            ledger, command("appoint_manager", project_id, payload={"manager_id": "u-pm-3"})
        )
        assert (replaced.events, replaced.version) == (("ProjectManagerAppointed",), 7)
        clock.advance(hours=1)
        assert accept(ledger, progress(project_id, DESIGN, 10, actor=successor)).version == 8
        refused = ledger.submit(progress(project_id, DESIGN, 20))
        assert (refused.ok, refused.code) == (False, "forbidden")

    def test_finance_or_the_manager_record_costs(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        project_id = drive(ledger, clock, to="executing")
        for sender in (FINANCE, PM):
            clock.advance(hours=1)
            assert accept(ledger, command("record_cost", project_id, actor=sender)).ok
        assert ledger.state(project_id)[1].state.cost_total == Decimal("24000.00")

    def test_management_may_approve_the_plan_as_well_as_a_department_head(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        project_id = drive(ledger, clock, to="planning")
        accept(ledger, command("submit_plan", project_id))
        clock.advance(hours=1)
        approved = accept(ledger, command("approve_plan", project_id, actor=MANAGEMENT))
        assert approved.events == ("PlanApproved",)
