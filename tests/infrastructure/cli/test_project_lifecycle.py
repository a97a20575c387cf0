"""A project's whole life (DOMAIN §4) as JSON lines through one `opsledger submit` run, with a
refusal of every kind on the way: each line gives exactly the result written beside it here
(the event and version DOMAIN names, or the error code), including `segregation_of_duties` for
the proposer approving or rejecting, the manager approving the plan, the requester approving
the change and the manager inspecting. Then `audit state --as-of T` shows the project as it
stood at business time T, with its earned value worked out by hand, and two sweeps give one
`ProjectScheduleOverdue` for the one late project. SQLite file and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import attrs
import orjson
import pytest

from tests.infrastructure.cli.command_line import Cli, Outcome
from tests.infrastructure.cli.story_lines import Line, results

Json = dict[str, Any]

#: Business time of line k is BASE + k hours: a fixed past, whatever the wall clock says.
BASE = datetime(2026, 7, 1, 1, 0, tzinfo=UTC)

A1, A2 = "需求 (requirements)", "交付 (delivery)"


@attrs.frozen
class Story:
    project_id: UUID
    rejected_id: UUID
    late_id: UUID
    cancelled_id: UUID
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines) + "\n"


def at(hours: float) -> datetime:
    return BASE + timedelta(hours=hours)


def story() -> Story:
    """Project A from proposal to closing through all nineteen commands but reject and cancel,
    with every refusal of §4; B proposed by management and rejected; C approved and left past
    its planned end; D cancelled. Actor ids are this story's own."""
    tag = uuid4().hex[:8]

    def actor(name: str, *roles: str, actor_id: str | None = None) -> Json:
        return {"id": actor_id or f"u-{name}-{tag}", "roles": list(roles), "department": name}

    engineer = actor("eng", "operations")
    boss = actor("ceo", "management")
    coo = actor("coo", "management")
    head = actor("head", "department_head")
    pm = actor("pm", "project_manager")
    other_pm = actor("pm2", "project_manager")
    accountant = actor("fin", "finance")
    inspector = actor("qa", "quality_inspector")
    auditor = actor("audit", "auditor")
    system = {"id": "system", "roles": ["system"], "department": "operations"}
    engineer_as_boss = actor("eng", "operations", "management", actor_id=engineer["id"])
    pm_as_boss = actor("pm", "project_manager", "management", actor_id=pm["id"])
    pm_as_head = actor("pm", "department_head", actor_id=pm["id"])
    pm_as_inspector = actor("pm", "project_manager", "quality_inspector", actor_id=pm["id"])

    a, b, c, d = uuid4(), uuid4(), uuid4(), uuid4()
    lines: list[Line] = []

    def send(
        verb: str,
        sender: Json,
        payload: Json | None = None,
        *,
        project: UUID | None = a,
        events: tuple[str, ...] = (),
        version: int | None = None,
        code: str | None = None,
        **envelope: Any,
    ) -> Json:
        body: Json = {
            "type": f"project.{verb}",
            "command_id": str(uuid4()),
            "actor": sender,
            "occurred_at": at(len(lines) + 1).isoformat(),
            "payload": payload or {},
        }
        if project is not None:
            body["aggregate_id"] = str(project)
        body.update(envelope)
        assert (code is None) == bool(events) == (version is not None)
        lines.append(Line(orjson.dumps(body).decode(), events, version, code))
        return body

    proposal = {
        "name": "仓储管理系统 (warehouse system)",
        "department": "it",
        "goals": "库存准确率 99.5%",
        "scope": "两个仓库",
        "planned_start": "2026-07-01",
        "planned_end": "2026-07-31",
        "budget_amount": "100000.00",
    }

    def milestone(name: str, due: str, weight: str) -> Json:
        return {"name": name, "due": due, "weight": weight}

    plan = {
        "milestones": [milestone(A1, "2026-07-02", "0.4"), milestone(A2, "2026-07-31", "0.6")],
        "quality_plan": "每个里程碑评审",
        "risk_plan": "每周风险会",
        "communication_plan": "月度报告",
        "baseline_cost": "90000.00",
    }
    thirds = [
        milestone(A1, "2026-07-02", "0.3"),
        milestone(A2, "2026-07-15", "0.3"),
        milestone("上线", "2026-07-31", "0.3"),
    ]
    too_late = [milestone(A1, "2026-07-02", "0.4"), milestone(A2, "2026-08-01", "0.6")]
    malformed = {
        **{k: v for k, v in plan.items() if k != "quality_plan"},
        "milestones": [milestone(A1, "2026-07-02", "0.4"), milestone(A2, "2026-07-31", "1.5")],
    }
    why = "经营会议决定 (decided at the operations meeting)"
    change = {"new_planned_end": "2026-08-31", "new_baseline_cost": "95000.00"}
    failed = {"passed": False, "defects": "盘点报表错误"}
    passed = {"passed": True, "defects": "无"}
    report = {"summary": "上线", "lessons_learned": "尽早盘点"}

    def progress(milestone_name: str, percent: int, **expected: Any) -> None:
        payload = {"milestone": milestone_name, "percent_complete": percent}
        send("record_progress", pm, payload, **expected)

    P = "ProgressRecorded"  # noqa: N806

    send("propose", engineer, proposal, events=("ProjectProposed",), version=1)  # line 1
    send("propose", auditor, proposal, project=uuid4(), code="forbidden")
    send(
        "propose",
        engineer,
        {**proposal, "budget_amount": "0.00"},
        project=uuid4(),
        code="invalid_command",
    )
    send(
        "propose",
        engineer,
        {**proposal, "planned_end": "2026-06-30"},
        project=uuid4(),
        code="rule_violation",
    )
    send("approve", engineer_as_boss, reason=why, code="segregation_of_duties")  # line 5
    send("approve", head, reason=why, code="forbidden")
    send("submit_plan", pm, plan, code="forbidden")  # no manager appointed yet
    send("approve", boss, reason=why, events=("ProjectApproved",), version=2)
    send("approve", boss, reason=why, code="invalid_transition")
    send(
        "appoint_manager",
        boss,
        {"manager_id": pm["id"]},
        events=("ProjectManagerAppointed",),
        version=3,
    )  # line 10
    send(
        "add_member",
        pm,
        {"member_id": f"u-dev-{tag}", "role": "架构师"},
        events=("TeamMemberAdded",),
        version=4,
    )
    send("add_member", other_pm, {"member_id": f"u-qa2-{tag}", "role": "测试"}, code="forbidden")
    send("submit_plan", pm, {**plan, "milestones": thirds}, code="rule_violation")
    send("submit_plan", pm, {**plan, "milestones": too_late}, code="rule_violation")
    send("submit_plan", pm, malformed, code="invalid_command")  # line 15
    send("submit_plan", pm, {**plan, "risk_plan": "  "}, code="rule_violation")
    send("submit_plan", pm, plan, events=("PlanSubmitted",), version=5)
    send("approve_plan", pm_as_boss, code="segregation_of_duties")
    send("approve_plan", pm_as_head, code="segregation_of_duties")
    send("start", pm, code="invalid_transition")  # line 20
    send("approve_plan", head, events=("PlanApproved",), version=6)
    send("start", pm, events=("ProjectStarted",), version=7)
    progress(A1, 50, events=(P,), version=8)
    progress(A1, 40, code="rule_violation")
    progress(A1, 101, code="invalid_command")  # line 25
    send(
        "record_cost",
        accountant,
        {"amount": "0.00", "description": "许可证"},
        code="invalid_command",
    )
    send(
        "record_cost",
        accountant,
        {"amount": "20000.00", "description": "许可证 (licences)"},
        events=("CostRecorded",),
        version=9,
    )
    send("record_cost", head, {"amount": "100.00", "description": "茶点"}, code="forbidden")
    send("request_acceptance", pm, code="rule_violation")
    send("request_change", pm, change, code="invalid_command")  # line 30: no reason
    send("request_change", pm, change, reason=why, events=("ChangeRequested",), version=10)
    send("approve_change", pm_as_boss, code="segregation_of_duties")
    send("approve_change", boss, expected_version=9, code="concurrency_conflict")
    send("approve_change", boss, expected_version=10, events=("BaselineChanged",), version=11)
    send("hold", boss, reason=why, events=("ProjectPutOnHold",), version=12)  # line 35
    progress(A1, 100, code="invalid_transition")
    send("resume", boss, reason=why, events=("ProjectResumed",), version=13)
    progress(A1, 100, events=(P,), version=14)
    progress(A2, 100, events=(P,), version=15)
    send("request_acceptance", pm, events=("AcceptanceRequested",), version=16)  # line 40
    send("record_acceptance", pm_as_inspector, passed, code="segregation_of_duties")
    send("record_acceptance", inspector, failed, events=("AcceptanceFailed",), version=17)
    send("submit_closing_report", pm, report, code="invalid_transition")
    send("request_acceptance", pm, events=("AcceptanceRequested",), version=18)
    send("record_acceptance", inspector, passed, events=("AcceptancePassed",), version=19)  # 45
    send("close", boss, {"evaluation_score": 4}, code="rule_violation")  # no closing report
    send("submit_closing_report", pm, report, events=("ClosingReportSubmitted",), version=20)
    send("close", boss, {"evaluation_score": 6}, code="invalid_command")
    send("close", auditor, {"evaluation_score": 5}, code="forbidden")
    send("close", system, {"evaluation_score": 5}, code="forbidden")  # line 50
    closing = send("close", boss, {"evaluation_score": 5}, events=("ProjectClosed",), version=21)
    # the same command again is answered as the first time; its id on another body is refused
    lines.append(Line(orjson.dumps(closing).decode(), ("ProjectClosed",), 21))
    send(
        "close",
        boss,
        {"evaluation_score": 4},
        command_id=closing["command_id"],
        code="duplicate_command",
    )
    send("cancel", boss, reason=why, code="invalid_transition")
    send("start", pm, project=uuid4(), code="not_found")  # line 55
    send("teleport", pm, code="invalid_command")
    lines.append(Line('{"type": "project.close", not json', code="invalid_command"))

    send("propose", boss, proposal, project=b, events=("ProjectProposed",), version=1)
    send("reject", boss, project=b, reason=why, code="segregation_of_duties")
    send("reject", coo, project=b, code="invalid_command")  # line 60: no reason
    send("reject", coo, project=b, reason=why, events=("ProjectRejected",), version=2)
    send("appoint_manager", coo, {"manager_id": pm["id"]}, project=b, code="invalid_transition")

    send("propose", engineer, proposal, project=c, events=("ProjectProposed",), version=1)
    send("approve", boss, project=c, reason=why, events=("ProjectApproved",), version=2)
    send("propose", engineer, proposal, project=d, events=("ProjectProposed",), version=1)  # 65
    send("approve", boss, project=d, reason=why, events=("ProjectApproved",), version=2)
    send("cancel", boss, project=d, reason=why, events=("ProjectCancelled",), version=3)
    return Story(project_id=a, rejected_id=b, late_id=c, cancelled_id=d, lines=tuple(lines))


