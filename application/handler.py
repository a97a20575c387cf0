"""The command handler: read, check, decide, append and answer; refusals append nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

from application.backoff import Backoff
from application.command_record import CommandHandled, command_record_id
from application.commands.catalogue import COMMANDS
from application.commands.spec import CommandSpec, Context, Policies
from application.envelope import Envelope, read_envelope
from application.errors import (
    ConcurrencyConflict,
    DuplicateCommand,
    InvalidCommand,
    StoreUnavailable,
)
from application.ledger import Ledger, Loaded
from application.payload import read_fields
from application.ports import Clock, SecurityLog
from application.refusals import refusal_record, with_payload_problems
from application.results import Result
from application.state_cache import StateCache
from domain.shared.actor import Role
from domain.shared.errors import DomainError, Forbidden, InvalidTransition, RuleViolation
from domain.shared.events import Event
from domain.shared.recorded import Recorded

#: How far in the future a command's business time may lie (clock skew between services).
MAX_FUTURE_SKEW = timedelta(minutes=5)

#: How long a command without `expected_version` keeps deciding again after losing races.
DEFAULT_RETRY_SECONDS = 5.0

#: Namespace of the ids given to aggregates created without a caller-chosen id.
NEW_AGGREGATES = UUID("0c8e3f4a-7b21-5d96-a1e3-5f2b9c7d4e18")


class CommandHandler:
    """The one entry point for commands: `handle(envelope) -> Result`, never an exception for
    anything the caller sent."""

    def __init__(
        self,
        *,
        ledger: Ledger,
        clock: Clock,
        security_log: SecurityLog,
        cache: StateCache | None = None,
        policies: Policies | None = None,
        retry_seconds: float = DEFAULT_RETRY_SECONDS,
    ) -> None:
        self._ledger = ledger
        self._clock = clock
        self._security_log = security_log
        self._cache = cache if cache is not None else StateCache()
        self._policies = policies or Policies()
        self._retry_seconds = retry_seconds

    def handle(self, raw: object) -> Result:
        """Decide one command. Accepted: events appended atomically with the command's record.
        Refused: nothing appended, the refusal written to the security log. A store that cannot
        be reached gives `store_unavailable`, saying whether anything was stored."""
        try:
            return self._handle_or_refuse(raw)
        except StoreUnavailable as error:
            return unavailable(error)

    def _handle_or_refuse(self, raw: object) -> Result:
        envelope: Envelope | None = None
        try:
            envelope = read_envelope(raw)
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
                    return _replay(prior, envelope)
            except DomainError as error:
                refusal = error
        return self._refuse(raw, envelope, refusal)

    def refuse_unreadable(self, message: str) -> Result:
        """A line that is not JSON at all: refused and logged like any malformed command."""
        try:
            return self._refuse(None, None, InvalidCommand(message))
        except StoreUnavailable as error:
            return unavailable(error)

    def _refuse(self, raw: object, envelope: Envelope | None, refusal: DomainError) -> Result:
        at = self._clock.now()
        self._security_log.record(refusal_record(raw=raw, envelope=envelope, error=refusal, at=at))
        return Result.refused(code=refusal.code, message=refusal.message, details=refusal.details)

    def _handle(self, envelope: Envelope) -> Result:
        spec = COMMANDS.get(envelope.type)
        if spec is None:
            raise InvalidCommand(
                f"unknown command type {envelope.type!r}", fields={"type": "unknown command type"}
            )
        if envelope.actor.holds(Role.SYSTEM):
            # The deadline sweep acts as `system` from inside the process; a sender claiming it
            # would escape the rules that hold for people and services (DOMAIN §1).
            raise Forbidden(
                "the system role is the deadline sweep's own; no command may claim it",
                action=spec.type,
                claimed_role=Role.SYSTEM.value,
            )
        payload = self._read_payload(spec, envelope)
        now = self._clock.now()
        at = envelope.occurred_at or now
        if at > now + MAX_FUTURE_SKEW:
            raise InvalidCommand(
                "occurred_at lies more than 5 minutes in the future",
                fields={"occurred_at": "may not lie more than 5 minutes in the future"},
            )
        # A new aggregate's id follows from the command id, so a retried create names the same one.
        aggregate_id = envelope.aggregate_id or uuid5(NEW_AGGREGATES, str(envelope.command_id))
        retries = Backoff(seconds=self._retry_seconds)
        while True:
            try:
                return self._attempt(
                    spec, envelope, payload=payload, aggregate_id=aggregate_id, at=at
                )
            except ConcurrencyConflict:
                if self._ledger.command_record(envelope.command_id) is not None:
                    raise  # this very command was accepted before: handle() replays it
                if spec.creates and self._ledger.exists(aggregate_id):
                    raise InvalidTransition(spec.kind.name, "already created", "create") from None
                # Writers that collided back off by different, growing pauses, so one of
                # them wins the next round; the race is given up only after a bounded time.
                if envelope.expected_version is not None or not retries.wait():
                    raise
            # Decided again on the newer state, at the clock's now unless the sender fixed it.
            at = envelope.occurred_at or self._clock.now()

    def _read_payload(self, spec: CommandSpec, envelope: Envelope) -> dict[str, Any]:
        values, problems = read_fields(spec.fields, envelope.payload, prefix="payload.")
        problems.update(envelope.payload_problems)
        if spec.reason_required and not (envelope.reason and envelope.reason.strip()):
            problems["reason"] = f"a reason is required for {spec.type}"
        if not spec.creates and envelope.aggregate_id is None:
            problems["aggregate_id"] = "missing"
        if problems:
            raise InvalidCommand.naming(problems)
        return values

    def _attempt(
        self,
        spec: CommandSpec,
        envelope: Envelope,
        *,
        payload: dict[str, Any],
        aggregate_id: UUID,
        at: datetime,
    ) -> Result:
        """Decide on the cached state when there is one; anything but acceptance is decided
        again on the stored state, since another process may have moved the aggregate."""
        cached = None if spec.creates else self._cache.get(spec.kind.name, aggregate_id)
        expected = envelope.expected_version
        if cached is not None and expected is not None and expected != cached.version:
            cached = None  # the caller has seen another version than ours: ask the store
        if cached is not None:
            try:
                return self._decide_and_append(
                    spec, envelope, payload=payload, aggregate_id=aggregate_id, at=at, loaded=cached
                )
            except ConcurrencyConflict:
                self._cache.evict(spec.kind.name, aggregate_id)
                raise  # a lost race: _handle decides again, at the clock's new now
            except DomainError:
                self._cache.evict(spec.kind.name, aggregate_id)
                at = envelope.occurred_at or self._clock.now()
        loaded = None
        if not spec.creates:
            loaded = self._ledger.load(spec.kind, aggregate_id)
        try:
            return self._decide_and_append(
                spec, envelope, payload=payload, aggregate_id=aggregate_id, at=at, loaded=loaded
            )
        except ConcurrencyConflict:
            self._cache.evict(spec.kind.name, aggregate_id)
            raise

    def _decide_and_append(
        self,
        spec: CommandSpec,
        envelope: Envelope,
        *,
        payload: dict[str, Any],
        aggregate_id: UUID,
        at: datetime,
        loaded: Loaded | None,
    ) -> Result:
        # A create starts from nothing: an id already taken fails the append on its version 1.
        state, version, last_at = None, 0, None
        if loaded is not None:
            state, version, last_at = loaded.state, loaded.version, loaded.last_occurred_at
        if envelope.occurred_at is None and last_at is not None and at < last_at:
            # A defaulted business time is the later of now and the aggregate's last event:
            # another process's clock may run a little ahead of ours.
            at = last_at
        if envelope.expected_version is not None and envelope.expected_version != version:
            raise ConcurrencyConflict(
                f"expected version {envelope.expected_version}, but the {spec.kind.name} "
                f"is at version {version}",
                expected_version=envelope.expected_version,
                actual_version=version,
            )
        context = Context(
            aggregate_id=aggregate_id,
            actor=envelope.actor,
            at=at,
            reason=envelope.reason,
            policies=self._policies,
        )
        # Roles and state rules first, so a forbidden attempt is recorded as forbidden.
        events = spec.decide(state, context, payload)
        if last_at is not None and at < last_at:
            raise RuleViolation(
                "occurred_at may not precede the aggregate's previous event",
                occurred_at=at.isoformat(),
                previous_occurred_at=last_at.isoformat(),
            )
        names = tuple(event.type_name() for event in events)
        record = CommandHandled(
            occurred_at=at,
            actor=envelope.actor,
            command_type=spec.type,
            body_digest=envelope.body_digest,
            aggregate_id=aggregate_id,
            version=version + len(events),
            events=names,
        )
        self._ledger.append(
            [
                *self._recorded(envelope, stream_id=aggregate_id, version=version, events=events),
                *self._recorded(
                    envelope,
                    stream_id=command_record_id(envelope.command_id),
                    version=0,
                    events=[record],
                ),
            ]
        )
        self._cache.put(
            spec.kind.name,
            aggregate_id,
            Loaded(
                state=spec.kind.fold(state, events),
                version=record.version,
                last_occurred_at=max(at, last_at) if last_at else at,
            ),
        )
        return Result.accepted(aggregate_id=aggregate_id, version=record.version, events=names)

    def _recorded(
        self, envelope: Envelope, *, stream_id: UUID, version: int, events: Sequence[Event]
    ) -> list[Recorded]:
        recorded_at = self._clock.now()
        return [
            Recorded(
                originator_id=stream_id,
                originator_version=version + offset,
                recorded_at=recorded_at,
                event=event,
                command_id=envelope.command_id,
                correlation_id=envelope.correlation_id or envelope.command_id,
                causation_id=envelope.causation_id or envelope.command_id,
                reason=envelope.reason,
            )
            for offset, event in enumerate(events, start=1)
        ]


def unavailable(error: StoreUnavailable) -> Result:
    """`store_unavailable`, telling the sender what became of the command and what to do."""
    if error.outcome == "unknown":
        advice = (
            "whether the command was stored is unknown: send it again with the same "
            "command_id, which applies it at most once"
        )
    else:
        advice = "nothing was stored: sending it again with the same command_id is safe"
    return Result.refused(
        code=error.code,
        message=f"{error.message}; {advice}",
        details={**error.details, "outcome": error.outcome, "retry_with_same_command_id": True},
    )


def _replay(prior: CommandHandled, envelope: Envelope) -> Result:
    if prior.body_digest != envelope.body_digest:
        raise DuplicateCommand(
            f"command id {envelope.command_id} was already used for a different command",
            command_id=str(envelope.command_id),
            first_type=prior.command_type,
        )
    return Result.accepted(
        aggregate_id=prior.aggregate_id, version=prior.version, events=prior.events
    )
