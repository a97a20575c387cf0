"""The plan of a quarter: orders, projects, complaints, budgets, risks and rectification
notices, their paths, steps and ids, all drawn from one seed."""

from __future__ import annotations

import enum
import random
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TypeVar
from uuid import UUID, uuid5

import attrs

from application.aggregate_ids import NATURAL_KEYS
from domain.budget.values import natural_key
from domain.complaint.values import Category, Severity
from domain.order.values import DEFAULT_SIGNING_LIMITS, SigningLimits
from domain.shared.actor import Role
from infrastructure.demo import budgets, complaints, orders, projects, rectifications, risks
from infrastructure.demo.budgets import Budgeting, BudgetPath, ProjectFunding
from infrastructure.demo.company import COMPANY, Company, Person, Unit
from infrastructure.demo.complaints import ComplaintPath, Handling
from infrastructure.demo.order_wording import CUSTOMERS, EXPORT_CUSTOMERS, WORDS
from infrastructure.demo.orders import OrderPath, Selling
from infrastructure.demo.project_wording import IDEAS
from infrastructure.demo.projects import Projecting, ProjectPath
from infrastructure.demo.rectification_wording import FINDINGS
from infrastructure.demo.rectifications import RectificationPath, Rectifying
from infrastructure.demo.risk_wording import STRATEGIC, THEMES
from infrastructure.demo.risks import Minding, RiskPath
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
    risks: int = 0
    rectifications: int = 0
    #: Whether each department with a head keeps its budget (one each, as DOMAIN §5 has it).
    budgets: bool = True


def demo_namespace(*, seed: int, quarter: Quarter, sizes: Sizes) -> UUID:
    """Ids depend on the seed, the quarter and the sizes: a run with the same ones sends the
    same commands again (answered from their first result), any other run makes records of its
    own instead of clashing with these. (A budget's id follows from its department and year
    whatever the run: the demo refuses a store another run wrote to.)"""
    return uuid5(
        DEMO_NAMESPACE,
        f"seed={seed};quarter={quarter.label};complaints={sizes.complaints};"
        f"orders={sizes.orders};projects={sizes.projects};risks={sizes.risks};"
        f"rectifications={sizes.rectifications};budgets={sizes.budgets}",
    )


def budget_id(department: str, fiscal_year: int) -> UUID:
    """A budget's id, which follows from its department and fiscal year (DOMAIN §5)."""
    return uuid5(NATURAL_KEYS, f"{budgets.KIND}:{natural_key(department, fiscal_year)}")


