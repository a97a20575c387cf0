"""A rectification's whole life (DOMAIN §6a) as JSON lines through one `opsledger submit` run,
with a refusal of every kind on the way: each line gives exactly the result written beside it
here (the event and version DOMAIN names, or the error code), including
`segregation_of_duties` for a supervisor issuing a notice to themself and for the responsible
person, holding supervisor and management, extending or verifying their own rectification.
Then `audit state --as-of T` shows the rectification as it stood at business time T, due date
and all, and two sweeps give one `RectificationOverdue` for the one late rectification. SQLite
file and PostgreSQL."""

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

#: Business time of line k is BASE + k hours (09:00 in Shanghai on 1 July 2026, plus k hours):
#: a fixed past, whatever the wall clock says. Lines 1 to 14 fall on 1 July in Shanghai.
BASE = datetime(2026, 7, 1, 1, 0, tzinfo=UTC)


@attrs.frozen
class Story:
    rectification_id: UUID
    late_id: UUID
    verified_late_id: UUID
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines) + "\n"


def at(hours: float) -> datetime:
    return BASE + timedelta(hours=hours)


def story() -> Story:
    """Notice A from issue to close through all seven commands, a failed verification and an
    extension on the way, with every refusal of §6a; B acknowledged and started, then left past
    its due date; C verified, but only after its due date. Actor ids are this story's own."""
    tag = uuid4().hex[:8]

    def actor(name: str, *roles: str, department: str, actor_id: str | None = None) -> Json:
        return {"id": actor_id or f"u-{name}-{tag}", "roles": list(roles), "department": department}

    sup = actor("sup", "supervisor", department="supervision")
    sup2 = actor("sup2", "supervisor", department="supervision")
    boss = actor("ceo", "management", department="management")
    buyer = actor("buyer", "operations", department="procurement")
    colleague = actor("buyer2", "operations", department="procurement")
    head = actor("head", "department_head", department="procurement")
    sales_head = actor("head-sales", "department_head", department="sales")
    auditor = actor("audit", "auditor", department="audit")
    system = {"id": "system", "roles": ["system"], "department": "operations"}
    # the buyer, later also holding supervisor and management: still the responsible person
    buyer_in_charge = actor(
        "buyer", "operations", "supervisor", "management", department="procurement",
        actor_id=buyer["id"],
    )  # fmt: skip

    a, b, c = uuid4(), uuid4(), uuid4()
    lines: list[Line] = []

    def send(
        verb: str,
        sender: Json,
        payload: Json | None = None,
        *,
        target: UUID | None = a,
        events: tuple[str, ...] = (),
        version: int | None = None,
        code: str | None = None,
        **envelope: Any,
    ) -> Json:
        body: Json = {
            "type": f"rectification.{verb}",
            "command_id": str(uuid4()),
            "actor": sender,
            "occurred_at": at(len(lines) + 1).isoformat(),
            "payload": payload or {},
        }
        if target is not None:
            body["aggregate_id"] = str(target)
        body.update(envelope)
        assert (code is None) == bool(events) == (version is not None)
        lines.append(Line(orjson.dumps(body).decode(), events, version, code))
        return body

    def notice(responsible: Json, due_on: str, **changes: Any) -> Json:
        return {
            "department": "procurement",
            "process": "供应商准入 (supplier onboarding)",
            "finding": "抽查 20 家有 4 家未做资质审核 (4 of 20 suppliers never vetted)",
            "severity": "high",
            "responsible_id": responsible["id"],
            "due_on": due_on,
            "related_id": f"PO-{tag}",
            **changes,
        }

    plan = {"plan": "补做资质审核 (vet them now)"}
    work = {"actions_taken": "12 家已复核 (12 rechecked)", "evidence": "复核记录 (records)"}
    more_work = {"actions_taken": "补齐营业执照 (licences filed)", "evidence": "扫描件 (scans)"}
    passed = {"passed": True, "notes": "抽查 5 家, 资料齐全 (5 sampled, complete)"}
    failed = {"passed": False, "notes": "仍缺 3 家营业执照 (3 licences missing)"}
    why = "供应商停工两周 (the supplier stopped work for two weeks)"
    later = {"new_due_on": "2026-07-20"}
    issued, acknowledged, submitted, extended = (
        ("RectificationIssued",),
        ("RectificationAcknowledged",),
        ("RectificationSubmitted",),
        ("RectificationDeadlineExtended",),
    )

    send("issue", sup, notice(buyer, "2026-07-10"), events=issued, version=1)  # line 1
    send("issue", auditor, notice(buyer, "2026-07-10"), target=uuid4(), code="forbidden")
    send(
        "issue",
        sup,
        notice(buyer, "2026-07-10", severity="critical"),
        target=uuid4(),
        code="invalid_command",
    )
    # 13:00 on 1 July in Shanghai: due the day it is issued
    send("issue", sup, notice(buyer, "2026-07-01"), target=uuid4(), code="rule_violation")
    send("issue", sup, notice(sup, "2026-07-10"), target=uuid4(), code="segregation_of_duties")
    send("start", buyer, plan, code="invalid_transition")  # line 6: not acknowledged yet
    send("acknowledge", sales_head, code="forbidden")  # the head of another department
    send("acknowledge", head, events=acknowledged, version=2)
    send("acknowledge", buyer, code="invalid_transition")
    send("start", colleague, plan, code="forbidden")  # line 10
    send("start", buyer, {"plan": "  "}, code="rule_violation")
    send("start", buyer, plan, events=("RectificationStarted",), version=3)
    send("extend", buyer_in_charge, later, reason=why, code="segregation_of_duties")
    send("extend", boss, later, code="invalid_command")  # no reason
    send("extend", boss, {"new_due_on": "2026-07-10"}, reason=why, code="rule_violation")  # 15
    send("extend", boss, later, reason=why, expected_version=2, code="concurrency_conflict")
    send("extend", boss, later, reason=why, expected_version=3, events=extended, version=4)
    send("submit", buyer, work, events=submitted, version=5)
    send("verify", buyer_in_charge, passed, code="segregation_of_duties")
    send("verify", boss, passed, code="forbidden")  # line 20
    send("close", sup, code="invalid_transition")  # submitted, not verified
    send("verify", sup2, failed, events=("RectificationRejected",), version=6)
    send("verify", sup2, passed, code="invalid_transition")  # back in rectifying
    send("submit", buyer, more_work, events=submitted, version=7)
    send("verify", sup, passed, events=("RectificationVerified",), version=8)  # line 25
    send("extend", boss, {"new_due_on": "2026-07-31"}, reason=why, code="invalid_transition")
    send("close", system, code="forbidden")
    closing = send("close", sup, events=("RectificationClosed",), version=9)
    # the same command again is answered as the first time; its id on another body is refused
    lines.append(Line(orjson.dumps(closing).decode(), ("RectificationClosed",), 9))
    send("close", sup2, command_id=closing["command_id"], code="duplicate_command")  # line 30
    send("submit", buyer, work, target=uuid4(), code="not_found")
    send("waive", sup, code="invalid_command")
    lines.append(Line('{"type": "rectification.close", not json', code="invalid_command"))

    # B: due 5 July, acknowledged and started by the colleague, never submitted
    send("issue", sup2, notice(colleague, "2026-07-05"), target=b, events=issued, version=1)
    send("acknowledge", colleague, target=b, events=acknowledged, version=2)  # line 35
    send("start", colleague, plan, target=b, events=("RectificationStarted",), version=3)

    # C: due 3 July, verified on 10 July, before any sweep: late, but no longer open
    send("issue", sup, notice(colleague, "2026-07-03"), target=c, events=issued, version=1)
    send("acknowledge", head, target=c, events=acknowledged, version=2)
    send("start", colleague, plan, target=c, events=("RectificationStarted",), version=3)
    send("submit", colleague, work, target=c, events=submitted, version=4)  # line 40
    send(
        "verify",
        sup2,
        passed,
        target=c,
        occurred_at="2026-07-10T02:00:00+00:00",
        events=("RectificationVerified",),
        version=5,
    )
    return Story(rectification_id=a, late_id=b, verified_late_id=c, lines=tuple(lines))


