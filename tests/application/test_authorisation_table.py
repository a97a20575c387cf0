"""Authorisation as one table (issue 9, item 3): every command type of the catalogue by every role.

For each command the catalogue declares, an aggregate is driven to a state where its rightful
sender is accepted, and the command is sent by an actor holding exactly one role (and who is not
the person the aggregate records): a role DOMAIN lists for it is accepted, any other is
`forbidden`, and `system`, the deadline sweep's own role, is always `forbidden` (DOMAIN §1).
"The owner", "the assignee", "the project manager", "that action's owner" and "the responsible
person" are checked by id: that person is let through holding any unrelated role, someone else
holding the same role is refused. Every *SoD* pair of DOMAIN §2-§6a is refused with
`segregation_of_duties` when one person holds both sides, whatever else they hold, and someone
else with the same roles is accepted. Every refusal is in the security log with who, what, when
and why: one `CommandRefused` entry of the chained log, in a stream of its own, and nothing
appended to any aggregate.

The expected senders are DOMAIN's "who" column as `test_who_may_send.DOMAIN_WHO` copies it by
hand; the table is generated from the catalogue and `Role`, so a command added without its row
here (or there) fails. The big matrix runs on one SQLite store per module, a fresh aggregate per
case; a sample of one command per kind runs on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from application.commands.catalogue import COMMANDS, KIND_OF
from application.results import Result
from domain.shared.actor import Role
from infrastructure.opsledger import Opsledger
from tests.application import order_envelopes as orders
from tests.application import project_envelopes as projects
from tests.application import rectification_envelopes as rectifications
from tests.application import risk_envelopes as risks
from tests.application.authorisation import budgets
from tests.application.authorisation.bench import Bench
from tests.application.authorisation.cases import (
    CASES,
    Case,
    Prepare,
    Send,
    Target,
    TickingClock,
)
from tests.application.order_envelopes import Json, accept
from tests.application.test_who_may_send import DOMAIN_WHO
from tests.clocks import FixedClock

EMPLOYEE_ROLES = tuple(role for role in Role if role not in (Role.AUDITOR, Role.SYSTEM))


def who(command_type: str) -> tuple[frozenset[Role], str | None]:
    """DOMAIN's "who" for a command: the roles it lists and the person it names, if any."""
    kind, verb = command_type.split(".", 1)
    row = DOMAIN_WHO.get(kind, {}).get(verb)
    assert row is not None, (
        f"{command_type} is in the catalogue but DOMAIN_WHO (test_who_may_send.py) has no row "
        "for it: copy its 'who' from DOMAIN.md there"
    )
    return row


def case_of(command_type: str) -> Case:
    case = CASES.get(command_type)
    assert case is not None, (
        f"{command_type} is in the catalogue but the authorisation table does not say where it "
        "is accepted: add it to tests/application/authorisation/cases.py"
    )
    return case


def actor(actor_id: str, roles: tuple[Role, ...] | tuple[str, ...], department: str) -> Json:
    return {"id": actor_id, "roles": [str(role) for role in roles], "department": department}


def one_holding(role: Role | str, department: str) -> Json:
    """Someone holding exactly `role`, who is nobody the aggregates record."""
    return actor(f"u-only-{role}", (str(role),), department)


def sent(bench: Bench, case: Case, sender: Json) -> Result:
    """`case`'s command sent by `sender` to a fresh aggregate where it is accepted."""
    target = case.prepare(bench.ledger, bench.clock)
    return bench.submit(case.send(target, sender), target.aggregate_id)


def answer(result: Result) -> str:
    return "accepted" if result.ok else str(result.code)


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bench]:
    """One SQLite store for the module; each case drives aggregates of its own in it."""
    path: Path = tmp_path_factory.mktemp("authorisation") / "opsledger.db"
    clock = TickingClock()
    with Opsledger.open(f"sqlite:///{path}", clock=clock) as ledger:
        yield Bench(ledger=ledger, clock=clock)


class TestTheTableCoversTheCatalogue:
    def test_every_command_has_a_place_where_it_is_accepted(self) -> None:
        assert set(CASES) == set(COMMANDS)

    @pytest.mark.parametrize("command_type", sorted(COMMANDS))
    def test_the_person_a_command_names_is_the_one_the_case_records(
        self, command_type: str
    ) -> None:
        """A command whose "who" names a person ("the owner") has that person's id in its case,
        and only those."""
        _, person = who(command_type)
        assert (person is None) == (case_of(command_type).recorded_id is None)