#: Project A's events, in order, as DOMAIN §4 names them.
PROJECT_A_EVENTS = [
    "ProjectProposed",
    "ProjectApproved",
    "ProjectManagerAppointed",
    "TeamMemberAdded",
    "PlanSubmitted",
    "PlanApproved",
    "ProjectStarted",
    "ProgressRecorded",
    "CostRecorded",
    "ChangeRequested",
    "BaselineChanged",
    "ProjectPutOnHold",
    "ProjectResumed",
    "ProgressRecorded",
    "ProgressRecorded",
    "AcceptanceRequested",
    "AcceptanceFailed",
    "AcceptanceRequested",
    "AcceptancePassed",
    "ClosingReportSubmitted",
    "ProjectClosed",
]


@attrs.frozen
class Told:
    """A story as submitted: what `opsledger submit` printed and its exit status."""

    story: Story
    outcome: Outcome


#: The story each store of this module was told: submitted once per store.
_TOLD: dict[str, Told] = {}


@pytest.fixture
def submitted(cli: Cli, store: str) -> Told:
    """The story, submitted on stdin in one `opsledger submit` run, once for this module's
    store of each kind; the tests read it (the sweep appends to project C alone)."""
    if store not in _TOLD:
        fresh = story()
        outcome = cli("--store", store, "--format", "json", "submit", "-", stdin=fresh.text)
        _TOLD[store] = Told(fresh, outcome)
    return _TOLD[store]


