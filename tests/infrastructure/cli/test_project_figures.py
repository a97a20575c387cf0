"""`audit state` of a project shows its earned value as of the state's time (DOMAIN §4), equal to
a hand computation, on both stores."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID, uuid4

import pytest

from infrastructure.opsledger import Opsledger
from tests.clocks import FixedClock
from tests.infrastructure.cli.command_line import Cli
from tests.pg import throwaway_database

EMPLOYEE = {"id": "u-ops-1", "roles": ["operations"], "department": "operations"}
BOSS = {"id": "u-ceo", "roles": ["management"], "department": "management"}
MANAGER = {"id": "u-pm-1", "roles": ["project_manager"], "department": "it"}
FINANCE = {"id": "u-fin-1", "roles": ["finance"], "department": "finance"}


def _command(
    verb: str, actor: dict[str, Any], at: str, payload: dict[str, Any], project: UUID | None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"project.{verb}",
        "command_id": str(uuid4()),
        "actor": actor,
        "occurred_at": at,
        "payload": payload,
    }
    if project is not None:
        body["aggregate_id"] = str(project)
    if verb == "approve":
        body["reason"] = "fits the year's priorities"
    return body


def scripted_project(url: str) -> UUID:
    """A project with a plan of two milestones (0.4 due 1 March, 0.6 due 1 June), a baseline of
    90,000.00, milestone a half done on 15 February and 20,000.00 spent on 20 February."""
    with Opsledger.open(url, clock=FixedClock()) as ledger:
        proposed = ledger.submit(
            _command(
                "propose",
                EMPLOYEE,
                "2026-01-05T09:00:00+08:00",
                {
                    "name": "仓库管理系统 (warehouse system)",
                    "department": "it",
                    "goals": "one stock count",
                    "scope": "two warehouses",
                    "planned_start": "2026-01-10",
                    "planned_end": "2026-06-30",
                    "budget_amount": "100000.00",
                },
                None,
            )
        )
        assert proposed.ok, proposed.to_json()
        project = proposed.aggregate_id
        assert project is not None
        plan = {
            "milestones": [
                {"name": "a", "due": "2026-03-01", "weight": "0.4"},
                {"name": "b", "due": "2026-06-01", "weight": "0.6"},
            ],
            "quality_plan": "reviews",
            "risk_plan": "weekly",
            "communication_plan": "monthly",
            "baseline_cost": "90000.00",
        }
        steps: list[tuple[str, dict[str, Any], str, dict[str, Any]]] = [
            ("approve", BOSS, "2026-01-06T09:00:00+08:00", {}),
            ("appoint_manager", BOSS, "2026-01-06T10:00:00+08:00", {"manager_id": MANAGER["id"]}),
            ("submit_plan", MANAGER, "2026-01-08T09:00:00+08:00", plan),
            ("approve_plan", BOSS, "2026-01-09T09:00:00+08:00", {}),
            ("start", MANAGER, "2026-01-10T09:00:00+08:00", {}),
            (
                "record_progress",
                MANAGER,
                "2026-02-15T18:00:00+08:00",
                {"milestone": "a", "percent_complete": 50},
            ),
            (
                "record_cost",
                FINANCE,
                "2026-02-20T11:00:00+08:00",
                {"amount": "20000.00", "description": "licences"},
            ),
        ]
        for verb, actor, at, payload in steps:
            result = ledger.submit(_command(verb, actor, at, payload, project))
            assert result.ok, (verb, result.to_json())
    return project


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def project_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, UUID]]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('figures') / 'opsledger.db'}"
        yield url, scripted_project(url)
        return
    with throwaway_database() as url:
        yield url, scripted_project(url)


def earned_value_at(cli: Cli, store: tuple[str, UUID], at: str) -> dict[str, Any]:
    url, project = store
    outcome = cli("--store", url, "--format", "json", "audit", "state", str(project), "--as-of", at)
    assert outcome.status == 0, outcome.err
    figures: dict[str, Any] = outcome.json()["figures"]["earned_value"]
    return figures


class TestEarnedValueInAuditState:
    def test_after_the_first_milestone_was_due(
        self, cli: Cli, project_store: tuple[str, UUID]
    ) -> None:
        figures = earned_value_at(cli, project_store, "2026-03-02")
        # BAC 90,000; PV = 90,000 x 0.4 (milestone a due 1 March) = 36,000;
        # EV = 90,000 x (0.4 x 50%) = 18,000; AC = 20,000; SV = 18,000 - 36,000 = -18,000;
        # CV = 18,000 - 20,000 = -2,000; SPI = 18,000 / 36,000 = 0.5; CPI = 18,000 / 20,000 = 0.9;
        # EAC = 90,000 / 0.9 = 100,000.
        assert {k: figures[k] for k in ("bac", "pv", "ev", "ac", "sv", "cv")} == {
            "bac": "90000.00",
            "pv": "36000.00",
            "ev": "18000.00",
            "ac": "20000.00",
            "sv": "-18000.00",
            "cv": "-2000.00",
        }
        assert (figures["spi"], figures["cpi"], figures["eac"]) == ("0.5000", "0.9000", "100000.00")

    def test_before_anything_was_due_or_spent_the_ratios_are_empty(
        self, cli: Cli, project_store: tuple[str, UUID]
    ) -> None:
        figures = earned_value_at(cli, project_store, "2026-02-16")
        # Nothing due yet (PV 0) and nothing spent (AC 0): SPI, CPI and EAC have no value.
        assert (figures["pv"], figures["ev"], figures["ac"]) == ("0.00", "18000.00", "0.00")
        assert (figures["spi"], figures["cpi"], figures["eac"]) == (None, None, None)

    def test_the_table_shows_them_beside_the_state(
        self, cli: Cli, project_store: tuple[str, UUID]
    ) -> None:
        url, project = project_store
        outcome = cli("--store", url, "audit", "state", str(project), "--as-of", "2026-03-02")
        assert outcome.status == 0, outcome.err
        rows = {line.split()[0]: line.split()[1:] for line in outcome.out.splitlines() if line}
        assert rows["figures.earned_value.spi"] == ["0.5000"]
        assert rows["figures.earned_value.cpi"] == ["0.9000"]
