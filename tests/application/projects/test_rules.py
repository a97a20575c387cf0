"""The business rules of DOMAIN §4 through the ledger (`rule_violation`): planned end on or
after the start; a plan with all four parts, milestones inside the project's dates and weights
summing to exactly 1 as decimals; progress per milestone of the plan that never decreases;
acceptance requested only with every milestone at 100%; a change that changes something; close
only once acceptance passed and the closing report is in. Refusals append nothing; the command
that keeps the rule is then accepted. Both stores."""

from __future__ import annotations

from decimal import Decimal

import pytest

from infrastructure.opsledger import Opsledger
from tests.application.project_envelopes import (
    BUILD,
    DESIGN,
    ROLLOUT,
    Json,
    accept,
    command,
    drive,
    inspection,
    milestones,
    plan,
    progress,
    proposal,
    refuse,
    status_of,
    step,
)
from tests.clocks import FixedClock


def violated(ledger: Opsledger, body: Json) -> dict[str, object]:
    """`body` is refused `rule_violation` and appends nothing; its details."""
    return refuse(ledger, body, "rule_violation").details


class TestAProposal:
    def test_ends_on_or_after_it_starts(self, ledger: Opsledger) -> None:
        backwards = proposal(planned_start="2026-07-01", planned_end="2026-06-30")
        assert violated(ledger, command("propose", payload=backwards))["field"] == "planned_end"

    @pytest.mark.parametrize("field", ["name", "department", "goals", "scope"])
    def test_says_something_in_each_text(self, ledger: Opsledger, field: str) -> None:
        assert violated(ledger, command("propose", payload=proposal(**{field: "  "})))


D1, D2, D3 = "2026-08-31", "2026-11-30", "2026-12-31"

#: Plans refused by the rules, and the field each refusal names.
BAD_PLANS: list[tuple[str, Json, str]] = [
    (
        "weights-0.3-0.3-0.3",
        plan(milestones=milestones((DESIGN, D1, "0.3"), (BUILD, D2, "0.3"), (ROLLOUT, D3, "0.3"))),
        "milestones",
    ),
    (
        "weights-0.5-0.5-0.1",
        plan(milestones=milestones((DESIGN, D1, "0.5"), (BUILD, D2, "0.5"), (ROLLOUT, D3, "0.1"))),
        "milestones",
    ),
    (
        "weights-a-millionth-short",
        plan(
            milestones=milestones(
                (DESIGN, D1, "0.333333"), (BUILD, D2, "0.333333"), (ROLLOUT, D3, "0.333333")
            )
        ),
        "milestones",
    ),
    ("one-milestone-of-half", plan(milestones=milestones((DESIGN, D1, "0.5"))), "milestones"),
    (
        "due-before-the-start",
        plan(milestones=milestones((DESIGN, "2026-06-30", "0.5"), (BUILD, D2, "0.5"))),
        "milestones[0].due",
    ),
    (
        "due-after-the-end",
        plan(milestones=milestones((DESIGN, D1, "0.5"), (BUILD, "2027-01-01", "0.5"))),
        "milestones[1].due",
    ),
    (
        "a-name-twice",
        plan(milestones=milestones((DESIGN, D1, "0.5"), (DESIGN, D2, "0.5"))),
        "milestones[1].name",
    ),
    (
        "a-blank-name",
        plan(milestones=milestones((DESIGN, D1, "0.5"), (" ", D2, "0.5"))),
        "milestones[1].name",
    ),
    ("quality-plan-blank", plan(quality_plan=" "), "quality_plan"),
    ("risk-plan-blank", plan(risk_plan=""), "risk_plan"),
    ("communication-plan-blank", plan(communication_plan="\t"), "communication_plan"),
    # DOMAIN is silent; the approved budget (500,000.00) bounds the baseline
    ("baseline-above-the-budget", plan(baseline_cost="500000.01"), "baseline_cost"),
]


