"""The plan of a quarter: orders, projects and complaints, their paths, steps and ids, all
drawn from one seed."""

from __future__ import annotations

import enum
import random
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TypeVar
from uuid import UUID, uuid5

import attrs

from domain.complaint.values import Category, Severity
from domain.order.values import DEFAULT_SIGNING_LIMITS, SigningLimits
from infrastructure.demo import complaints, orders, projects
from infrastructure.demo.company import COMPANY, Company, Person
from infrastructure.demo.complaints import ComplaintPath, Handling
from infrastructure.demo.order_wording import CUSTOMERS, EXPORT_CUSTOMERS, WORDS
from infrastructure.demo.orders import OrderPath, Selling
from infrastructure.demo.project_wording import IDEAS
from infrastructure.demo.projects import Projecting, ProjectPath
from infrastructure.demo.script import Plan, Script, Step
from infrastructure.demo.simulated_clock import Quarter, local, sweep_times
from infrastructure.demo.wording import phrases, story_for

T = TypeVar("T")
P = TypeVar("P", bound=enum.Enum)

#: Root of every id the demo makes; the seed, quarter and sizes pick a namespace under it.
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
#: Share of complaints about a delivery or a product that name an order the company delivered.
_ABOUT_AN_ORDER = 0.4
#: The departments that run projects, in the order the first projects go to them.
_PROJECT_DEPARTMENTS = ("it", "production", "marketing", "rnd", "quality")


@attrs.frozen(kw_only=True)
class Sizes:
    """How many of each the quarter has."""

    complaints: int
    orders: int = 0
    projects: int = 0


def demo_namespace(*, seed: int, quarter: Quarter, sizes: Sizes) -> UUID:
    """Ids depend on the seed, the quarter and the sizes: a run with the same ones sends the
    same commands again (answered from their first result), any other run makes records of its
    own instead of clashing with these."""
    return uuid5(
        DEMO_NAMESPACE,
        f"seed={seed};quarter={quarter.label};complaints={sizes.complaints};"
        f"orders={sizes.orders};projects={sizes.projects}",
    )


def plan_quarter(
    *,
    seed: int,
    quarter: Quarter,
    sizes: Sizes,
    company: Company = COMPANY,
    signing_limits: SigningLimits = DEFAULT_SIGNING_LIMITS,
) -> list[Plan]:
    """Every order, project and complaint of the quarter with its steps; steps after the
    quarter's last sweep are left out, so what starts late in the quarter is still open at its
    end. Each kind draws from its own generator, so the size of one leaves the others alone.

    The earliest of each kind take each path once (the first one the showcase path, the first
    of some paths with deliberate mistakes to refuse); the rest are drawn by weight.
    """
    namespace = demo_namespace(seed=seed, quarter=quarter, sizes=sizes)
    sweeps = sweep_times(quarter)
    order_plans = _plan_orders(
        random.Random(f"{seed}/orders"),
        namespace=namespace,
        quarter=quarter,
        count=sizes.orders,
        company=company,
        signing_limits=signing_limits,
        sweeps=sweeps,
    )
    project_plans = _plan_projects(
        random.Random(f"{seed}/projects"),
        namespace=namespace,
        quarter=quarter,
        count=sizes.projects,
        company=company,
        sweeps=sweeps,
    )
    complaint_plans = _plan_complaints(
        random.Random(seed),
        namespace=namespace,
        quarter=quarter,
        count=sizes.complaints,
        company=company,
        sweeps=sweeps,
        deliveries=_deliveries(order_plans),
    )
    return [*complaint_plans, *order_plans, *project_plans]


# -- complaints -----------------------------------------------------------------------------


def _plan_complaints(
    rng: random.Random,
    *,
    namespace: UUID,
    quarter: Quarter,
    count: int,
    company: Company,
    sweeps: Sequence[datetime],
    deliveries: Sequence[tuple[datetime, str, str]],
) -> list[Plan]:
    days = quarter.business_days()
    arrivals = _arrivals(rng, days, count=count, shown=len(ComplaintPath), early=2 / 5)
    plans: list[Plan] = []
    paths = _paths(rng, ComplaintPath.SHOWCASE, complaints.WEIGHTS, count)
    delivered_at = [delivered for delivered, _, _ in deliveries]
    for index, (arrival, path) in enumerate(zip(arrivals, paths, strict=True)):
        complaint_id = uuid5(namespace, f"complaint/{index}")
        script = Script(
            kind="complaint",
            rng=rng,
            namespace=namespace,
            index=index,
            aggregate_id=complaint_id,
            opened_at=arrival,
        )
        if path is ComplaintPath.SHOWCASE:
            category, severity, chinese = Category.PRODUCT_QUALITY, Severity.HIGH, True
        else:
            category = _draw(rng, _CATEGORY_WEIGHTS)
            severity = _draw(rng, _SEVERITY_WEIGHTS)
            chinese = rng.random() < _CHINESE
        order = None
        about_goods = category in (Category.DELIVERY, Category.PRODUCT_QUALITY)
        if about_goods and rng.random() < _ABOUT_AN_ORDER:
            known = bisect_left(delivered_at, arrival)
            if known:
                _, order_id, customer_id = deliveries[rng.randrange(known)]
                order = (order_id, customer_id)
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
            order=order,
        )
        complaints.SCRIPTS[path](handling)
        plans.append(
            _finished(
                script,
                sweeps,
                path=path.value,
                label=f"{category.value}, {severity.value}",
                department=department.key,
                predicts_breaches=False,
            )
        )
    return plans


