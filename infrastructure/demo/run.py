"""`opsledger demo`: plays a planned quarter on a simulated clock, checks it, then reports."""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any, TextIO, cast

import attrs

from application.command_record import CommandHandled
from application.commands.catalogue import COMMANDS, KINDS
from application.errors import NotFound
from application.results import Result
from application.security_log import CommandRefused
from domain.budget.state import Budget
from domain.shared.actor import Role
from domain.shared.events import event_types
from infrastructure.demo.company import COMPANY
from infrastructure.demo.figures import TALLIES, budget_money, in_order
from infrastructure.demo.planning import Sizes, plan_quarter
from infrastructure.demo.script import Plan, Step
from infrastructure.demo.simulated_clock import (
    COMPANY_TZ,
    Quarter,
    SimulatedClock,
    sweep_times,
)
from infrastructure.demo.summary import KindSummary, Record, Refused, Summary, print_summary
from infrastructure.opsledger import Opsledger
from infrastructure.presentation.history import event_document
from infrastructure.presentation.values import readable

#: Log topic of the idempotency records written beside every accepted command.
COMMAND_RECORD_TOPIC = CommandHandled.type_name()

#: Log topic of the security log's entries, one per refused command.
REFUSAL_TOPIC = CommandRefused.type_name()

#: The most steps sent in one batch (one transaction) between two sweeps.
BATCH = 1000


def run_demo(
    *,
    store: str | None,
    seed: int,
    complaints: int,
    orders: int = 0,
    projects: int = 0,
    risks: int = 0,
    rectifications: int = 0,
    budgets: bool = True,
    as_json: bool,
    today: date | None = None,
    progress: TextIO | None = None,
) -> int:
    """Simulate the last full quarter before `today` (default: today in the company's time
    zone) and print a summary. Exit status 0, or 1 when the quarter did not go as planned: a
    command the demo expected to be accepted was refused, a deliberate mistake was accepted or
    refused for another reason, or the sweep found a deadline breach the plan did not predict
    (or missed one it did). The demo is an end-to-end check of the rules as much as a show."""
    started = time.perf_counter()
    quarter = Quarter.last_full_before(today or datetime.now(COMPANY_TZ).date())
    sizes = Sizes(
        complaints=complaints,
        orders=orders,
        projects=projects,
        risks=risks,
        rectifications=rectifications,
        budgets=budgets,
    )
    clock = SimulatedClock(quarter.start)
    with Opsledger.open(store, clock=clock) as ledger:
        plans = plan_quarter(
            seed=seed,
            quarter=quarter,
            sizes=sizes,
            signing_limits=ledger.policies.signing_limits,
        )
        head_before = ledger.projections.head()
        foreign = _foreign_records(ledger, plans)
        if foreign:
            print(
                f"opsledger demo: {ledger.store.display()} holds {foreign} record(s) the demo "
                "did not write; the demo writes a simulated quarter on a simulated clock and "
                "needs a store of its own (e.g. --store sqlite:///./opsledger-demo.db)",
                file=sys.stderr,
            )
            return 2
        played = _Playthrough(
            ledger=ledger,
            clock=clock,
            quarter=quarter,
            progress=progress if progress is not None else sys.stderr,
            replaying=head_before > 0,
        )
        played.play(plans)
        played.check_breaches(plans)
        ledger.projections.catch_up()
        summary = _summarise(
            ledger,
            played,
            plans=plans,
            seed=seed,
            quarter=quarter,
            head_before=head_before,
            started=started,
        )
    print_summary(summary, as_json=as_json)
    return 1 if summary.unexpected else 0


def _foreign_records(ledger: Opsledger, plans: Sequence[Plan]) -> int:
    """How many records in the store, of any kind, are not this demo's own (same seed,
    quarter and sizes)."""
    if not ledger.projections.head():
        return 0
    own = {plan.aggregate_id for plan in plans}
    topics = [event.type_name() for kind in KINDS.values() for event in kind.created_by]
    return sum(1 for record_id in ledger.ledger.ids_created_by(topics) if record_id not in own)


@attrs.define
class _Week:
    """What happened in one simulated week, for the progress line."""

    created: Counter[str] = attrs.field(factory=Counter)
    commands: int = 0
    breaches: int = 0
    refused: int = 0