@pytest.fixture
def told(submitted: Told) -> Story:
    """The story, once every line gave its result."""
    assert results(submitted.outcome) == [line.expected for line in submitted.story.lines]
    return submitted.story


class TestTheWholeLifeThroughSubmit:
    def test_every_line_gives_its_result(self, submitted: Told) -> None:
        """One run, one result per line, each exactly as written beside its line."""
        told, outcome = submitted.story, submitted.outcome
        assert len(told.lines) == 67
        codes = {line.code for line in told.lines} - {None}
        assert codes == {
            "invalid_command",
            "not_found",
            "invalid_transition",
            "rule_violation",
            "forbidden",
            "segregation_of_duties",
            "concurrency_conflict",
            "duplicate_command",
        }

        got = results(outcome)
        assert len(got) == len(told.lines)
        for number, (line, result) in enumerate(zip(told.lines, got, strict=True), start=1):
            assert result == line.expected, f"line {number}: {line.text}"
        assert outcome.status == 1  # some lines were refused

    def test_the_refusals_say_what_was_wrong(self, submitted: Told) -> None:
        answers = submitted.outcome.json_lines()
        # line 15: a weight above 1 and a missing plan part, each named by its path
        malformed = answers[14]["error"]
        assert set(malformed["details"]["fields"]) == {
            "payload.milestones[1].weight",
            "payload.quality_plan",
        }
        # lines 13, 14: weights summing to 0.9, a milestone after the planned end
        assert answers[12]["error"]["details"]["field"] == "milestones"
        assert answers[13]["error"]["details"]["field"] == "milestones[1].due"
        # lines 5, 18, 19, 32, 41, 59: whose duty was in the way
        duties = [answers[n - 1]["error"]["details"]["duty"] for n in (5, 18, 19, 32, 41, 59)]
        assert duties == ["proposed", "submitted", "submitted", "requested", "manages", "proposed"]

    def test_the_stored_history_is_exactly_the_accepted_events(
        self, cli: Cli, store: str, told: Story
    ) -> None:
        history = cli(
            "--store", store, "--format", "json", "audit", "history", str(told.project_id)
        ).json()
        assert [e["event_type"] for e in history] == PROJECT_A_EVENTS
        assert [e["version"] for e in history] == list(range(1, 22))
        # each event carries the business time of the line that appended it
        sent_at: dict[int, str] = {}
        for line in told.lines:
            body = orjson.loads(line.text) if line.version is not None else {}
            if line.version is None or body["aggregate_id"] != str(told.project_id):
                continue
            sent_at[line.version] = body["occurred_at"]
        assert [datetime.fromisoformat(e["occurred_at"]) for e in history] == [
            datetime.fromisoformat(sent_at[version]) for version in range(1, 22)
        ]
        for other, events in (
            (told.rejected_id, ["ProjectProposed", "ProjectRejected"]),
            (told.cancelled_id, ["ProjectProposed", "ProjectApproved", "ProjectCancelled"]),
        ):
            got = cli("--store", store, "--format", "json", "audit", "history", str(other)).json()
            assert [e["event_type"] for e in got] == events


