"""The business rules of DOMAIN §6a through the ledger: a due date after the day the notice is
issued (that day in the company's time zone); an extension to a day later than the due date in
force; close only after verification passed; a failed verification sends the rectification
back to `rectifying`, from where it is submitted again. Texts the rules need say something.
Refusals append nothing; the command that keeps the rule is then accepted. Both stores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from infrastructure.opsledger import Opsledger
from tests.application.rectification_envelopes import (
    OTHER_SUPERVISOR,
    Json,
    accept,
    command,
    drive,
    extension,
    head,
    notice,
    refuse,
    status_of,
    step,
    verification,
    version_of,
    walk,
)
from tests.clocks import FixedClock


def violated(ledger: Opsledger, body: Json) -> dict[str, object]:
    """`body` is refused `rule_violation` and appends nothing; its details."""
    return refuse(ledger, body, "rule_violation").details


def issued_at(at: datetime, due_on: str) -> Json:
    """A notice issued at business time `at`, due on `due_on`."""
    return command("issue", payload=notice(due_on=due_on), occurred_at=at.isoformat())


class TestTheDueDate:
    """The clock stands at 1 July 2026, 09:30 in Shanghai."""

    @pytest.mark.parametrize("due_on", ["2026-07-01", "2026-06-30", "2026-01-01"])
    def test_on_or_before_the_day_issued_is_refused(self, ledger: Opsledger, due_on: str) -> None:
        details = violated(ledger, command("issue", payload=notice(due_on=due_on)))
        assert details["field"] == "due_on"
        assert head(ledger) is None

    def test_the_next_day_is_accepted(self, ledger: Opsledger) -> None:
        result = accept(ledger, command("issue", payload=notice(due_on="2026-07-02")))
        assert result.aggregate_id is not None
        assert str(ledger.state(result.aggregate_id)[1].state.due_on) == "2026-07-02"

    def test_the_day_issued_is_the_company_s_day(self, ledger: Opsledger) -> None:
        """Asia/Shanghai is UTC+8: 30 June 16:30 UTC is already 1 July there, so a notice due
        on 1 July is due the day it is issued; at 15:30 UTC it is still 30 June there."""
        after_midnight = datetime(2026, 6, 30, 16, 30, tzinfo=UTC)
        before_midnight = datetime(2026, 6, 30, 15, 30, tzinfo=UTC)
        assert violated(ledger, issued_at(after_midnight, "2026-07-01"))["field"] == "due_on"
        assert accept(ledger, issued_at(before_midnight, "2026-07-01")).version == 1

    def test_the_business_time_decides_not_the_clock(self, ledger: Opsledger) -> None:
        """A notice entered on 1 July for a spot check of 20 June may be due on 25 June."""
        spot_check = datetime(2026, 6, 20, 2, 0, tzinfo=UTC)
        assert accept(ledger, issued_at(spot_check, "2026-06-25")).version == 1
        assert violated(ledger, issued_at(spot_check, "2026-06-20"))["field"] == "due_on"


class TestTextsSaySomething:
    @pytest.mark.parametrize("field", ["department", "process", "finding", "responsible_id"])
    def test_a_blank_notice_field(self, ledger: Opsledger, field: str) -> None:
        assert violated(ledger, command("issue", payload=notice(**{field: "  "})))
        assert head(ledger) is None

    def test_a_blank_plan_submission_or_reason_for_failing(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        rectification_id = drive(ledger, clock, to="acknowledged")
        clock.advance(hours=1)
        violated(ledger, command("start", rectification_id, payload={"plan": " "}))
        accept(ledger, command("start", rectification_id))
        for blank in (
            {"actions_taken": "", "evidence": "记录"},
            {"actions_taken": "补审", "evidence": "\t"},
        ):
            violated(ledger, command("submit", rectification_id, payload=blank))
        accept(ledger, command("submit", rectification_id))
        # a failed verification says what falls short
        for payload in ({"passed": False, "notes": "  "}, {"passed": False}):
            violated(ledger, command("verify", rectification_id, payload=payload))
        assert status_of(ledger, rectification_id) == "submitted"
        assert accept(ledger, verification(rectification_id, passed=False)).events == (
            "RectificationRejected",
        )

    def test_a_passed_verification_may_leave_the_notes_empty(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        rectification_id = drive(ledger, clock, to="submitted")
        clock.advance(hours=1)
        passed = accept(ledger, command("verify", rectification_id, payload={"passed": True}))
        assert passed.events == ("RectificationVerified",)


class TestAnExtension:
    """Later than the due date in force (15 July, then whatever the last extension set)."""

    @pytest.mark.parametrize("new_due_on", ["2026-07-15", "2026-07-14", "2026-07-02"])
    def test_not_later_than_the_due_date_is_refused(
        self, ledger: Opsledger, clock: FixedClock, new_due_on: str
    ) -> None:
        rectification_id = drive(ledger, clock, to="rectifying")
        clock.advance(hours=1)
        details = violated(ledger, extension(rectification_id, new_due_on))
        assert details["field"] == "new_due_on"
        assert str(ledger.state(rectification_id)[1].state.due_on) == "2026-07-15"

    def test_the_day_after_is_accepted(self, ledger: Opsledger, clock: FixedClock) -> None:
        rectification_id = drive(ledger, clock, to="rectifying")
        clock.advance(hours=1)
        assert accept(ledger, extension(rectification_id, "2026-07-16")).version == 4

    def test_measured_against_the_last_extension(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Extended to 31 July, the notice cannot be "extended" back to 20 July, later than the
        first due date as that is."""
        rectification_id = drive(ledger, clock, to="rectifying")
        accept(ledger, extension(rectification_id, "2026-07-31"))
        clock.advance(hours=1)
        for earlier in ("2026-07-20", "2026-07-31"):
            assert violated(ledger, extension(rectification_id, earlier))["field"] == "new_due_on"
        assert accept(ledger, extension(rectification_id, "2026-08-01")).version == 5
        rectification = ledger.state(rectification_id)[1].state
        assert (str(rectification.due_on), rectification.extensions) == ("2026-08-01", 2)

    def test_an_extension_already_run_out_extends_nothing(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """DOMAIN is silent; a careful engineer's reading: granted on 5 August, a due date of
        3 August (later than 31 July in force) would be overdue the moment it is set."""
        rectification_id = drive(ledger, clock, to="rectifying")
        accept(ledger, extension(rectification_id, "2026-07-31"))
        clock.current = datetime(2026, 8, 5, 2, 0, tzinfo=UTC)
        assert violated(ledger, extension(rectification_id, "2026-08-03"))["field"] == "new_due_on"
        assert accept(ledger, extension(rectification_id, "2026-08-06")).ok

    @pytest.mark.parametrize("status", ["verified", "closed"])
    def test_only_before_verification(
        self, ledger: Opsledger, clock: FixedClock, status: str
    ) -> None:
        rectification_id = drive(ledger, clock, to=status)
        clock.advance(hours=1)
        refused = refuse(ledger, extension(rectification_id, "2026-07-31"), "invalid_transition")
        assert refused.details["status"] == status


#: Every status before verification passed, and a rectification back in rectifying after a
#: failed verification: close is refused in each.
NOT_YET_VERIFIED = [
    ("issued", ()),
    ("acknowledged", ()),
    ("rectifying", ()),
    ("submitted", ()),
    ("submitted", ("reject",)),
    ("submitted", ("reject", "submit")),
]
NOT_YET_VERIFIED_IDS = ["-".join((status, *first)) for status, first in NOT_YET_VERIFIED]


class TestCloseOnlyAfterVerificationPassed:
    """ "close: after verification passed". Before that the rectification is not in a state
    that closes: `invalid_transition`, naming the status it is in (a failed verification
    leaves it in `rectifying`)."""

    @pytest.mark.parametrize(("status", "first"), NOT_YET_VERIFIED, ids=NOT_YET_VERIFIED_IDS)
    def test_before_it_passed(
        self, ledger: Opsledger, clock: FixedClock, status: str, first: tuple[str, ...]
    ) -> None:
        rectification_id = drive(ledger, clock, to=status)
        walk(ledger, clock, rectification_id, *first)
        clock.advance(hours=1)
        now = status_of(ledger, rectification_id)
        refused = refuse(ledger, command("close", rectification_id), "invalid_transition")
        assert refused.details["status"] == now

    def test_after_it_passed_and_only_once(self, ledger: Opsledger, clock: FixedClock) -> None:
        rectification_id = drive(ledger, clock, to="submitted")
        walk(ledger, clock, rectification_id, "reject", "submit", "verify")
        clock.advance(hours=1)
        closed = accept(ledger, command("close", rectification_id))
        assert (closed.events, closed.version) == (("RectificationClosed",), 8)
        refuse(ledger, command("close", rectification_id), "invalid_transition")


class TestARejectedRectification:
    """A failed verification is `RectificationRejected` and the rectification is back in
    `rectifying`: it is not verified again until it is submitted again."""

    def test_back_to_rectifying_then_submitted_again(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        rectification_id = drive(ledger, clock, to="submitted")
        clock.advance(hours=1)
        rejected = accept(ledger, verification(rectification_id, passed=False))
        assert (rejected.events, rejected.version) == (("RectificationRejected",), 5)
        assert status_of(ledger, rectification_id) == "rectifying"

        clock.advance(hours=1)
        for body in (
            verification(rectification_id, passed=True),
            command("start", rectification_id),  # it was started once; it goes on
            command("acknowledge", rectification_id),
        ):
            refused = refuse(ledger, body, "invalid_transition")
            assert refused.details["status"] == "rectifying"

        resubmitted = accept(ledger, command("submit", rectification_id))
        assert (resubmitted.events, resubmitted.version) == (("RectificationSubmitted",), 6)
        clock.advance(hours=1)
        verified = accept(ledger, verification(rectification_id, passed=True))
        assert (verified.events, verified.version) == (("RectificationVerified",), 7)

    def test_rejected_twice_then_passed(self, ledger: Opsledger, clock: FixedClock) -> None:
        rectification_id = drive(ledger, clock, to="submitted")
        walk(ledger, clock, rectification_id, "reject", "submit", "reject", "submit")
        clock.advance(hours=1)
        verified = accept(
            ledger, verification(rectification_id, passed=True, actor=OTHER_SUPERVISOR)
        )
        assert verified.version == 9
        rectification = ledger.state(rectification_id)[1].state
        assert (rectification.submissions, rectification.rejections) == (3, 2)
        assert [r.event_type for r in ledger.history(rectification_id)][3:] == [
            "RectificationSubmitted",
            "RectificationRejected",
            "RectificationSubmitted",
            "RectificationRejected",
            "RectificationSubmitted",
            "RectificationVerified",
        ]


class TestBusinessTime:
    def test_nothing_dated_before_the_previous_event(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """DOMAIN §1: `occurred_at` may not precede the aggregate's previous event."""
        rectification_id = drive(ledger, clock, to="acknowledged")
        earlier = (clock.now() - timedelta(minutes=30)).isoformat()
        violated(ledger, command("start", rectification_id, occurred_at=earlier))
        assert version_of(ledger, rectification_id) == 2
        assert accept(ledger, step("start", rectification_id)).version == 3
