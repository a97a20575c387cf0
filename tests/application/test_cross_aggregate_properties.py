"""Properties of the whole ledger on random interleavings of commands on all six kinds (issue 9,
item 4), through the real handler on a real store.

Each example creates orders, complaints, projects, budgets, risks and rectifications and sends
them commands in a random order: the next step of each one's road most often, and any of its
commands from its usual sender or from any role, the sweep's `system`, an auditor, malformed
envelopes, stale `expected_version`s, aggregates that do not exist, unknown command types, a
retried command and a reused command id. After every command:

- a refused one appends nothing to any aggregate: the log holds exactly one new entry, the
  refusal's `CommandRefused`, the first and only entry of a stream of its own (DOMAIN §1), and it
  is the security log's newest entry;
- an accepted one appends exactly its events to its own aggregate, at the versions after the one
  its decision saw, and its command record; replaying (folding) the aggregate's stored history
  gives the state the handler now holds and the state the ledger loads, and replaying up to the
  version the decision saw gives the state the ledger loads at that version;
- a retried command gives its first result and appends nothing.

After every example the log is gap-free (positions 1..N) and the production `verify` checks the
whole chain. SQLite for the examples, a handful on PostgreSQL.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from uuid import UUID, uuid4

import attrs
import pytest
from eventsourcing.persistence import Notification
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from application.command_record import command_record_id
from application.commands.catalogue import KINDS
from application.results import Result
from domain.shared.actor import Role
from infrastructure.integrity.verify import verify
from infrastructure.opsledger import Opsledger
from tests.application import complaint_envelopes as complaints
from tests.application import order_envelopes as orders
from tests.application import project_envelopes as projects
from tests.application import rectification_envelopes as rectifications
from tests.application import risk_envelopes as risks
from tests.application.authorisation import budgets
from tests.application.authorisation.bench import REFUSAL_ENTRY, Bench
from tests.application.authorisation.cases import TickingClock
from tests.application.order_envelopes import Json
from tests.catalogue_verbs import creating_verbs, verbs

#: A command body for (verb, aggregate id, budget department, actor or None for the usual one).
Make = Callable[[str, UUID | None, str, Json | None], Json]


@attrs.frozen(kw_only=True)
class Kind:
    """How the examples speak to one kind: its commands, its road from creation to the end,
    and the body of a command (`step` for a step of the road by name)."""

    name: str
    road: tuple[str, ...]
    make: Make
    step: Callable[[str, UUID, str], Json]

    @property
    def creates(self) -> str:
        (verb,) = creating_verbs(self.name)
        return verb

    @property
    def verbs(self) -> tuple[str, ...]:
        return tuple(sorted(verbs(self.name)))


def _order(verb: str, aggregate_id: UUID | None, _: str, actor: Json | None) -> Json:
    return orders.command(verb, aggregate_id, actor=actor)


def _complaint(verb: str, aggregate_id: UUID | None, _: str, actor: Json | None) -> Json:
    return complaints.command(verb, aggregate_id, actor=actor)


def _project(verb: str, aggregate_id: UUID | None, _: str, actor: Json | None) -> Json:
    return projects.command(verb, aggregate_id, actor=actor)


def _budget(verb: str, aggregate_id: UUID | None, department: str, actor: Json | None) -> Json:
    return budgets.command(verb, aggregate_id, department, actor=actor)


def _risk(verb: str, aggregate_id: UUID | None, _: str, actor: Json | None) -> Json:
    return risks.command(verb, aggregate_id, actor=actor)


def _rectification(verb: str, aggregate_id: UUID | None, _: str, actor: Json | None) -> Json:
    return rectifications.command(verb, aggregate_id, actor=actor)


KIND_LIST: tuple[Kind, ...] = (
    Kind(
        name="order",
        road=orders.ROADS["closed"],
        make=_order,
        step=lambda name, aggregate_id, _: orders.step(name, aggregate_id),
    ),
    Kind(
        name="complaint",
        road=complaints.ROADS["closed"],
        make=_complaint,
        step=lambda name, aggregate_id, _: complaints.command(name, aggregate_id),
    ),
    Kind(
        name="project",
        road=projects.ROADS["closed"],
        make=_project,
        step=lambda name, aggregate_id, _: projects.step(name, aggregate_id),
    ),
    Kind(
        name="budget",
        road=(
            *budgets.ROADS["adjustment_reviewed"],
            "approve_adjustment",
            "commit_funds",
            "record_spend",
            "close",
        ),
        make=_budget,
        step=lambda name, aggregate_id, department: budgets.command(name, aggregate_id, department),
    ),
    Kind(
        name="risk",
        road=risks.ROADS["reopened"],
        make=_risk,
        step=lambda name, aggregate_id, _: risks.step(name, aggregate_id),
    ),
    Kind(
        name="rectification",
        road=rectifications.ROADS["closed"],
        make=_rectification,
        step=lambda name, aggregate_id, _: rectifications.step(name, aggregate_id),
    ),
)


def test_the_examples_speak_to_every_kind_of_the_catalogue() -> None:
    assert {kind.name for kind in KIND_LIST} == set(KINDS)


@attrs.define
class Tracked:
    """An aggregate an example created: its kind, id, version, budget department, and how far
    along its road it is."""

    kind: Kind
    aggregate_id: UUID
    department: str
    version: int
    along: int = 0


#: What a step does. `advance` (the next step of the aggregate's road) most often.
MOVES = (
    *["advance"] * 14,
    "create",
    "any_verb",
    "any_verb",
    "any_role",
    "any_role",
    "system",
    "auditor",
    "malformed",
    "stale_version",
    "missing_aggregate",
    "unknown_type",
    "retry",
    "reused_id",
)

#: One step: (move, kind, which aggregate of that kind (0: the newest), which verb, which role
#: or malformation).
Step = tuple[str, int, int, int, int]

STEPS = st.lists(
    st.tuples(
        st.sampled_from(MOVES),
        st.integers(min_value=0, max_value=len(KIND_LIST) - 1),
        st.sampled_from((0, 0, 0, 0, 0, 1, 2, 3)),
        st.integers(min_value=0, max_value=63),
        st.integers(min_value=0, max_value=63),
    ),
    min_size=40,
    max_size=100,
)

EVERY_ROLE = tuple(Role)


def malformed(body: Json, which: int) -> Json:
    """`body` made unreadable in one of a few ways."""
    broken = dict(body)
    match which % 5:
        case 0:
            broken["payload"] = ["not", "an", "object"]
        case 1:
            del broken["actor"]
        case 2:
            broken["command_id"] = "not-a-uuid"
        case 3:
            broken["occurred_at"] = "2031-01-01T00:00:00+00:00"  # years after the clock
        case _:
            broken["actor"] = {"id": "", "roles": ["no_such_role"]}
    return broken


@attrs.frozen(kw_only=True)
class Sending:
    """What one step sends: the body, its kind, the tracked aggregate it goes to (None for a
    create or an aggregate that does not exist), a new budget's department, and whether it is
    the next step of the aggregate's road."""

    body: Json
    kind: Kind
    target: Tracked | None = None
    department: str = ""
    on_road: bool = False