class TestAPlan:
    def test_each_broken_rule_is_refused(self, ledger: Opsledger, clock: FixedClock) -> None:
        project_id = drive(ledger, clock, to="planning")
        clock.advance(hours=1)

        named = []
        for case, payload, _ in BAD_PLANS:
            details = violated(ledger, command("submit_plan", project_id, payload=payload))
            named.append((case, details.get("field")))

        assert named == [(case, field) for case, _, field in BAD_PLANS]
        assert status_of(ledger, project_id) == "planning"
        assert accept(ledger, command("submit_plan", project_id)).version == 4

    def test_the_weights_sum_is_reported(self, ledger: Opsledger, clock: FixedClock) -> None:
        project_id = drive(ledger, clock, to="planning")
        details = violated(ledger, command("submit_plan", project_id, payload=BAD_PLANS[0][1]))
        assert Decimal(str(details["weight_sum"])) == Decimal("0.9")

    @pytest.mark.parametrize(
        "weights",
        [
            ("0.333333", "0.333333", "0.333334"),
            ("0.1", "0.2", "0.7"),
            (0.1, 0.2, 0.7),  # JSON numbers: 0.1 + 0.2 + 0.7 is not 1 in binary floating point
            ("0.25", "0.25", "0.5"),
        ],
        ids=["millionths", "tenths", "tenths-as-json-numbers", "quarters"],
    )
    def test_weights_summing_to_exactly_one_as_decimals(
        self, ledger: Opsledger, clock: FixedClock, weights: tuple[object, object, object]
    ) -> None:
        project_id = drive(ledger, clock, to="planning")
        rows = milestones(*zip((DESIGN, BUILD, ROLLOUT), (D1, D2, D3), weights, strict=True))
        accept(ledger, command("submit_plan", project_id, payload=plan(milestones=rows)))
        clock.advance(hours=1)
        accept(ledger, command("approve_plan", project_id))

        frozen = ledger.state(project_id)[1].state.milestones
        assert [m.weight for m in frozen] == [Decimal(str(w)) for w in weights]
        assert sum((m.weight for m in frozen), Decimal(0)) == Decimal(1)

    def test_milestones_on_the_first_and_the_last_day(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        project_id = drive(ledger, clock, to="planning")
        rows = milestones((DESIGN, "2026-07-01", "0.5"), (BUILD, "2026-12-31", "0.5"))
        assert accept(ledger, command("submit_plan", project_id, payload=plan(milestones=rows))).ok

    def test_approval_needs_a_plan_submitted(self, ledger: Opsledger, clock: FixedClock) -> None:
        project_id = drive(ledger, clock, to="planning")
        violated(ledger, command("approve_plan", project_id))

    def test_a_new_manager_plans_afresh(self, ledger: Opsledger, clock: FixedClock) -> None:
        """A plan submitted by a manager replaced before its approval is not approved."""
        project_id = drive(ledger, clock, to="planning")
        accept(ledger, command("submit_plan", project_id))
        clock.advance(hours=1)
        accept(ledger, command("appoint_manager", project_id, payload={"manager_id": "u-pm-7"}))
        clock.advance(hours=1)
        violated(ledger, command("approve_plan", project_id))

    def test_the_same_manager_is_not_appointed_twice(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        project_id = drive(ledger, clock, to="planning")
        violated(ledger, command("appoint_manager", project_id))

    def test_a_member_is_added_once(self, ledger: Opsledger, clock: FixedClock) -> None:
        project_id = drive(ledger, clock, to="planning")
        accept(ledger, command("add_member", project_id))
        clock.advance(hours=1)
        violated(ledger, command("add_member", project_id))


class TestProgress:
    def test_never_decreases_per_milestone(self, ledger: Opsledger, clock: FixedClock) -> None:
        project_id = drive(ledger, clock, to="executing")
        accept(ledger, progress(project_id, DESIGN, 60))
        clock.advance(hours=1)

        details = violated(ledger, progress(project_id, DESIGN, 59))

        assert details["field"] == "percent_complete"
        # the same again, another milestone lower, and higher are all allowed
        for milestone, percent in ((DESIGN, 60), (BUILD, 10), (DESIGN, 100)):
            clock.advance(hours=1)
            accept(ledger, progress(project_id, milestone, percent))
        clock.advance(hours=1)
        violated(ledger, progress(project_id, DESIGN, 0))
        assert dict(ledger.state(project_id)[1].state.progress) == {DESIGN: 100, BUILD: 10}

    def test_only_on_a_milestone_of_the_plan(self, ledger: Opsledger, clock: FixedClock) -> None:
        project_id = drive(ledger, clock, to="executing")
        assert violated(ledger, progress(project_id, "测试 (testing)", 10))["field"] == "milestone"

    def test_zero_and_a_hundred_are_the_bounds(self, ledger: Opsledger, clock: FixedClock) -> None:
        project_id = drive(ledger, clock, to="executing")
        accept(ledger, progress(project_id, DESIGN, 0))
        clock.advance(hours=1)
        accept(ledger, progress(project_id, DESIGN, 100))
        clock.advance(hours=1)
        refuse(ledger, progress(project_id, DESIGN, 101), "invalid_command")


class TestAChange:
    def test_changes_the_end_or_the_cost(self, ledger: Opsledger, clock: FixedClock) -> None:
        project_id = drive(ledger, clock, to="executing")
        violated(ledger, command("request_change", project_id, payload={}))
        # only the cost, then only the end: each is a change on its own
        for payload in ({"new_baseline_cost": "460000.00"}, {"new_planned_end": "2027-03-31"}):
            clock.advance(hours=1)
            accept(ledger, command("request_change", project_id, payload=payload))

    def test_approval_needs_a_request(self, ledger: Opsledger, clock: FixedClock) -> None:
        project_id = drive(ledger, clock, to="executing")
        violated(ledger, command("approve_change", project_id))
        accept(ledger, command("request_change", project_id))
        clock.advance(hours=1)
        accept(ledger, command("approve_change", project_id))
        clock.advance(hours=1)
        violated(ledger, command("approve_change", project_id))  # that one was approved

    def test_approval_moves_the_baseline(self, ledger: Opsledger, clock: FixedClock) -> None:
        project_id = drive(ledger, clock, to="executing")
        payload = {"new_baseline_cost": "470000.00"}
        accept(ledger, command("request_change", project_id, payload=payload))
        project = ledger.state(project_id)[1].state
        assert project.baseline_cost == Decimal("450000.00")  # requested, not yet approved
        clock.advance(hours=1)
        accept(ledger, command("approve_change", project_id))
        project = ledger.state(project_id)[1].state
        assert (project.baseline_cost, str(project.planned_end)) == (
            Decimal("470000.00"),
            "2026-12-31",
        )


class TestAcceptance:
    def test_requested_only_with_every_milestone_at_100(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        project_id = drive(ledger, clock, to="executing")
        for name, percent in ((DESIGN, 100), (BUILD, 100), (ROLLOUT, 99)):
            clock.advance(hours=1)
            accept(ledger, progress(project_id, name, percent))
        clock.advance(hours=1)

        details = violated(ledger, command("request_acceptance", project_id))

        assert details["incomplete"] == [ROLLOUT]
        clock.advance(hours=1)
        accept(ledger, progress(project_id, ROLLOUT, 100))
        clock.advance(hours=1)
        assert accept(ledger, command("request_acceptance", project_id)).version == 11

    def test_none_recorded_is_none_complete(self, ledger: Opsledger, clock: FixedClock) -> None:
        project_id = drive(ledger, clock, to="executing")
        details = violated(ledger, command("request_acceptance", project_id))
        assert details["incomplete"] == [DESIGN, BUILD, ROLLOUT]

    def test_a_failed_inspection_says_why(self, ledger: Opsledger, clock: FixedClock) -> None:
        project_id = drive(ledger, clock, to="acceptance_requested")
        blank = inspection(project_id, passed=False)
        blank["payload"]["defects"] = "  "
        violated(ledger, blank)

    def test_failed_goes_back_to_executing_and_is_asked_again(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        project_id = drive(ledger, clock, to="acceptance_requested")
        failed = accept(ledger, inspection(project_id, passed=False))
        assert (failed.events, status_of(ledger, project_id)) == (
            ("AcceptanceFailed",),
            "executing",
        )
        # no closing report before acceptance has passed
        refuse(ledger, command("submit_closing_report", project_id), "invalid_transition")
        clock.advance(hours=1)
        accept(ledger, command("request_acceptance", project_id))
        clock.advance(hours=1)
        passed = accept(ledger, inspection(project_id, passed=True))
        assert (passed.events, passed.version) == (("AcceptancePassed",), 13)


class TestClosing:
    def test_needs_the_closing_report(self, ledger: Opsledger, clock: FixedClock) -> None:
        project_id = drive(ledger, clock, to="accepted")
        violated(ledger, command("close", project_id))
        accept(ledger, command("submit_closing_report", project_id))
        clock.advance(hours=1)
        assert accept(ledger, command("close", project_id)).events == ("ProjectClosed",)

    def test_needs_acceptance_passed(self, ledger: Opsledger, clock: FixedClock) -> None:
        """DOMAIN lists "acceptance passed" among close's rules: an executing project, even one
        whose inspection failed, is not closed."""
        project_id = drive(ledger, clock, to="acceptance_requested")
        violated(ledger, command("close", project_id))
        accept(ledger, step("fail_acceptance", project_id))
        clock.advance(hours=1)
        violated(ledger, command("close", project_id))

    @pytest.mark.parametrize("score", [1, 5])
    def test_with_a_score_from_1_to_5(
        self, ledger: Opsledger, clock: FixedClock, score: int
    ) -> None:
        project_id = drive(ledger, clock, to="accepted")
        accept(ledger, command("submit_closing_report", project_id))
        clock.advance(hours=1)
        outside = 0 if score == 1 else 6
        refuse(
            ledger,
            command("close", project_id, payload={"evaluation_score": outside}),
            "invalid_command",
        )
        accept(ledger, command("close", project_id, payload={"evaluation_score": score}))
        assert ledger.state(project_id)[1].state.evaluation_score == score

    def test_a_later_report_replaces_the_first(self, ledger: Opsledger, clock: FixedClock) -> None:
        project_id = drive(ledger, clock, to="accepted")
        for _ in range(2):
            clock.advance(hours=1)
            accept(ledger, command("submit_closing_report", project_id))
        clock.advance(hours=1)
        assert accept(ledger, command("close", project_id)).version == 14
