"""The plan of a quarter: arrivals, paths and ids, all drawn from one seeded generator."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from uuid import UUID, uuid5

from domain.complaint.values import Category, Severity
from infrastructure.demo.company import COMPANY, Company
from infrastructure.demo.scenarios import SCRIPTS, WEIGHTS, ComplaintPath, Handling, Plan
from infrastructure.demo.script import Script
from infrastructure.demo.simulated_clock import Quarter, local, sweep_times
from infrastructure.demo.wording import phrases, story_for

T = TypeVar("T")

#: Root of every id the demo makes; the seed, quarter and size pick a namespace under it.
DEMO_NAMESPACE = UUID("6f1d3c2a-8e4b-5a7c-9d0e-1b2c3d4e5f60")

_CATEGORY_WEIGHTS = {
    Category.PRODUCT_QUALITY: 35,
    Category.DELIVERY: 25,
    Category.SERVICE: 20,
    Category.BILLING: 12,
    Category.OTHER: 8,
}
_SEVERITY_WEIGHTS = {Severity.LOW: 30, Severity.MEDIUM: 40, Severity.HIGH: 22, Severity.CRITICAL: 8}
#: Share of customers who write in Chinese; the rest write in English.
_CHINESE = 0.45


def demo_namespace(*, seed: int, quarter: Quarter, complaints: int) -> UUID:
    """Ids depend on the seed, the quarter and the number of complaints: a run with the same
    three sends the same commands again (answered from their first result), any other run
    makes complaints of its own instead of clashing with these."""
    return uuid5(DEMO_NAMESPACE, f"seed={seed};quarter={quarter.label};complaints={complaints}")


def plan_quarter(
    *, seed: int, quarter: Quarter, complaints: int, company: Company = COMPANY
) -> list[Plan]:
    """Every complaint of the quarter with its steps; steps after the quarter's last sweep are
    left out, so complaints that arrive late in the quarter are still open at its end.

    The earliest complaints take each path once (the first one the showcase path, the first of
    some paths with a deliberate mistake to refuse); the rest are drawn by weight.
    """
    rng = random.Random(seed)
    namespace = demo_namespace(seed=seed, quarter=quarter, complaints=complaints)
    sweeps = sweep_times(quarter)
    days = quarter.business_days()
    # The complaints that show each path once arrive in the first part of the quarter, so even a
    # small run sees every path through to its end.
    early = days[: max(1, len(days) * 2 // 5)]
    arrivals = sorted(
        _arrival(rng, rng.choice(early if number < len(ComplaintPath) else days))
        for number in range(complaints)
    )
    plans: list[Plan] = []
    for index, (arrival, path) in enumerate(zip(arrivals, _paths(rng, complaints), strict=True)):
        complaint_id = uuid5(namespace, f"complaint/{index}")
        script = Script(
            rng=rng, namespace=namespace, index=index, complaint_id=complaint_id, opened_at=arrival
        )
        if path is ComplaintPath.SHOWCASE:
            category, severity, chinese = Category.PRODUCT_QUALITY, Severity.HIGH, True
        else:
            category = _draw(rng, _CATEGORY_WEIGHTS)
            severity = _draw(rng, _SEVERITY_WEIGHTS)
            chinese = rng.random() < _CHINESE
        department = company.department_for(category)
        handling = Handling(
            script=script,
            company=company,
            sweeps=sweeps,
            story=story_for(rng, category, chinese=chinese),
            words=phrases(chinese=chinese),
            category=category,
            severity=severity,
            agent=rng.choice(company.agents),
            manager=rng.choice(company.managers),
            department=department,
            assignee=rng.choice(department.staff),
            demonstrate_refusals=index < len(ComplaintPath),
        )
        SCRIPTS[path](handling)
        steps = tuple(step for step in script.steps if step.entered_at < sweeps[-1])
        plans.append(Plan(index=index, complaint_id=complaint_id, path=path, steps=steps))
    return plans


def _paths(rng: random.Random, count: int) -> list[ComplaintPath]:
    others = [path for path in ComplaintPath if path is not ComplaintPath.SHOWCASE]
    rng.shuffle(others)
    rest = rng.choices(
        list(WEIGHTS), weights=list(WEIGHTS.values()), k=max(0, count - len(ComplaintPath))
    )
    return [ComplaintPath.SHOWCASE, *others, *rest][:count]


def _arrival(rng: random.Random, day: date) -> datetime:
    """Complaints come in during office hours, early enough to be answered the same day."""
    return local(day, time(9, 0)) + timedelta(seconds=rng.randint(0, 7 * 3600 + 1800))


def _draw(rng: random.Random, weights: dict[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]
