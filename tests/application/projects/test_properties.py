"""Properties of projects through the ledger, on random command sequences (SQLite): replaying the
stored events with the project kind's fold gives exactly the state the handler decided on (its
cache) and the state the ledger loads, at the end and at every version; a refused command
appends nothing and an accepted one adds its events at the next versions; in the stored events,
progress never decreases per milestone, acceptance is never requested before every milestone of
the approved plan stands at 100%, and EV never exceeds BAC."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from application.commands.catalogue import KINDS
from domain.project.earned_value import EarnedValue
from domain.project.events import AcceptanceRequested, PlanApproved, ProgressRecorded
from domain.shared.recorded import Recorded
from infrastructure.opsledger import Opsledger
from tests.application.project_envelopes import (
    BUILD,
    DESIGN,
    FINANCE,
    MANAGEMENT,
    PROJECT_MANAGER,
    QUALITY_INSPECTOR,
    ROLLOUT,
    SENDERS,
    STATUSES,
    VERSIONS,
    Json,
    command,
    drive,
    head,
    holding,
)
from tests.clocks import FixedClock

PROJECT = KINDS["project"]

#: Commands on an existing project, drawn at random; progress more often, to climb and to try
#: to fall. `advance` is the next step of the project's road from wherever it stands.
VERBS = (
    "approve", "reject", "appoint_manager", "add_member", "submit_plan", "approve_plan", "start",
    "record_progress", "record_progress", "record_cost", "request_change", "approve_change",
    "hold", "resume", "cancel", "request_acceptance", "record_acceptance",
    "submit_closing_report", "close",
    *["advance"] * 12,
)  # fmt: skip

#: Who sends a command: its usual sender most often, else someone who may or may not.
SENDER_POOL: tuple[Json | None, ...] = (
    *[None] * 6,
    PROJECT_MANAGER,
    MANAGEMENT,
    FINANCE,
    QUALITY_INSPECTOR,
    holding("project_manager", "management", "quality_inspector", actor_id="u-pm-1"),
)
MILESTONE_POOL = (DESIGN, BUILD, ROLLOUT, "未计划 (not in the plan)")

#: Where an example starts: every status, executing most often.
STARTS = (*STATUSES, "executing", "executing", "planning")

Action = tuple[str, Json | None, str, int, bool]

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(VERBS),
        st.sampled_from(SENDER_POOL),
        st.sampled_from(MILESTONE_POOL),
        st.integers(min_value=0, max_value=100),
        st.booleans(),
    ),
    min_size=5,
    max_size=40,
)


def advancing(project: Any, action: Action) -> tuple[str, str, int]:
    """The next step of the road from the project's status (read only to choose what to send):
    a verb, and for progress the first milestone not yet complete and a percent no lower than
    it stands at."""
    _, _, _, percent, _ = action
    status = project.status.value
    if status == "executing":
        for name in (m.name for m in project.milestones):
            if project.percent_complete(name) < 100:
                return "record_progress", name, max(percent, project.percent_complete(name))
        return "request_acceptance", DESIGN, 0
    if status == "planning":
        return ("submit_plan" if project.submitted_plan is None else "approve_plan"), DESIGN, 0
    if status == "accepted":
        return ("close" if project.closing_report_submitted else "submit_closing_report"), "", 0
    step = {
        "proposed": "approve",
        "approved": "appoint_manager",
        "plan_approved": "start",
        "on_hold": "resume",
        "acceptance_requested": "record_acceptance",
    }
    return step.get(status, "approve"), DESIGN, 0


def body_of(ledger: Opsledger, project_id: Any, action: Action) -> Json:
    verb, sender, milestone, percent, passed = action
    if verb == "advance":
        verb, milestone, percent = advancing(ledger.state(project_id)[1].state, action)
        sender = None
    actor = sender if sender is not None else SENDERS[verb]
    if verb == "record_progress":
        payload = {"milestone": milestone, "percent_complete": percent}
        return command(verb, project_id, actor=actor, payload=payload)
    if verb == "record_acceptance":
        payload = {"passed": passed, "defects": "" if passed else "报表错误 (report wrong)"}
        return command(verb, project_id, actor=actor, payload=payload)
    return command(verb, project_id, actor=actor)


def replayed(history: list[Recorded]) -> Any:
    return PROJECT.fold(None, [recorded.event for recorded in history])


def assert_progress_never_decreases(history: list[Recorded]) -> None:
    reached: dict[str, int] = {}
    for recorded in history:
        event = recorded.event
        if isinstance(event, ProgressRecorded):
            assert event.percent_complete >= reached.get(event.milestone, 0), recorded
            assert 0 <= event.percent_complete <= 100
            reached[event.milestone] = event.percent_complete


def assert_acceptance_follows_completion(history: list[Recorded]) -> None:
    plan: tuple[str, ...] = ()
    reached: dict[str, int] = {}
    for recorded in history:
        event = recorded.event
        if isinstance(event, PlanApproved):
            plan = tuple(m.name for m in event.milestones)
        elif isinstance(event, ProgressRecorded):
            reached[event.milestone] = event.percent_complete
        elif isinstance(event, AcceptanceRequested):
            assert plan
            assert all(reached.get(name) == 100 for name in plan), (plan, reached)


def loaded_status(ledger: Opsledger, project_id: Any) -> str:
    return str(ledger.state(project_id)[1].state.status.value)


@pytest.fixture
def sqlite_ledger(sqlite_url: str, clock: FixedClock) -> Iterator[Opsledger]:
    with Opsledger.open(sqlite_url, clock=clock) as opened:
        yield opened


class TestReplayEqualsTheStateTheDecisionsSaw:
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(start=st.sampled_from(STARTS), actions=ACTIONS)
    def test_random_commands(
        self,
        sqlite_ledger: Opsledger,
        clock: FixedClock,
        start: str,
        actions: list[Action],
    ) -> None:
        ledger = sqlite_ledger
        project_id = drive(ledger, clock, to=start)
        version = VERSIONS[start]
        for action in actions:
            clock.advance(hours=1)
            before = head(ledger)
            result = ledger.submit(body_of(ledger, project_id, action))
            if not result.ok:
                assert head(ledger) == before, result.to_json()
                continue
            assert result.version == version + len(result.events)
            version = len(ledger.history(project_id))
            assert result.version == version
            cached = ledger.handler._cache.get("project", project_id)
            assert cached is not None
            assert cached.version == version
            assert cached.state == replayed(ledger.history(project_id))

        history = ledger.history(project_id)
        event(f"accepted {version - VERSIONS[start]} of {len(actions)}")
        event(f"ends {loaded_status(ledger, project_id)}")
        assert [r.originator_version for r in history] == list(range(1, version + 1))
        loaded = ledger.state(project_id)[1]
        assert (loaded.version, loaded.state) == (version, replayed(history))
        for upto in range(1, version + 1):
            assert ledger.state(project_id, version=upto)[1].state == replayed(history[:upto])

        assert_progress_never_decreases(history)
        assert_acceptance_follows_completion(history)
        figures = ledger.figures("project", loaded, as_of=clock.now())["earned_value"]
        assert isinstance(figures, EarnedValue)
        assert figures.ev <= figures.bac
