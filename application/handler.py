"""The command handler: read, check, decide, append and answer; a refusal appends its entry in
the security log and nothing to any aggregate."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from application.aggregate_ids import aggregate_id_of
from application.answers import replay, unavailable
from application.backoff import Backoff
from application.batch import Line, Staged, Unreadable, with_positions
from application.command_record import CommandHandled, command_record_id
from application.commands.catalogue import COMMANDS, KIND_OF
from application.commands.spec import CommandSpec, Context, Policies
from application.envelope import Envelope, read_envelope
from application.errors import (
    ConcurrencyConflict,
    InvalidCommand,
    PayloadKeyMissing,
    StoreUnavailable,
)
from application.kinds import AggregateKind
from application.ledger import Ledger, Loaded
from application.ports import Clock, Deadline
from application.refusals import read_payload, with_payload_problems
from application.results import Result
from application.security_log import Excerpt, refusal_entry
from application.senders import check_role, check_sender
from application.state_cache import StateCache
from application.step import Decided, Stamp, Step, stamped
from domain.shared.errors import DomainError, InvalidTransition, RuleViolation
from domain.shared.events import Event
from domain.shared.recorded import Recorded

#: How far in the future a command's business time may lie (clock skew between services).
MAX_FUTURE_SKEW = timedelta(minutes=5)

#: How long a command without `expected_version` keeps deciding again after losing races.
DEFAULT_RETRY_SECONDS = 5.0


class CommandHandler:
    """The one entry point for commands: `handle(envelope) -> Result`, never an exception for
    anything the caller sent. The sweep's breaches take the same path (`apply_deadlines`)."""

    def __init__(
        self,
        *,
        ledger: Ledger,
        clock: Clock,
        cache: StateCache | None = None,
        policies: Policies | None = None,
        retry_seconds: float = DEFAULT_RETRY_SECONDS,
    ) -> None:
        self._ledger = ledger
        self._clock = clock
        self._cache = cache if cache is not None else StateCache()
        self._policies = policies or Policies()
        self._retry_seconds = retry_seconds
        #: The open batch, while `handle_batch` runs: what its commands decided is staged in it.
        self._staged: Staged | None = None

    def handle(self, raw: object, *, excerpt: Excerpt | None = None) -> Result:
        """Decide one command. Accepted: events appended atomically with the command's record.
        Refused: nothing appended to any aggregate, an entry appended to the security log (with
        `excerpt`, kept of the input line should it not be a readable command). A store that
        cannot be reached (also for the refusal's entry) gives `store_unavailable`; stored
        events encrypted with a key not given give `cipher_key_missing`, and nothing is stored."""
        try:
            return self._handle_or_refuse(raw, excerpt)
        except StoreUnavailable as error:
            return unavailable(error)
        except PayloadKeyMissing as error:
            return Result.refused(code=error.code, message=error.message, details=error.details)

    def refuse_unreadable(self, message: str, *, excerpt: Excerpt | None = None) -> Result:
        """A line that is not JSON at all: refused and logged like any malformed command."""
        try:
            return self._refuse(None, None, InvalidCommand(message), excerpt)
        except StoreUnavailable as error:
            return unavailable(error)

    def record_refusal(
        self,
        raw: object,
        refusal: DomainError,
        *,
        envelope: Envelope | None = None,
        excerpt: Excerpt | None = None,
    ) -> None:
        """Write a refusal to the security log, dated by the clock: in its place in the open
        batch, or else appended on its own; `StoreUnavailable` when the store cannot take it."""
        entry = refusal_entry(
            raw=raw, envelope=envelope, error=refusal, at=self._clock.now(), excerpt=excerpt
        )
        if self._staged is not None:
            self._staged.refuse(entry)
            return
        try:
            self._ledger.append([entry])
        except StoreUnavailable as error:
            # Whatever became of the entry, nothing of the command itself was stored.
            raise StoreUnavailable(
                f"the refusal could not be written to the security log: {error.message}",
                refusal=refusal.code,
            ) from None

    def handle_batch(
        self,
        items: Sequence[object],
        *,
        on_failure: Callable[[object, Exception], Result],
        before: Callable[[int], None] | None = None,
    ) -> list[Result]:
        """Handle commands in order, each accepted or refused on its own and each seeing the
        ones before it, and store every accepted one's events and every refusal's entry, in
        that order, in one transaction. Should that transaction fail (another writer got in
        first, the store went away), each command is handled again on its own, so no answer is
        wrong and no refusal unlogged. `items` are envelopes, `Line`s or `Unreadable` lines; an
        unexpected exception in one is `on_failure`'s answer for it. `before(i)` runs before
        the i-th item is handled (a simulation moves its clock)."""
        staged = Staged()
        self._staged = staged
        results: list[Result] = []
        #: How many entries were staged once each item was handled.
        ends: list[int] = []
        try:
            for index, item in enumerate(items):
                if before is not None:
                    before(index)
                results.append(self._handle_item(item, on_failure))
                ends.append(len(staged.recorded))
        finally:
            self._staged = None
        if not staged.recorded:
            return results
        try:
            positions = self._ledger.append(
                staged.recorded, deadlines=list(staged.deadlines.values())
            )
        except (ConcurrencyConflict, StoreUnavailable):
            for kind, aggregate_id in staged.states:
                self._cache.evict(kind, aggregate_id)
            for index, item in enumerate(items):
                results[index] = self._handle_item(item, on_failure)
            return results
        return with_positions(results, ends=ends, positions=positions)

    def _handle_item(
        self, item: object, on_failure: Callable[[object, Exception], Result]
    ) -> Result:
        try:
            if isinstance(item, Unreadable):
                return self.refuse_unreadable(item.message, excerpt=item.excerpt)
            if isinstance(item, Line):
                return self.handle(item.value, excerpt=item.excerpt)
            return self.handle(item)
        except Exception as error:
            return on_failure(item, error)

    def apply_deadlines(
        self, kind: AggregateKind, aggregate_id: UUID, *, now: datetime, stamp: Stamp
    ) -> tuple[Event, ...]:
        """The sweep's step for one aggregate: its breaches at `now`, appended like a command's
        events (dated never before its latest event); none when another writer got in first,
        for the next sweep to look again."""

        def breaches(state: Any, noticed_at: datetime) -> Sequence[Event]:
            return kind.overdue(state, now, noticed_at)

        step = Step(kind=kind, aggregate_id=aggregate_id, decide=breaches, stamp=stamp)
        try:
            decided = self._attempt(step, at=now)
        except ConcurrencyConflict:
            return ()
        return decided.events

    def _handle_or_refuse(self, raw: object, excerpt: Excerpt | None) -> Result:
        envelope: Envelope | None = None
        try:
            envelope = read_envelope(raw)
            staged = self._staged.commands.get(envelope.command_id) if self._staged else None
            if staged is not None:
                return replay(staged, envelope)  # sent twice in one batch
            return self._handle(envelope)
        except InvalidCommand as error:
            refusal: DomainError = error if envelope else with_payload_problems(raw, error)
        except DomainError as error:
            refusal = error
        if envelope is not None:
            # Only refusals pay for this look-up: a retry of an accepted command is refused on
            # its second decision (or by the command record's key), and gets the first result.
            try:
                prior = self._ledger.command_record(envelope.command_id)
                if prior is not None:
                    position = self._ledger.position_of(command_record_id(envelope.command_id), 1)
                    return replay(prior, envelope, position=position)
            except DomainError as error:
                refusal = error
        return self._refuse(raw, envelope, refusal, excerpt)

    def _refuse(
        self,
        raw: object,
        envelope: Envelope | None,
        refusal: DomainError,
        excerpt: Excerpt | None,
    ) -> Result:
        self.record_refusal(raw, refusal, envelope=envelope, excerpt=excerpt)
        return Result.refused(code=refusal.code, message=refusal.message, details=refusal.details)

    def _handle(self, envelope: Envelope) -> Result:
        spec = COMMANDS.get(envelope.type)
        if spec is None:
            raise InvalidCommand(
                # The type as sent can be any length: the answer shows its start alone.
                f"unknown command type {_shown(envelope.type)}",
                fields={"type": "unknown command type"},
            )
        check_sender(spec, envelope)
        payload = self._read_payload(spec, envelope)
        check_role(spec, envelope)
        now = self._clock.now()
        if envelope.occurred_at is not None and envelope.occurred_at > now + MAX_FUTURE_SKEW:
            raise InvalidCommand(
                "occurred_at lies more than 5 minutes in the future",
                fields={"occurred_at": "may not lie more than 5 minutes in the future"},
            )
        kind = KIND_OF[spec.type]

        def decide(state: Any, at: datetime) -> Sequence[Event]:
            context = Context(
                aggregate_id=aggregate_id,
                actor=envelope.actor,
                at=at,
                reason=envelope.reason,
                policies=self._policies,
            )
            return spec.decide(state, context, payload)

        def record(version: int, events: tuple[str, ...], at: datetime) -> CommandHandled:
            return CommandHandled(
                occurred_at=at,
                actor=envelope.actor,
                command_type=spec.type,
                body_digest=envelope.body_digest,
                aggregate_id=aggregate_id,
                version=version,
                events=events,
            )

        aggregate_id = aggregate_id_of(kind, spec, envelope, payload)
        step = Step(
            kind=kind,
            aggregate_id=aggregate_id,
            decide=decide,
            stamp=Stamp(
                command_id=envelope.command_id,
                correlation_id=envelope.correlation_id or envelope.command_id,
                causation_id=envelope.causation_id or envelope.command_id,
                reason=envelope.reason,
            ),
            creates=spec.creates,
            expected_version=envelope.expected_version,
            occurred_at=envelope.occurred_at,
            record=record,
        )
        return self._until_decided(step, at=envelope.occurred_at or now)

    def _read_payload(self, spec: CommandSpec, envelope: Envelope) -> Any:
        values, problems = read_payload(spec, envelope.payload)
        problems.update(envelope.payload_problems)
        if spec.reason_required and not (envelope.reason and envelope.reason.strip()):
            problems["reason"] = f"a reason is required for {spec.type}"
        if not spec.creates and envelope.aggregate_id is None:
            problems["aggregate_id"] = "missing"
        if problems:
            raise InvalidCommand.naming(problems)
        return values

    def _until_decided(self, step: Step, *, at: datetime) -> Result:
        """Decide and append; after a lost race, decide again on the newer state (with
        growing, jittered pauses, for a bounded time) unless the sender named a version."""
        retries = Backoff(seconds=self._retry_seconds)
        while True:
            try:
                decided = self._attempt(step, at=at)
                return Result.accepted(
                    aggregate_id=step.aggregate_id,
                    version=decided.version,
                    events=tuple(event.type_name() for event in decided.events),
                    position=decided.position,
                )
            except ConcurrencyConflict:
                if self._ledger.command_record(step.stamp.command_id) is not None:
                    raise  # this very command was accepted before: handle() replays it
                if step.creates and self._ledger.exists(step.aggregate_id):
                    raise InvalidTransition(step.kind.name, "already created", "create") from None
                if step.expected_version is not None or not retries.wait():
                    raise
            at = step.occurred_at or self._clock.now()

    def _attempt(self, step: Step, *, at: datetime) -> Decided:
        """Decide on the cached state when there is one; anything but acceptance is decided
        again on the stored state, since another process may have moved the aggregate."""
        name = step.kind.name
        staged = self._staged.state_of(name, step.aggregate_id) if self._staged else None
        if staged is not None:
            # Its newest events are staged in this batch, not yet stored: only the batch has
            # its state, and a refusal on it is final.
            if step.creates:
                raise InvalidTransition(name, "already created", "create")
            return self._decide_and_append(step, at=at, loaded=staged)
        cached = None if step.creates else self._cache.get(name, step.aggregate_id)
        expected = step.expected_version
        if cached is not None and expected is not None and expected != cached.version:
            cached = None  # the caller has seen another version than ours: ask the store
        if cached is not None:
            try:
                return self._decide_and_append(step, at=at, loaded=cached)
            except ConcurrencyConflict:
                self._cache.evict(name, step.aggregate_id)
                raise  # a lost race: decided again, at the clock's new now
            except DomainError:
                self._cache.evict(name, step.aggregate_id)
                at = step.occurred_at or self._clock.now()
        loaded = None if step.creates else self._ledger.load(step.kind, step.aggregate_id)
        try:
            return self._decide_and_append(step, at=at, loaded=loaded)
        except ConcurrencyConflict:
            self._cache.evict(name, step.aggregate_id)
            raise

    def _decide_and_append(self, step: Step, *, at: datetime, loaded: Loaded | None) -> Decided:
        # A create starts from nothing: an id already taken fails the append on its version 1.
        state, version, last_at = None, 0, None
        if loaded is not None:
            state, version, last_at = loaded.state, loaded.version, loaded.last_occurred_at
        if step.occurred_at is None and last_at is not None and at < last_at:
            # A defaulted business time is the later of now and the aggregate's last event:
            # another process's clock may run a little ahead of ours.
            at = last_at
        if step.expected_version is not None and step.expected_version != version:
            raise ConcurrencyConflict(
                f"expected version {step.expected_version}, but the {step.kind.name} "
                f"is at version {version}",
                expected_version=step.expected_version,
                actual_version=version,
            )
        # Roles and state rules first, so a forbidden attempt is recorded as forbidden.
        events = tuple(step.decide(state, at))
        if not events:
            return Decided(version=version, events=())
        if last_at is not None and at < last_at:
            raise RuleViolation(
                "occurred_at may not precede the aggregate's previous event",
                occurred_at=at.isoformat(),
                previous_occurred_at=last_at.isoformat(),
            )
        new_state = step.kind.fold(state, events)
        new_version = version + len(events)
        recorded = self._recorded(step, version=version, events=events)
        record = None
        if step.record is not None:
            record = step.record(new_version, tuple(e.type_name() for e in events), at)
            recorded.append(
                self._recorded_one(
                    step, stream_id=command_record_id(step.stamp.command_id), event=record
                )
            )
        deadline = Deadline(
            aggregate_id=step.aggregate_id,
            aggregate_type=step.kind.name,
            due_at=step.kind.next_deadline(new_state),
        )
        loaded_now = Loaded(
            state=new_state,
            version=new_version,
            last_occurred_at=max(at, last_at) if last_at else at,
        )
        position = None
        if self._staged is None:
            position = max(self._ledger.append(recorded, deadlines=[deadline]), default=None)
        else:
            self._staged.stage(
                kind=step.kind.name,
                loaded=loaded_now,
                recorded=recorded,
                deadline=deadline,
                command_id=step.stamp.command_id,
                record=record,
            )
        self._cache.put(step.kind.name, step.aggregate_id, loaded_now)
        return Decided(version=new_version, events=events, position=position)

    def _recorded(self, step: Step, *, version: int, events: Sequence[Event]) -> list[Recorded]:
        recorded_at = self._clock.now()
        return [
            stamped(step.stamp, step.aggregate_id, version + offset, event, recorded_at)
            for offset, event in enumerate(events, start=1)
        ]

    def _recorded_one(self, step: Step, *, stream_id: UUID, event: Event) -> Recorded:
        return stamped(step.stamp, stream_id, 1, event, self._clock.now())


def _shown(text: str, *, limit: int = 100) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")
