"""Every rectification command accepted (DOMAIN §6a): given a rectification in the state the
command needs, the command appends exactly the event DOMAIN names, at the next version, and the
rectification is in the status DOMAIN says. Then one rectification's whole life through all
seven commands, a failed verification and two extensions on the way. Both stores."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest

from application.errors import NotFound
from domain.rectification.events import (
    RectificationDeadlineExtended,
    RectificationIssued,
    RectificationRejected,
    RectificationStarted,
    RectificationSubmitted,
    RectificationVerified,
)
from infrastructure.opsledger import Opsledger
from tests.application.ledger_reading import event_as
from tests.application.rectification_envelopes import (
    ACTIONS_TAKEN,
    DEADLINE,
    DEPARTMENT,
    EVIDENCE,
    HEAD,
    MANAGEMENT,
    NEW_DEADLINE,
    NOTES,
    OTHER_SUPERVISOR,
    PLAN,
    REASON,
    RESPONSIBLE,
    SHORTFALL,
    SUPERVISOR,
    Json,
    accept,
    command,
    drive,
    extension,
    notice,
    status_of,
    step,
    verification,
)
from tests.clocks import FixedClock

#: (command or step, status it is sent in, steps taken first, its events, version, status after)
ACCEPTED: list[tuple[str, str | None, tuple[str, ...], tuple[str, ...], int, str]] = [
    ("issue", None, (), ("RectificationIssued",), 1, "issued"),
    ("acknowledge", "issued", (), ("RectificationAcknowledged",), 2, "acknowledged"),
    ("start", "acknowledged", (), ("RectificationStarted",), 3, "rectifying"),
    ("submit", "rectifying", (), ("RectificationSubmitted",), 4, "submitted"),
    ("verify", "submitted", (), ("RectificationVerified",), 5, "verified"),
    ("reject", "submitted", (), ("RectificationRejected",), 5, "rectifying"),
    ("submit", "submitted", ("reject",), ("RectificationSubmitted",), 6, "submitted"),
    ("verify", "submitted", ("reject", "submit"), ("RectificationVerified",), 7, "verified"),
    ("extend", "issued", (), ("RectificationDeadlineExtended",), 2, "issued"),
    ("extend", "acknowledged", (), ("RectificationDeadlineExtended",), 3, "acknowledged"),
    ("extend", "rectifying", (), ("RectificationDeadlineExtended",), 4, "rectifying"),
    ("extend", "submitted", (), ("RectificationDeadlineExtended",), 5, "submitted"),
    ("extend", "submitted", ("reject",), ("RectificationDeadlineExtended",), 6, "rectifying"),
    ("close", "verified", (), ("RectificationClosed",), 6, "closed"),
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
            rectification_id = drive(ledger, clock, to=status)
            for earlier in first:
                clock.advance(hours=1)
                accept(ledger, step(earlier, rectification_id))
            clock.advance(hours=1)
            result = accept(ledger, step(name, rectification_id))
            assert result.aggregate_id == rectification_id

        assert (result.version, result.events) == (version, events)
        assert result.aggregate_id is not None
        assert status_of(ledger, result.aggregate_id) == after
        history = ledger.history(result.aggregate_id)
        assert [r.event_type for r in history[-len(events) :]] == list(events)
        assert [r.originator_version for r in history] == list(range(1, version + 1))
        assert {r.aggregate_type for r in history} == {"rectification"}

    def test_an_issue_may_name_its_id(self, ledger: Opsledger) -> None:
        chosen = UUID("0f3e2d1c-4b5a-4697-8887-a6b5c4d3e2f1")
        result = accept(ledger, command("issue", chosen))
        assert (result.aggregate_id, result.version) == (chosen, 1)

    def test_without_an_id_one_is_given(self, ledger: Opsledger) -> None:
        first = accept(ledger, command("issue"))
        second = accept(ledger, command("issue"))
        assert first.aggregate_id != second.aggregate_id

    @pytest.mark.parametrize("severity", ["low", "medium", "high"])
    def test_each_severity(self, ledger: Opsledger, severity: str) -> None:
        result = accept(ledger, command("issue", payload=notice(severity=severity)))
        assert result.aggregate_id is not None
        assert ledger.state(result.aggregate_id)[1].state.severity.value == severity

    def test_what_it_concerns_is_optional(self, ledger: Opsledger) -> None:
        """`related_id?`: a notice about a process as a whole names nothing else."""
        result = accept(ledger, command("issue", payload=notice(related_id=...)))
        assert result.aggregate_id is not None
        issued = event_as(ledger.history(result.aggregate_id)[0], RectificationIssued)
        assert issued.related_id is None

    def test_the_issued_notice_records_what_was_sent(self, ledger: Opsledger) -> None:
        result = accept(ledger, command("issue"))
        assert result.aggregate_id is not None
        (recorded,) = ledger.history(result.aggregate_id)
        issued = event_as(recorded, RectificationIssued)
        assert (recorded.actor.id, recorded.occurred_at) == (
            SUPERVISOR["id"],
            datetime(2026, 7, 1, 1, 30, tzinfo=UTC),
        )
        assert issued.rectification_id == result.aggregate_id
        assert (issued.department, issued.responsible_id) == (DEPARTMENT, RESPONSIBLE["id"])
        assert (issued.process, issued.finding) == (
            "供应商准入 (supplier onboarding)",
            "抽查 20 家有 4 家未做资质审核 (4 of 20 sampled suppliers never vetted)",
        )
        assert (issued.severity.value, issued.related_id) == ("high", "PO-2026-0042")
        assert (issued.due_on, issued.deadline) == (date(2026, 7, 15), DEADLINE)


#: A whole rectification: acknowledged by the head of the department, extended by management
#: before the work starts, a failed verification, extended again by a supervisor, verified by
#: the supervisor who issued it, closed by another. (command, sender, payload, event, status)
LIFE: list[tuple[str, Json | None, Json | None, str, str]] = [
    ("issue", None, None, "RectificationIssued", "issued"),
    ("acknowledge", HEAD, None, "RectificationAcknowledged", "acknowledged"),
    ("extend", MANAGEMENT, {"new_due_on": "2026-07-31"}, "RectificationDeadlineExtended",
     "acknowledged"),
    ("start", None, None, "RectificationStarted", "rectifying"),
    ("submit", None, None, "RectificationSubmitted", "submitted"),
    ("verify", OTHER_SUPERVISOR, {"passed": False, "notes": SHORTFALL}, "RectificationRejected",
     "rectifying"),
    ("submit", None, {"actions_taken": "补齐营业执照 (licences filed)", "evidence": "扫描件"},
     "RectificationSubmitted", "submitted"),
    ("extend", OTHER_SUPERVISOR, {"new_due_on": "2026-08-15"}, "RectificationDeadlineExtended",
     "submitted"),
    ("verify", SUPERVISOR, None, "RectificationVerified", "verified"),
    ("close", OTHER_SUPERVISOR, None, "RectificationClosed", "closed"),
]  # fmt: skip


def life_command(
    rectification_id: UUID | None, name: str, actor: Json | None, payload: Json | None
) -> Json:
    return command(name, rectification_id, actor=actor, payload=payload)


class TestARectificationsWholeLife:
    """issued → … → closed through all seven commands: versions 1..10 without gaps, each event
    as DOMAIN §6a names it, each status as it says."""

    def test_each_command_gives_its_event_version_and_status(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        rectification_id: UUID | None = None
        sent: list[Json] = []
        for version, (name, actor, payload, event, status) in enumerate(LIFE, start=1):
            clock.advance(hours=5)
            body = life_command(rectification_id, name, actor, payload)
            sent.append(body)
            result = accept(ledger, body)
            rectification_id = result.aggregate_id
            assert rectification_id is not None
            assert (result.version, result.events) == (version, (event,)), name
            assert status_of(ledger, rectification_id) == status, name

        assert rectification_id is not None
        history = ledger.history(rectification_id)
        assert [r.event_type for r in history] == [row[3] for row in LIFE]
        assert [r.originator_version for r in history] == list(range(1, 11))

        # each event records who sent the command, which command, and its reason
        by_command = {UUID(body["command_id"]): body for body in sent}
        for recorded in history:
            body = by_command[recorded.command_id]
            assert recorded.actor.id == body["actor"]["id"]
            assert recorded.reason == body.get("reason")
        assert [r.reason for r in history if r.reason is not None] == [REASON, REASON]
        assert [r.event_type for r in history if r.reason is not None] == [
            "RectificationDeadlineExtended"
        ] * 2

        started = event_as(history[3], RectificationStarted)
        assert started.plan == PLAN
        first = event_as(history[4], RectificationSubmitted)
        assert (first.actions_taken, first.evidence) == (ACTIONS_TAKEN, EVIDENCE)
        assert event_as(history[5], RectificationRejected).notes == SHORTFALL
        assert event_as(history[8], RectificationVerified).notes == NOTES
        moves = [
            (e.previous_due_on, e.new_due_on, e.new_deadline)
            for e in (event_as(history[n], RectificationDeadlineExtended) for n in (2, 7))
        ]
        assert moves == [
            (date(2026, 7, 15), date(2026, 7, 31), NEW_DEADLINE),
            (date(2026, 7, 31), date(2026, 8, 15), datetime(2026, 8, 15, 16, 0, tzinfo=UTC)),
        ]

        rectification = ledger.state(rectification_id)[1].state
        assert rectification.status.value == "closed"
        assert (rectification.responsible_id, rectification.department) == (
            RESPONSIBLE["id"],
            DEPARTMENT,
        )
        assert rectification.due_on == date(2026, 8, 15)
        assert (rectification.submissions, rectification.rejections) == (2, 1)
        assert rectification.extensions == 2

    def test_the_state_as_of_each_business_time(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Halfway between two commands the rectification is as the first of them left it,
        due date and all."""
        rectification_id: UUID | None = None
        moments = []
        due = "2026-07-15"
        for name, actor, payload, _, status in LIFE:
            clock.advance(hours=5)
            body = life_command(rectification_id, name, actor, payload)
            rectification_id = accept(ledger, body).aggregate_id
            if name == "extend":
                assert payload is not None
                due = payload["new_due_on"]
            moments.append((clock.now() + timedelta(hours=2), status, due))

        assert rectification_id is not None
        as_of = []
        for at, _, _ in moments:
            state = ledger.state(rectification_id, as_of=at)[1].state
            as_of.append((at, state.status.value, state.due_on.isoformat()))
        assert as_of == moments
        with pytest.raises(NotFound):  # before it was issued there was nothing
            ledger.state(rectification_id, as_of=datetime(2026, 6, 30, tzinfo=UTC))