ROLE_MATRIX = [
    pytest.param(command_type, role, id=f"{command_type}-by-{role}")
    for command_type in sorted(COMMANDS)
    for role in Role
]


class TestEveryCommandByEveryRole:
    """An actor holding exactly one role, and nobody the aggregate records: accepted when DOMAIN
    lists the role for the command (in a state where its rightful sender is accepted), else
    `forbidden`; `system` always `forbidden`."""

    @pytest.mark.parametrize(("command_type", "role"), ROLE_MATRIX)
    def test_one_role(self, bench: Bench, command_type: str, role: Role) -> None:
        roles, _ = who(command_type)
        case = case_of(command_type)
        expected = "accepted" if role in roles and role is not Role.SYSTEM else "forbidden"

        result = sent(bench, case, one_holding(role, case.department))

        assert answer(result) == expected, result.to_json()

    @pytest.mark.parametrize("command_type", sorted(COMMANDS))
    def test_system_with_every_other_role_too(self, bench: Bench, command_type: str) -> None:
        """Claiming `system` is refused even beside every role that may send the command."""
        case = case_of(command_type)
        everything = actor("u-everything", tuple(Role), case.department)

        result = sent(bench, case, everything)

        assert answer(result) == "forbidden", result.to_json()


RELATIONSHIP_ROWS = [
    pytest.param(command_type, role, id=f"{command_type}-{role}")
    for command_type in sorted(COMMANDS)
    if who(command_type)[1] is not None
    for role in EMPLOYEE_ROLES
    if role not in who(command_type)[0]
]


class TestThePersonRecordedIsCheckedById:
    """DOMAIN §1: "the project manager", "the owner", "the assignee", "that action's owner" and
    "the responsible person" are the actor whose id the aggregate records there, whatever roles
    they hold. Someone else holding the same role (one DOMAIN does not list for the command) is
    refused; the recorded person holding it is let through."""

    @pytest.mark.parametrize(("command_type", "role"), RELATIONSHIP_ROWS)
    def test_the_recorded_person_and_someone_else(
        self, bench: Bench, command_type: str, role: Role
    ) -> None:
        case = case_of(command_type)
        assert case.recorded_id is not None
        target = case.prepare(bench.ledger, bench.clock)
        someone_else = actor("u-not-them", (role,), case.department)
        themselves = actor(case.recorded_id, (role,), case.department)

        refused = bench.submit(case.send(target, someone_else), target.aggregate_id)
        accepted = bench.submit(case.send(target, themselves), target.aggregate_id)

        assert answer(refused) == "forbidden", refused.to_json()
        assert answer(accepted) == "accepted", accepted.to_json()


#: Where DOMAIN's "who" reads "department_head of that department" (§3, §6a): a department head
#: of the aggregate's department may send it (`Case.department`, as the matrix above sends it),
#: the head of another department may not.
OF_THAT_DEPARTMENT = ("complaint.record_investigation", "rectification.acknowledge")


class TestTheHeadOfThatDepartment:
    @pytest.mark.parametrize("command_type", OF_THAT_DEPARTMENT)
    def test_the_head_of_another_department_is_refused(
        self, bench: Bench, command_type: str
    ) -> None:
        case = case_of(command_type)
        assert Role.DEPARTMENT_HEAD in who(command_type)[0]
        target = case.prepare(bench.ledger, bench.clock)
        elsewhere = actor("u-head-elsewhere", (Role.DEPARTMENT_HEAD,), "elsewhere")
        theirs = actor("u-head-theirs", (Role.DEPARTMENT_HEAD,), case.department)

        refused = bench.submit(case.send(target, elsewhere), target.aggregate_id)
        accepted = bench.submit(case.send(target, theirs), target.aggregate_id)

        assert answer(refused) == "forbidden", refused.to_json()
        assert answer(accepted) == "accepted", accepted.to_json()


# --- segregation of duties ------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Duties:
    """One *SoD* rule of DOMAIN: `person` did the first duty on a fresh aggregate (`prepare`);
    the command (`send`) is the second. `checker_roles` are the roles that would let anyone
    else send it; `maker_roles` those the person held for the first duty."""

    rule: str
    command_type: str
    person: str
    prepare: Prepare
    send: Send
    checker_roles: tuple[str, ...]
    maker_roles: tuple[str, ...] = ()