@attrs.define
class World:
    """The aggregates an example made, on a store others' examples share."""

    bench: Bench
    tracked: list[Tracked] = attrs.Factory(list)
    #: The last accepted body and its result, for `retry` and `reused_id`.
    last_accepted: tuple[Json, Result] | None = None
    accepted: int = 0
    refused: dict[str, int] = attrs.Factory(dict)

    @property
    def ledger(self) -> Opsledger:
        return self.bench.ledger

    def of_kind(self, kind: Kind) -> list[Tracked]:
        return [t for t in self.tracked if t.kind is kind]

    def create(self, kind: Kind) -> Sending:
        department = budgets.new_department() if kind.name == "budget" else ""
        body = kind.make(kind.creates, None, department, None)
        return Sending(body=body, kind=kind, department=department)

    def sending(self, step: Step) -> Sending:
        """What a step sends. The next step of a road is sent only by `advance`, and only while
        the aggregate has steps left; otherwise any of the kind's commands but its create."""
        move, kind_at, which, verb_at, other = step
        kind = KIND_LIST[kind_at]
        mine = self.of_kind(kind)
        if move == "retry" and self.last_accepted is not None:
            return Sending(body=dict(self.last_accepted[0]), kind=kind)
        if move == "reused_id" and self.last_accepted is not None:
            # A create of another type under the last accepted command's id: another body.
            first = self.last_accepted[0]
            other_kind = next(
                k
                for k in KIND_LIST[kind_at:] + KIND_LIST[:kind_at]
                if first["type"] != f"{k.name}.{k.creates}"
            )
            created = self.create(other_kind)
            body = {**created.body, "command_id": first["command_id"]}
            return attrs.evolve(created, body=body)
        if move == "create" or not mine:
            return self.create(kind)
        target = mine[-1 - which % len(mine)]
        verb = kind.verbs[verb_at % len(kind.verbs)]
        if verb == kind.creates:
            verb = kind.verbs[(verb_at + 1) % len(kind.verbs)]
        at, department = target.aggregate_id, target.department

        def to_target(body: Json, *, on_road: bool = False) -> Sending:
            return Sending(body=body, kind=kind, target=target, on_road=on_road)

        match move:
            case "advance" if target.along < len(kind.road):
                road_step = kind.step(kind.road[target.along], at, department)
                return to_target(road_step, on_road=True)
            case "any_role":
                role = EVERY_ROLE[other % len(EVERY_ROLE)]
                sender = {"id": f"u-any-{role}", "roles": [role.value], "department": "somewhere"}
                return to_target(kind.make(verb, at, department, sender))
            case "system":
                return to_target(kind.make(verb, at, department, orders.SYSTEM))
            case "auditor":
                return to_target(kind.make(verb, at, department, orders.AUDITOR))
            case "malformed":
                return to_target(malformed(kind.make(verb, at, department, None), other))
            case "stale_version":
                body = kind.make(verb, at, department, None)
                return to_target({**body, "expected_version": target.version + 1 + other % 2})
            case "missing_aggregate":
                return Sending(body=kind.make(verb, uuid4(), department, None), kind=kind)
            case "unknown_type":
                body = kind.make(verb, at, department, None)
                return to_target({**body, "type": f"{kind.name}.teleport"})
            case _:
                return to_target(kind.make(verb, at, department, None))

    def run(self, step: Step) -> None:
        """Send one step's command and check what it left in the store."""
        sending = self.sending(step)
        body, target = sending.body, sending.target
        retried = step[0] == "retry" and self.last_accepted is not None
        before = self.ledger.ledger.recorder.max_notification_id() or 0
        refusals_before = len(self.ledger.security_log.entries())
        self.bench.clock.advance(seconds=1)

        result = self.ledger.submit(body)

        appended = self.ledger.ledger.recorder.select_notifications(start=before + 1, limit=10_000)
        if retried:
            assert self.last_accepted is not None
            assert result.to_json() == self.last_accepted[1].to_json()
            assert [n.topic for n in appended] == [], "a retried command appended again"
            return
        if not result.ok:
            self.refused[str(result.code)] = self.refused.get(str(result.code), 0) + 1
            if sending.on_road and target is not None and result.code == "invalid_transition":
                target.along += 1  # other commands took it elsewhere: try the next step
            assert [(n.topic, n.originator_version) for n in appended] == [(REFUSAL_ENTRY, 1)], (
                f"the refused {body.get('type')} ({result.code}) appended to the log"
            )
            (entry,) = appended
            stream = UUID(str(entry.originator_id))
            assert stream not in {t.aggregate_id for t in self.tracked}
            assert len(self.ledger.ledger.history(stream)) == 1
            entries = self.ledger.security_log.entries()
            assert len(entries) == refusals_before + 1
            assert (entries[-1].position, entries[-1].code) == (entry.id, result.code)
            for tracked in self.tracked:
                assert len(self.ledger.history(tracked.aggregate_id)) == tracked.version
            return
        self.accepted += 1
        self.last_accepted = (body, result)
        assert result.aggregate_id is not None
        assert result.version is not None
        if target is None:
            target = Tracked(
                kind=sending.kind,
                aggregate_id=result.aggregate_id,
                department=sending.department,
                version=0,
            )
            self.tracked.append(target)
        assert result.aggregate_id == target.aggregate_id
        saw = target.version
        assert_appended_exactly(appended, body, result, saw=saw)
        assert_replays(self.ledger, target, result, saw=saw)
        target.version = result.version
        if sending.on_road:
            target.along += 1


