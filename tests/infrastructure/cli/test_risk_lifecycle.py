"""A risk's whole life (DOMAIN §6) as JSON lines through one `opsledger submit` run, with a
refusal of every kind on the way: each line gives exactly the result written beside it here
(the event and version DOMAIN names, or the error code), including `segregation_of_duties` for
the owner, who also holds management, approving the acceptance of their own risk. Then
`audit state --as-of T` shows the risk as it stood at business time T, its level derived from
DOMAIN's matrix (L4xI4 and L5xI5 critical, L2xI2 low), and two sweeps give one
`RiskReviewOverdue` and one `MitigationActionOverdue`, for the one risk that owes them.
SQLite file and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import attrs
import orjson
import pytest

from tests.infrastructure.cli.command_line import Cli, Outcome
from tests.infrastructure.cli.story_lines import Line, history_of, results

Json = dict[str, Any]

#: Business time of line k is BASE + k hours: a fixed past, whatever the wall clock says.
BASE = datetime(2026, 7, 1, 1, 0, tzinfo=UTC)


@attrs.frozen
class Story:
    risk_id: UUID
    identified_id: UUID
    low_id: UUID
    #: Who the story's people are, by their part.
    ids: dict[str, str]
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines) + "\n"


def at(hours: float) -> datetime:
    return BASE + timedelta(hours=hours)


def story() -> Story:
    """Risk A from identification through every command of §6, with every refusal kind:
    assessed critical (L4xI4), accepted pending approval, approved by management after its
    owner (also management) was refused, two actions, a residual low (L2xI2) after one is done,
    reviewed, closed, reopened, assessed critical again (L5xI5), reduced, and a third action
    left open. B is only identified; C is assessed low (L1xI1), accepted without approval and
    closed. Actor ids are this story's own."""
    tag = uuid4().hex[:8]

    def actor(name: str, *roles: str, actor_id: str | None = None) -> Json:
        return {"id": actor_id or f"u-{name}-{tag}", "roles": list(roles), "department": name}

    buyer = actor("buyer", "operations")
    owner = actor("owner", "department_head")
    officer = actor("risk", "risk_officer")
    boss = actor("ceo", "management")
    doer = actor("eng", "operations")
    doer2 = actor("eng2", "operations")
    stranger = actor("head2", "department_head")
    auditor = actor("audit", "auditor")
    system = {"id": "system", "roles": ["system"], "department": "operations"}
    owner_as_boss = actor("owner", "department_head", "management", actor_id=owner["id"])

    a, b, c = uuid4(), uuid4(), uuid4()
    lines: list[Line] = []

    def send(
        verb: str,
        sender: Json,
        payload: Json | None = None,
        *,
        risk: UUID | None = a,
        events: tuple[str, ...] = (),
        version: int | None = None,
        code: str | None = None,
        **envelope: Any,
    ) -> Json:
        body: Json = {
            "type": f"risk.{verb}",
            "command_id": str(uuid4()),
            "actor": sender,
            "occurred_at": at(len(lines) + 1).isoformat(),
            "payload": payload or {},
        }
        if risk is not None:
            body["aggregate_id"] = str(risk)
        body.update(envelope)
        assert (code is None) == bool(events) == (version is not None)
        lines.append(Line(orjson.dumps(body).decode(), events, version, code))
        return body

    identify = {
        "title": "主要供应商单一来源 (single-source key supplier)",
        "category": "operational",
        "description": "芯片只有一家供应商 (one chip supplier)",
        "owner_id": owner["id"],
        "department": "procurement",
        "related_id": "c-2026-0042",
    }

    def scores(likelihood: int, impact: int) -> Json:
        return {"likelihood": likelihood, "impact": impact}

    def action(action_id: str, who: Json, due_on: str) -> Json:
        return {
            "action_id": action_id,
            "description": f"措施 {action_id}",
            "owner_id": who["id"],
            "due_on": due_on,
        }

    def done(action_id: str, evidence: str | None = "合同已签 (contract signed)") -> Json:
        return {"action_id": action_id, "evidence": evidence}

    why = "风险委员会决定 (decided by the risk committee)"
    accept_it = {"strategy": "accept", "rationale": "成本过高 (too costly to avoid)"}
    reduce_it = {"strategy": "reduce", "rationale": "增加第二供应商 (a second supplier)"}
    transfer_it = {"strategy": "transfer", "rationale": "投保 (insure it)"}
    R, E = "ResponseChosen", "MitigationActionAdded"  # noqa: N806

    send("identify", buyer, identify, events=("RiskIdentified",), version=1)  # line 1
    send("identify", auditor, identify, risk=uuid4(), code="forbidden")
    send("identify", buyer, {**identify, "category": "strategic"}, risk=uuid4(),
         code="invalid_command")  # fmt: skip
    send("identify", buyer, {**identify, "title": "  "}, risk=uuid4(), code="rule_violation")
    send("assess", stranger, scores(4, 4), code="forbidden")  # line 5: not the owner
    send("assess", officer, scores(0, 4), code="invalid_command")
    send("choose_response", owner, reduce_it, code="invalid_transition")  # not yet assessed
    send("assess", officer, scores(4, 4), events=("RiskAssessed",), version=2)  # critical
    send("choose_response", owner, transfer_it, code="rule_violation")  # no counterparty
    send("choose_response", owner, accept_it, events=(R,), version=3)  # line 10: pending
    send("assess_residual", officer, scores(4, 4), code="rule_violation")  # not yet approved
    send("approve_acceptance", owner_as_boss, code="segregation_of_duties")
    send("approve_acceptance", officer, code="forbidden")
    send("approve_acceptance", boss, expected_version=2, code="concurrency_conflict")
    send("approve_acceptance", boss, expected_version=3, events=("RiskAcceptanceApproved",),
         version=4)  # line 15  # fmt: skip
    send("add_action", owner, action("A-1", doer, "2026-07-10"), events=(E,), version=5)
    send("add_action", officer, action("A-1", doer2, "2026-07-12"), code="rule_violation")
    send("add_action", officer, action("A-2", doer2, "2026-06-30"), code="rule_violation")
    send("add_action", officer, action("A-2", doer2, "2026-07-02"), events=(E,), version=6)
    send("complete_action", officer, done("A-1"), code="forbidden")  # line 20
    send("complete_action", owner, done("A-1"), code="forbidden")
    send("complete_action", doer, done("A-1", "  "), code="rule_violation")
    send("complete_action", doer, done("A-1", None), code="invalid_command")
    send("complete_action", doer, done("A-1"), events=("MitigationActionCompleted",),
         version=7)  # fmt: skip
    send("close", officer, reason=why, code="rule_violation")  # line 25: A-2 is open
    send("assess_residual", officer, scores(5, 4), code="rule_violation")  # above L4xI4
    send("assess_residual", officer, scores(2, 6), code="invalid_command")
    send("assess_residual", owner, scores(2, 2), code="forbidden")
    send("assess_residual", officer, scores(2, 2), events=("ResidualRiskAssessed",), version=8)
    send("complete_action", doer2, done("A-2"), events=("MitigationActionCompleted",),
         version=9)  # line 30  # fmt: skip
    send("complete_action", doer2, done("A-2"), code="rule_violation")  # done already
    send("review", owner, {"notes": "供货稳定 (supply stable)"}, events=("RiskReviewed",),
         version=10)  # fmt: skip
    send("close", officer, code="invalid_command")  # no reason
    send("close", officer, reason=why, events=("RiskClosed",), version=11)
    send("close", officer, reason=why, code="invalid_transition")  # line 35
    send("reopen", owner, reason=why, code="forbidden")
    send("reopen", officer, reason=why, events=("RiskReopened",), version=12)
    send("review", owner, {"notes": "复查"}, code="invalid_transition")  # assess afresh first
    send("assess", owner, scores(5, 5), events=("RiskAssessed",), version=13)  # critical
    send("choose_response", officer, reduce_it, events=(R,), version=14)  # line 40
    third = send("add_action", owner, action("A-3", doer, "2026-07-20"), events=(E,), version=15)
    # the same command again is answered as the first time; its id on another body is refused
    lines.append(Line(orjson.dumps(third).decode(), (E,), 15))
    send("add_action", owner, action("A-4", doer, "2026-07-20"), command_id=third["command_id"],
         code="duplicate_command")  # fmt: skip
    send("assess", officer, scores(3, 3), risk=uuid4(), code="not_found")
    send("mitigate", officer, code="invalid_command")  # line 45
    lines.append(Line('{"type": "risk.close", not json', code="invalid_command"))
    send("close", system, reason=why, code="forbidden")

    send("identify", buyer, identify, risk=b, events=("RiskIdentified",), version=1)

    low = {**identify, "title": "办公用品涨价 (office supplies cost more)", "category": "market"}
    send("identify", owner, low, risk=c, events=("RiskIdentified",), version=1)
    send("assess", officer, scores(1, 1), risk=c, events=("RiskAssessed",), version=2)  # 50
    send("choose_response", owner, accept_it, risk=c, events=(R,), version=3)  # no approval
    send("approve_acceptance", boss, risk=c, code="rule_violation")  # nothing awaits it
    send("assess_residual", officer, scores(1, 1), risk=c, events=("ResidualRiskAssessed",),
         version=4)  # fmt: skip
    send("close", officer, risk=c, reason=why, events=("RiskClosed",), version=5)
    ids = {"owner": owner["id"], "boss": boss["id"], "doer": doer["id"], "doer2": doer2["id"]}
    return Story(risk_id=a, identified_id=b, low_id=c, ids=ids, lines=tuple(lines))


