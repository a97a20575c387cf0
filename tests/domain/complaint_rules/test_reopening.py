"""Reopening a complaint (DOMAIN §3 rules): only from a closed state, back to investigating."""

from __future__ import annotations

import pytest

from domain.complaint import decisions
from domain.complaint.events import ResolutionProposed
from domain.complaint.values import Status
from domain.shared.errors import InvalidTransition
from tests.domain.complaint_fixtures import (
    ASSIGNEE,
    MANAGER,
    REMEDY_OFFERED,
    RESOLUTION,
    closed,
    given,
    history,
    next_moment,
    proposed,
    reopened,
    satisfied,
    then,
)


class TestReopenOnlyFromAClosedState:
    """Only a closed complaint is reopened, and it goes back to investigating."""

    @pytest.mark.parametrize("status", [s for s in Status if not s.is_closed])
    def test_an_open_complaint_is_not_reopened(self, status: Status) -> None:
        past = history(status)

        with pytest.raises(InvalidTransition) as refused:
            decisions.reopen(given(past), actor=MANAGER, at=next_moment(past))

        assert refused.value.code == "invalid_transition"
        assert refused.value.details == {"status": status.value, "action": "reopen"}

    def test_each_reopening_is_counted(self) -> None:
        past = then(history(Status.CLOSED), reopened, proposed, satisfied, closed, reopened)

        complaint = given(past)

        assert (complaint.status, complaint.reopen_count) == (Status.INVESTIGATING, 2)

    def test_a_reopened_complaint_may_be_proposed_without_a_new_investigation(self) -> None:
        past = then(history(Status.CLOSED_UNRESOLVED), reopened)

        events = decisions.propose_resolution(
            given(past),
            resolution=RESOLUTION,
            remedy_offered=REMEDY_OFFERED,
            actor=ASSIGNEE,
            at=next_moment(past),
        )

        assert [type(event) for event in events] == [ResolutionProposed]