class _Playthrough:
    """Sends each step when the simulated clock reaches it, sweeps on schedule, and notes
    whatever did not go as planned."""

    def __init__(
        self,
        *,
        ledger: Opsledger,
        clock: SimulatedClock,
        quarter: Quarter,
        progress: TextIO,
        replaying: bool,
    ) -> None:
        self.ledger = ledger
        #: The store already holds this run: accepted commands are answered with their first
        #: result, and deliberate mistakes are refused again, possibly with another code now
        #: that their records have moved on.
        self.replaying = replaying
        self.clock = clock
        self.quarter = quarter
        self.progress = progress
        self.commands = 0
        self.sweeps = 0
        #: Breaches by kind and event type (with its detail, such as which SLA).
        self.breaches: dict[str, Counter[str]] = defaultdict(Counter)
        self.refusals: list[Refused] = []
        self.unexpected: list[str] = []
        self._derailed: set[tuple[str, int]] = set()
        self._kinds: list[str] = []

    def play(self, plans: Sequence[Plan]) -> None:
        self._kinds = list(dict.fromkeys(plan.kind for plan in plans))
        rank = {kind: number for number, kind in enumerate(self._kinds)}
        agenda: list[tuple[datetime, int, int, int, int, Step | None]] = [
            (instant, 0, 0, 0, 0, None) for instant in sweep_times(self.quarter)
        ]
        agenda += [
            (s.entered_at, 1, rank[s.kind], s.index, s.number, s)
            for plan in plans
            for s in plan.steps
        ]
        agenda.sort(key=lambda item: item[:5])
        week_number, week = 1, _Week()
        # The steps between two sweeps go as one batch: one transaction, each step still
        # answered on its own, at its own time on the simulated clock.
        batch: list[Step] = []
        for instant, _, _, _, _, step in agenda:
            number = self.quarter.week_of(instant)
            if number != week_number or step is None or len(batch) >= BATCH:
                self._send_all(batch, week)
                batch = []
            if number != week_number:
                self._report(week_number, week)
                week_number, week = number, _Week()
            if step is None:
                self.clock.advance_to(instant)
                self._sweep(week)
            elif (step.kind, step.index) not in self._derailed:
                batch.append(step)
        self._send_all(batch, week)
        self._report(week_number, week)

    def _send_all(self, steps: Sequence[Step], week: _Week) -> None:
        if not steps:
            return
        results = self.ledger.submit_batch(
            [step.envelope for step in steps],
            before=lambda index: self.clock.advance_to(steps[index].entered_at),
        )
        for step, result in zip(steps, results, strict=True):
            self._answered(step, result, week)

    def _sweep(self, week: _Week) -> None:
        found = self.ledger.sweep().breaches
        self.sweeps += 1
        for breach in found:
            name = f"{breach.event_type} ({breach.detail})" if breach.detail else breach.event_type
            self.breaches[breach.aggregate_type][name] += 1
        week.breaches += len(found)

    def _answered(self, step: Step, result: Result, week: _Week) -> None:
        self.commands += 1
        week.commands += 1
        record_id = step.envelope["aggregate_id"]
        what = f"{step.command_type} by {step.actor.id} on {record_id}"
        expected = step.refusal
        if result.ok:
            if COMMANDS[step.command_type].creates:
                week.created[step.kind] += 1
            if expected is not None:
                self.unexpected.append(
                    f"{what} was accepted; the demo meant it to show: {expected.why}"
                )
            elif step.expects is not None and tuple(result.events) != step.expects:
                self.unexpected.append(
                    f"{what} appended {', '.join(result.events) or 'nothing'}; the demo "
                    f"expected {', '.join(step.expects)}"
                )
            return
        week.refused += 1
        code = str(result.code)
        self.refusals.append(
            Refused(
                kind=step.kind,
                record_id=record_id,
                command_type=step.command_type,
                actor_id=step.actor.id,
                actor_roles=tuple(role.value for role in step.actor.roles),
                code=code,
                message=str(result.message),
                expected_code=None if expected is None else expected.code,
                deliberate=None if expected is None else expected.why,
            )
        )
        if expected is None:
            # The rest of this record's story builds on the refused step: drop it.
            self._derailed.add((step.kind, step.index))
            self.unexpected.append(f"{what} was refused: {code}: {result.message}")
        elif code != expected.code and not self.replaying:
            self.unexpected.append(
                f"{what} was refused with {code} ({result.message}); the demo meant it to "
                f"show {expected.code}: {expected.why}"
            )

    def check_breaches(self, plans: Sequence[Plan]) -> None:
        """The log holds exactly the breaches, appended by the sweep, that the plan predicts
        for each record (one for each thing owed late, or each due time), and none for the
        others."""
        for plan in plans:
            if plan.breaches_expected is None or (plan.kind, plan.index) in self._derailed:
                continue
            try:
                history = self.ledger.history(plan.aggregate_id)
            except NotFound:
                continue  # its creation was refused, which `unexpected` already reports
            found = [e.event_type for e in history if e.actor.holds(Role.SYSTEM)]
            if len(found) != plan.breaches_expected:
                count = plan.breaches_expected
                expected = {0: "no breach", 1: "one breach"}.get(count, f"{count} breaches")
                self.unexpected.append(
                    f"the sweep appended {', '.join(found) or 'nothing'} for {plan.kind} "
                    f"{plan.aggregate_id} ({plan.path}); the plan expected {expected}"
                )

    def _report(self, number: int, week: _Week) -> None:
        created = ", ".join(f"{week.created[kind]:3} {kind}s" for kind in self._kinds)
        self.progress.write(
            f"{self.quarter.label} week {number:2}/{self.quarter.weeks}: new {created}; "
            f"{week.commands:4} commands, {week.breaches:2} breaches noticed, "
            f"{week.refused} refused\n"
        )
        self.progress.flush()