def _deliveries(plans: Sequence[Plan]) -> list[tuple[datetime, str, str]]:
    """When each order was first delivered, its id and customer: what complaints may be
    about. In order of delivery."""
    found = []
    for plan in plans:
        customer = plan.steps[0].envelope["payload"]["customer_id"]
        for step in plan.steps:
            if step.command_type == "order.confirm_delivery" and step.refusal is None:
                found.append((step.occurred_at, str(plan.aggregate_id), customer))
                break
    return sorted(found)


# -- orders ---------------------------------------------------------------------------------


def _plan_orders(
    rng: random.Random,
    *,
    namespace: UUID,
    quarter: Quarter,
    count: int,
    company: Company,
    signing_limits: SigningLimits,
    sweeps: Sequence[datetime],
) -> list[Plan]:
    days = quarter.business_days()
    arrivals = _arrivals(rng, days, count=count, shown=len(OrderPath), early=2 / 5)
    paths = _paths(rng, OrderPath.SHOWCASE, orders.WEIGHTS, count)
    plans: list[Plan] = []
    for index, (arrival, path) in enumerate(zip(arrivals, paths, strict=True)):
        customer = rng.choice(EXPORT_CUSTOMERS if path is OrderPath.EXPORT else CUSTOMERS)
        words = WORDS[customer.chinese]
        limit = signing_limits.get(customer.currency)
        limit_amount = None if limit is None else limit.amount
        rep = (
            company.key_account_manager
            if path is OrderPath.KEY_ACCOUNT
            else rng.choice(company.sales_reps)
        )
        lead = rng.randint(12, 16) if path is OrderPath.LATE else rng.randint(28, 45)
        script = Script(
            kind=orders.KIND,
            rng=rng,
            namespace=namespace,
            index=index,
            aggregate_id=uuid5(namespace, f"order/{index}"),
            opened_at=arrival,
        )
        selling = Selling(
            script=script,
            company=company,
            customer=customer,
            words=words,
            limit=limit_amount,
            rep=rep,
            manager=rng.choice(company.sales_managers),
            lines=orders.order_lines(
                rng, customer=customer, large=path in orders.LARGE, limit=limit_amount
            ),
            promised=arrival.date() + timedelta(days=lead),
            payment_terms=rng.choice(words.usual_terms),
            demonstrate_refusals=index < len(OrderPath),
        )
        orders.SCRIPTS[path](selling)
        plans.append(
            _finished(
                script,
                sweeps,
                path=path.value,
                label=f"{customer.name}: {customer.currency} {selling.value:,.2f}",
                department="sales",
            )
        )
    return plans


# -- projects -------------------------------------------------------------------------------


