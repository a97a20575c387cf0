"""Properties of risks through the ledger, on random command sequences and sweeps (SQLite):
replaying the stored events with the risk kind's fold gives exactly the state the handler
decided on (its cache) and the state the ledger loads, at the end and at every version; a
refused command appends nothing and an accepted one adds its events at the next versions. In
the stored events, read against DOMAIN §6 written out here: every level is the matrix's and
every next review date is 30/60/90/180 days on by it; a residual assessment is never above the
inherent one and lower only after a completed action or a transfer; an action is completed by
its owner, once; a risk is closed only with every action completed; each review date and each
action is reported overdue at most once, and never before it is late."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from application.commands.catalogue import KINDS
from domain.shared.recorded import Recorded
from infrastructure.opsledger import Opsledger
from tests.application.risk_envelopes import (
    ACTION_OWNER,
    INSURER,
    MANAGEMENT,
    OTHER_ACTION_OWNER,
    OWNER,
    REVIEW_DAYS,
    RISK_OFFICER,
    SENDERS,
    STATUSES,
    VERSIONS,
    Json,
    command,
    drive,
    head,
    late_from,
    level,
    local_day,
    the_owner,
)
from tests.clocks import FixedClock

RISK = KINDS["risk"]

#: Commands on an existing risk, drawn at random; `advance` is the next step of the risk's road
#: from wherever it stands, `sweep` moves the clock on some days and sweeps.
VERBS = (
    "assess", "choose_response", "approve_acceptance", "add_action", "complete_action",
    "assess_residual", "review", "close", "reopen", "sweep", "sweep", "sweep",
    *["advance"] * 10,
)  # fmt: skip

#: Who sends a command: its usual sender most often, else someone who may or may not.
SENDER_POOL: tuple[Json | None, ...] = (
    *[None] * 6,
    OWNER,
    RISK_OFFICER,
    MANAGEMENT,
    ACTION_OWNER,
    OTHER_ACTION_OWNER,
    the_owner("management", "risk_officer"),
)
ACTION_IDS = ("A-1", "A-2", "A-3")
ACTION_OWNERS = (ACTION_OWNER, OTHER_ACTION_OWNER)
STRATEGIES = ("avoid", "reduce", "transfer", "transfer", "accept", "accept")

#: Where an example starts: every status, responding most often.
STARTS = (*STATUSES, "responding", "responding", "assessed")

Action = tuple[str, Json | None, int, int, str, int, int, int]

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(VERBS),
        st.sampled_from(SENDER_POOL),
        st.integers(min_value=0, max_value=6),  # likelihood (0 and 6 are malformed)
        st.integers(min_value=1, max_value=5),  # impact
        st.sampled_from(STRATEGIES),
        st.integers(min_value=0, max_value=len(ACTION_IDS) - 1),
        st.integers(min_value=-1, max_value=40),  # days from today an action is due
        st.integers(min_value=0, max_value=100),  # days a sweep moves the clock on
    ),
    min_size=5,
    max_size=30,
)


def advancing(risk: Any, action: Action, today: date) -> tuple[str, Json | None, Json | None]:
    """The next step of the road from the risk's state (read only to choose what to send): a
    verb, its sender (None: the usual) and its payload (None: the usual)."""
    _, _, likelihood, impact, _, which, _, _ = action
    status = risk.status.value
    still_open = [a for a in risk.actions.values() if a.completed_at is None]
    if status in ("identified", "reopened"):
        return "assess", None, {"likelihood": max(1, min(likelihood, 5)), "impact": impact}
    if status == "assessed":
        return "choose_response", None, None
    if risk.acceptance_pending:
        return "approve_acceptance", None, None
    if still_open:
        first = still_open[0]
        owner = {**ACTION_OWNER, "id": first.owner_id}
        return "complete_action", owner, {"action_id": first.action_id, "evidence": "完成 (done)"}
    if status == "responding":
        if not risk.actions:
            return "add_action", None, action_payload(ACTION_IDS[which], today, which)
        return "assess_residual", None, {"likelihood": risk.likelihood, "impact": risk.impact}
    if status == "monitoring":
        return "close", None, None
    return "reopen", None, None


def action_payload(action_id: str, due_on: date, which: int) -> Json:
    return {
        "action_id": action_id,
        "description": f"措施 {action_id}",
        "owner_id": ACTION_OWNERS[which % 2]["id"],
        "due_on": due_on.isoformat(),
    }


def body_of(ledger: Opsledger, clock: FixedClock, risk_id: Any, action: Action) -> Json:
    verb, sender, likelihood, impact, strategy, which, due_in, _ = action
    today = local_day(clock.now())
    payload: Json | None = None
    if verb == "advance":
        verb, sender, payload = advancing(ledger.state(risk_id)[1].state, action, today)
    elif verb in ("assess", "assess_residual"):
        payload = {"likelihood": likelihood, "impact": impact}
    elif verb == "choose_response":
        payload = {"strategy": strategy, "rationale": "理由 (why)"}
        if strategy == "transfer" and which:
            payload["counterparty"] = INSURER
    elif verb == "add_action":
        payload = action_payload(ACTION_IDS[which], today + timedelta(days=due_in), which)
    elif verb == "complete_action":
        payload = {"action_id": ACTION_IDS[which], "evidence": "完成 (done)"}
        sender = sender if sender is not None else ACTION_OWNERS[which % 2]
    actor = sender if sender is not None else SENDERS[verb]
    return command(verb, risk_id, actor=actor, payload=payload)


def replayed(history: list[Recorded]) -> Any:
    return RISK.fold(None, [recorded.event for recorded in history])


def assert_domain_rules_hold(history: list[Recorded]) -> None:
    """Walk the stored events against DOMAIN §6 as written here."""
    inherent: tuple[int, int] | None = None
    strategy: str | None = None
    completed_since_assessed = False
    owners: dict[str, str] = {}
    completed: set[str] = set()
    reported_reviews: list[Any] = []
    reported_actions: list[str] = []
    for recorded in history:
        e: Any = recorded.event
        name = recorded.event_type
        if name in ("RiskAssessed", "ResidualRiskAssessed", "RiskReviewed"):
            if name != "RiskReviewed":
                assert e.level == level(e.likelihood, e.impact), recorded
            days = REVIEW_DAYS[e.level.value]
            assert e.next_review_on == local_day(recorded.occurred_at) + timedelta(days=days)
            assert e.review_due == late_from(e.next_review_on)
        if name == "RiskAssessed":
            inherent, strategy, completed_since_assessed = (e.likelihood, e.impact), None, False
        elif name == "ResponseChosen":
            strategy = e.strategy.value
        elif name == "ResidualRiskAssessed":
            assert inherent is not None
            assert e.likelihood <= inherent[0], (e, inherent)
            assert e.impact <= inherent[1], (e, inherent)
            if (e.likelihood, e.impact) != inherent:
                assert completed_since_assessed or strategy == "transfer", recorded
        elif name == "MitigationActionAdded":
            assert e.action_id not in owners
            owners[e.action_id] = e.owner_id
        elif name == "MitigationActionCompleted":
            assert recorded.actor.id == owners[e.action_id]
            assert e.action_id not in completed
            completed.add(e.action_id)
            completed_since_assessed = True
        elif name == "RiskClosed":
            assert set(owners) == completed
        elif name == "RiskReviewOverdue":
            assert recorded.occurred_at >= e.review_due
            reported_reviews.append(e.review_due)
        elif name == "MitigationActionOverdue":
            assert recorded.occurred_at >= late_from(e.due_on) == e.action_due
            assert e.action_id not in completed
            reported_actions.append(e.action_id)
    assert len(reported_reviews) == len(set(reported_reviews))
    assert len(reported_actions) == len(set(reported_actions))


@contextmanager
def fresh_ledger(directory: Path) -> Iterator[tuple[Opsledger, FixedClock]]:
    """A ledger on a new SQLite file with its own clock at the usual start: each example's
    sweeps move the clock by weeks, and sweep every risk of the store."""
    clock = FixedClock()
    url = f"sqlite:///{directory / f'{uuid4().hex}.db'}"
    with Opsledger.open(url, clock=clock) as opened:
        yield opened, clock


class TestReplayEqualsTheStateTheDecisionsSaw:
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(start=st.sampled_from(STARTS), actions=ACTIONS)
    def test_random_commands(self, tmp_path: Path, start: str, actions: list[Action]) -> None:
        with fresh_ledger(tmp_path) as (ledger, clock):
            self.walk(ledger, clock, start, actions)

    def walk(self, ledger: Opsledger, clock: FixedClock, start: str, actions: list[Action]) -> None:
        risk_id = drive(ledger, clock, to=start)
        version = VERSIONS[start]
        accepted = 0
        for action in actions:
            if action[0] == "sweep":
                clock.advance(days=action[-1])
                ledger.sweep()
                version = len(ledger.history(risk_id))
            else:
                clock.advance(hours=1)
                before = head(ledger)
                result = ledger.submit(body_of(ledger, clock, risk_id, action))
                if not result.ok:
                    assert head(ledger) == before, result.to_json()
                    continue
                accepted += 1
                assert result.version == version + len(result.events)
                version = len(ledger.history(risk_id))
                assert result.version == version
            cached = ledger.handler._cache.get("risk", risk_id)
            if cached is not None:
                assert cached.version == version
                assert cached.state == replayed(ledger.history(risk_id))

        history = ledger.history(risk_id)
        event(f"accepted {accepted} of {len(actions)}")
        event(f"ends {ledger.state(risk_id)[1].state.status.value}")
        reports = [r for r in history if r.event_type.endswith("Overdue")]
        event(f"{'some' if reports else 'no'} overdue reports")
        assert [r.originator_version for r in history] == list(range(1, version + 1))
        loaded = ledger.state(risk_id)[1]
        assert (loaded.version, loaded.state) == (version, replayed(history))
        for upto in range(1, version + 1):
            assert ledger.state(risk_id, version=upto)[1].state == replayed(history[:upto])
        assert_domain_rules_hold(history)
