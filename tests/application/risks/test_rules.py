"""The business rules of DOMAIN §6 through the ledger (`rule_violation`): a transfer names its
counterparty; accepting a high or critical risk stays pending until management approves it,
and nothing awaits approval otherwise; mitigation action ids are unique within the risk, due
no earlier than the day they are added (company time zone), completed once, by that action's
owner, with evidence; the residual assessment is never above the inherent one, and lower only
after a completed action or a transfer; a risk closes only with no open actions; close and
reopen carry their reason into the events; the next review date is 30, 60, 90 or 180 days on by
the level in force. Refusals append nothing; the command that keeps the rule is then accepted.
Both stores."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from domain.risk.events import (
    MitigationActionAdded,
    ResidualRiskAssessed,
    ResponseChosen,
    RiskAssessed,
    RiskReviewed,
)
from infrastructure.opsledger import Opsledger
from tests.application.risk_envelopes import (
    INSURER,
    OTHER_ACTION_OWNER,
    OTHER_MANAGEMENT,
    REASON,
    Json,
    accept,
    action,
    assessing,
    command,
    completion,
    drive,
    late_from,
    refuse,
    responding,
    status_of,
    version_of,
)
from tests.clocks import FixedClock


def violated(ledger: Opsledger, body: Json) -> dict[str, object]:
    """`body` is refused `rule_violation` and appends nothing; its details."""
    return refuse(ledger, body, "rule_violation").details


def last_event(ledger: Opsledger, risk_id: UUID) -> object:
    return ledger.history(risk_id)[-1].event


class TestATransfer:
    def test_needs_a_counterparty(self, ledger: Opsledger, clock: FixedClock) -> None:
        """None, empty or blank: refused."""
        risk_id = drive(ledger, clock, to="assessed")
        clock.advance(hours=1)
        for counterparty in (None, "", "   "):
            body = responding(risk_id, "transfer", counterparty=counterparty)
            assert violated(ledger, body)["field"] == "counterparty"
        assert status_of(ledger, risk_id) == "assessed"

        accept(ledger, responding(risk_id, "transfer", counterparty=INSURER))
        chosen = last_event(ledger, risk_id)
        assert isinstance(chosen, ResponseChosen)
        assert chosen.counterparty == INSURER

    def test_other_responses_need_none(self, ledger: Opsledger, clock: FixedClock) -> None:
        risk_id = drive(ledger, clock, to="assessed")
        for strategy in ("avoid", "reduce", "accept"):
            assert accept(ledger, responding(risk_id, strategy)).events == ("ResponseChosen",)


#: (likelihood, impact, level by DOMAIN's matrix)
HIGH_OR_CRITICAL = [(4, 3, "high"), (3, 4, "high"), (4, 4, "critical"), (5, 5, "critical")]
LOW_OR_MEDIUM = [(1, 1, "low"), (2, 2, "low"), (2, 3, "medium"), (5, 1, "medium")]


def assessed_at(ledger: Opsledger, clock: FixedClock, likelihood: int, impact: int) -> UUID:
    risk_id = drive(ledger, clock)
    clock.advance(hours=1)
    accept(ledger, assessing(risk_id, likelihood, impact))
    clock.advance(hours=1)
    return risk_id


class TestAcceptingAHighOrCriticalRisk:
    def test_stays_pending_until_management_approves(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        for likelihood, impact, level in HIGH_OR_CRITICAL:
            risk_id = assessed_at(ledger, clock, likelihood, impact)
            accept(ledger, responding(risk_id, "accept"))
            chosen = last_event(ledger, risk_id)
            assert isinstance(chosen, ResponseChosen)
            assert (chosen.level, chosen.approval_required) == (level, True)
            assert ledger.state(risk_id)[1].state.acceptance_pending

            # the residual risk of an acceptance not yet in force is not assessed
            clock.advance(hours=1)
            violated(ledger, assessing(risk_id, likelihood, impact, residual=True))
            assert status_of(ledger, risk_id) == "responding"

            approved = accept(ledger, command("approve_acceptance", risk_id))
            assert approved.events == ("RiskAcceptanceApproved",)
            risk = ledger.state(risk_id)[1].state
            assert (risk.acceptance_pending, risk.acceptance_approved_by) == (False, "u-ceo")
            residual = accept(ledger, assessing(risk_id, likelihood, impact, residual=True))
            assert residual.events == ("ResidualRiskAssessed",)
            assert status_of(ledger, risk_id) == "monitoring"

    def test_a_low_or_medium_one_needs_no_approval(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        for likelihood, impact, level in LOW_OR_MEDIUM:
            risk_id = assessed_at(ledger, clock, likelihood, impact)
            accept(ledger, responding(risk_id, "accept"))
            chosen = last_event(ledger, risk_id)
            assert isinstance(chosen, ResponseChosen)
            assert (chosen.level, chosen.approval_required) == (level, False)

            violated(ledger, command("approve_acceptance", risk_id))  # nothing awaits approval
            residual = accept(ledger, assessing(risk_id, likelihood, impact, residual=True))
            assert residual.events == ("ResidualRiskAssessed",)

    def test_no_other_response_awaits_approval(self, ledger: Opsledger, clock: FixedClock) -> None:
        for strategy in ("avoid", "reduce"):
            risk_id = assessed_at(ledger, clock, 5, 5)
            accept(ledger, responding(risk_id, strategy))
            violated(ledger, command("approve_acceptance", risk_id))
        transfer = drive(ledger, clock, to="assessed", then=("transfer",))
        violated(ledger, command("approve_acceptance", transfer))

    def test_approved_once(self, ledger: Opsledger, clock: FixedClock) -> None:
        risk_id = assessed_at(ledger, clock, 5, 5)
        accept(ledger, responding(risk_id, "accept"))
        accept(ledger, command("approve_acceptance", risk_id))
        clock.advance(hours=1)
        violated(ledger, command("approve_acceptance", risk_id, actor=OTHER_MANAGEMENT))

    def test_another_response_replaces_the_pending_acceptance(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Choosing to reduce instead: nothing awaits approval; choosing to accept again after
        an approval: that new acceptance waits for its own."""
        risk_id = assessed_at(ledger, clock, 4, 4)
        accept(ledger, responding(risk_id, "accept"))
        accept(ledger, responding(risk_id, "reduce"))
        violated(ledger, command("approve_acceptance", risk_id))
        assert not ledger.state(risk_id)[1].state.acceptance_pending

        accept(ledger, responding(risk_id, "accept"))
        accept(ledger, command("approve_acceptance", risk_id))
        clock.advance(hours=1)
        accept(ledger, responding(risk_id, "accept"))
        assert ledger.state(risk_id)[1].state.acceptance_pending
        violated(ledger, assessing(risk_id, 4, 4, residual=True))