#: Risk A's events, in order, as DOMAIN §6 names them.
RISK_A_EVENTS = [
    "RiskIdentified",
    "RiskAssessed",
    "ResponseChosen",
    "RiskAcceptanceApproved",
    "MitigationActionAdded",
    "MitigationActionAdded",
    "MitigationActionCompleted",
    "ResidualRiskAssessed",
    "MitigationActionCompleted",
    "RiskReviewed",
    "RiskClosed",
    "RiskReopened",
    "RiskAssessed",
    "ResponseChosen",
    "MitigationActionAdded",
]


@attrs.frozen
class Told:
    """A story as submitted: what `opsledger submit` printed and its exit status."""

    story: Story
    outcome: Outcome


#: The story each store of this module was told: submitted once per store.
_TOLD: dict[str, Told] = {}


@pytest.fixture
def submitted(cli: Cli, store: str) -> Told:
    """The story, submitted on stdin in one `opsledger submit` run, once for this module's
    store of each kind; the tests read it (the sweep appends to risk A alone)."""
    if store not in _TOLD:
        fresh = story()
        outcome = cli("--store", store, "--format", "json", "submit", "-", stdin=fresh.text)
        _TOLD[store] = Told(fresh, outcome)
    return _TOLD[store]


@pytest.fixture
def told(submitted: Told) -> Story:
    """The story, once every line gave its result."""
    assert results(submitted.outcome) == [line.expected for line in submitted.story.lines]
    return submitted.story


