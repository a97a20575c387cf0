"""Every risk command accepted (DOMAIN §6): given a risk in the state the command needs, the
command appends exactly the event DOMAIN names, at the next version, and the risk is in the
status DOMAIN says. RiskAssessed carries the level the 5x5 matrix derives (as DOMAIN writes it,
copied by hand here) and the response the policies recommend; ResponseChosen records the
recommended response beside the chosen one. Then one risk's whole life through all ten
commands. Both stores."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from domain.risk.events import (
    MitigationActionAdded,
    MitigationActionCompleted,
    ResidualRiskAssessed,
    ResponseChosen,
    RiskAssessed,
    RiskIdentified,
    RiskReviewed,
)
from infrastructure.opsledger import Opsledger
from tests.application.ledger_reading import event_as
from tests.application.risk_envelopes import (
    ACTION_DUE,
    ACTION_OWNER,
    EMPLOYEE,
    EVIDENCE,
    INSURER,
    MANAGEMENT,
    OTHER_ACTION_OWNER,
    OWNER,
    REASON,
    RISK_OFFICER,
    Json,
    accept,
    action,
    assessing,
    command,
    completion,
    drive,
    identification,
    level,
    local_day,
    next_review_on,
    responding,
    status_of,
    step,
)
from tests.clocks import FixedClock

#: (command or step, status it is sent in, steps taken first, its events, version, status after)
ACCEPTED: list[tuple[str, str | None, tuple[str, ...], tuple[str, ...], int, str]] = [
    ("identify", None, (), ("RiskIdentified",), 1, "identified"),
    ("assess", "identified", (), ("RiskAssessed",), 2, "assessed"),
    ("assess", "assessed", (), ("RiskAssessed",), 3, "assessed"),
    ("assess", "responding", (), ("RiskAssessed",), 4, "assessed"),
    ("assess", "monitoring", (), ("RiskAssessed",), 7, "assessed"),
    ("assess", "reopened", (), ("RiskAssessed",), 9, "assessed"),
    ("choose_response", "assessed", (), ("ResponseChosen",), 3, "responding"),
    ("choose_response", "responding", (), ("ResponseChosen",), 4, "responding"),
    ("choose_response", "monitoring", (), ("ResponseChosen",), 7, "responding"),
    ("transfer", "assessed", (), ("ResponseChosen",), 3, "responding"),
    ("accept", "assessed", (), ("ResponseChosen",), 3, "responding"),
    ("approve_acceptance", "assessed", ("accept",), ("RiskAcceptanceApproved",), 4,
     "responding"),
    ("add_action", "responding", (), ("MitigationActionAdded",), 4, "responding"),
    ("add_action_2", "monitoring", (), ("MitigationActionAdded",), 7, "monitoring"),
    ("complete_action_2", "monitoring", ("add_action_2",), ("MitigationActionCompleted",), 8,
     "monitoring"),
    ("complete_action", "responding", ("add_action",), ("MitigationActionCompleted",), 5,
     "responding"),
    ("residual_same", "responding", (), ("ResidualRiskAssessed",), 4, "monitoring"),
    ("assess_residual", "responding", ("add_action", "complete_action"),
     ("ResidualRiskAssessed",), 6, "monitoring"),
    ("assess_residual", "assessed", ("transfer",), ("ResidualRiskAssessed",), 4, "monitoring"),
    ("assess_residual", "monitoring", (), ("ResidualRiskAssessed",), 7, "monitoring"),
    ("review", "assessed", (), ("RiskReviewed",), 3, "assessed"),
    ("review", "responding", (), ("RiskReviewed",), 4, "responding"),
    ("review", "monitoring", (), ("RiskReviewed",), 7, "monitoring"),
    ("close", "monitoring", (), ("RiskClosed",), 7, "closed"),
    ("close", "assessed", (), ("RiskClosed",), 3, "closed"),
    ("close", "reopened", (), ("RiskClosed",), 9, "closed"),
    ("reopen", "closed", (), ("RiskReopened",), 8, "reopened"),
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
            risk_id = drive(ledger, clock, to=status, then=first)
            clock.advance(hours=1)
            result = accept(ledger, step(name, risk_id))
            assert result.aggregate_id == risk_id

        assert (result.version, result.events) == (version, events)
        assert result.aggregate_id is not None
        assert status_of(ledger, result.aggregate_id) == after
        history = ledger.history(result.aggregate_id)
        assert [r.event_type for r in history[-len(events) :]] == list(events)
        assert [r.originator_version for r in history] == list(range(1, version + 1))
        assert {r.aggregate_type for r in history} == {"risk"}

    def test_identify_may_name_the_risk_id(self, ledger: Opsledger) -> None:
        chosen = UUID("3f1c2b7a-9e4d-4c8b-a1f0-6d5e4c3b2a19")
        result = accept(ledger, command("identify", chosen))
        assert (result.aggregate_id, result.version) == (chosen, 1)

    def test_identify_records_what_it_was_told(self, ledger: Opsledger) -> None:
        """related_id is optional; the owner is the person named, not the sender."""
        result = accept(ledger, command("identify", payload=identification(related_id=...)))
        assert result.aggregate_id is not None
        identified = event_as(ledger.history(result.aggregate_id)[0], RiskIdentified)
        assert (identified.owner_id, identified.related_id) == (OWNER["id"], None)
        assert identified.title == "主要供应商单一来源 (single-source key supplier)"
        assert (identified.category.value, identified.department) == ("operational", "procurement")
        assert identified.actor.id == EMPLOYEE["id"]

    def test_every_category(self, ledger: Opsledger) -> None:
        for category in ("market", "financial", "operational", "legal", "other"):
            body = command("identify", payload=identification(category=category))
            assert accept(ledger, body).events == ("RiskIdentified",)


#: The responses the policies recommend (DOMAIN §6), where they recommend one: "avoid when
#: likelihood and impact are both high; reduce when likelihood is high and impact medium;
#: transfer when likelihood is low and impact high; accept when both are low". Read on the 1-5
#: scores as low 1-2, medium 3, high 4-5; elsewhere the policies say nothing.
POLICY: dict[tuple[int, int], str | None] = {
    (5, 5): "avoid", (4, 4): "avoid", (4, 5): "avoid", (5, 4): "avoid",
    (4, 3): "reduce", (5, 3): "reduce",
    (1, 5): "transfer", (2, 4): "transfer", (1, 4): "transfer", (2, 5): "transfer",
    (1, 1): "accept", (2, 2): "accept", (1, 2): "accept", (2, 1): "accept",
    (3, 1): None, (3, 2): None, (3, 3): None, (3, 4): None, (3, 5): None,
    (1, 3): None, (2, 3): None, (4, 1): None, (4, 2): None, (5, 1): None, (5, 2): None,
}  # fmt: skip

#: A few cells written out as a reader of DOMAIN's matrix reads them, beside the matrix text.
CELLS = [(5, 5, "critical"), (1, 1, "low"), (3, 4, "high"), (4, 3, "high"), (2, 3, "medium"),
         (1, 4, "medium"), (1, 5, "medium"), (4, 4, "critical"), (5, 1, "medium"),
         (2, 5, "high"), (3, 1, "low"), (4, 1, "medium")]  # fmt: skip


class TestTheLevelIsDerivedFromTheMatrix:
    def test_the_matrix_as_written(self) -> None:
        """The helper reads DOMAIN's text the way the cells above say; the policy table has
        every cell."""
        assert [(lk, im, level(lk, im)) for lk, im, _ in CELLS] == CELLS
        assert len(POLICY) == 25

    def test_every_cell(self, ledger: Opsledger, clock: FixedClock) -> None:
        """One risk assessed 25 times: each RiskAssessed carries the matrix's level, the
        recommended response and the next review by that level."""
        risk_id = drive(ledger, clock)
        seen = []
        for likelihood in range(1, 6):
            for impact in range(1, 6):
                clock.advance(minutes=10)
                result = accept(ledger, assessing(risk_id, likelihood, impact))
                assert result.events == ("RiskAssessed",)
                assessed = event_as(ledger.history(risk_id)[-1], RiskAssessed)
                seen.append((likelihood, impact, assessed.level.value))
                assert (assessed.likelihood, assessed.impact) == (likelihood, impact)
                assert assessed.next_review_on == next_review_on(
                    clock.now(), level(likelihood, impact)
                )
                recommended = assessed.recommended_strategy
                shown = None if recommended is None else recommended.value
                assert shown == POLICY[likelihood, impact], (likelihood, impact)

        assert seen == [(lk, im, level(lk, im)) for lk in range(1, 6) for im in range(1, 6)]
        risk = ledger.state(risk_id)[1].state
        assert (risk.likelihood, risk.impact, risk.level.value) == (5, 5, "critical")

    def test_the_recommended_response_beside_the_chosen_one(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """The owner reduces whatever the policies recommend: ResponseChosen shows both, and
        the level it was chosen for."""
        for likelihood, impact, expected, recommended in (
            (5, 5, "critical", "avoid"),
            (1, 1, "low", "accept"),
            (3, 4, "high", None),
            (4, 3, "high", "reduce"),
            (1, 5, "medium", "transfer"),
        ):
            risk_id = drive(ledger, clock)
            accept(ledger, assessing(risk_id, likelihood, impact))
            clock.advance(hours=1)
            accept(ledger, responding(risk_id, "reduce"))

            chosen = event_as(ledger.history(risk_id)[-1], ResponseChosen)
            shown = chosen.recommended_strategy
            assert (chosen.strategy, shown, chosen.level) == ("reduce", recommended, expected)
            risk = ledger.state(risk_id)[1].state
            assert (risk.level, risk.strategy) == (expected, "reduce")


#: A whole risk through all ten commands: assessed critical (L5xI5, recommended avoid) and
#: reduced with two actions, residual high after one is done; then accepted instead, which
#: management approves; closed once both actions are done; reopened, assessed low (L1xI1),
#: accepted without approval, reviewed, closed again.
#: (command, sender, payload, event, status after); None: the usual.
SECOND = {"action_id": "A-2", "description": "投保 (insure)", "owner_id": OTHER_ACTION_OWNER["id"],
          "due_on": "2026-08-15"}  # fmt: skip
LIFE: list[tuple[str, Json | None, Json | None, str, str]] = [
    ("identify", None, None, "RiskIdentified", "identified"),
    ("assess", None, {"likelihood": 5, "impact": 5}, "RiskAssessed", "assessed"),
    ("choose_response", None, None, "ResponseChosen", "responding"),
    ("add_action", RISK_OFFICER, None, "MitigationActionAdded", "responding"),
    ("add_action", None, SECOND, "MitigationActionAdded", "responding"),
    ("complete_action", None, None, "MitigationActionCompleted", "responding"),
    ("assess_residual", None, {"likelihood": 3, "impact": 4}, "ResidualRiskAssessed",
     "monitoring"),
    ("review", RISK_OFFICER, None, "RiskReviewed", "monitoring"),
    ("choose_response", None, {"strategy": "accept", "rationale": "成本过高 (too costly)"},
     "ResponseChosen", "responding"),
    ("approve_acceptance", None, None, "RiskAcceptanceApproved", "responding"),
    ("assess_residual", None, {"likelihood": 5, "impact": 5}, "ResidualRiskAssessed",
     "monitoring"),
    ("complete_action", OTHER_ACTION_OWNER, {"action_id": "A-2", "evidence": "保单 (policy)"},
     "MitigationActionCompleted", "monitoring"),
    ("close", None, None, "RiskClosed", "closed"),
    ("reopen", None, None, "RiskReopened", "reopened"),
    ("assess", OWNER, {"likelihood": 1, "impact": 1}, "RiskAssessed", "assessed"),
    ("choose_response", RISK_OFFICER, {"strategy": "accept", "rationale": "可承受 (bearable)"},
     "ResponseChosen", "responding"),
    ("review", None, None, "RiskReviewed", "responding"),
    ("close", None, None, "RiskClosed", "closed"),
]  # fmt: skip


class TestARisksWholeLife:
    def test_each_command_gives_its_event_version_and_status(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        risk_id: UUID | None = None
        sent: list[Json] = []
        for version, (name, actor, payload, event, status) in enumerate(LIFE, start=1):
            clock.advance(hours=2)
            body = command(name, risk_id, actor=actor, payload=payload)
            sent.append(body)
            result = accept(ledger, body)
            risk_id = result.aggregate_id
            assert risk_id is not None
            assert (result.version, result.events) == (version, (event,)), name
            assert status_of(ledger, risk_id) == status, name

        assert risk_id is not None
        history = ledger.history(risk_id)
        assert [r.event_type for r in history] == [row[3] for row in LIFE]
        assert [r.originator_version for r in history] == list(range(1, len(LIFE) + 1))

        by_command = {UUID(body["command_id"]): body for body in sent}
        for recorded in history:
            body = by_command[recorded.command_id]
            assert recorded.actor.id == body["actor"]["id"]
            assert recorded.reason == body.get("reason")
        assert [r.event_type for r in history if r.reason == REASON] == [
            "RiskClosed",
            "RiskReopened",
            "RiskClosed",
        ]

        critical = event_as(history[1], RiskAssessed)
        assert (critical.level.value, critical.recommended_strategy) == ("critical", "avoid")
        assert critical.next_review_on == local_day(history[1].occurred_at) + timedelta(days=30)
        reduced = event_as(history[2], ResponseChosen)
        assert (reduced.strategy, reduced.recommended_strategy, reduced.level) == (
            "reduce",
            "avoid",
            "critical",
        )
        assert reduced.approval_required is False
        first_action = event_as(history[3], MitigationActionAdded)
        assert (first_action.action_id, first_action.owner_id) == ("A-1", ACTION_OWNER["id"])
        assert first_action.action_due == ACTION_DUE
        done = event_as(history[5], MitigationActionCompleted)
        assert (done.action_id, done.evidence, done.actor.id) == (
            "A-1",
            EVIDENCE,
            ACTION_OWNER["id"],
        )
        residual = event_as(history[6], ResidualRiskAssessed)
        assert (residual.likelihood, residual.impact, residual.level) == (3, 4, "high")
        assert residual.next_review_on == local_day(history[6].occurred_at) + timedelta(days=60)
        reviewed = event_as(history[7], RiskReviewed)
        assert reviewed.level == "high"  # the residual level is the one in force
        assert reviewed.next_review_on == local_day(history[7].occurred_at) + timedelta(days=60)
        accepted = event_as(history[8], ResponseChosen)
        assert (accepted.strategy, accepted.level, accepted.approval_required) == (
            "accept",
            "critical",
            True,
        )
        assert history[9].actor.id == MANAGEMENT["id"]
        low = event_as(history[14], RiskAssessed)
        assert (low.level, low.recommended_strategy) == ("low", "accept")
        accepted_low = event_as(history[15], ResponseChosen)
        assert (accepted_low.strategy, accepted_low.approval_required) == ("accept", False)
        last_review = event_as(history[16], RiskReviewed)
        assert last_review.level == "low"
        assert last_review.next_review_on == local_day(history[16].occurred_at) + timedelta(
            days=180
        )

        risk = ledger.state(risk_id)[1].state
        assert (risk.owner_id, risk.status.value, risk.level.value) == (
            OWNER["id"],
            "closed",
            "low",
        )
        assert sorted(risk.actions) == ["A-1", "A-2"]
        assert all(a.completed_at is not None for a in risk.actions.values())

    def test_the_state_as_of_each_business_time(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Halfway between two commands the risk is as the first of them left it."""
        risk_id: UUID | None = None
        moments = []
        for name, actor, payload, _, status in LIFE:
            clock.advance(hours=2)
            risk_id = accept(
                ledger, command(name, risk_id, actor=actor, payload=payload)
            ).aggregate_id
            moments.append((clock.now() + timedelta(hours=1), status))

        assert risk_id is not None
        as_of = [(at, ledger.state(risk_id, as_of=at)[1].state.status.value) for at, _ in moments]
        assert as_of == moments
        levels = [ledger.state(risk_id, as_of=at)[1].state.level.value for at, _ in moments[1:3]]
        assert levels == ["critical", "critical"]


