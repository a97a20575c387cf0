"""`opsledger demo`: plays a planned quarter on a simulated clock, then reports."""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from typing import TextIO

import attrs

from application.command_record import CommandHandled
from application.commands.complaint import COMPLAINT
from application.errors import NotFound
from domain.complaint.state import Complaint
from domain.complaint.values import Status
from infrastructure.demo.company import COMPANY
from infrastructure.demo.planning import plan_quarter
from infrastructure.demo.scenarios import ComplaintPath, Plan
from infrastructure.demo.script import Step
from infrastructure.demo.simulated_clock import (
    COMPANY_TZ,
    Quarter,
    SimulatedClock,
    sweep_times,
)
from infrastructure.demo.summary import Refused, Summary, print_summary
from infrastructure.opsledger import Opsledger
from infrastructure.presentation.history import event_document

#: Log topic of the idempotency records written beside every accepted command.
COMMAND_RECORD_TOPIC = CommandHandled.type_name()


def run_demo(
    *,
    store: str | None,
    seed: int,
    complaints: int,
    as_json: bool,
    today: date | None = None,
    progress: TextIO | None = None,
) -> int:
    """Simulate the last full quarter before `today` (default: today in the company's time
    zone) and print a summary. Exit status 0, or 1 when a command the demo expected to be
    accepted was refused (or the reverse), which would mean the demo and the rules disagree."""
    started = time.perf_counter()
    quarter = Quarter.last_full_before(today or datetime.now(COMPANY_TZ).date())
    plans = plan_quarter(seed=seed, quarter=quarter, complaints=complaints)
    clock = SimulatedClock(quarter.start)
    with Opsledger.open(store, clock=clock) as ledger:
        head_before = ledger.projections.head()
        foreign = _foreign_complaints(ledger, plans)
        if foreign:
            print(
                f"opsledger demo: {ledger.store.display()} holds {foreign} complaint(s) the demo "
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
        )
        played.play(plans)
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


def _foreign_complaints(ledger: Opsledger, plans: Sequence[Plan]) -> int:
    """How many complaints in the store are not this demo's own (same seed, quarter, count)."""
    if not ledger.projections.head():
        return 0
    own = {plan.complaint_id for plan in plans}
    topics = [kind.type_name() for kind in COMPLAINT.created_by]
    return sum(
        1 for complaint_id in ledger.ledger.ids_created_by(topics) if complaint_id not in own
    )


@attrs.define
class _Week:
    """What happened in one simulated week, for the progress line."""

    received: int = 0
    commands: int = 0
    breaches: int = 0
    refused: int = 0