class TestTheWholeLifeThroughSubmit:
    def test_every_line_gives_its_result(self, submitted: Told) -> None:
        """One run, one result per line, each exactly as written beside its line."""
        told, outcome = submitted.story, submitted.outcome
        assert len(told.lines) == 54
        codes = {line.code for line in told.lines} - {None}
        assert codes == {
            "invalid_command",
            "not_found",
            "invalid_transition",
            "rule_violation",
            "forbidden",
            "segregation_of_duties",
            "concurrency_conflict",
            "duplicate_command",
        }

        got = results(outcome)
        assert len(got) == len(told.lines)
        for number, (line, result) in enumerate(zip(told.lines, got, strict=True), start=1):
            assert result == line.expected, f"line {number}: {line.text}"
        assert outcome.status == 1  # some lines were refused

    def test_the_refusals_say_what_was_wrong(self, submitted: Told) -> None:
        answers = submitted.outcome.json_lines()

        def error(number: int) -> Json:
            found: Json = answers[number - 1]["error"]
            return found

        assert set(error(3)["details"]["fields"]) == {"payload.category"}
        assert set(error(6)["details"]["fields"]) == {"payload.likelihood"}
        assert set(error(23)["details"]["fields"]) == {"payload.evidence"}
        assert set(error(27)["details"]["fields"]) == {"payload.impact"}
        assert set(error(33)["details"]["fields"]) == {"reason"}
        assert error(9)["details"]["field"] == "counterparty"
        assert error(17)["details"]["field"] == "action_id"  # A-1 again
        assert error(18)["details"]["field"] == "due_on"  # before the day it is added
        assert error(22)["details"]["field"] == "evidence"
        assert error(25)["details"]["open_actions"] == ["A-2"]
        assert error(26)["details"]["field"] == "likelihood"
        assert error(12)["details"]["duty"] == "owns"
        assert error(20)["details"]["required_actor"] == "that action's owner"
        assert error(36)["details"]["allowed_roles"] == "risk_officer"
        assert (error(35)["details"]["status"], error(38)["details"]["status"]) == (
            "closed",
            "reopened",
        )

    def test_the_stored_history_is_exactly_the_accepted_events(
        self, cli: Cli, store: str, told: Story
    ) -> None:
        history = history_of(cli, store, told.risk_id)
        story_part = history[: len(RISK_A_EVENTS)]
        assert [e["event_type"] for e in story_part] == RISK_A_EVENTS
        assert [e["version"] for e in story_part] == list(range(1, 16))
        # after the story only the sweep writes to A (if a sweep ran before this test)
        assert {e["actor"]["id"] for e in history[len(RISK_A_EVENTS) :]} <= {"system"}
        # each event carries the business time of the line that appended it
        sent_at: dict[int, str] = {}
        for line in told.lines:
            body = orjson.loads(line.text) if line.version is not None else {}
            if line.version is None or body["aggregate_id"] != str(told.risk_id):
                continue
            sent_at[line.version] = body["occurred_at"]
        assert [datetime.fromisoformat(e["occurred_at"]) for e in story_part] == [
            datetime.fromisoformat(sent_at[version]) for version in range(1, 16)
        ]
        for other, events in (
            (told.identified_id, ["RiskIdentified"]),
            (
                told.low_id,
                [
                    "RiskIdentified",
                    "RiskAssessed",
                    "ResponseChosen",
                    "ResidualRiskAssessed",
                    "RiskClosed",
                ],
            ),
        ):
            assert [e["event_type"] for e in history_of(cli, store, other)] == events