def _order_to(status: str) -> Prepare:
    """An order drafted by the usual sales rep, walked to `status`."""

    def prepare(ledger: Opsledger, clock: FixedClock) -> Target:
        return Target(aggregate_id=orders.drive(ledger, clock, status))

    return prepare


def _project_to(status: str, *then: str) -> Prepare:
    """A project proposed by the usual employee, managed by the usual project manager."""

    def prepare(ledger: Opsledger, clock: FixedClock) -> Target:
        project_id = projects.drive(ledger, clock, status)
        for name in then:
            clock.advance(hours=1)
            accept(ledger, projects.step(name, project_id))
        return Target(aggregate_id=project_id)

    return prepare


#: The department head who submits budgets and the one who requests adjustments, and the finance
#: people who review each: four people, so each rule is tested against its own duty alone.
SUBMITTER = "u-head-submits"
REQUESTER = "u-head-requests"
BUDGET_REVIEWER = "u-fin-reviews-budgets"
ADJUSTMENT_REVIEWER = "u-fin-reviews-adjustments"


def _budget_to(status: str) -> Prepare:
    def walk(ledger: Opsledger, clock: FixedClock) -> Target:
        head = ("department_head",)
        finance = ("finance",)
        budget_id, department = budgets.drive(
            ledger,
            clock,
            status,
            senders={
                "submit": actor(SUBMITTER, head, "somewhere"),
                "review": actor(BUDGET_REVIEWER, finance, "finance"),
                "request_adjustment": actor(REQUESTER, head, "somewhere"),
                "review_adjustment": actor(ADJUSTMENT_REVIEWER, finance, "finance"),
            },
        )
        return Target(aggregate_id=budget_id, department=department)

    return walk


def _risk_accepted_by_an_officer(ledger: Opsledger, clock: FixedClock) -> Target:
    """The usual high risk, owned by the usual owner; a risk officer (not the owner) chose to
    accept it, so it waits for management's approval."""
    risk_id = risks.drive(ledger, clock, "assessed")
    clock.advance(hours=1)
    accept(ledger, risks.responding(risk_id, "accept", actor=risks.RISK_OFFICER))
    return Target(aggregate_id=risk_id)


def _rectification_to(status: str) -> Prepare:
    """A rectification issued by the usual supervisor to the usual responsible person."""

    def prepare(ledger: Opsledger, clock: FixedClock) -> Target:
        return Target(aggregate_id=rectifications.drive(ledger, clock, status))

    return prepare


def _send(command_type: str) -> Send:
    return CASES[command_type].send


def _issue_naming(person: str) -> Send:
    """`rectification.issue` of a notice naming `person` as responsible."""

    def send(target: Target, sender: Json) -> Json:
        payload = rectifications.notice(responsible_id=person)
        return rectifications.command("issue", actor=sender, payload=payload)

    return send


SALES_REP = orders.SALES_REP["id"]
PROPOSER = projects.EMPLOYEE["id"]
MANAGER = projects.PROJECT_MANAGER["id"]
OWNER = risks.OWNER["id"]
RESPONSIBLE = rectifications.RESPONSIBLE["id"]
ISSUER = rectifications.SUPERVISOR["id"]