def assert_appended_exactly(
    appended: Sequence[Notification], body: Json, result: Result, *, saw: int
) -> None:
    """An accepted command appended its events to its own aggregate at the versions after the
    one its decision saw, then its command record, and nothing else."""
    assert result.aggregate_id is not None
    expected = [
        (result.aggregate_id, saw + offset, name)
        for offset, name in enumerate(result.events, start=1)
    ]
    expected.append((command_record_id(UUID(body["command_id"])), 1, "CommandHandled"))
    found = [(n.originator_id, n.originator_version, n.topic) for n in appended]
    assert found == expected


def assert_replays(ledger: Opsledger, target: Tracked, result: Result, *, saw: int) -> None:
    """Folding the stored history gives the state the handler holds and the one the ledger
    loads; up to the version the decision saw, the state the ledger loads at that version."""
    kind = KINDS[target.kind.name]
    assert result.version is not None
    history = ledger.history(target.aggregate_id)
    assert [r.originator_version for r in history] == list(range(1, result.version + 1))
    assert tuple(r.event_type for r in history[saw:]) == result.events
    replayed = kind.fold(None, [r.event for r in history])
    cached = ledger.handler._cache.get(kind.name, target.aggregate_id)
    assert cached is not None
    assert (cached.version, cached.state) == (result.version, replayed)
    loaded = ledger.state(target.aggregate_id)[1]
    assert (loaded.version, loaded.state) == (result.version, replayed)
    if saw:
        before = kind.fold(None, [r.event for r in history[:saw]])
        assert ledger.state(target.aggregate_id, version=saw)[1].state == before