def plan_quarter(
    *,
    seed: int,
    quarter: Quarter,
    sizes: Sizes,
    company: Company = COMPANY,
    signing_limits: SigningLimits = DEFAULT_SIGNING_LIMITS,
) -> list[Plan]:
    """Every order, project, complaint, budget, risk and rectification notice of the quarter
    with its steps; steps after the quarter's last sweep are left out, so what starts late in
    the quarter is still open at its end. Each kind draws from its own generator, so the size
    of one leaves the others alone.

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
    budget_plans = (
        _plan_budgets(
            random.Random(f"{seed}/budgets"),
            namespace=namespace,
            quarter=quarter,
            company=company,
            sweeps=sweeps,
            funding=_project_funding(project_plans, company),
        )
        if sizes.budgets
        else []
    )
    risk_plans = _plan_risks(
        random.Random(f"{seed}/risks"),
        namespace=namespace,
        quarter=quarter,
        count=sizes.risks,
        company=company,
        sweeps=sweeps,
        projects=_created(project_plans),
    )
    rectification_plans = _plan_rectifications(
        random.Random(f"{seed}/rectifications"),
        namespace=namespace,
        quarter=quarter,
        count=sizes.rectifications,
        company=company,
        sweeps=sweeps,
        complaints=_created(complaint_plans),
    )
    return [
        *complaint_plans,
        *order_plans,
        *project_plans,
        *budget_plans,
        *risk_plans,
        *rectification_plans,
    ]


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


# -- budgets --------------------------------------------------------------------------------


def _project_funding(plans: Sequence[Plan], company: Company) -> dict[str, list[ProjectFunding]]:
    """What each department's projects cost its budget: those that started, who commits their
    funds (the manager, or the head where the manager may not) and the costs they recorded."""
    funding: dict[str, list[ProjectFunding]] = defaultdict(list)
    for plan in plans:
        start = next(
            (
                step
                for step in plan.steps
                if step.command_type == "project.start" and step.refusal is None
            ),
            None,
        )
        if start is None or plan.department is None:
            continue
        manager = start.actor
        committer = (
            manager
            if Role.PROJECT_MANAGER in manager.roles
            else company.project_departments[plan.department].head
        )
        funding[plan.department].append(
            ProjectFunding(
                number=plan.index + 1,
                name=plan.label,
                committer=committer,
                started_at=start.occurred_at,
                costs=tuple(
                    (step.occurred_at, Decimal(step.envelope["payload"]["amount"]))
                    for step in plan.steps
                    if step.command_type == "project.record_cost" and step.refusal is None
                ),
            )
        )
    return dict(funding)


def _plan_budgets(
    rng: random.Random,
    *,
    namespace: UUID,
    quarter: Quarter,
    company: Company,
    sweeps: Sequence[datetime],
    funding: Mapping[str, Sequence[ProjectFunding]],
) -> list[Plan]:
    """One budget for each department with a head, for the quarter's year, compiled in its
    first days; the showcase path first, each department on its own path."""
    days = quarter.business_days()
    first = quarter.first_day.month
    months = tuple(range(first, first + 3))
    order = list(BudgetPath)
    units = sorted(
        company.budget_units,
        key=lambda unit: order.index(budgets.PATHS.get(unit.key, BudgetPath.STRAIGHT)),
    )
    plans: list[Plan] = []
    straight = 0
    for index, unit in enumerate(units):
        path = budgets.PATHS.get(unit.key, BudgetPath.STRAIGHT)
        if path is BudgetPath.STRAIGHT:
            straight += 1
        script = Script(
            kind=budgets.KIND,
            rng=rng,
            namespace=namespace,
            index=index,
            aggregate_id=budget_id(unit.key, quarter.year),
            opened_at=_office_time(rng, days[0], time(9, 0)),
        )
        projects_of = funding.get(unit.key, ())
        budgeting = Budgeting(
            script=script,
            company=company,
            unit=unit,
            year=quarter.year,
            months=months,
            days=days,
            control=budgets.WARN if unit.key in budgets.WARNED else budgets.STOP,
            lines=budgets.planned_lines(rng, key=unit.key, months=months, projects=projects_of),
            projects=projects_of,
            demonstrate_refusals=path is not BudgetPath.STRAIGHT or straight == 1,
        )
        budgets.SCRIPTS[path](budgeting)
        plans.append(
            _finished(
                script,
                sweeps,
                path=path.value,
                label=f"{unit.name} {quarter.year}",
                department=unit.key,
            )
        )
    return plans


# -- risks ----------------------------------------------------------------------------------

#: How often a risk is in each department once each has had one.
_RISK_UNIT_WEIGHTS = {
    "it": 4,
    "rnd": 3,
    "production": 4,
    "marketing": 3,
    "quality": 3,
    "logistics": 3,
    "finance": 3,
    "after_sales": 2,
    "sales": 2,
    "service": 1,
}
#: Share of risks in a department that runs projects that concern one of its projects.
_ABOUT_A_PROJECT = 0.3


def _created(plans: Sequence[Plan]) -> dict[str, list[tuple[datetime, str]]]:
    """When each record was created and its id, by department, in time order."""
    found: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
    for plan in plans:
        if plan.steps and plan.steps[0].refusal is None and plan.department is not None:
            found[plan.department].append((plan.steps[0].occurred_at, str(plan.aggregate_id)))
    return {key: sorted(found[key]) for key in found}


def _within(
    rng: random.Random, days: Sequence[date], share: tuple[float, float], *, at: time = time(9, 0)
) -> datetime:
    """Some office time on a business day within a share of `days`."""
    low, high = share
    first = int(len(days) * low)
    last = max(first + 1, int(len(days) * high))
    return _office_time(rng, rng.choice(days[first:last]), at)


def _related(
    rng: random.Random,
    records: Mapping[str, Sequence[tuple[datetime, str]]],
    key: str,
    before: datetime,
    share: float,
) -> str | None:
    """Now and then, a record of the department created before `before`."""
    known = [record_id for created, record_id in records.get(key, ()) if created < before]
    if known and rng.random() < share:
        return str(rng.choice(known))
    return None


def _plan_risks(
    rng: random.Random,
    *,
    namespace: UUID,
    quarter: Quarter,
    count: int,
    company: Company,
    sweeps: Sequence[datetime],
    projects: Mapping[str, Sequence[tuple[datetime, str]]],
) -> list[Plan]:
    days = quarter.business_days()
    units = {key: company.units[key] for key in _RISK_UNIT_WEIGHTS}
    paths = _paths(rng, RiskPath.SHOWCASE, risks.WEIGHTS, count)
    shown = len(RiskPath)
    rotation = iter(list(units) * (shown // len(units) + 1))
    used: dict[str, int] = {}
    plans: list[Plan] = []
    for index, path in enumerate(paths):
        demonstrate = index < shown
        opened = _within(rng, days, risks.ARRIVAL.get(path, risks.EARLY))
        strategic = path is RiskPath.ACCEPTED_HIGH and demonstrate
        if path is RiskPath.SHOWCASE:
            key = "quality"
        elif strategic:
            key = "sales"
        elif demonstrate:
            key = next(rotation)
        else:
            key = _draw(rng, _RISK_UNIT_WEIGHTS)
        unit = units[key]
        themes = THEMES[key]
        number = used.get(key, 0)
        used[key] = number + 1
        theme = (
            STRATEGIC
            if strategic
            else themes[0 if path is RiskPath.SHOWCASE else number % len(themes)]
        )
        title = theme.title
        if not strategic and number >= len(themes):
            title = f"{title} ({number // len(themes) + 1})"
        if strategic:
            owner = company.management[0]
        elif path is RiskPath.SHOWCASE or rng.random() < 0.5:
            owner = unit.head or unit.people[0]
        else:
            owner = rng.choice(unit.everyone)
        identifier = (
            rng.choice(company.risk_officers) if rng.random() < 0.25 else rng.choice(unit.everyone)
        )
        script = Script(
            kind=risks.KIND,
            rng=rng,
            namespace=namespace,
            index=index,
            aggregate_id=uuid5(namespace, f"risk/{index}"),
            opened_at=opened,
        )
        minding = Minding(
            script=script,
            company=company,
            unit=unit,
            theme=theme,
            title=title,
            owner=owner,
            identifier=identifier,
            sweeps=sweeps,
            horizon=sweeps[-1],
            demonstrate_refusals=demonstrate,
            related_id=_related(rng, projects, key, opened, _ABOUT_A_PROJECT),
        )
        risks.SCRIPTS[path](minding)
        risks.finish(minding)
        plans.append(
            _finished(script, sweeps, path=path.value, label=title, department=key, each_due=True)
        )
    return plans


# -- rectifications -------------------------------------------------------------------------

#: Share of notices to a department that handles complaints that concern one of them.
_ABOUT_A_COMPLAINT = 0.3


def _plan_rectifications(
    rng: random.Random,
    *,
    namespace: UUID,
    quarter: Quarter,
    count: int,
    company: Company,
    sweeps: Sequence[datetime],
    complaints: Mapping[str, Sequence[tuple[datetime, str]]],
) -> list[Plan]:
    """Notices to every department in turn, then to any; the supervision group's own process
    is checked by one supervisor and answered for by another."""
    days = quarter.business_days()
    checked: list[Unit] = [u for key, u in company.units.items() if key != "supervision"]
    paths = _paths(rng, RectificationPath.SHOWCASE, rectifications.WEIGHTS, count)
    rotation = iter(checked * (count // len(checked) + 1))
    used: dict[str, int] = {}
    plans: list[Plan] = []
    for index, path in enumerate(paths):
        if path is RectificationPath.SUPERVISION:
            unit = company.units["supervision"]
        elif path is RectificationPath.SHOWCASE:
            unit = company.units["logistics"]
        else:
            unit = next(rotation)
        findings = FINDINGS[unit.key]
        number = used.get(unit.key, 0)
        used[unit.key] = number + 1
        finding = findings[number % len(findings)]
        opened = _within(rng, days, rectifications.ARRIVAL.get(path, rectifications.EARLY))
        supervisor = rng.choice(company.supervisors)
        if path is RectificationPath.SUPERVISION:
            responsible = rng.choice([p for p in company.supervisors if p.id != supervisor.id])
        else:
            responsible = rng.choice(unit.people or unit.everyone)
        severity = _draw(rng, rectifications.SEVERITY_WEIGHTS)
        script = Script(
            kind=rectifications.KIND,
            rng=rng,
            namespace=namespace,
            index=index,
            aggregate_id=uuid5(namespace, f"rectification/{index}"),
            opened_at=opened,
        )
        rectifying = Rectifying(
            script=script,
            company=company,
            unit=unit,
            finding=finding,
            severity=severity,
            supervisor=supervisor,
            responsible=responsible,
            sweeps=sweeps,
            horizon=sweeps[-1],
            demonstrate_refusals=index < len(RectificationPath),
            related_id=_related(rng, complaints, unit.key, opened, _ABOUT_A_COMPLAINT),
        )
        rectifications.SCRIPTS[path](rectifying)
        plans.append(
            _finished(
                script,
                sweeps,
                path=path.value,
                label=f"{finding.process}, {severity}",
                department=unit.key,
                each_due=True,
            )
        )
    return plans


# -- shared ---------------------------------------------------------------------------------


def _finished(
    script: Script,
    sweeps: Sequence[datetime],
    *,
    path: str,
    label: str,
    department: str | None,
    predicts_breaches: bool = True,
    each_due: bool = False,
) -> Plan:
    """The plan of a script: its steps up to the quarter's last sweep, and how many breaches
    the sweep must find (once per record, or once per due time with `each_due`)."""
    steps = tuple(step for step in script.steps if step.entered_at < sweeps[-1])
    return Plan(
        kind=script.kind,
        index=script.index,
        aggregate_id=script.aggregate_id,
        path=path,
        label=label,
        department=department,
        steps=steps,
        breaches_expected=(
            breaches_expected(steps, sweeps, each_due=each_due) if predicts_breaches else None
        ),
    )


def breaches_expected(
    steps: Sequence[Step], sweeps: Sequence[datetime], *, each_due: bool = False
) -> int:
    """How many breaches the sweeps find. A step's `owes` holds for its `what` from the
    sweeps after it is entered until the next step about the same `what` is entered (a sweep
    at the very instant of a step runs first); a sweep at or after its due time finds it late.
    A record is reported once for each thing it owes, or, with `each_due`, once for each due
    time (a risk's review dates, a notice's due date and each extension of it)."""
    marks: dict[str, list[tuple[datetime, datetime | None]]] = defaultdict(list)
    for step in steps:
        if step.owes is not None:
            marks[step.owes.what].append((step.entered_at, step.owes.due))
    found = 0
    for owed in marks.values():
        late: set[datetime] = set()
        for number, (since, due) in enumerate(owed):
            if due is None:
                continue
            first = max(bisect_right(sweeps, since), bisect_left(sweeps, due))
            until = owed[number + 1][0] if number + 1 < len(owed) else None
            if first < len(sweeps) and (until is None or sweeps[first] <= until):
                late.add(due)
        found += len(late) if each_due else min(1, len(late))
    return found


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