#: Every *SoD* rule of DOMAIN §2-§6a, in DOMAIN's words, with both sides held by one person.
SEGREGATION: tuple[Duties, ...] = (
    # DOMAIN §2
    Duties(
        rule="order: the clause reviewer ≠ the order's sales rep",
        command_type="order.review_clause",
        person=SALES_REP,
        prepare=_order_to("under_review"),
        send=_send("order.review_clause"),
        checker_roles=("legal", "finance", "risk_officer"),
        maker_roles=("sales_rep",),
    ),
    Duties(
        rule="order: the signatory ≠ the sales rep",
        command_type="order.sign",
        person=SALES_REP,
        prepare=_order_to("approved"),
        send=_send("order.sign"),
        checker_roles=("sales_manager", "management"),
        maker_roles=("sales_rep",),
    ),
    # DOMAIN §4
    Duties(
        rule="project: approve ≠ proposer",
        command_type="project.approve",
        person=PROPOSER,
        prepare=_project_to("proposed"),
        send=_send("project.approve"),
        checker_roles=("management",),
        maker_roles=("operations",),
    ),
    Duties(
        rule="project: reject ≠ proposer",
        command_type="project.reject",
        person=PROPOSER,
        prepare=_project_to("proposed"),
        send=_send("project.reject"),
        checker_roles=("management",),
        maker_roles=("operations",),
    ),
    Duties(
        rule="project: the plan's approver ≠ the project manager",
        command_type="project.approve_plan",
        person=MANAGER,
        prepare=_project_to("planning", "submit_plan"),
        send=_send("project.approve_plan"),
        checker_roles=("management", "department_head"),
        maker_roles=("project_manager",),
    ),
    Duties(
        rule="project: the change's approver ≠ its requester",
        command_type="project.approve_change",
        person=MANAGER,
        prepare=_project_to("executing", "request_change"),
        send=_send("project.approve_change"),
        checker_roles=("management",),
        maker_roles=("project_manager",),
    ),
    Duties(
        rule="project: who records the acceptance ≠ the project manager",
        command_type="project.record_acceptance",
        person=MANAGER,
        prepare=_project_to("acceptance_requested"),
        send=_send("project.record_acceptance"),
        checker_roles=("quality_inspector",),
        maker_roles=("project_manager",),
    ),
    # DOMAIN §5
    Duties(
        rule="budget: the reviewer ≠ the submitter",
        command_type="budget.review",
        person=SUBMITTER,
        prepare=_budget_to("submitted"),
        send=_send("budget.review"),
        checker_roles=("finance",),
        maker_roles=("department_head",),
    ),
    Duties(
        rule="budget: the approver ≠ the submitter",
        command_type="budget.approve",
        person=SUBMITTER,
        prepare=_budget_to("finance_reviewed"),
        send=_send("budget.approve"),
        checker_roles=("management",),
        maker_roles=("department_head",),
    ),
    Duties(
        rule="budget: the approver ≠ the finance reviewer",
        command_type="budget.approve",
        person=BUDGET_REVIEWER,
        prepare=_budget_to("finance_reviewed"),
        send=_send("budget.approve"),
        checker_roles=("management",),
        maker_roles=("finance",),
    ),
    Duties(
        rule="budget: the adjustment's reviewer ≠ its requester",
        command_type="budget.review_adjustment",
        person=REQUESTER,
        prepare=_budget_to("adjustment_requested"),
        send=_send("budget.review_adjustment"),
        checker_roles=("finance",),
        maker_roles=("department_head",),
    ),
    *(
        Duties(
            rule=f"budget: {verb} of an adjustment ≠ its {duty}",
            command_type=f"budget.{verb}",
            person=person,
            prepare=_budget_to("adjustment_reviewed"),
            send=_send(f"budget.{verb}"),
            checker_roles=("management",),
            maker_roles=maker_roles,
        )
        for verb in ("approve_adjustment", "reject_adjustment")
        for duty, person, maker_roles in (
            ("requester", REQUESTER, ("department_head",)),
            ("reviewer", ADJUSTMENT_REVIEWER, ("finance",)),
        )
    ),
    # DOMAIN §6
    Duties(
        rule="risk: the acceptance's approver ≠ the owner",
        command_type="risk.approve_acceptance",
        person=OWNER,
        prepare=_risk_accepted_by_an_officer,
        send=_send("risk.approve_acceptance"),
        checker_roles=("management",),
        maker_roles=("department_head",),
    ),
    # DOMAIN §6a
    Duties(
        rule="rectification: the responsible person ≠ the issuer",
        command_type="rectification.issue",
        person=ISSUER,
        prepare=lambda ledger, clock: Target(aggregate_id=None),
        send=_issue_naming(ISSUER),
        checker_roles=("supervisor",),
    ),
    Duties(
        rule="rectification: the verifier ≠ the responsible person",
        command_type="rectification.verify",
        person=RESPONSIBLE,
        prepare=_rectification_to("submitted"),
        send=_send("rectification.verify"),
        checker_roles=("supervisor",),
        maker_roles=("operations",),
    ),
    Duties(
        rule="rectification: who extends ≠ the responsible person",
        command_type="rectification.extend",
        person=RESPONSIBLE,
        prepare=_rectification_to("rectifying"),
        send=_send("rectification.extend"),
        checker_roles=("supervisor", "management"),
        maker_roles=("operations",),
    ),
)