class TestMitigationActions:
    def test_ids_are_unique_within_the_risk(self, ledger: Opsledger, clock: FixedClock) -> None:
        risk_id = drive(ledger, clock, to="responding", then=("add_action",))
        clock.advance(hours=1)
        again = action(risk_id, "A-1", owner=OTHER_ACTION_OWNER, due_on="2026-08-31")
        assert violated(ledger, again)["field"] == "action_id"
        accept(ledger, completion(risk_id, "A-1"))
        assert violated(ledger, action(risk_id, "A-1"))["field"] == "action_id"  # even done

        # another risk has an A-1 of its own; an id differing in case is another id
        other = drive(ledger, clock, to="responding")
        assert accept(ledger, action(other, "A-1")).events == ("MitigationActionAdded",)
        assert accept(ledger, action(risk_id, "a-1")).ok

    def test_due_no_earlier_than_the_day_added(self, ledger: Opsledger, clock: FixedClock) -> None:
        """The day is Shanghai's: at 23:59 there on 1 July an action due 1 July is fine; a
        minute later (still 1 July in UTC) it is due in the past."""
        risk_id = drive(ledger, clock, to="responding")
        clock.current = datetime(2026, 7, 1, 15, 59, tzinfo=UTC)  # 23:59 in Shanghai
        assert violated(ledger, action(risk_id, "A-0", due_on="2026-06-30"))["field"] == "due_on"
        added = accept(ledger, action(risk_id, "A-1", due_on="2026-07-01"))
        assert added.events == ("MitigationActionAdded",)
        event = last_event(ledger, risk_id)
        assert isinstance(event, MitigationActionAdded)
        assert event.action_due == datetime(2026, 7, 1, 16, 0, tzinfo=UTC)

        clock.current = datetime(2026, 7, 1, 16, 1, tzinfo=UTC)  # 00:01 on 2 July in Shanghai
        assert violated(ledger, action(risk_id, "A-2", due_on="2026-07-01"))["field"] == "due_on"
        assert accept(ledger, action(risk_id, "A-2", due_on="2026-07-02")).ok

    def test_completed_by_its_owner_with_evidence_once(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        risk_id = drive(ledger, clock, to="responding", then=("add_action",))
        clock.advance(hours=1)
        assert violated(ledger, completion(risk_id, "A-9"))["field"] == "action_id"
        for blank in ("", "  "):
            assert violated(ledger, completion(risk_id, evidence=blank))["field"] == "evidence"
        assert ledger.state(risk_id)[1].state.actions["A-1"].completed_at is None

        accept(ledger, completion(risk_id))
        clock.advance(hours=1)
        assert violated(ledger, completion(risk_id, evidence="再次 (again)"))["field"] == (
            "action_id"
        )
        assert version_of(ledger, risk_id) == 5


#: The usual inherent assessment is likelihood 4, impact 3.
ABOVE = [((5, 3), {"likelihood"}), ((4, 4), {"impact"}), ((5, 5), {"likelihood", "impact"})]
LOWER = [(3, 3), (4, 2), (1, 1), (2, 3)]


class TestTheResidualAssessment:
    def test_never_above_the_inherent_one(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Not even after a completed action: the refusal names the score above."""
        risk_id = drive(ledger, clock, to="responding", then=("add_action", "complete_action"))
        clock.advance(hours=1)
        for scores, fields in ABOVE:
            details = violated(ledger, assessing(risk_id, *scores, residual=True))
            assert details.get("field") in fields, scores
        assert status_of(ledger, risk_id) == "responding"

    def test_lower_only_after_a_completed_action(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """An action added is not enough; once it is done, each lower assessment is
        accepted."""
        risk_id = drive(ledger, clock, to="responding", then=("add_action",))
        clock.advance(hours=1)
        for scores in LOWER:
            violated(ledger, assessing(risk_id, *scores, residual=True))  # none completed
        accept(ledger, completion(risk_id))
        for scores in LOWER:
            clock.advance(hours=1)
            accepted = accept(ledger, assessing(risk_id, *scores, residual=True))
            assert accepted.events == ("ResidualRiskAssessed",)

    def test_equal_without_either(self, ledger: Opsledger, clock: FixedClock) -> None:
        for response in (("reduce",), ("avoid",), ("accept", "approve_acceptance")):
            risk_id = drive(ledger, clock, to="assessed", then=response)
            violated(ledger, assessing(risk_id, 3, 3, residual=True))
            assert accept(ledger, assessing(risk_id, 4, 3, residual=True)).ok

    def test_lower_after_a_transfer(self, ledger: Opsledger, clock: FixedClock) -> None:
        risk_id = drive(ledger, clock, to="assessed", then=("transfer",))
        for scores in LOWER:
            clock.advance(hours=1)
            accepted = accept(ledger, assessing(risk_id, *scores, residual=True))
            assert accepted.events == ("ResidualRiskAssessed",)
            event = last_event(ledger, risk_id)
            assert isinstance(event, ResidualRiskAssessed)
            assert (event.likelihood, event.impact) == scores


class TestClosing:
    def test_only_with_no_open_actions(self, ledger: Opsledger, clock: FixedClock) -> None:
        risk_id = drive(ledger, clock, to="monitoring", then=("add_action_2",))
        clock.advance(hours=1)
        accept(ledger, action(risk_id, "A-3"))
        details = violated(ledger, command("close", risk_id))
        assert details["open_actions"] == ["A-2", "A-3"]

        accept(ledger, completion(risk_id, "A-2", owner=OTHER_ACTION_OWNER))
        assert violated(ledger, command("close", risk_id))["open_actions"] == ["A-3"]
        accept(ledger, completion(risk_id, "A-3"))
        closed = accept(ledger, command("close", risk_id))
        assert (closed.events, closed.version) == (("RiskClosed",), 11)

    def test_close_and_reopen_carry_their_reasons(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        risk_id = drive(ledger, clock, to="monitoring")
        why_reopen = "供应商再次断供 (the supplier stopped again)"
        accept(ledger, command("close", risk_id))
        clock.advance(hours=1)
        accept(ledger, command("reopen", risk_id, reason=why_reopen))
        history = ledger.history(risk_id)
        assert [(r.event_type, r.reason) for r in history[-2:]] == [
            ("RiskClosed", REASON),
            ("RiskReopened", why_reopen),
        ]

    def test_a_reopened_risk_is_assessed_afresh(self, ledger: Opsledger, clock: FixedClock) -> None:
        risk_id = drive(ledger, clock, to="reopened")
        clock.advance(hours=1)
        refuse(ledger, responding(risk_id, "reduce"), "invalid_transition")
        accept(ledger, assessing(risk_id, 2, 2))
        assert status_of(ledger, risk_id) == "assessed"
        assert accept(ledger, responding(risk_id, "accept")).ok


#: The clock stands at 09:30 on 1 July 2026 in Shanghai; `drive` takes an hour for identify.
#: (likelihood, impact, level, next review day written out)
REVIEW_DAYS = [
    (5, 5, "critical", date(2026, 7, 31)),  # 1 July + 30
    (4, 3, "high", date(2026, 8, 30)),  # + 60
    (2, 3, "medium", date(2026, 9, 29)),  # + 90
    (1, 1, "low", date(2026, 12, 28)),  # + 180
]


class TestTheNextReviewDate:
    def test_after_an_assessment_by_its_level(self, ledger: Opsledger, clock: FixedClock) -> None:
        for likelihood, impact, level, day in REVIEW_DAYS:  # all on 1 July in Shanghai
            risk_id = drive(ledger, clock)
            accept(ledger, assessing(risk_id, likelihood, impact))
            event = last_event(ledger, risk_id)
            assert isinstance(event, RiskAssessed)
            assert (event.level, event.next_review_on, event.review_due) == (
                level,
                day,
                late_from(day),
            )
            risk = ledger.state(risk_id)[1].state
            assert (risk.next_review_on, risk.review_due) == (day, late_from(day))

    def test_after_a_review_from_the_review_day(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Reviewed ten days later (11 July), the next review is that much later too."""
        risks = []
        for likelihood, impact, _, _ in REVIEW_DAYS:  # all on 1 July in Shanghai
            risks.append(drive(ledger, clock))
            accept(ledger, assessing(risks[-1], likelihood, impact))
        clock.advance(days=10)
        for risk_id, (_, _, level, day) in zip(risks, REVIEW_DAYS, strict=True):
            accept(ledger, command("review", risk_id))
            event = last_event(ledger, risk_id)
            assert isinstance(event, RiskReviewed)
            assert (event.level, event.next_review_on) == (level, day + timedelta(days=10))

    def test_the_day_is_shanghais(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Assessed critical at 00:30 on 2 July in Shanghai (16:30 UTC on 1 July): 1 August."""
        risk_id = drive(ledger, clock)
        clock.current = datetime(2026, 7, 1, 16, 30, tzinfo=UTC)
        accept(ledger, assessing(risk_id, 5, 5))
        assert ledger.state(risk_id)[1].state.next_review_on == date(2026, 8, 1)

    def test_by_the_residual_level_once_assessed(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Critical (L5xI5) inherently, medium (L2xI3) once an action is done: the residual
        assessment and the reviews after it count 90 days."""
        risk_id = drive(ledger, clock)
        clock.current = datetime(2026, 7, 2, 1, 0, tzinfo=UTC)  # 2 July in Shanghai
        for body in (
            assessing(risk_id, 5, 5),
            command("choose_response", risk_id),
            action(risk_id),
            completion(risk_id),
            assessing(risk_id, 2, 3, residual=True),
        ):
            accept(ledger, body)
        residual = last_event(ledger, risk_id)
        assert isinstance(residual, ResidualRiskAssessed)
        assert (residual.level, residual.next_review_on) == ("medium", date(2026, 9, 30))
        clock.current = datetime(2026, 7, 10, 1, 0, tzinfo=UTC)
        accept(ledger, command("review", risk_id))
        reviewed = last_event(ledger, risk_id)
        assert isinstance(reviewed, RiskReviewed)
        assert (reviewed.level, reviewed.next_review_on) == ("medium", date(2026, 10, 8))