def _summarise(
    ledger: Opsledger,
    played: _Playthrough,
    *,
    plans: Sequence[Plan],
    seed: int,
    quarter: Quarter,
    head_before: int,
    started: float,
) -> Summary:
    appended, records, refusals_logged = _appended_since(ledger, head_before)
    end = quarter.end - timedelta(seconds=1)
    kinds: list[KindSummary] = []
    for kind in dict.fromkeys(plan.kind for plan in plans):
        mine = [plan for plan in plans if plan.kind == kind]
        statuses: Counter[str] = Counter()
        tallies: dict[str, Counter[str]] = defaultdict(Counter)
        order: list[str] = []
        rows: list[Record] = []
        for plan in mine:
            try:
                name, loaded = ledger.state(plan.aggregate_id)
            except NotFound:
                continue  # its creation was refused, which `unexpected` already reports
            status = getattr(loaded.state, "status", None)
            if status is not None and not order:
                order = [str(member.value) for member in type(status)]
            statuses[readable(status)] += 1
            tally = TALLIES.get(kind)
            for title, value in (tally(loaded.state) if tally else {}).items():
                tallies[title][value] += 1
            figures: dict[str, str | None] = (
                dict(budget_money(loaded.state))
                if isinstance(loaded.state, Budget)
                else _flat(ledger.figures(name, loaded, as_of=end))
            )
            if figures:
                rows.append(
                    Record(
                        id=str(plan.aggregate_id),
                        label=plan.label,
                        department=plan.department,
                        path=plan.path,
                        status=readable(status),
                        figures=figures,
                    )
                )
        showcase = mine[0]
        try:
            history = tuple(
                event_document(recorded) for recorded in ledger.history(showcase.aggregate_id)
            )
        except NotFound:
            history = ()
        kinds.append(
            KindSummary(
                kind=kind,
                count=len(mine),
                paths=_in_order(
                    list(dict.fromkeys(plan.path for plan in mine)),
                    Counter(plan.path for plan in mine),
                ),
                statuses=_in_order(order or sorted(statuses), statuses),
                tallies={title: in_order(title, counts) for title, counts in tallies.items()},
                departments=dict(sorted(Counter(plan.department or "" for plan in mine).items())),
                appended=dict(
                    sorted(appended.get(kind, {}).items(), key=lambda item: (-item[1], item[0]))
                ),
                breaches_noticed=dict(sorted(played.breaches.get(kind, Counter()).items())),
                breaches_predicted=(
                    None
                    if any(plan.breaches_expected is None for plan in mine)
                    else sum(plan.breaches_expected or 0 for plan in mine)
                ),
                deliberate_refusals=sum(
                    1 for r in played.refusals if r.kind == kind and r.deliberate is not None
                ),
                records=tuple(rows),
                showcase_id=str(showcase.aggregate_id),
                showcase_path=showcase.path,
                showcase_history=history,
            )
        )
    status = ledger.projections.status("audit_trail")[0]
    return Summary(
        company=COMPANY.name,
        quarter=quarter.label,
        seed=seed,
        store=ledger.store.display(),
        elapsed_seconds=round(time.perf_counter() - started, 2),
        commands_sent=played.commands,
        sweeps=played.sweeps,
        kinds=tuple(kinds),
        command_records=records,
        refusals=tuple(played.refusals),
        unexpected=tuple(played.unexpected),
        security_log_entries=refusals_logged,
        audit_trail_position=status.position,
        log_head=status.head,
    )


def _flat(figures: Mapping[str, object]) -> dict[str, str | None]:
    """A kind's figures as flat text: each field of each figure (a project's earned value:
    bac, pv, ev, ...), None where it has no value."""
    flat: dict[str, str | None] = {}
    for name, value in figures.items():
        if attrs.has(type(value)):
            for field in attrs.fields(cast(Any, type(value))):
                item = getattr(value, field.name)
                flat[field.name] = None if item is None else readable(item)
        else:
            flat[name] = None if value is None else readable(value)
    return flat


def _appended_since(ledger: Opsledger, position: int) -> tuple[dict[str, dict[str, int]], int, int]:
    """Events appended after `position`, counted by kind and type; and the command records and
    the refusals' entries appended beside them."""
    counts: Counter[str] = Counter()
    recorder = ledger.ledger.recorder
    while True:
        page = recorder.select_notifications(start=position, limit=1000, inclusive_of_start=False)
        if not page:
            break
        counts.update(notification.topic for notification in page)
        position = page[-1].id
    records = counts.pop(COMMAND_RECORD_TOPIC, 0)
    refusals = counts.pop(REFUSAL_TOPIC, 0)
    by_kind: dict[str, dict[str, int]] = defaultdict(dict)
    for topic, count in counts.items():
        known = event_types.get(topic)
        by_kind[known.aggregate_type if known is not None else "?"][topic] = count
    return dict(by_kind), records, refusals


def _in_order(names: list[str], counts: Mapping[str, int]) -> dict[str, int]:
    """Counts in the order of `names` (a lifecycle, say), leaving out what never occurred."""
    return {name: counts[name] for name in names if counts.get(name)}
