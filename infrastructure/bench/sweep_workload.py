"""P10's stores: many closed complaints and a few open ones past their acknowledgement deadline,
written fast through the command path, in bulk.

Every command is decided by a real CommandHandler, so the events, the command records and the
deadline entries are exactly those that submitting the commands one by one would store, in the
same order. Only the appends are grouped: the handler's ledger here is a collector, and
FILL_BATCH complaints at a time go to `Ledger.append` in one transaction, while the handler
goes on deciding the next batch in a thread of its own.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any, cast

import attrs

from application.handler import CommandHandler
from application.ledger import Ledger
from application.ports import Deadline
from application.state_cache import StateCache
from domain.shared.recorded import Recorded
from infrastructure.bench.errors import BenchError, WorkloadRefused
from infrastructure.bench.p1_commands import ACTOR
from infrastructure.opsledger import Opsledger
from infrastructure.settings import policies_from_environment

#: Complaints whose events go to the store in one append (a closed one is 16 rows).
FILL_BATCH = 500

MANAGER = {"id": "bench-manager", "roles": ["service_manager"], "department": "service"}
ASSIGNEE = {"id": "bench-engineer", "roles": ["operations"], "department": "operations"}

#: The commands of one complaint, in order.
Commands = list[dict[str, Any]]


def closed_complaint(registered_at: datetime) -> Commands:
    """A complaint handled to the end: registered, acknowledged within the hour, classified,
    assigned, investigated, resolved to the customer's satisfaction and closed, three days on.
    No deadline runs any more, so it has no entry in the deadline index."""
    complaint = str(uuid.uuid4())
    hour = timedelta(hours=1)

    def command(kind: str, after: timedelta, actor: dict[str, Any], **payload: Any) -> Any:
        return _envelope(kind, complaint, registered_at + after, actor, payload)

    return [
        _registration(complaint, registered_at),
        command("acknowledge", hour, ACTOR, message="Thank you, we have your complaint."),
        command("classify", 2 * hour, ACTOR, category="delivery", severity="low"),
        command(
            "assign",
            3 * hour,
            MANAGER,
            department=ASSIGNEE["department"],
            assignee_id=ASSIGNEE["id"],
        ),
        command(
            "record_investigation",
            24 * hour,
            ASSIGNEE,
            root_cause="the carrier dropped the parcel",
            findings="outer box crushed on arrival",
        ),
        command(
            "propose_resolution",
            48 * hour,
            ASSIGNEE,
            resolution="refund the broken items",
            remedy_offered="refund",
        ),
        command("record_feedback", 72 * hour, ACTOR, satisfied=True, csat=5),
        command("close", 73 * hour, ACTOR),
    ]


def open_complaint(registered_at: datetime) -> Commands:
    """A complaint registered and never acknowledged: its acknowledgement deadline runs."""
    return [_registration(str(uuid.uuid4()), registered_at)]


def _registration(complaint: str, at: datetime) -> dict[str, Any]:
    return _envelope(
        "register",
        complaint,
        at,
        ACTOR,
        {
            "customer_id": "customer-7",
            "channel": "phone",
            "summary": "Parcel arrived with the outer box crushed and two items broken",
            "remedy_sought": "refund",
        },
    )


def _envelope(
    verb: str, complaint: str, at: datetime, actor: dict[str, Any], payload: dict[str, Any]
) -> dict[str, Any]:
    return {
        "type": f"complaint.{verb}",
        "command_id": str(uuid.uuid4()),
        "aggregate_id": complaint,
        "actor": actor,
        "occurred_at": at.isoformat(),
        "payload": payload,
    }


@attrs.frozen(kw_only=True)
class Workload:
    """The complaints of one P10 store, in the order they are written: `closed` complaints
    closed a month before `now`, and the open ones spread evenly among them, so that the sweep
    reads them from all over the log rather than from its warm end."""

    now: datetime
    closed: int
    opened: Sequence[Commands]

    @property
    def open_ids(self) -> frozenset[uuid.UUID]:
        return frozenset(uuid.UUID(commands[0]["aggregate_id"]) for commands in self.opened)

    def complaints(self) -> Iterator[Commands]:
        """Every complaint's commands, made as they are needed (100,000 closed complaints are
        800,000 commands)."""
        start = self.now - timedelta(days=30)
        placed, wanted = 0, len(self.opened)
        for number in range(self.closed):
            # The j-th open complaint comes after closed complaint (j + 1/2) * closed / open.
            while placed < wanted and (2 * placed + 1) * self.closed <= 2 * number * wanted:
                yield self.opened[placed]
                placed += 1
            yield closed_complaint(start + timedelta(seconds=number))
        yield from self.opened[placed:]


def sweep_workload(*, closed: int, open_: int, now: datetime) -> Workload:
    """`closed` closed complaints and `open_` open ones, registered an hour more than the
    acknowledgement time of the SLA in force before `now`, so their deadline has passed."""
    overdue_since = now - policies_from_environment().complaint_sla.acknowledge_within
    opened = [open_complaint(overdue_since - timedelta(hours=1)) for _ in range(open_)]
    return Workload(now=now, closed=closed, opened=opened)


@attrs.frozen
class _Batch:
    recorded: list[Recorded]
    deadlines: list[Deadline]


class _Collector:
    """What the handler takes for its ledger during a fill: it keeps each append for the bulk
    append, and reads nothing. No read is needed: every command id is new, and each command of
    a fill decides on the state its complaint's previous command left in the handler's cache;
    a command that needs more stops the fill rather than decide on a log not yet written."""

    def __init__(self) -> None:
        self._recorded: list[Recorded] = []
        self._deadlines: dict[uuid.UUID, Deadline] = {}

    def append(
        self, recorded: Sequence[Recorded], *, deadlines: Sequence[Deadline] = ()
    ) -> list[int]:
        self._recorded.extend(recorded)
        for deadline in deadlines:
            # Applied one by one, only an aggregate's latest entry counts; the bulk append
            # moves the index once per aggregate.
            self._deadlines.pop(deadline.aggregate_id, None)
            self._deadlines[deadline.aggregate_id] = deadline
        return []

    def command_record(self, command_id: uuid.UUID) -> None:
        """A refused command asks whether it was accepted before: never, its id is new (the
        refusal then reaches the fill with its own message)."""

    def take(self) -> _Batch:
        batch = _Batch(self._recorded, list(self._deadlines.values()))
        self._recorded, self._deadlines = [], {}
        return batch

    def __getattr__(self, name: str) -> Any:
        raise _ReadRefused(name)


class _ReadRefused(BenchError):
    def __init__(self, name: str) -> None:
        super().__init__(f"the bench's bulk fill cannot read the store (the handler asked {name})")
        self.name = name


_DONE = object()


def fill(
    opsledger: Opsledger,
    complaints: Iterable[Commands],
    *,
    batch: int = FILL_BATCH,
    progress: Callable[[str], None] | None = None,
    cache: StateCache | None = None,
) -> int:
    """Decide every command through a CommandHandler on this store's clock and policies, and
    append their events, command records and deadline entries `batch` complaints per
    transaction, in the order given. Returns the number of events and records stored.

    The fill reads nothing: commands act on aggregates it creates, or on those whose stored
    state `cache` holds (loaded from this store before the fill, as the handler's own cache
    would hold them after a load)."""
    collector = _Collector()
    handler = CommandHandler(
        ledger=cast(Ledger, collector),
        cache=cache,
        clock=opsledger.clock,
        policies=policies_from_environment(),
    )
    batches: queue.Queue[object] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def decide_all() -> None:
        try:
            for count, commands in enumerate(complaints, start=1):
                if stop.is_set():
                    return
                for command in commands:
                    try:
                        result = handler.handle(command)
                    except _ReadRefused as error:
                        # The handler confirms a refusal against the store, which the fill has
                        # not written yet: the command was refused, or needs the store.
                        raise WorkloadRefused(
                            f"opsledger did not accept the bench's {command['type']} on the "
                            f"state the fill had made, and asked the store ({error.name})"
                        ) from None
                    if not result.ok:
                        raise WorkloadRefused(
                            f"opsledger refused the bench's {command['type']}: "
                            f"{result.code}: {result.message}"
                        )
                if count % batch == 0:
                    batches.put(collector.take())
            batches.put(collector.take())
            batches.put(_DONE)
        except BaseException as error:  # handed to the appending thread, which raises it
            batches.put(error)

    decider = threading.Thread(target=decide_all, name="bench-fill", daemon=True)
    decider.start()
    stored = 0
    started = time.perf_counter()
    try:
        for item in _until_done(batches):
            if item.recorded:
                opsledger.ledger.append(item.recorded, deadlines=item.deadlines)
            stored += len(item.recorded)
            if progress is not None and stored and time.perf_counter() - started > 10:
                progress(f"  … {stored:,} events and records stored")
                started = time.perf_counter()
    finally:
        stop.set()
        while decider.is_alive():  # let a decider blocked on a full queue see `stop`
            with contextlib.suppress(queue.Empty):
                batches.get(timeout=0.1)
        decider.join()
    return stored


def _until_done(batches: queue.Queue[object]) -> Iterator[_Batch]:
    while True:
        item = batches.get()
        if item is _DONE:
            return
        if isinstance(item, BaseException):
            raise item
        yield cast(_Batch, item)
