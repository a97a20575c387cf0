"""`evolve` folds every project event ever stored, in any order and with any values, and never
refuses; the project then holds the facts the events state, and earned value is computed for
it at any date."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import hypothesis
import pytest
from hypothesis import strategies as st

from domain.project.earned_value import earned_value
from domain.project.events import (
    AcceptanceFailed,
    AcceptancePassed,
    AcceptanceRequested,
    BaselineChanged,
    ChangeRequested,
    ClosingReportSubmitted,
    CostRecorded,
    PlanApproved,
    PlanSubmitted,
    ProgressRecorded,
    ProjectApproved,
    ProjectCancelled,
    ProjectClosed,
    ProjectEvent,
    ProjectManagerAppointed,
    ProjectProposed,
    ProjectPutOnHold,
    ProjectRejected,
    ProjectResumed,
    ProjectScheduleOverdue,
    ProjectStarted,
    TeamMemberAdded,
)
from domain.project.state import evolve
from domain.project.values import Milestone, Status
from domain.shared.events import event_types
from tests.domain.project.fixtures import (
    ACCOUNTANT,
    BOSS,
    INSPECTOR,
    PM,
    PROPOSER,
    SHANGHAI,
    SYSTEM,
    T0,
    given,
    started,
)

instants = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)
dates = st.dates()
actors = st.sampled_from([PROPOSER, BOSS, PM, ACCOUNTANT, INSPECTOR, SYSTEM])
texts = st.text(max_size=12)
names = st.sampled_from(["A", "B", "C", "", "需求分析"])
#: Any Decimal a stored event might hold, the absurd included.
decimals = st.decimals(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [Decimal("sNaN"), Decimal("9E+999999"), Decimal("-0.001")]
)
#: Mostly amounts a decision would record (whole cents), sometimes anything at all.
amounts = st.integers(-(10**12), 10**12).map(lambda cents: Decimal(cents).scaleb(-2)) | decimals
weights = st.integers(0, 10**6).map(lambda millionths: Decimal(millionths).scaleb(-6)) | decimals
milestone_tuples = st.lists(
    st.builds(Milestone, name=names, due=dates, weight=weights), max_size=3
).map(tuple)


def built(
    event_type: type[ProjectEvent], **fields: st.SearchStrategy[object]
) -> st.SearchStrategy[ProjectEvent]:
    return st.builds(event_type, occurred_at=instants, actor=actors, **fields)


proposals = built(
    ProjectProposed,
    project_id=st.uuids(),
    name=texts,
    department=texts,
    goals=texts,
    scope=texts,
    planned_start=dates,
    planned_end=dates,
    schedule_due=instants,
    budget_amount=amounts,
    currency=st.sampled_from(["CNY", "USD", "", "xx"]),
    budget_id=st.none() | st.uuids(),
)

#: A strategy for every project event type, with any field values a stored event may hold.
EVENTS: dict[type[ProjectEvent], st.SearchStrategy[ProjectEvent]] = {
    ProjectProposed: proposals,
    ProjectApproved: built(ProjectApproved),
    ProjectRejected: built(ProjectRejected),
    ProjectManagerAppointed: built(ProjectManagerAppointed, manager_id=texts),
    TeamMemberAdded: built(TeamMemberAdded, member_id=texts, role=texts),
    PlanSubmitted: built(
        PlanSubmitted,
        milestones=milestone_tuples,
        quality_plan=texts,
        risk_plan=texts,
        communication_plan=texts,
        baseline_cost=amounts,
        currency=texts,
    ),
    PlanApproved: built(
        PlanApproved, milestones=milestone_tuples, baseline_cost=amounts, currency=texts
    ),
    ProjectStarted: built(ProjectStarted),
    ProgressRecorded: built(
        ProgressRecorded, milestone=names, percent_complete=st.integers(-5, 10**9)
    ),
    CostRecorded: built(CostRecorded, amount=amounts, currency=texts, description=texts),
    ChangeRequested: built(
        ChangeRequested,
        new_planned_end=st.none() | dates,
        new_schedule_due=st.none() | instants,
        new_baseline_cost=st.none() | amounts,
        currency=texts,
    ),
    BaselineChanged: built(
        BaselineChanged,
        planned_end=dates,
        schedule_due=instants,
        baseline_cost=amounts,
        currency=texts,
        requested_by=texts,
    ),
    ProjectPutOnHold: built(ProjectPutOnHold, held_from=st.sampled_from(Status)),
    ProjectResumed: built(ProjectResumed, resumed_to=st.sampled_from(Status)),
    ProjectCancelled: built(ProjectCancelled),
    AcceptanceRequested: built(AcceptanceRequested),
    AcceptancePassed: built(AcceptancePassed, defects=texts),
    AcceptanceFailed: built(AcceptanceFailed, defects=texts),
    ClosingReportSubmitted: built(ClosingReportSubmitted, summary=texts, lessons_learned=texts),
    ProjectClosed: built(ProjectClosed, evaluation_score=st.integers(-10, 10)),
    ProjectScheduleOverdue: built(ProjectScheduleOverdue, planned_end=dates, schedule_due=instants),
}
any_event: st.SearchStrategy[ProjectEvent] = st.one_of(*EVENTS.values())

#: The status each status-setting event leaves the project in, by DOMAIN §4's states.
SETS_STATUS: dict[type[ProjectEvent], Status] = {
    ProjectProposed: Status.PROPOSED,
    ProjectApproved: Status.APPROVED,
    ProjectRejected: Status.REJECTED,
    PlanApproved: Status.PLAN_APPROVED,
    ProjectStarted: Status.EXECUTING,
    ProjectPutOnHold: Status.ON_HOLD,
    ProjectCancelled: Status.CANCELLED,
    AcceptanceRequested: Status.ACCEPTANCE_REQUESTED,
    AcceptancePassed: Status.ACCEPTED,
    AcceptanceFailed: Status.EXECUTING,
    ProjectClosed: Status.CLOSED,
}


def test_every_project_event_type_is_generated() -> None:
    registered = {c for c in event_types.values() if c.aggregate_type == "project"}
    assert set(EVENTS) == registered - {ProjectEvent}


def test_a_history_starts_with_a_proposal() -> None:
    with pytest.raises(ValueError, match="cannot start a project's history"):
        evolve(None, started(T0))


class TestEvolveNeverRefusesAnyStoredHistory:
    """Whatever events were stored after a ProjectProposed, in whatever order, `evolve` folds
    them; the project's status, manager, progress, costs and baselines are what the events say,
    and its earned value is computed at any date without an error."""

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(first=proposals, rest=st.lists(any_event, max_size=40), on=dates)
    def test_any_sequence_folds(
        self, first: ProjectEvent, rest: list[ProjectEvent], on: date
    ) -> None:
        events = [first, *rest]
        project = given(events)

        start = max(i for i, e in enumerate(events) if isinstance(e, ProjectProposed))
        since = events[start:]
        expected_status, manager = Status.PROPOSED, None
        for event in since:
            if isinstance(event, ProjectResumed):
                expected_status = event.resumed_to
            elif isinstance(event, ProjectManagerAppointed):
                manager = event.manager_id
                if expected_status is Status.APPROVED:
                    expected_status = Status.PLANNING
            elif type(event) in SETS_STATUS:
                expected_status = SETS_STATUS[type(event)]
        assert project.status is expected_status
        assert project.manager_id == manager

        progress: dict[str, int] = {}
        for event in since:
            if isinstance(event, ProgressRecorded):
                progress[event.milestone] = event.percent_complete
        assert project.progress == progress
        assert len(project.progress_log) == sum(isinstance(e, ProgressRecorded) for e in since)
        assert len(project.baselines) == sum(
            isinstance(e, PlanApproved | BaselineChanged) for e in since
        )
        assert project.overdue_reported == any(isinstance(e, ProjectScheduleOverdue) for e in since)
        assert project.last_event_at == max(e.occurred_at for e in since)
        costs = [e.amount for e in since if isinstance(e, CostRecorded)]
        if all(_in_cents(amount) for amount in costs):
            hypothesis.event("costs all in cents")
            assert project.cost_total == sum(costs, Decimal("0.00"))

        figures = earned_value(project, on=on, zone=SHANGHAI)
        assert figures.on == on


def _in_cents(amount: Decimal) -> bool:
    """An amount a decision could have recorded: finite, below 10^20, to the cent."""
    return (
        amount.is_finite() and abs(amount) < 10**20 and amount == amount.quantize(Decimal("0.01"))
    )