class TestWhoActsOnTheRisk:
    def test_the_owner_is_whoever_identify_named_whatever_their_roles(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """DOMAIN §1: "the owner" is the actor whose id the risk records; an accountant named
        owner assesses, responds, adds actions and reviews."""
        accountant = {"id": "u-fin-9", "roles": ["finance"], "department": "finance"}
        risk_id = drive(ledger, clock, identify=identification(owner_id="u-fin-9"))
        for body in (
            command("assess", risk_id, actor=accountant),
            command("choose_response", risk_id, actor=accountant),
            command("add_action", risk_id, actor=accountant),
            command("review", risk_id, actor=accountant),
        ):
            clock.advance(hours=1)
            assert accept(ledger, body).ok

    def test_any_risk_officer_as_well_as_the_owner(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        risk_id = drive(ledger, clock)
        for verb in ("assess", "choose_response", "add_action", "review"):
            clock.advance(hours=1)
            assert accept(ledger, command(verb, risk_id, actor=RISK_OFFICER)).ok

    def test_the_owner_who_identified_it_themself(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        risk_id = drive(ledger, clock, actor=OWNER, then=("assess",))
        clock.advance(hours=1)
        assert accept(ledger, command("choose_response", risk_id, actor=OWNER)).ok

    def test_a_transfer_names_its_counterparty(self, ledger: Opsledger, clock: FixedClock) -> None:
        risk_id = drive(ledger, clock, to="assessed", then=("transfer",))
        chosen = event_as(ledger.history(risk_id)[-1], ResponseChosen)
        assert (chosen.strategy, chosen.counterparty) == ("transfer", INSURER)
        assert ledger.state(risk_id)[1].state.counterparty == INSURER

    def test_each_action_is_completed_by_its_own_owner(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        risk_id = drive(ledger, clock, to="responding")
        accept(ledger, action(risk_id, "A-1"))
        accept(ledger, action(risk_id, "A-2", owner=OTHER_ACTION_OWNER))
        clock.advance(hours=1)
        accept(ledger, completion(risk_id, "A-2", owner=OTHER_ACTION_OWNER))
        accept(ledger, completion(risk_id, "A-1"))
        actions = ledger.state(risk_id)[1].state.actions
        assert {a.action_id: a.evidence for a in actions.values()} == {
            "A-1": EVIDENCE,
            "A-2": EVIDENCE,
        }