def state_at(cli: Cli, store: str, project_id: UUID, hours: float) -> Json:
    outcome = cli(
        "--store", store, "--format", "json", "audit", "state", str(project_id),
        "--as-of", at(hours).isoformat(),
    )  # fmt: skip
    assert outcome.status == 0, outcome.err
    document: Json = outcome.json()
    return document


class TestAuditStateAsOf:
    """`audit state ID --as-of T` rebuilds the project from the events of business time ≤ T."""

    @pytest.mark.parametrize(
        ("hours", "version", "status", "planned_end"),
        [
            (1.5, 1, "proposed", "2026-07-31"),
            (8.5, 2, "approved", "2026-07-31"),
            (10.5, 3, "planning", "2026-07-31"),
            (17.5, 5, "planning", "2026-07-31"),
            (21.5, 6, "plan_approved", "2026-07-31"),
            (22.5, 7, "executing", "2026-07-31"),
            (33.5, 10, "executing", "2026-07-31"),  # a change requested, not yet approved
            (34.5, 11, "executing", "2026-08-31"),
            (35.5, 12, "on_hold", "2026-08-31"),
            (40.5, 16, "acceptance_requested", "2026-08-31"),
            (42.5, 17, "executing", "2026-08-31"),  # the inspection failed
            (45.5, 19, "accepted", "2026-08-31"),
            (51.5, 21, "closed", "2026-08-31"),
        ],
    )
    def test_the_project_as_it_stood(
        self,
        cli: Cli,
        store: str,
        told: Story,
        hours: float,
        version: int,
        status: str,
        planned_end: str,
    ) -> None:
        document = state_at(cli, store, told.project_id, hours)
        project = document["state"]
        assert (document["aggregate_type"], document["version"]) == ("project", version)
        assert (project["status"], project["planned_end"]) == (status, planned_end)

    @pytest.mark.parametrize(
        ("hours", "figures"),
        [
            # Before the change: BAC 90,000; milestone 1 (0.4) due 2 July: PV = 36,000;
            # EV = 90,000 x 0.4 x 50% = 18,000; AC = 20,000; SV = -18,000; CV = -2,000;
            # SPI = 0.5; CPI = 0.9; EAC = 90,000 / 0.9 = 100,000.
            (33.5, ("90000.00", "36000.00", "18000.00", "20000.00", "-18000.00", "-2000.00",
                    "0.5000", "0.9000", "100000.00")),
            # After the change (line 34, 2 July): BAC 95,000; PV = 95,000 x 0.4 = 38,000;
            # EV = 95,000 x 0.4 x 50% = 19,000; AC = 20,000; SV = -19,000; CV = -1,000;
            # SPI = 0.5; CPI = 0.95; EAC = 95,000 / 0.95 = 100,000.
            (34.5, ("95000.00", "38000.00", "19000.00", "20000.00", "-19000.00", "-1000.00",
                    "0.5000", "0.9500", "100000.00")),
            # Closed on 3 July, both milestones at 100%, milestone 2 due 31 July: PV = 38,000;
            # EV = 95,000; AC = 20,000; SV = 57,000; CV = 75,000; SPI = 2.5; CPI = 4.75;
            # EAC = 95,000 / 4.75 = 20,000.
            (51.5, ("95000.00", "38000.00", "95000.00", "20000.00", "57000.00", "75000.00",
                    "2.5000", "4.7500", "20000.00")),
        ],
    )  # fmt: skip
    def test_the_earned_value_as_it_stood(
        self, cli: Cli, store: str, told: Story, hours: float, figures: tuple[str, ...]
    ) -> None:
        shown = state_at(cli, store, told.project_id, hours)["figures"]["earned_value"]
        names = ("bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac")
        assert tuple(shown[name] for name in names) == figures

    def test_as_a_table(self, cli: Cli, store: str, told: Story) -> None:
        table = cli(
            "--store",
            store,
            "audit",
            "state",
            str(told.project_id),
            "--as-of",
            at(35.5).isoformat(),
        )
        assert table.status == 0
        assert f"project {told.project_id} at version 12" in table.out
        assert any(row.split() == ["status", "on_hold"] for row in table.out.splitlines())


class TestTheSweepReportsALateProjectOnce:
    def test_two_sweeps_one_overdue(self, cli: Cli, store: str, told: Story) -> None:
        """Project C was approved to end on 31 July 2026 and never accepted; by the wall
        clock's now it is late. A was accepted and closed, B rejected, D cancelled: never."""
        if datetime.now(UTC) < datetime(2026, 7, 31, 16, 0, tzinfo=UTC):
            pytest.skip("the wall clock is before project C's planned end")
        found = []
        for _ in range(2):
            outcome = cli("--store", store, "--format", "json", "sweep")
            assert outcome.status == 0, outcome.err
            found += [(b["id"], b["event"]) for b in outcome.json()["breaches"]]

        assert found == [(str(told.late_id), "ProjectScheduleOverdue")]
        history = cli(
            "--store", store, "--format", "json", "audit", "history", str(told.late_id)
        ).json()
        assert [e["event_type"] for e in history] == [
            "ProjectProposed",
            "ProjectApproved",
            "ProjectScheduleOverdue",
        ]
        assert history[-1]["actor"]["id"] == "system"
