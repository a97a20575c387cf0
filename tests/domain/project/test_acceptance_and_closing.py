"""Acceptance, the closing report and closing (DOMAIN §4 `project.request_acceptance`,
`record_acceptance`, `submit_closing_report`, `close`)."""

from __future__ import annotations

from typing import Any

import pytest

from domain.project import decisions
from domain.project.events import (
    AcceptanceFailed,
    AcceptancePassed,
    AcceptanceRequested,
    ClosingReportSubmitted,
    ProjectClosed,
    ProjectEvent,
)
from domain.project.values import Status
from domain.shared.actor import Actor, Role
from domain.shared.errors import InvalidTransition, RuleViolation, SegregationOfDuties
from tests.domain.project.fixtures import (
    ACCEPTANCE_REQUESTED,
    ACCEPTED,
    ALL_DONE,
    BOSS,
    COMMANDS,
    EXECUTING,
    INSPECTOR,
    M1,
    M2,
    M3,
    PM,
    REPORTED,
    acceptance_failed,
    actor,
    given,
    history,
    history_to,
    next_moment,
    progress,
    then,
)


def inspect(
    past: list[ProjectEvent], *, passed: bool, defects: str = "", by: Actor = INSPECTOR
) -> list[ProjectEvent]:
    return decisions.record_acceptance(
        given(past),
        passed=passed,
        defects=defects,
        actor=by,
        at=next_moment(past),
    )


def close(past: list[ProjectEvent], score: Any = 4) -> list[ProjectEvent]:
    return decisions.close(
        given(past),
        evaluation_score=score,
        actor=BOSS,
        at=next_moment(past),
    )


class TestRequestAcceptance:
    """Acceptance is requested only with every milestone at 100%."""

    def test_with_every_milestone_done(self) -> None:
        past = history(ALL_DONE)
        events = COMMANDS["request_acceptance"](given(past), PM, next_moment(past))
        assert events == [AcceptanceRequested(occurred_at=next_moment(past), actor=PM)]
        assert given([*past, *events]).status is Status.ACCEPTANCE_REQUESTED

    def test_not_while_a_milestone_is_short_of_100(self) -> None:
        past = then(history(EXECUTING), progress(M1, 100), progress(M3, 99))
        with pytest.raises(RuleViolation) as refused:
            COMMANDS["request_acceptance"](given(past), PM, next_moment(past))
        assert refused.value.details == {"incomplete": [M2, M3]}


class TestRecordAcceptance:
    """A quality inspector who is not the project manager accepts the project or fails it."""

    def test_passed_the_project_is_accepted(self) -> None:
        past = history(ACCEPTANCE_REQUESTED)
        events = inspect(past, passed=True, defects="标签褪色 (faded labels)")
        at = next_moment(past)
        assert events == [
            AcceptancePassed(occurred_at=at, actor=INSPECTOR, defects="标签褪色 (faded labels)")
        ]
        project = given([*past, *events])
        assert (project.status, project.accepted_at) == (Status.ACCEPTED, at)

    def test_failed_the_project_goes_back_to_executing(self) -> None:
        past = history(ACCEPTANCE_REQUESTED)
        events = inspect(past, passed=False, defects="扫码超时 (scan timeouts)")
        assert events == [
            AcceptanceFailed(
                occurred_at=next_moment(past), actor=INSPECTOR, defects="扫码超时 (scan timeouts)"
            )
        ]
        project = given([*past, *events])
        assert (project.status, project.acceptance_failures) == (Status.EXECUTING, 1)

    def test_after_a_failure_acceptance_is_requested_again_and_passes(self) -> None:
        past = then(history(ACCEPTANCE_REQUESTED), acceptance_failed)
        again = [*past, *COMMANDS["request_acceptance"](given(past), PM, next_moment(past))]
        assert [type(e) for e in inspect(again, passed=True)] == [AcceptancePassed]

    def test_a_failure_names_its_defects(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            inspect(history(ACCEPTANCE_REQUESTED), passed=False, defects=" ")
        assert refused.value.details == {"field": "defects"}

    def test_the_manager_may_not_inspect_their_own_project(self) -> None:
        manager_and_inspector = actor(PM.id, Role.PROJECT_MANAGER, Role.QUALITY_INSPECTOR)
        with pytest.raises(SegregationOfDuties) as refused:
            inspect(history(ACCEPTANCE_REQUESTED), passed=True, by=manager_and_inspector)
        assert refused.value.details == {"duty": "manages", "action": "inspect"}
        assert refused.value.message == (
            "u-pm-1 already manages this project and may not inspect it"
        )


class TestClosingReport:
    """The project manager reports on the project once acceptance has passed."""

    def test_the_report_is_in(self) -> None:
        past = history(ACCEPTED)
        events = COMMANDS["submit_closing_report"](given(past), PM, next_moment(past))
        assert events == [
            ClosingReportSubmitted(
                occurred_at=next_moment(past),
                actor=PM,
                summary="按期上线 (live on time)",
                lessons_learned="早测试 (test early)",
            )
        ]
        assert given([*past, *events]).closing_report_submitted

    def test_a_later_report_replaces_it_until_closing(self) -> None:
        past = history(REPORTED)
        assert COMMANDS["submit_closing_report"](given(past), PM, next_moment(past))

    @pytest.mark.parametrize("field", ["summary", "lessons_learned"])
    def test_both_parts_say_something(self, field: str) -> None:
        past = history(ACCEPTED)
        parts = {"summary": "ok", "lessons_learned": "ok"} | {field: ""}
        with pytest.raises(RuleViolation) as refused:
            decisions.submit_closing_report(
                given(past),
                summary=parts["summary"],
                lessons_learned=parts["lessons_learned"],
                actor=PM,
                at=next_moment(past),
            )
        assert refused.value.details == {"field": field}


class TestClose:
    """Management closes a project with a score of 1 to 5 once acceptance has passed and the
    closing report is in."""

    @pytest.mark.parametrize("score", [1, 5])
    def test_closed_with_its_evaluation(self, score: int) -> None:
        past = history(REPORTED)
        events = close(past, score)
        assert events == [
            ProjectClosed(occurred_at=next_moment(past), actor=BOSS, evaluation_score=score)
        ]
        project = given([*past, *events])
        assert (project.status, project.evaluation_score) == (Status.CLOSED, score)
        assert project.finished_at == next_moment(past)

    @pytest.mark.parametrize("score", [0, 6, True, "4", 4.0])
    def test_the_score_is_a_whole_number_from_1_to_5(self, score: object) -> None:
        with pytest.raises(RuleViolation) as refused:
            close(history(REPORTED), score)
        assert refused.value.details == {"field": "evaluation_score"}

    def test_not_before_the_closing_report_is_in(self) -> None:
        with pytest.raises(RuleViolation, match="closing report"):
            close(history(ACCEPTED))

    @pytest.mark.parametrize(
        "status",
        [
            Status.PROPOSED,
            Status.APPROVED,
            Status.PLANNING,
            Status.PLAN_APPROVED,
            Status.EXECUTING,
            Status.ACCEPTANCE_REQUESTED,
        ],
    )
    def test_not_before_acceptance_has_passed(self, status: Status) -> None:
        with pytest.raises(RuleViolation) as refused:
            close(history_to(status))
        assert refused.value.details == {"status": status.value}

    @pytest.mark.parametrize(
        "status", [Status.ON_HOLD, Status.CLOSED, Status.REJECTED, Status.CANCELLED]
    )
    def test_not_on_hold_or_finished(self, status: Status) -> None:
        with pytest.raises(InvalidTransition):
            close(history_to(status))
