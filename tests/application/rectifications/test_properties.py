"""Properties of rectifications through the ledger, on random command sequences with sweeps in
between (SQLite): replaying the stored events with the rectification kind's fold gives exactly
the state the handler decided on (its cache) and the state the ledger loads, at the end and at
every version; a refused command appends nothing and an accepted one adds its events at the next
versions; and the stored events, read by a small model of DOMAIN §6a written here, move through
the states §6a allows, with each due date reported overdue at most once and only after it
passed, never once verified."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from application.commands.catalogue import KINDS
from domain.rectification.events import (
    RectificationDeadlineExtended,
    RectificationIssued,
    RectificationOverdue,
)
from domain.shared.recorded import Recorded
from infrastructure.opsledger import Opsledger
from tests.application.rectification_envelopes import (
    HEAD,
    MANAGEMENT,
    OTHER_HEAD,
    OTHER_SUPERVISOR,
    RESPONSIBLE,
    SENDERS,
    STATUSES,
    SUPERVISOR,
    VERSIONS,
    Json,
    command,
    drive,
    head,
    notice,
    the_responsible,
)
from tests.clocks import FixedClock

RECTIFICATION = KINDS["rectification"]
SHANGHAI = ZoneInfo("Asia/Shanghai")

#: Commands on an existing rectification, drawn at random; `advance` is the next step of the
#: rectification's road from wherever it stands, `sweep` a run of the deadline sweep.
VERBS = (
    "acknowledge", "start", "submit", "verify", "extend", "extend", "close", "sweep", "sweep",
    *["advance"] * 6,
)  # fmt: skip

#: Who sends a command: its usual sender most often, else someone who may or may not.
SENDER_POOL: tuple[Json | None, ...] = (
    *[None] * 5,
    RESPONSIBLE,
    HEAD,
    OTHER_HEAD,
    SUPERVISOR,
    OTHER_SUPERVISOR,
    MANAGEMENT,
    the_responsible("supervisor", "management"),
)

Action = tuple[str, Json | None, bool, int, int]

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(VERBS),
        st.sampled_from(SENDER_POOL),
        st.booleans(),  # verification passed
        st.integers(min_value=-3, max_value=20),  # extension: days after the due date in force
        st.integers(min_value=0, max_value=8),  # days the clock moves first
    ),
    min_size=3,
    max_size=25,
)

#: The next step of the road from each status.
NEXT = {
    "issued": "acknowledge",
    "acknowledged": "start",
    "rectifying": "submit",
    "submitted": "verify",
    "verified": "close",
    "closed": "close",
}


def body_of(ledger: Opsledger, rectification_id: UUID, action: Action) -> Json:
    verb, sender, passed, days, _ = action
    state = ledger.state(rectification_id)[1].state
    if verb == "advance":
        verb, sender, passed = NEXT[state.status.value], None, True
    actor = sender if sender is not None else SENDERS[verb]
    if verb == "verify":
        payload = {"passed": passed, "notes": "抽查 (sampled)" if passed else "缺件 (missing)"}
        return command(verb, rectification_id, actor=actor, payload=payload)
    if verb == "extend":
        new_due_on = (state.due_on + timedelta(days=days)).isoformat()
        return command(verb, rectification_id, actor=actor, payload={"new_due_on": new_due_on})
    return command(verb, rectification_id, actor=actor)


def replayed(history: list[Recorded]) -> Any:
    return RECTIFICATION.fold(None, [recorded.event for recorded in history])


#: DOMAIN §6a as a model: the status each event leaves, and the statuses it may follow.
MOVES: dict[str, tuple[frozenset[str | None], str | None]] = {
    "RectificationIssued": (frozenset({None}), "issued"),
    "RectificationAcknowledged": (frozenset({"issued"}), "acknowledged"),
    "RectificationStarted": (frozenset({"acknowledged"}), "rectifying"),
    "RectificationSubmitted": (frozenset({"rectifying"}), "submitted"),
    "RectificationVerified": (frozenset({"submitted"}), "verified"),
    "RectificationRejected": (frozenset({"submitted"}), "rectifying"),
    "RectificationDeadlineExtended": (
        frozenset({"issued", "acknowledged", "rectifying", "submitted"}),
        None,  # the status stays
    ),
    "RectificationClosed": (frozenset({"verified"}), "closed"),
    "RectificationOverdue": (
        frozenset({"issued", "acknowledged", "rectifying", "submitted"}),
        None,
    ),
}


def modelled_status(history: list[Recorded]) -> str | None:
    """The status DOMAIN's state machine gives the stored events, each checked to follow from
    the one before; and every overdue report is of the due date in force, after its day ended
    in Shanghai, once."""
    status: str | None = None
    due: date | None = None
    reported: set[date] = set()
    for recorded in history:
        came_from, goes_to = MOVES[recorded.event_type]
        assert status in came_from, (status, recorded.event_type)
        status = goes_to or status
        e = recorded.event
        if isinstance(e, RectificationIssued):
            due = e.due_on
        elif isinstance(e, RectificationDeadlineExtended):
            assert due is not None
            assert e.new_due_on > due
            due = e.new_due_on
        elif isinstance(e, RectificationOverdue):
            assert e.due_on == due
            assert due not in reported
            assert recorded.occurred_at.astimezone(SHANGHAI).date() > due
            reported.add(due)
    return status


@pytest.fixture
def sqlite_ledger(sqlite_url: str, clock: FixedClock) -> Iterator[Opsledger]:
    with Opsledger.open(sqlite_url, clock=clock) as opened:
        yield opened


def assert_cache_is_replay(ledger: Opsledger, rectification_id: UUID, version: int) -> None:
    cached = ledger.handler._cache.get("rectification", rectification_id)
    if cached is None:  # the sweep may leave the state to be loaded again
        return
    assert cached.version == version
    assert cached.state == replayed(ledger.history(rectification_id))


class TestReplayEqualsTheStateTheDecisionsSaw:
    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(start=st.sampled_from((*STATUSES, "rectifying", "submitted")), actions=ACTIONS)
    def test_random_commands_and_sweeps(
        self,
        sqlite_ledger: Opsledger,
        clock: FixedClock,
        start: str,
        actions: list[Action],
    ) -> None:
        ledger = sqlite_ledger
        # every example shares the store and the clock: each notice is due two weeks on
        due_on = clock.now().astimezone(SHANGHAI).date() + timedelta(days=14)
        rectification_id = drive(ledger, clock, to=start, issue=notice(due_on=due_on.isoformat()))
        version = VERSIONS[start]
        overdue = 0
        for action in actions:
            clock.advance(days=action[4], hours=1)
            before = head(ledger)
            if action[0] == "sweep":
                # earlier examples' rectifications may be reported too: count this one's
                ours = [b for b in ledger.sweep().breaches if b.aggregate_id == rectification_id]
                assert [b.event_type for b in ours] in ([], ["RectificationOverdue"])
                overdue += len(ours)
                version += len(ours)
                assert len(ledger.history(rectification_id)) == version
                assert_cache_is_replay(ledger, rectification_id, version)
                continue
            result = ledger.submit(body_of(ledger, rectification_id, action))
            if not result.ok:
                assert head(ledger) == before, result.to_json()
                continue
            assert result.version == version + len(result.events) == version + 1
            version = len(ledger.history(rectification_id))
            assert result.version == version
            assert_cache_is_replay(ledger, rectification_id, version)

        history = ledger.history(rectification_id)
        event(f"accepted {version - VERSIONS[start] - overdue} of {len(actions)}")
        event(f"overdue reports: {overdue}")
        assert [r.originator_version for r in history] == list(range(1, version + 1))
        loaded = ledger.state(rectification_id)[1]
        assert (loaded.version, loaded.state) == (version, replayed(history))
        for upto in range(1, version + 1):
            assert ledger.state(rectification_id, version=upto)[1].state == replayed(history[:upto])
        assert modelled_status(history) == loaded.state.status.value
        event(f"ends {loaded.state.status.value}")