class TestWhoActs:
    """ "The responsible person" is the person the notice names, whatever roles they hold."""

    def test_the_responsible_person_whatever_their_roles(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        clerk = {"id": "u-clerk-3", "roles": ["finance"], "department": "finance"}
        payload = notice(responsible_id=clerk["id"], department="finance")
        rectification_id = drive(ledger, clock, issue=payload)
        for verb in ("acknowledge", "start", "submit"):
            clock.advance(hours=1)
            assert accept(ledger, command(verb, rectification_id, actor=clerk)).ok
        assert status_of(ledger, rectification_id) == "submitted"

    def test_the_head_of_that_department_acknowledges(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        rectification_id = drive(ledger, clock)
        clock.advance(hours=1)
        result = accept(ledger, command("acknowledge", rectification_id, actor=HEAD))
        assert (result.events, result.version) == (("RectificationAcknowledged",), 2)
        assert ledger.history(rectification_id)[-1].actor.id == HEAD["id"]

    def test_the_issuer_may_verify(self, ledger: Opsledger, clock: FixedClock) -> None:
        """DOMAIN's SoD for verify keeps the responsible person out, not the issuer."""
        rectification_id = drive(ledger, clock, to="submitted")
        clock.advance(hours=1)
        verified = accept(ledger, verification(rectification_id, passed=True, actor=SUPERVISOR))
        assert verified.events == ("RectificationVerified",)

    @pytest.mark.parametrize("extender", [SUPERVISOR, OTHER_SUPERVISOR, MANAGEMENT])
    def test_a_supervisor_or_management_extends(
        self, ledger: Opsledger, clock: FixedClock, extender: Json
    ) -> None:
        rectification_id = drive(ledger, clock, to="rectifying")
        clock.advance(hours=1)
        moved = accept(ledger, extension(rectification_id, "2026-07-20", actor=extender))
        assert (moved.events, moved.version) == (("RectificationDeadlineExtended",), 4)
        assert str(ledger.state(rectification_id)[1].state.due_on) == "2026-07-20"