def state_at(cli: Cli, store: str, risk_id: UUID, hours: float) -> Json:
    outcome = cli(
        "--store", store, "--format", "json", "audit", "state", str(risk_id),
        "--as-of", at(hours).isoformat(),
    )  # fmt: skip
    assert outcome.status == 0, outcome.err
    document: Json = outcome.json()
    return document


class TestAuditStateAsOf:
    """`audit state ID --as-of T` rebuilds the risk from the events of business time ≤ T; the
    level shown is the matrix's for the assessment in force (DOMAIN §6: L4 row "1 1 2 3 3",
    L5 row "1 2 2 3 3", L2 row "0 0 1 1 2", L1 row "0 0 0 1 1")."""

    @pytest.mark.parametrize(
        ("hours", "version", "status", "scores", "level", "residual", "next_review_on"),
        [
            (1.5, 1, "identified", (None, None), None, None, None),
            # line 8 on 1 July, 09:00 in Shanghai: L4xI4 critical, review 30 days on
            (8.5, 2, "assessed", (4, 4), "critical", None, "2026-07-31"),
            (10.5, 3, "responding", (4, 4), "critical", None, "2026-07-31"),
            (15.5, 4, "responding", (4, 4), "critical", None, "2026-07-31"),
            # line 29 on 2 July (06:00 UTC): residual L2xI2 low, review 180 days on
            (29.5, 8, "monitoring", (4, 4), "critical", "low", "2026-12-29"),
            (34.5, 11, "closed", (4, 4), "critical", "low", None),
            (37.5, 12, "reopened", (4, 4), "critical", "low", None),
            # line 39 on 2 July (16:00 UTC is 3 July in Shanghai): L5xI5 critical, 2 August
            (39.5, 13, "assessed", (5, 5), "critical", None, "2026-08-02"),
            (41.5, 15, "responding", (5, 5), "critical", None, "2026-08-02"),
        ],
    )
    def test_the_risk_as_it_stood(
        self,
        cli: Cli,
        store: str,
        told: Story,
        hours: float,
        version: int,
        status: str,
        scores: tuple[int | None, int | None],
        level: str | None,
        residual: str | None,
        next_review_on: str | None,
    ) -> None:
        document = state_at(cli, store, told.risk_id, hours)
        risk = document["state"]
        assert (document["aggregate_type"], document["version"]) == ("risk", version)
        assert (risk["status"], (risk["likelihood"], risk["impact"])) == (status, scores)
        assert (risk["level"], risk["residual_level"]) == (level, residual)
        assert risk["next_review_on"] == next_review_on

    def test_the_acceptance_and_the_recommendation(self, cli: Cli, store: str, told: Story) -> None:
        """Accepted on line 10 beside the recommended avoid (likelihood and impact both high),
        pending until management approved it on line 15."""
        pending = state_at(cli, store, told.risk_id, 10.5)["state"]
        assert (pending["strategy"], pending["recommended_strategy"]) == ("accept", "avoid")
        assert (pending["approval_required"], pending["acceptance_approved_by"]) == (True, None)
        approved = state_at(cli, store, told.risk_id, 15.5)["state"]
        assert approved["acceptance_approved_by"] == told.ids["boss"]

    def test_the_actions_as_they_stood(self, cli: Cli, store: str, told: Story) -> None:
        actions = state_at(cli, store, told.risk_id, 24.5)["state"]["actions"]
        assert {
            key: (a["owner_id"], a["completed_at"] is not None) for key, a in actions.items()
        } == {
            "A-1": (told.ids["doer"], True),
            "A-2": (told.ids["doer2"], False),
        }

    def test_as_a_table(self, cli: Cli, store: str, told: Story) -> None:
        table = cli(
            "--store", store, "audit", "state", str(told.risk_id), "--as-of", at(8.5).isoformat()
        )
        assert table.status == 0
        assert f"risk {told.risk_id} at version 2" in table.out
        rows = [row.split() for row in table.out.splitlines()]
        assert ["level", "critical"] in rows
        assert ["status", "assessed"] in rows