class _Playthrough:
    """Sends each step when the simulated clock reaches it, and sweeps on schedule."""

    def __init__(
        self, *, ledger: Opsledger, clock: SimulatedClock, quarter: Quarter, progress: TextIO
    ) -> None:
        self.ledger = ledger
        self.clock = clock
        self.quarter = quarter
        self.progress = progress
        self.commands = 0
        self.sweeps = 0
        self.breaches: Counter[str] = Counter()
        self.refusals: list[Refused] = []
        self.unexpected: list[str] = []
        self._derailed: set[int] = set()

    def play(self, plans: list[Plan]) -> None:
        steps = [step for plan in plans for step in plan.steps]
        agenda: list[tuple[datetime, int, int, int, Step | None]] = [
            (instant, 0, 0, 0, None) for instant in sweep_times(self.quarter)
        ]
        agenda += [(s.entered_at, 1, s.complaint_index, s.number, s) for s in steps]
        agenda.sort(key=lambda item: item[:4])
        ids = {plan.index: str(plan.complaint_id) for plan in plans}
        week_number, week = 1, _Week()
        for instant, _, _, _, step in agenda:
            number = self.quarter.week_of(instant)
            if number != week_number:
                self._report(week_number, week)
                week_number, week = number, _Week()
            self.clock.advance_to(instant)
            if step is None:
                found = self.ledger.sweep().breaches
                self.sweeps += 1
                self.breaches.update(breach.detail for breach in found)
                week.breaches += len(found)
            elif step.complaint_index not in self._derailed:
                self._send(step, ids[step.complaint_index], week)
        self._report(week_number, week)

    def _send(self, step: Step, complaint_id: str, week: _Week) -> None:
        result = self.ledger.submit(step.envelope)
        self.commands += 1
        week.commands += 1
        if result.ok:
            if step.command_type == "complaint.register":
                week.received += 1
            if step.refusal is not None:
                self.unexpected.append(
                    f"{step.command_type} by {step.actor.id} on {complaint_id} was accepted; "
                    f"the demo meant it to show: {step.refusal}"
                )
            return
        week.refused += 1
        self.refusals.append(
            Refused(
                complaint_id=complaint_id,
                command_type=step.command_type,
                actor_id=step.actor.id,
                actor_roles=tuple(role.value for role in step.actor.roles),
                code=str(result.code),
                message=str(result.message),
                deliberate=step.refusal,
            )
        )
        if step.refusal is None:
            # The rest of this complaint's story builds on the refused step: drop it.
            self._derailed.add(step.complaint_index)
            self.unexpected.append(
                f"{step.command_type} by {step.actor.id} on {complaint_id} was refused: "
                f"{result.code}: {result.message}"
            )

    def _report(self, number: int, week: _Week) -> None:
        self.progress.write(
            f"{self.quarter.label} week {number:2}/{self.quarter.weeks}: "
            f"{week.received:3} complaints received, {week.commands:4} commands, "
            f"{week.breaches:2} SLA breaches noticed, {week.refused} refused\n"
        )
        self.progress.flush()


def _summarise(
    ledger: Opsledger,
    played: _Playthrough,
    *,
    plans: list[Plan],
    seed: int,
    quarter: Quarter,
    head_before: int,
    started: float,
) -> Summary:
    statuses: Counter[str] = Counter()
    for plan in plans:
        try:
            _, loaded = ledger.state(plan.complaint_id)
        except NotFound:
            continue  # its registration was refused, which `unexpected` already reports
        complaint: Complaint = loaded.state
        statuses[complaint.status.value] += 1
    appended, records = _appended_since(ledger, head_before)
    status = ledger.projections.status()[0]
    showcase = plans[0] if plans else None
    history = (
        tuple(event_document(recorded) for recorded in ledger.history(showcase.complaint_id))
        if showcase is not None
        else ()
    )
    return Summary(
        company=COMPANY.name,
        quarter=quarter.label,
        seed=seed,
        complaints=len(plans),
        store=ledger.store.display(),
        elapsed_seconds=round(time.perf_counter() - started, 2),
        paths=_in_order(
            [path.value for path in ComplaintPath], Counter(plan.path.value for plan in plans)
        ),
        statuses=_in_order([status.value for status in Status], statuses),
        commands_sent=played.commands,
        sweeps=played.sweeps,
        breaches_noticed=dict(played.breaches),
        appended=appended,
        command_records=records,
        refusals=tuple(played.refusals),
        unexpected=tuple(played.unexpected),
        security_log_entries=len(ledger.security_log.entries()),
        audit_trail_position=status.position,
        log_head=status.head,
        showcase_id=str(showcase.complaint_id) if showcase is not None else None,
        showcase_path=showcase.path.value if showcase is not None else None,
        showcase_history=history,
    )


def _appended_since(ledger: Opsledger, position: int) -> tuple[dict[str, int], int]:
    """Events appended after `position`, counted by type, and the command records among them."""
    counts: Counter[str] = Counter()
    recorder = ledger.ledger.recorder
    while True:
        page = recorder.select_notifications(start=position, limit=1000, inclusive_of_start=False)
        if not page:
            break
        counts.update(notification.topic for notification in page)
        position = page[-1].id
    records = counts.pop(COMMAND_RECORD_TOPIC, 0)
    return dict(counts), records


def _in_order(names: list[str], counts: Counter[str]) -> dict[str, int]:
    """Counts in the order of `names` (a lifecycle, say), leaving out what never occurred."""
    return {name: counts[name] for name in names if counts[name]}
