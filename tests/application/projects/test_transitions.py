"""Project commands out of state (DOMAIN §4's state machine): `invalid_transition`, naming the
status the project is in. Closed, cancelled and rejected projects take no command at all. Where
no manager was ever appointed, nobody is "the project manager": that person's commands are
`forbidden` to everyone. `close` before acceptance passed breaks close's rule (DOMAIN lists
"acceptance passed" among its rules): `rule_violation`. A command to a project that does not
exist: `not_found`. Nothing is appended. Both stores."""

from __future__ import annotations

from uuid import uuid4

import pytest

from infrastructure.opsledger import Opsledger
from tests.application import order_envelopes
from tests.application.project_envelopes import (
    accept,
    command,
    drive,
    head,
    refuse,
    status_of,
    step,
    version_of,
)
from tests.clocks import FixedClock

#: Every command that acts on an existing project.
ON_A_PROJECT = (
    "approve",
    "reject",
    "appoint_manager",
    "add_member",
    "submit_plan",
    "approve_plan",
    "start",
    "record_progress",
    "record_cost",
    "request_change",
    "approve_change",
    "hold",
    "resume",
    "cancel",
    "request_acceptance",
    "record_acceptance",
    "submit_closing_report",
    "close",
)

#: The project manager's own commands.
MANAGERS = (
    "add_member",
    "submit_plan",
    "start",
    "record_progress",
    "request_change",
    "request_acceptance",
    "submit_closing_report",
)

IT, FORBIDDEN, RULE = "invalid_transition", "forbidden", "rule_violation"


def each(code: str, *verbs: str) -> dict[str, str]:
    return dict.fromkeys(verbs, code)


#: For each status (as `drive` reaches it), commands DOMAIN §4's states do not allow there, and
#: the code each is refused with.
OUT_OF_STATE: dict[str, dict[str, str]] = {
    "proposed": {
        **each(
            IT, "appoint_manager", "approve_plan", "record_cost", "approve_change", "resume",
            "record_acceptance",
        ),
        **each(FORBIDDEN, *MANAGERS),  # no manager yet
        "close": RULE,
    },
    "approved": {
        **each(
            IT, "approve", "reject", "approve_plan", "record_cost", "approve_change", "resume",
            "record_acceptance",
        ),
        **each(FORBIDDEN, *MANAGERS),
        "close": RULE,
    },
    "planning": {
        **each(
            IT, "approve", "reject", "start", "record_progress", "record_cost", "request_change",
            "approve_change", "resume", "request_acceptance", "record_acceptance",
            "submit_closing_report",
        ),
        "close": RULE,
    },
    "plan_approved": {
        **each(
            IT, "approve", "reject", "submit_plan", "approve_plan", "record_progress", "resume",
            "request_acceptance", "record_acceptance", "submit_closing_report",
        ),
        "close": RULE,
    },
    "executing": {
        **each(
            IT, "approve", "reject", "submit_plan", "approve_plan", "start", "resume",
            "record_acceptance", "submit_closing_report",
        ),
        "close": RULE,
    },
    "on_hold": each(
        IT, "approve", "reject", "appoint_manager", "add_member", "submit_plan", "approve_plan",
        "start", "record_progress", "request_change", "hold", "request_acceptance",
        "record_acceptance", "submit_closing_report", "close",
    ),
    "acceptance_requested": {
        **each(
            IT, "approve", "reject", "add_member", "submit_plan", "approve_plan", "start",
            "record_progress", "resume", "request_acceptance", "submit_closing_report",
        ),
        "close": RULE,
    },
    "accepted": each(
        IT, "approve", "reject", "appoint_manager", "add_member", "submit_plan", "approve_plan",
        "start", "record_progress", "request_change", "approve_change", "hold", "resume",
        "cancel", "request_acceptance", "record_acceptance",
    ),
    "closed": each(IT, *ON_A_PROJECT),
    "cancelled": each(IT, *ON_A_PROJECT),
    "rejected": {
        **each(IT, *(verb for verb in ON_A_PROJECT if verb not in MANAGERS)),
        **each(FORBIDDEN, *MANAGERS),  # never had a manager
    },
}  # fmt: skip


class TestOutOfState:
    def test_every_status_has_a_row(self) -> None:
        assert set(OUT_OF_STATE) == {
            "proposed", "approved", "rejected", "planning", "plan_approved", "executing",
            "on_hold", "acceptance_requested", "accepted", "closed", "cancelled",
        }  # fmt: skip

    @pytest.mark.parametrize("status", sorted(OUT_OF_STATE))
    def test_each_command_the_state_does_not_allow(
        self, ledger: Opsledger, clock: FixedClock, status: str
    ) -> None:
        project_id = drive(ledger, clock, to=status)
        clock.advance(hours=1)
        version, before = version_of(ledger, project_id), head(ledger)

        refused = {}
        for name in OUT_OF_STATE[status]:
            result = ledger.submit(step(name, project_id))
            refused[name] = (result.code, result.details.get("status"))

        expected = {
            name: (code, None if code == FORBIDDEN else status)
            for name, code in OUT_OF_STATE[status].items()
        }
        assert refused == expected
        assert head(ledger) == before
        assert (status_of(ledger, project_id), version_of(ledger, project_id)) == (status, version)

    def test_on_hold_before_approval_resumes_there(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """A project held while proposed takes no approval until it resumes, then is proposed."""
        project_id = drive(ledger, clock)
        refuse(ledger, command("resume", project_id), IT)
        accept(ledger, command("hold", project_id))
        clock.advance(hours=1)
        refuse(ledger, command("approve", project_id), IT)
        accept(ledger, command("resume", project_id))
        clock.advance(hours=1)
        assert accept(ledger, command("approve", project_id)).version == 4


class TestNoSuchProject:
    def test_a_command_to_an_unknown_project(self, ledger: Opsledger) -> None:
        for name in ON_A_PROJECT:
            refuse(ledger, step(name, uuid4()), "not_found")
        assert head(ledger) is None

    def test_a_proposal_naming_a_project_that_exists(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        project_id = drive(ledger, clock, to="approved")
        refused = refuse(ledger, command("propose", project_id), IT)
        assert refused.details["status"] == "already created"
        assert version_of(ledger, project_id) == 2

    def test_an_order_is_not_a_project(self, ledger: Opsledger, clock: FixedClock) -> None:
        order_id = order_envelopes.drive(ledger, clock)
        refuse(ledger, command("approve", order_id), "not_found")