def role_sets(duties: Duties) -> list[tuple[str, ...]]:
    """The roles the one person holds: each checker role alone, with the role they held for the
    first duty, and every role an employee can hold."""
    sets: list[tuple[str, ...]] = [(role,) for role in duties.checker_roles]
    if duties.maker_roles:
        sets += [(role, *duties.maker_roles) for role in duties.checker_roles]
    sets.append(tuple(str(role) for role in EMPLOYEE_ROLES))
    return list(dict.fromkeys(sets))


SOD_ROWS = [
    pytest.param(
        duties,
        roles,
        id=f"{duties.command_type}-{duties.person}-"
        + ("every-role" if len(roles) > 3 else "+".join(roles)),
    )
    for duties in SEGREGATION
    for roles in role_sets(duties)
]


def both_sides(bench: Bench, duties: Duties, roles: tuple[str, ...]) -> tuple[Result, Result]:
    """The person who did the first duty sends the second, holding `roles`; then someone else
    holding the same roles sends it."""
    target = duties.prepare(bench.ledger, bench.clock)
    themselves = actor(duties.person, roles, "somewhere")
    someone_else = actor("u-someone-else", roles, "somewhere")
    refused = bench.submit(duties.send(target, themselves), target.aggregate_id)
    accepted = bench.submit(duties.send(target, someone_else), target.aggregate_id)
    return refused, accepted


class TestSegregationOfDuties:
    """One person holding both sides of a DOMAIN *SoD* rule is refused with
    `segregation_of_duties`, whatever other roles they hold; someone else holding the very same
    roles is accepted."""

    def test_every_rule_is_about_a_command_of_the_catalogue(self) -> None:
        assert {duties.command_type for duties in SEGREGATION} <= set(COMMANDS)
        assert len(SEGREGATION) == 19

    @pytest.mark.parametrize(("duties", "roles"), SOD_ROWS)
    def test_one_person_on_both_sides(
        self, bench: Bench, duties: Duties, roles: tuple[str, ...]
    ) -> None:
        refused, accepted = both_sides(bench, duties, roles)

        assert answer(refused) == "segregation_of_duties", (duties.rule, refused.to_json())
        assert answer(accepted) == "accepted", (duties.rule, accepted.to_json())


# --- a sample on PostgreSQL ---------------------------------------------------------------------

#: One command of each kind, with a relationship role where the kind has one.
PG_SAMPLE = (
    "order.sign",
    "complaint.pause",
    "project.record_cost",
    "budget.commit_funds",
    "risk.assess",
    "rectification.acknowledge",
)
#: One SoD rule of each kind that has them.
PG_SEGREGATION = {KIND_OF[duties.command_type].name: duties for duties in reversed(SEGREGATION)}


@pytest.fixture
def pg_bench(pg_url: str) -> Iterator[Bench]:
    clock = TickingClock()
    with Opsledger.open(pg_url, clock=clock) as ledger:
        yield Bench(ledger=ledger, clock=clock)


@pytest.mark.postgres
class TestASampleOnPostgres:
    """The same checks on PostgreSQL for one command of each kind: every role, the recorded
    person by id, and the kind's SoD rule."""

    @pytest.mark.parametrize("command_type", PG_SAMPLE)
    def test_one_command_of_each_kind(self, pg_bench: Bench, command_type: str) -> None:
        roles, person = who(command_type)
        case = case_of(command_type)
        found = {
            role: answer(sent(pg_bench, case, one_holding(role, case.department))) for role in Role
        }
        expected = {
            role: "accepted" if role in roles and role is not Role.SYSTEM else "forbidden"
            for role in Role
        }
        assert found == expected
        if person is not None:
            assert case.recorded_id is not None
            unrelated = next(role for role in EMPLOYEE_ROLES if role not in roles)
            target = case.prepare(pg_bench.ledger, pg_bench.clock)
            someone_else = actor("u-not-them", (unrelated,), case.department)
            themselves = actor(case.recorded_id, (unrelated,), case.department)
            refused = pg_bench.submit(case.send(target, someone_else), target.aggregate_id)
            assert answer(refused) == "forbidden"
            accepted = pg_bench.submit(case.send(target, themselves), target.aggregate_id)
            assert answer(accepted) == "accepted"
        duties = PG_SEGREGATION.get(KIND_OF[command_type].name)
        if duties is not None:
            refused, accepted = both_sides(pg_bench, duties, role_sets(duties)[-1])
            assert (answer(refused), answer(accepted)) == ("segregation_of_duties", "accepted")