def _plan_projects(
    rng: random.Random,
    *,
    namespace: UUID,
    quarter: Quarter,
    count: int,
    company: Company,
    sweeps: Sequence[datetime],
) -> list[Plan]:
    days = quarter.business_days()
    shown = len(ProjectPath)
    # Projects are proposed in the first part of the quarter; those that show each path, in
    # its first weeks, so even a small run sees them through to acceptance.
    arrivals = _arrivals(
        rng, days[: len(days) * 3 // 5], count=count, shown=shown, early=1 / 4, at=time(10, 0)
    )
    paths = _paths(rng, ProjectPath.SHOWCASE, projects.WEIGHTS, count)
    used: dict[str, int] = {}
    rotation = iter(_PROJECT_DEPARTMENTS * (shown // len(_PROJECT_DEPARTMENTS) + 1))
    plans: list[Plan] = []
    for index, (arrival, path) in enumerate(zip(arrivals, paths, strict=True)):
        demonstrate = index < shown
        if path is ProjectPath.SHOWCASE:
            key = "rnd"
        elif path is ProjectPath.ACCEPTANCE_FAILED and demonstrate:
            key = "quality"
        elif demonstrate:
            key = next(rotation)
        else:
            key = rng.choice(_PROJECT_DEPARTMENTS)
        department = company.project_departments[key]
        ideas = IDEAS[key]
        number = used.get(key, 0)
        used[key] = number + 1
        idea = ideas[number % len(ideas)]
        if number >= len(ideas):
            idea = attrs.evolve(idea, name=f"{idea.name} ({number // len(ideas) + 1})")
        manager = (
            department.head if path is ProjectPath.SHOWCASE else rng.choice(department.managers)
        )
        proposer: Person
        if path is ProjectPath.REJECTED and demonstrate:
            proposer = company.management[1]
        else:
            proposer = department.head if rng.random() < 0.6 else manager
        decider = rng.choice([m for m in company.management if m.id != proposer.id])
        # Two weeks or so to approve it, appoint its manager and plan it.
        start = _next_monday(arrival.date() + timedelta(days=rng.randint(12, 16)))
        weeks = rng.randint(*projects.WEEKS[path])
        end = start + timedelta(days=weeks * 7 - 3)
        budget = Decimal(rng.randint(30, 300) * 10_000)
        script = Script(
            kind=projects.KIND,
            rng=rng,
            namespace=namespace,
            index=index,
            aggregate_id=uuid5(namespace, f"project/{index}"),
            opened_at=arrival,
        )
        projecting = Projecting(
            script=script,
            company=company,
            department=department,
            idea=idea,
            proposer=proposer,
            decider=decider,
            manager=manager,
            planned_start=start,
            planned_end=end,
            budget=budget,
            baseline=(budget * Decimal(str(rng.uniform(0.85, 0.95)))).quantize(Decimal(1000)),
            plan=projects.milestones(rng, start=start, end=end, count=rng.choice((3, 4, 5))),
            pace=rng.uniform(*projects.PACE[path]),
            cost_factor=rng.uniform(0.88, 1.2),
            horizon=sweeps[-1],
            demonstrate_refusals=demonstrate,
        )
        projects.SCRIPTS[path](projecting)
        plans.append(_finished(script, sweeps, path=path.value, label=idea.name, department=key))
    return plans


def _next_monday(day: date) -> date:
    while day.weekday() != 0:
        day += timedelta(days=1)
    return day


# -- shared ---------------------------------------------------------------------------------


def _finished(
    script: Script,
    sweeps: Sequence[datetime],
    *,
    path: str,
    label: str,
    department: str | None,
    predicts_breaches: bool = True,
) -> Plan:
    """The plan of a script: its steps up to the quarter's last sweep, and whether a sweep
    must find it late."""
    steps = tuple(step for step in script.steps if step.entered_at < sweeps[-1])
    return Plan(
        kind=script.kind,
        index=script.index,
        aggregate_id=script.aggregate_id,
        path=path,
        label=label,
        department=department,
        steps=steps,
        breach_expected=breach_expected(steps, sweeps) if predicts_breaches else None,
    )


def breach_expected(steps: Sequence[Step], sweeps: Sequence[datetime]) -> bool:
    """Whether some sweep finds the aggregate owing something past its due time. A step's
    `owes` holds from the sweeps after it is entered until the next such step is entered (a
    sweep at the very instant of a step runs first)."""
    marks = [(step.entered_at, step.owes.due) for step in steps if step.owes is not None]
    for number, (since, due) in enumerate(marks):
        if due is None:
            continue
        first = max(bisect_right(sweeps, since), bisect_left(sweeps, due))
        until = marks[number + 1][0] if number + 1 < len(marks) else None
        if first < len(sweeps) and (until is None or sweeps[first] <= until):
            return True
    return False


def _arrivals(
    rng: random.Random,
    days: Sequence[date],
    *,
    count: int,
    shown: int,
    early: float,
    at: time = time(9, 0),
) -> list[datetime]:
    """When each of `count` things comes in, in order: during office hours on business days,
    the first `shown` of them in the `early` part of `days`."""
    first_days = days[: max(1, int(len(days) * early))]
    return sorted(
        _office_time(rng, rng.choice(first_days if number < shown else days), at)
        for number in range(count)
    )


def _office_time(rng: random.Random, day: date, at: time) -> datetime:
    """Work comes in during office hours, early enough to be dealt with the same day."""
    return local(day, at) + timedelta(seconds=rng.randint(0, 7 * 3600 + 1800))


def _paths(rng: random.Random, showcase: P, weights: Mapping[P, int], count: int) -> list[P]:
    """The showcase path first, every other path once in a random order, the rest by weight."""
    everything = list(weights)
    others = [path for path in everything if path is not showcase]
    rng.shuffle(others)
    rest = rng.choices(
        everything, weights=list(weights.values()), k=max(0, count - len(everything))
    )
    return [showcase, *others, *rest][:count]


def _draw(rng: random.Random, weights: Mapping[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]