def assert_log_whole(ledger: Opsledger) -> None:
    """Positions 1..N without a gap, and the production verifier checks all N links."""
    recorder = ledger.ledger.recorder
    size = recorder.max_notification_id() or 0
    positions = [n.id for n in recorder.select_notifications(start=1, limit=size + 1)]
    assert positions == list(range(1, size + 1))
    verification = verify(ledger.database)
    assert verification.ok, verification.finding
    assert verification.checked == verification.head.position == size


def run_example(bench: Bench, steps: list[Step]) -> None:
    world = World(bench=bench)
    # Every kind has at least one aggregate before the random steps begin.
    for kind_at in range(len(KIND_LIST)):
        world.run(("create", kind_at, 0, 0, 0))
    for step in steps:
        world.run(step)
    assert_log_whole(bench.ledger)
    event(f"accepted {world.accepted} of {len(steps) + len(KIND_LIST)}")
    for kind in KIND_LIST:
        furthest = max(t.along for t in world.of_kind(kind))
        event(f"{kind.name}: {furthest} of {len(kind.road)} road steps")
    for code in sorted(world.refused):
        event(f"refused {code}")


@pytest.fixture(scope="module")
def sqlite_stores(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], str]:
    """A new SQLite file for each example (opening one takes a few milliseconds), so examples
    do not depend on each other and each store stays small."""
    folder: Path = tmp_path_factory.mktemp("interleavings")
    made = itertools.count(1)
    return lambda: f"sqlite:///{folder / f'opsledger-{next(made)}.db'}"


@pytest.fixture
def pg_bench(pg_url: str) -> Iterator[Bench]:
    """One PostgreSQL store for the few examples there: each adds its aggregates to it."""
    clock = TickingClock()
    with Opsledger.open(pg_url, clock=clock) as ledger:
        yield Bench(ledger=ledger, clock=clock)


class TestRandomInterleavingsOfAllSixKinds:
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(steps=STEPS)
    def test_on_sqlite(self, sqlite_stores: Callable[[], str], steps: list[Step]) -> None:
        clock = TickingClock()
        with Opsledger.open(sqlite_stores(), clock=clock) as ledger:
            run_example(Bench(ledger=ledger, clock=clock), steps)

    @pytest.mark.postgres
    @settings(
        max_examples=5,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(steps=STEPS)
    def test_on_postgres(self, pg_bench: Bench, steps: list[Step]) -> None:
        run_example(pg_bench, steps)
