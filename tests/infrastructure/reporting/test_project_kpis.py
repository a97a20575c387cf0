"""Project KPIs through the real ledger on both stores: on-time completion, first-pass
acceptance and cost control of the projects accepted in a period, and the SPI and CPI of those
executing at its end, with a baseline change, compared with figures worked out by hand."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from infrastructure.opsledger import Opsledger
from projections.kpi.projects import KEYS
from tests.application import project_envelopes as p
from tests.clocks import FixedClock
from tests.infrastructure.reporting.kpi_rows import report
from tests.infrastructure.reporting.scripted import Script, local

DESIGN, BUILD = p.DESIGN, p.BUILD


def one_milestone(due: str) -> list[dict[str, Any]]:
    return p.milestones(("交付 (delivery)", due, "1"))


class Projects:
    """Five projects over the third quarter of 2026 (business times in Shanghai):

    - P1 (it): the usual three milestones (design 0.3 due 31 Aug, build 0.5 due 30 Nov,
      rollout 0.2 due 31 Dec), baseline 450,000; design 100% and 100,000 spent on 15 Aug;
      build 30% and 50,000 spent on 10 Sep; baseline changed to 600,000 on 20 Sep.
    - P2 (ops): the same milestones, baseline 100,000; design 50% and 50,000 spent on 20 Aug.
    - P3 (it): one milestone due 31 Aug, baseline 100,000; done and 105,000 spent on 20 Aug;
      failed its first inspection on 22 Aug, passed on 28 Aug (due by 1 Sep 00:00).
    - P4 (it): one milestone due 31 Jul, baseline 50,000; done and 60,000 spent on 20 Jul;
      passed its first inspection on 5 Aug (late: due by 1 Aug 00:00).
    - P5 (it): one milestone due 30 Sep, baseline 50,000; done and 56,000 spent on 10 Sep;
      passed its first inspection on 15 Sep.
    """

    def __init__(self, ledger: Opsledger, clock: FixedClock) -> None:
        self.script = Script(ledger, clock)
        self.p1 = self.executing(10, "it", "2026-12-31", p.MILESTONES, "450000.00")
        self.p2 = self.executing(11, "ops", "2026-12-31", p.MILESTONES, "100000.00")
        self.p3 = self.executing(12, "it", "2026-08-31", one_milestone("2026-08-31"), "100000.00")
        self.p4 = self.executing(13, "it", "2026-07-31", one_milestone("2026-07-31"), "50000.00")
        self.p5 = self.executing(14, "it", "2026-09-30", one_milestone("2026-09-30"), "50000.00")
        only = one_milestone("2026-01-01")[0]["name"]

        self.done(self.p4, local(7, 20), only, "60000.00")
        self.send(self.p4, local(7, 21), "request_acceptance")
        self.inspect(self.p4, local(8, 5), passed=True)
        self.progress(self.p1, local(8, 15), DESIGN, 100, cost="100000.00")
        self.progress(self.p2, local(8, 20), DESIGN, 50, cost="50000.00")
        self.done(self.p3, local(8, 20, 11), only, "105000.00")
        self.send(self.p3, local(8, 21), "request_acceptance")
        self.inspect(self.p3, local(8, 22), passed=False)
        self.send(self.p3, local(8, 25), "request_acceptance")
        self.inspect(self.p3, local(8, 28), passed=True)
        self.progress(self.p1, local(9, 10), BUILD, 30, cost="50000.00")
        self.done(self.p5, local(9, 10, 11), only, "56000.00")
        self.send(self.p5, local(9, 12), "request_acceptance")
        self.inspect(self.p5, local(9, 15), passed=True)
        change = p.command("request_change", self.p1, payload={"new_baseline_cost": "600000.00"})
        self.script.at(local(9, 20), change)
        self.send(self.p1, local(9, 20, 11), "approve_change")

    def executing(
        self, hour: int, department: str, end: str, milestones: list[dict[str, Any]], cost: str
    ) -> UUID:
        """A project proposed on 1 July at `hour`, planned and started within that hour."""
        proposal = p.proposal(department=department, planned_end=end, budget_amount="900000.00")
        project = self.script.at(local(7, 1, hour), p.command("propose", payload=proposal))
        plan = p.plan(milestones=milestones, baseline_cost=cost)
        steps = [
            p.command("approve", project),
            p.command("appoint_manager", project),
            p.command("submit_plan", project, payload=plan),
            p.command("approve_plan", project),
            p.command("start", project),
        ]
        for minute, body in enumerate(steps, start=1):
            self.script.at(local(7, 1, hour, minute), body)
        return project

    def send(self, project: UUID, when: Any, verb: str) -> None:
        self.script.at(when, p.command(verb, project))

    def progress(
        self, project: UUID, when: Any, milestone: str, percent: int, *, cost: str
    ) -> None:
        self.script.at(when, p.progress(project, milestone, percent))
        self.cost(project, when.replace(minute=5), cost)

    def cost(self, project: UUID, when: Any, amount: str) -> None:
        payload = {"amount": amount, "description": "外包 (contractors)"}
        self.script.at(when, p.command("record_cost", project, payload=payload))

    def done(self, project: UUID, when: Any, milestone: str, cost: str) -> None:
        self.progress(project, when, milestone, 100, cost=cost)

    def inspect(self, project: UUID, when: Any, *, passed: bool) -> None:
        self.script.at(when, p.inspection(project, passed=passed))


@pytest.fixture
def projects(ledger: Opsledger, clock: FixedClock) -> Projects:
    return Projects(ledger, clock)


def test_the_quarter_by_department_and_company(ledger: Opsledger, projects: Projects) -> None:
    figures = report(ledger, "2026-Q3", KEYS)
    assert list(figures) == ["it", "ops", None]
    # it: accepted in Q3 are P3 (28 Aug, before 1 Sep: on time), P4 (5 Aug, after 1 Aug: late)
    # and P5 (15 Sep, before 1 Oct: on time): 2 of 3 on time = 66.67%. First inspections in
    # Q3: P3 failed, P4 and P5 passed: 2 of 3. Cost control (AC <= BAC x 1.10): P3 105,000
    # <= 110,000 yes; P4 60,000 > 55,000 no; P5 56,000 > 55,000 no: 1 of 3 = 33.33%.
    # Executing on 30 Sep: P1 only. Its baseline is 600,000 from 20 Sep; PV = 600,000 x 0.3
    # (design due 31 Aug) = 180,000; EV = 600,000 x (0.3 x 1 + 0.5 x 0.3) = 270,000;
    # AC = 100,000 + 50,000 = 150,000: SPI = 270,000 / 180,000 = 1.5, CPI = 1.8.
    assert figures["it"] == {
        "projects_on_time_completion_pct": 66.67,
        "projects_first_pass_acceptance_pct": 66.67,
        "projects_cost_control_pct": 33.33,
        "projects_spi_mean": 1.5,
        "projects_cpi_mean": 1.8,
    }
    # ops: nothing accepted or inspected (null, not 0); P2 executing: PV = 100,000 x 0.3 =
    # 30,000, EV = 100,000 x 0.3 x 0.5 = 15,000, AC = 50,000: SPI 0.5, CPI 0.3.
    assert _project_figures(figures["ops"]) == {
        "projects_on_time_completion_pct": None,
        "projects_first_pass_acceptance_pct": None,
        "projects_cost_control_pct": None,
        "projects_spi_mean": 0.5,
        "projects_cpi_mean": 0.3,
    }
    # Company: the same three accepted; SPI mean (1.5 + 0.5) / 2 = 1.0, CPI (1.8 + 0.3) / 2.
    assert _project_figures(figures[None]) == {
        "projects_on_time_completion_pct": 66.67,
        "projects_first_pass_acceptance_pct": 66.67,
        "projects_cost_control_pct": 33.33,
        "projects_spi_mean": 1.0,
        "projects_cpi_mean": 1.05,
    }


def test_month_quarter_and_year(ledger: Opsledger, projects: Projects) -> None:
    # July: nothing accepted or inspected; executing on 31 Jul are P1, P2, P3 and P5 (P4
    # awaits acceptance), and none has a milestone due by then (PV 0) or a cost (AC 0).
    assert _project_figures(report(ledger, "2026-07", KEYS)[None]) == {
        "projects_on_time_completion_pct": None,
        "projects_first_pass_acceptance_pct": None,
        "projects_cost_control_pct": None,
        "projects_spi_mean": None,
        "projects_cpi_mean": None,
    }
    # August, it: P4 (late, passed first, over cost) and P3 (on time, failed first, within
    # cost) accepted: 50% each. Executing on 31 Aug: P1, before its baseline change: BAC
    # 450,000, PV = EV = 135,000 (SPI 1.0), AC 100,000 (CPI 1.35); P5, nothing due (PV 0) and
    # no cost yet: no SPI or CPI.
    assert _project_figures(report(ledger, "2026-08", KEYS, department="it")["it"]) == {
        "projects_on_time_completion_pct": 50.0,
        "projects_first_pass_acceptance_pct": 50.0,
        "projects_cost_control_pct": 50.0,
        "projects_spi_mean": 1.0,
        "projects_cpi_mean": 1.35,
    }
    # September, it: P5 only (on time, first pass, 56,000 > 55,000).
    september = _project_figures(report(ledger, "2026-09", KEYS, department="it")["it"])
    assert september == {
        "projects_on_time_completion_pct": 100.0,
        "projects_first_pass_acceptance_pct": 100.0,
        "projects_cost_control_pct": 0.0,
        "projects_spi_mean": 1.5,
        "projects_cpi_mean": 1.8,
    }
    # The year: the quarter's acceptances; on 31 Dec every milestone is due: P1 PV = 600,000,
    # EV 270,000: SPI 0.45, CPI 1.8; P2 PV 100,000, EV 15,000: SPI 0.15, CPI 0.3.
    assert _project_figures(report(ledger, "2026", KEYS)[None]) == {
        "projects_on_time_completion_pct": 66.67,
        "projects_first_pass_acceptance_pct": 66.67,
        "projects_cost_control_pct": 33.33,
        "projects_spi_mean": 0.3,
        "projects_cpi_mean": 1.05,
    }


def test_a_late_cost_changes_today_and_not_the_report_known_before(
    ledger: Opsledger, clock: FixedClock, projects: Projects
) -> None:
    printed = clock.advance(days=10)  # 30 Sep at 11:00 in Shanghai: the quarter's report
    before = report(ledger, "2026-Q3", KEYS)
    # Entered on 10 Oct: 25,000 spent on P2 on 25 Sep. P2's AC is 75,000: CPI 15,000 / 75,000
    # = 0.2; the company's CPI mean (1.8 + 0.2) / 2 = 1.0.
    clock.advance(days=10)
    late = p.command(
        "record_cost", projects.p2, payload={"amount": "25000.00", "description": "补录"}
    )
    late["occurred_at"] = local(9, 25).isoformat()
    assert ledger.submit(late).ok
    assert report(ledger, "2026-Q3", KEYS)[None]["projects_cpi_mean"] == 1.0
    assert report(ledger, "2026-Q3", KEYS, department="ops")["ops"]["projects_cpi_mean"] == 0.2
    known = report(ledger, "2026-Q3", KEYS, known_at=printed)
    assert known == before
    assert known[None]["projects_cpi_mean"] == 1.05


def _project_figures(figures: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in figures.items() if key.startswith("projects_")}