#: Risk A's review is due on 2 August 2026 (late from 16:00 UTC that day); its action A-3 on
#: 20 July (late from 16:00 UTC that day).
A_REVIEW_DUE = datetime(2026, 8, 2, 16, 0, tzinfo=UTC)


class TestTheSweepReportsEachLateThingOnce:
    def test_two_sweeps_one_of_each(self, cli: Cli, store: str, told: Story) -> None:
        """By the wall clock's now A's review date and A-3's due day have passed: one report of
        each, however often the sweep runs. B owes no review (never assessed); C is closed."""
        if datetime.now(UTC) < A_REVIEW_DUE:
            pytest.skip("the wall clock is before risk A's review date")
        found = []
        for _ in range(2):
            outcome = cli("--store", store, "--format", "json", "sweep")
            assert outcome.status == 0, outcome.err
            found += [(b["id"], b["event"]) for b in outcome.json()["breaches"]]

        a = str(told.risk_id)
        assert sorted(found) == [(a, "MitigationActionOverdue"), (a, "RiskReviewOverdue")]
        history = history_of(cli, store, told.risk_id)
        assert [e["event_type"] for e in history[:15]] == RISK_A_EVENTS
        late = history[15:]
        assert sorted(e["event_type"] for e in late) == [
            "MitigationActionOverdue",
            "RiskReviewOverdue",
        ]
        assert [e["version"] for e in late] == [16, 17]
        assert {e["actor"]["id"] for e in late} == {"system"}
        for other in (told.identified_id, told.low_id):
            assert not any(
                e["event_type"].endswith("Overdue") for e in history_of(cli, store, other)
            )
