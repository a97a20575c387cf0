"""A create whose aggregate is one per something (a budget per department and year) takes its
id from that natural key, so two creates of the same thing cannot both succeed, even at once."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, ClassVar
from uuid import uuid4, uuid5

import attrs
import pytest

from application.aggregate_ids import NATURAL_KEYS
from application.commands import catalogue
from application.commands.payloads import given
from application.commands.readers import integer, text
from application.commands.spec import Context, declaring, who
from application.kinds import AggregateKind
from domain.shared.actor import Role
from domain.shared.events import Event
from infrastructure.opsledger import Opsledger
from tests.clocks import FixedClock


@attrs.frozen(kw_only=True)
class TallyOpened(Event):
    """A test-only aggregate: one tally per department and year."""

    aggregate_type: ClassVar[str] = "tally"
    department: str
    year: int


@attrs.frozen(kw_only=True)
class OpenTally:
    department: str = given(text)
    year: int = given(integer(low=2000, high=2100))


@attrs.frozen(kw_only=True)
class Tally:
    department: str
    year: int


def _evolve(state: Tally | None, event: Event) -> Tally:
    assert isinstance(event, TallyOpened)
    return Tally(department=event.department, year=event.year)


def _open(_: None, ctx: Context, p: OpenTally) -> Sequence[Event]:
    return [TallyOpened(occurred_at=ctx.at, actor=ctx.actor, department=p.department, year=p.year)]


TALLY = AggregateKind(
    name="tally",
    evolve=_evolve,
    created_by=(TallyOpened,),
    state_class=Tally,
    commands=(
        declaring("tally")(
            "open",
            who(Role.FINANCE),
            OpenTally,
            creates=True,
            natural_key=lambda p: f"{p.department}:{p.year}",
            decide=_open,
        ),
    ),
)

FINANCE = {"id": "u-fin-1", "roles": ["finance"], "department": "finance"}


@pytest.fixture(autouse=True)
def tally_declared(monkeypatch: pytest.MonkeyPatch) -> None:
    (spec,) = TALLY.commands
    monkeypatch.setitem(catalogue.COMMANDS, spec.type, spec)
    monkeypatch.setitem(catalogue.KIND_OF, spec.type, TALLY)
    monkeypatch.setitem(catalogue.KINDS, TALLY.name, TALLY)


def open_tally(department: str = "sales", year: int = 2026, **fields: Any) -> dict[str, Any]:
    return {
        "type": "tally.open",
        "command_id": str(uuid4()),
        "actor": FINANCE,
        "payload": {"department": department, "year": year},
        **fields,
    }


class TestTheIdFollowsFromTheNaturalKey:
    def test_the_id_is_derived_from_kind_and_key(self, ledger: Opsledger) -> None:
        result = ledger.submit(open_tally())
        assert result.ok, result.to_json()
        assert result.aggregate_id == uuid5(NATURAL_KEYS, "tally:sales:2026")

    def test_a_second_create_of_the_same_thing_is_refused(self, ledger: Opsledger) -> None:
        first = ledger.submit(open_tally())
        second = ledger.submit(open_tally())
        assert first.ok
        assert (second.ok, second.code) == (False, "invalid_transition")
        assert len(ledger.history(first.aggregate_id or uuid4())) == 1

    def test_another_year_is_another_aggregate(self, ledger: Opsledger) -> None:
        assert ledger.submit(open_tally(year=2026)).ok
        assert ledger.submit(open_tally(year=2027)).ok

    def test_a_caller_chosen_id_must_be_the_derived_one(self, ledger: Opsledger) -> None:
        refused = ledger.submit(open_tally(aggregate_id=str(uuid4())))
        assert (refused.ok, refused.code) == (False, "invalid_command")
        assert "aggregate_id" in refused.details["fields"]


class TestConcurrentCreates:
    def test_of_the_same_thing_exactly_one_wins(self, store_url: str, clock: FixedClock) -> None:
        """Four writers, each with its own connection, open the same tally at once."""
        ledgers = [Opsledger.open(store_url, clock=clock) for _ in range(4)]
        start = threading.Barrier(len(ledgers))
        answers: list[Any] = []

        def send(ledger: Opsledger) -> None:
            start.wait(timeout=30)
            answers.append(ledger.submit(open_tally()))

        threads = [threading.Thread(target=send, args=(ledger,)) for ledger in ledgers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        try:
            assert sorted(a.code or "ok" for a in answers) == [
                "invalid_transition",
                "invalid_transition",
                "invalid_transition",
                "ok",
            ]
            (winner,) = [a for a in answers if a.ok]
            assert len(ledgers[0].history(winner.aggregate_id)) == 1
        finally:
            for ledger in ledgers:
                ledger.close()
