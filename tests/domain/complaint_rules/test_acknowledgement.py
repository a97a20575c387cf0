"""Acknowledging a complaint (DOMAIN §3 rules): the first response is given once."""

from __future__ import annotations

import pytest

from domain.complaint import decisions
from domain.complaint.values import Status
from domain.shared.errors import InvalidTransition
from tests.domain.complaint_fixtures import AGENT, given, history, next_moment


class TestAcknowledgeOnlyOnce:
    """The first response is given once."""

    def test_a_second_acknowledgement_is_an_invalid_transition(self) -> None:
        past = history(Status.ACKNOWLEDGED)

        with pytest.raises(InvalidTransition) as refused:
            decisions.acknowledge(given(past), message="again", actor=AGENT, at=next_moment(past))

        assert refused.value.details == {"status": "acknowledged", "action": "acknowledge"}
