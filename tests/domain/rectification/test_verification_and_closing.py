"""Verifying, rejecting and closing a rectification (DOMAIN §6a `rectification.verify`,
`close`)."""

from __future__ import annotations

import pytest

from domain.rectification.events import (
    RectificationClosed,
    RectificationRejected,
    RectificationVerified,
)
from domain.rectification.values import Status
from domain.shared.actor import Role
from domain.shared.errors import InvalidTransition, RuleViolation, SegregationOfDuties
from tests.domain.rectification.fixtures import (
    COMMANDS,
    NOTES,
    OTHER_SUPERVISOR,
    REJECTED_ONCE,
    RESPONSIBLE,
    SHORTFALL,
    SUBMITTED,
    SUPERVISOR,
    VERIFIED,
    actor,
    decide,
    given,
    history,
    next_moment,
    verification,
)


class TestVerifyPassed:
    """A supervisor who is not the responsible person verifies the submission."""

    def test_the_rectification_is_verified(self) -> None:
        past = history(SUBMITTED)
        events, after = decide(past, COMMANDS["verify"], OTHER_SUPERVISOR)
        assert events == [
            RectificationVerified(
                occurred_at=next_moment(past), actor=OTHER_SUPERVISOR, notes=NOTES
            )
        ]
        rectification = given(after)
        assert rectification.status is Status.VERIFIED
        assert rectification.verifier_id == OTHER_SUPERVISOR.id
        assert rectification.verified_at == next_moment(past)
        assert rectification.verification_notes == NOTES

    def test_a_passed_verification_needs_no_notes(self) -> None:
        events, _ = decide(history(SUBMITTED), verification(passed=True, notes=""), SUPERVISOR)
        assert events == [
            RectificationVerified(occurred_at=events[0].occurred_at, actor=SUPERVISOR, notes="")
        ]

    def test_the_issuer_may_verify(self) -> None:
        """DOMAIN's maker-checker here is the responsible person, not the supervisor who found
        the problem: whoever found it may check it is put right."""
        assert given(history(SUBMITTED)).issuer_id == SUPERVISOR.id
        events, _ = decide(history(SUBMITTED), COMMANDS["verify"], SUPERVISOR)
        assert [type(e) for e in events] == [RectificationVerified]


class TestVerifyFailed:
    """A failed verification rejects the submission, says why, and sends the rectification
    back to rectifying; the responsible person submits again."""

    def test_rejected_back_to_rectifying(self) -> None:
        past = history(SUBMITTED)
        events, after = decide(past, verification(passed=False, notes=SHORTFALL), SUPERVISOR)
        assert events == [
            RectificationRejected(occurred_at=next_moment(past), actor=SUPERVISOR, notes=SHORTFALL)
        ]
        rectification = given(after)
        assert rectification.status is Status.RECTIFYING
        assert rectification.rejections == 1
        assert rectification.verification_notes == SHORTFALL
        assert rectification.verified_at is None

    def test_a_failure_says_why(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            decide(history(SUBMITTED), verification(passed=False, notes=" "), SUPERVISOR)
        assert refused.value.details == {"field": "notes"}

    def test_submitted_again_and_then_verified(self) -> None:
        past = history(REJECTED_ONCE)
        _, resubmitted = decide(past, COMMANDS["submit"], RESPONSIBLE)
        events, after = decide(resubmitted, COMMANDS["verify"], SUPERVISOR)
        assert [type(e) for e in events] == [RectificationVerified]
        rectification = given(after)
        assert (rectification.submissions, rectification.rejections) == (2, 1)
        assert rectification.status is Status.VERIFIED

    def test_not_started_again(self) -> None:
        """Back in rectifying, the work goes on under the plan already given."""
        with pytest.raises(InvalidTransition):
            decide(history(REJECTED_ONCE), COMMANDS["start"], RESPONSIBLE)


class TestSegregationOfDuties:
    """The responsible person never verifies their own rectification, whatever roles they
    hold."""

    @pytest.mark.parametrize("passed", [True, False])
    def test_a_responsible_supervisor_may_not_verify(self, passed: bool) -> None:
        also_supervisor = actor(RESPONSIBLE.id, Role.SUPERVISOR, Role.OPERATIONS)
        with pytest.raises(SegregationOfDuties) as refused:
            decide(
                history(SUBMITTED), verification(passed=passed, notes=SHORTFALL), also_supervisor
            )
        assert refused.value.code == "segregation_of_duties"
        assert refused.value.details == {"duty": "answers for", "action": "verify"}


class TestClose:
    """A supervisor closes a rectification once verification has passed."""

    def test_closed_after_verification(self) -> None:
        past = history(VERIFIED)
        events, after = decide(past, COMMANDS["close"], OTHER_SUPERVISOR)
        assert events == [
            RectificationClosed(occurred_at=next_moment(past), actor=OTHER_SUPERVISOR)
        ]
        assert given(after).status is Status.CLOSED
        assert given(after).closed_at == next_moment(past)

    def test_not_after_a_failed_verification(self) -> None:
        with pytest.raises(InvalidTransition) as refused:
            decide(history(REJECTED_ONCE), COMMANDS["close"], SUPERVISOR)
        assert refused.value.details == {"status": "rectifying", "action": "close"}