#: Notice A's events, in order, as DOMAIN §6a names them.
RECTIFICATION_A_EVENTS = [
    "RectificationIssued",
    "RectificationAcknowledged",
    "RectificationStarted",
    "RectificationDeadlineExtended",
    "RectificationSubmitted",
    "RectificationRejected",
    "RectificationSubmitted",
    "RectificationVerified",
    "RectificationClosed",
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
    store of each kind; the tests read it (the sweep appends to notice B alone)."""
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
        assert len(told.lines) == 41
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

        def error(line: int) -> Json:
            found: Json = answers[line - 1]["error"]
            return found

        # line 3: a severity DOMAIN does not know; line 14: an extension without its reason
        assert set(error(3)["details"]["fields"]) == {"payload.severity"}
        assert set(error(14)["details"]["fields"]) == {"reason"}
        # lines 4, 11, 15: a due date on the day issued, a blank plan, no later due date
        assert [error(n)["details"]["field"] for n in (4, 11, 15)] == [
            "due_on",
            "plan",
            "new_due_on",
        ]
        # lines 6, 9, 21, 23, 26: the status the rectification was in
        assert [error(n)["details"]["status"] for n in (6, 9, 21, 23, 26)] == [
            "issued",
            "acknowledged",
            "submitted",
            "rectifying",
            "verified",
        ]

    def test_the_stored_history_is_exactly_the_accepted_events(
        self, cli: Cli, store: str, told: Story
    ) -> None:
        history = history_of(cli, store, told.rectification_id)
        assert [e["event_type"] for e in history] == RECTIFICATION_A_EVENTS
        assert [e["version"] for e in history] == list(range(1, 10))
        # each event carries the business time of the line that appended it, and its sender
        sent: dict[int, Json] = {}
        for line in told.lines:
            body = orjson.loads(line.text) if line.version is not None else {}
            if line.version is None or body["aggregate_id"] != str(told.rectification_id):
                continue
            sent.setdefault(line.version, body)
        assert [datetime.fromisoformat(e["occurred_at"]) for e in history] == [
            datetime.fromisoformat(sent[version]["occurred_at"]) for version in range(1, 10)
        ]
        assert [e["actor"]["id"] for e in history] == [
            sent[version]["actor"]["id"] for version in range(1, 10)
        ]
        for other, count in ((told.late_id, 3), (told.verified_late_id, 5)):
            got = history_of(cli, store, other)
            assert [e["version"] for e in got][:count] == list(range(1, count + 1))


def state_at(cli: Cli, store: str, rectification_id: UUID, hours: float) -> Json:
    outcome = cli(
        "--store", store, "--format", "json", "audit", "state", str(rectification_id),
        "--as-of", at(hours).isoformat(),
    )  # fmt: skip
    assert outcome.status == 0, outcome.err
    document: Json = outcome.json()
    return document


class TestAuditStateAsOf:
    """`audit state ID --as-of T` rebuilds the rectification from the events of business time
    ≤ T."""

    @pytest.mark.parametrize(
        ("hours", "version", "status", "due_on"),
        [
            (1.5, 1, "issued", "2026-07-10"),
            (7.5, 1, "issued", "2026-07-10"),  # the other head's acknowledgement was refused
            (8.5, 2, "acknowledged", "2026-07-10"),
            (12.5, 3, "rectifying", "2026-07-10"),
            (16.5, 3, "rectifying", "2026-07-10"),  # refused extensions moved nothing
            (17.5, 4, "rectifying", "2026-07-20"),
            (18.5, 5, "submitted", "2026-07-20"),
            (22.5, 6, "rectifying", "2026-07-20"),  # the verification failed
            (24.5, 7, "submitted", "2026-07-20"),
            (25.5, 8, "verified", "2026-07-20"),
            (28.5, 9, "closed", "2026-07-20"),
            (40.5, 9, "closed", "2026-07-20"),
        ],
    )
    def test_the_rectification_as_it_stood(
        self,
        cli: Cli,
        store: str,
        told: Story,
        hours: float,
        version: int,
        status: str,
        due_on: str,
    ) -> None:
        document = state_at(cli, store, told.rectification_id, hours)
        rectification = document["state"]
        assert (document["aggregate_type"], document["version"]) == ("rectification", version)
        assert (rectification["status"], rectification["due_on"]) == (status, due_on)
        assert (
            rectification["responsible_id"]
            == orjson.loads(told.lines[0].text)["payload"]["responsible_id"]
        )

    def test_as_a_table(self, cli: Cli, store: str, told: Story) -> None:
        table = cli(
            "--store",
            store,
            "audit",
            "state",
            str(told.rectification_id),
            "--as-of",
            at(22.5).isoformat(),
        )
        assert table.status == 0
        assert f"rectification {told.rectification_id} at version 6" in table.out
        assert any(row.split() == ["status", "rectifying"] for row in table.out.splitlines())


class TestTheSweepReportsALateRectificationOnce:
    def test_two_sweeps_one_overdue(self, cli: Cli, store: str, told: Story) -> None:
        """Notice B was due on 5 July 2026 and never submitted; by the wall clock's now it is
        overdue. A was closed, C verified (late, but before any sweep): never."""
        if datetime.now(UTC) < datetime(2026, 7, 5, 16, 0, tzinfo=UTC):
            pytest.skip("the wall clock is before notice B's due date")
        found = []
        for _ in range(2):
            outcome = cli("--store", store, "--format", "json", "sweep")
            assert outcome.status == 0, outcome.err
            found += [(b["id"], b["event"]) for b in outcome.json()["breaches"]]

        assert found == [(str(told.late_id), "RectificationOverdue")]
        history = history_of(cli, store, told.late_id)
        assert [e["event_type"] for e in history] == [
            "RectificationIssued",
            "RectificationAcknowledged",
            "RectificationStarted",
            "RectificationOverdue",
        ]
        assert (history[-1]["version"], history[-1]["actor"]["id"]) == (4, "system")
        for done, last in (
            (told.rectification_id, "RectificationClosed"),
            (told.verified_late_id, "RectificationVerified"),
        ):
            assert history_of(cli, store, done)[-1]["event_type"] == last
        state = cli("--store", store, "--format", "json", "audit", "state", str(told.late_id))
        assert state.json()["state"]["status"] == "rectifying"
