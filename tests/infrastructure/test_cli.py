"""The `opsledger` command line (DESIGN §3): submit JSON lines, audit, projections and sweep on
both stores; exit status 0 / 1 / 2; JSON results in the DOMAIN §1 shape; never a traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import redirect_stdout
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import attrs
import orjson
import pytest
from freezegun import freeze_time

from infrastructure.cli.main import main
from tests.pg import throwaway_database

OPSLEDGER = Path(sys.executable).with_name("opsledger")
UNREACHABLE = "postgresql://postgres@127.0.0.1:1/postgres"


def frozen(moment: str) -> Any:
    """freezegun at `moment` for the command line under test. The connection pool keeps real
    time: its shutdown waits on timeouts that a frozen clock never lets expire."""
    return freeze_time(moment, ignore=["psycopg_pool"])


# --- running the command line -------------------------------------------------------------------


@attrs.frozen
class Outcome:
    """What one command line gave: exit status, standard output and standard error."""

    status: int
    out: str
    err: str

    def json_lines(self) -> list[Any]:
        return [orjson.loads(line) for line in self.out.splitlines() if line.strip()]

    def json(self) -> Any:
        (document,) = self.json_lines()
        return document


Cli = Callable[..., Outcome]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    """Runs `opsledger ARGS` in-process and returns its outcome."""
    monkeypatch.chdir(tmp_path)  # a stray default store would land here, not in the repo
    monkeypatch.delenv("OPSLEDGER_STORE", raising=False)

    def run(*argv: str, stdin: str | None = None) -> Outcome:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        status = main(list(argv))
        captured = capsys.readouterr()
        return Outcome(status, captured.out, captured.err)

    return run


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One store of each kind for this module; every test works on records of its own (a fresh
    PostgreSQL database per test would cost more than the tests)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('cli') / 'opsledger.db'}"
        return
    with throwaway_database() as url:
        yield url


# --- a complaint's life as JSON lines -----------------------------------------------------------


@attrs.frozen
class Line:
    """One line of a submit file and the result it must give."""

    text: str
    events: tuple[str, ...] = ()
    version: int | None = None
    code: str | None = None


@attrs.frozen
class Story:
    """A complaint's lifecycle as JSON lines, with the actors and business times it used."""

    complaint_id: UUID
    lines: tuple[Line, ...]
    agent: str
    manager: str
    assignee: str
    base: datetime

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines) + "\n"

    def at(self, hours: float) -> datetime:
        return self.base + timedelta(hours=hours)


def story() -> Story:
    """DOMAIN §3 from receipt to a final decision, with a refusal of each kind on the way.

    Line k (1-based) has business time base + k hours; actor ids are unique to this story.
    """
    tag = uuid4().hex[:8]
    cid = uuid4()
    agent: dict[str, Any] = {
        "id": f"u-cs-{tag}",
        "roles": ["customer_service"],
        "department": "客服",
    }
    manager: dict[str, Any] = {
        "id": f"u-sm-{tag}",
        "roles": ["service_manager"],
        "department": "客服",
    }
    assignee: dict[str, Any] = {
        "id": f"u-qa-{tag}",
        "roles": ["quality_inspector"],
        "department": "quality",
    }
    base = datetime(2026, 7, 1, 1, 0, tzinfo=UTC)  # a fixed past: no wall clock involved
    first_command = str(uuid4())
    lines: list[Line] = []

    def send(
        command: str,
        actor: dict[str, Any],
        payload: dict[str, Any] | None = None,
        *,
        events: tuple[str, ...] = (),
        code: str | None = None,
        aggregate_id: UUID | None = cid,
        command_id: str | None = None,
        **envelope: Any,
    ) -> None:
        body: dict[str, Any] = {
            "type": command,
            "command_id": command_id or str(uuid4()),
            "actor": actor,
            "occurred_at": (base + timedelta(hours=len(lines) + 1)).isoformat(),
            "payload": payload or {},
            **envelope,
        }
        if aggregate_id is not None:
            body["aggregate_id"] = str(aggregate_id)
        version = None
        if events:
            version = 1 + sum(len(line.events) for line in lines if line.code is None)
            version += len(events) - 1
        lines.append(Line(orjson.dumps(body).decode(), events, version, code))

    register = {
        "customer_id": "客户-1001",
        "channel": "phone",
        "summary": "扫地机器人到货时外壳破裂",
        "remedy_sought": "换货",
    }
    send(
        "complaint.register",
        agent,
        register,
        events=("ComplaintReceived",),
        command_id=first_command,
    )
    send("complaint.acknowledge", agent, {"message": "已收到"}, events=("ComplaintAcknowledged",))
    send("complaint.acknowledge", agent, {"message": "again"}, code="invalid_transition")
    send(
        "complaint.classify",
        manager,
        {"category": "product_quality", "severity": "high"},
        events=("ComplaintClassified",),
    )
    send(
        "complaint.assign",
        agent,
        {"department": "quality", "assignee_id": assignee["id"]},
        code="forbidden",
    )
    send(
        "complaint.assign",
        manager,
        {"department": "quality", "assignee_id": assignee["id"]},
        events=("ComplaintAssigned",),
    )
    send("complaint.close", agent, code="rule_violation")
    send(
        "complaint.record_investigation",
        assignee,
        {"root_cause": "包装缺少泡沫", "findings": "第3线"},
        events=("InvestigationRecorded",),
    )
    send("complaint.pause", assignee, {"waiting_for": "customer"}, events=("ComplaintPaused",))
    send("complaint.resume", assignee, events=("ComplaintResumed",))
    proposal = {"resolution": "换货", "remedy_offered": "新机"}
    send("complaint.propose_resolution", assignee, proposal, events=("ResolutionProposed",))
    send(
        "complaint.record_feedback",
        agent,
        {"satisfied": False, "csat": 2, "comment": "太慢"},
        events=("CustomerDissatisfied",),
    )
    send("complaint.propose_resolution", assignee, proposal, events=("ResolutionProposed",))
    send(
        "complaint.record_feedback",
        agent,
        {"satisfied": True, "csat": 5, "comment": "满意"},
        events=("CustomerSatisfied",),
    )
    send("complaint.close", agent, events=("ComplaintClosed",))
    send("complaint.reopen", manager, reason="客户再次来电", events=("ComplaintReopened",))
    send("complaint.escalate", manager, {"level": 1}, code="invalid_command")  # no reason
    send("complaint.escalate", manager, {"level": 1}, reason="VIP", events=("ComplaintEscalated",))
    send(
        "complaint.close_unresolved",
        manager,
        {"recourse_explained": True},
        reason="最终决定",
        events=("ComplaintClosedUnresolved",),
    )
    send("complaint.reopen", manager, reason="x", expected_version=1, code="concurrency_conflict")
    send("complaint.acknowledge", agent, {"message": "?"}, aggregate_id=uuid4(), code="not_found")
    send("complaint.teleport", agent, code="invalid_command")
    send("complaint.register", agent, register, command_id=first_command, code="duplicate_command")
    lines.append(Line("{this is not json", code="invalid_command"))
    return Story(
        complaint_id=cid,
        lines=tuple(lines),
        agent=agent["id"],
        manager=manager["id"],
        assignee=assignee["id"],
        base=base,
    )


LIFECYCLE_EVENTS = [
    "ComplaintReceived",
    "ComplaintAcknowledged",
    "ComplaintClassified",
    "ComplaintAssigned",
    "InvestigationRecorded",
    "ComplaintPaused",
    "ComplaintResumed",
    "ResolutionProposed",
    "CustomerDissatisfied",
    "ResolutionProposed",
    "CustomerSatisfied",
    "ComplaintClosed",
    "ComplaintReopened",
    "ComplaintEscalated",
    "ComplaintClosedUnresolved",
]


def submitted(cli: Cli, store: str, tmp_path: Path) -> Story:
    """The story submitted from a file; asserts it was handled as planned."""
    told = story()
    path = tmp_path / f"{told.complaint_id}.jsonl"
    path.write_text(told.text, encoding="utf-8")
    outcome = cli("--store", store, "--format", "json", "submit", str(path))
    assert outcome.status == 1, outcome
    assert len(outcome.json_lines()) == len(told.lines)
    return told


def accepted_lines(count: int) -> str:
    """`count` complaint registrations, all of which are accepted."""
    actor = {"id": "u-cs-ok", "roles": ["customer_service"]}
    payload = {"customer_id": "c", "channel": "email", "summary": "s", "remedy_sought": "r"}
    return "".join(
        orjson.dumps(
            {
                "type": "complaint.register",
                "command_id": str(uuid4()),
                "actor": actor,
                "payload": payload,
            }
        ).decode()
        + "\n"
        for _ in range(count)
    )


# --- tests --------------------------------------------------------------------------------------


class TestSubmitAFile:
    """`opsledger submit FILE` handles each JSON line in order, on its own, one result each."""

    def test_results_follow_the_lifecycle_and_refusals_have_stable_codes(
        self, cli: Cli, store: str, tmp_path: Path
    ) -> None:
        """Accepted lines give the DOMAIN §3 events and rising versions; refused ones give
        their stable error code; the exit status is 1 because some were refused."""
        told = story()
        path = tmp_path / "story.jsonl"
        path.write_text(told.text, encoding="utf-8")
        outcome = cli("--store", store, "--format", "json", "submit", str(path))
        assert outcome.status == 1
        results = outcome.json_lines()
        assert len(results) == len(told.lines)
        for line, result in zip(told.lines, results, strict=True):
            if line.code is None:
                assert result == {
                    "ok": True,
                    "aggregate_id": str(told.complaint_id),
                    "version": line.version,
                    "events": list(line.events),
                }, line.text
            else:
                assert result["ok"] is False, line.text
                assert result["error"]["code"] == line.code, (line.text, result)

    def test_the_log_holds_exactly_the_accepted_events(
        self, cli: Cli, store: str, tmp_path: Path
    ) -> None:
        """A refused line appends nothing: the history is the lifecycle's events alone."""
        told = submitted(cli, store, tmp_path)
        history = cli(
            "--store", store, "--format", "json", "audit", "history", str(told.complaint_id)
        )
        assert [event["event_type"] for event in history.json()] == LIFECYCLE_EVENTS

    def test_submitting_the_same_file_again_appends_nothing(
        self, cli: Cli, store: str, tmp_path: Path
    ) -> None:
        """Every accepted line replays its first result (same command ids); nothing is added."""
        told = story()
        path = tmp_path / "story.jsonl"
        path.write_text(told.text, encoding="utf-8")
        first = cli("--store", store, "--format", "json", "submit", str(path)).json_lines()
        again = cli("--store", store, "--format", "json", "submit", str(path)).json_lines()
        assert [r for r in again if r["ok"]] == [r for r in first if r["ok"]]
        history = cli(
            "--store", store, "--format", "json", "audit", "history", str(told.complaint_id)
        )
        assert len(history.json()) == len(LIFECYCLE_EVENTS)

    def test_all_accepted_exits_0(self, cli: Cli, store: str, tmp_path: Path) -> None:
        """When every line is accepted the exit status is 0."""
        path = tmp_path / "ok.jsonl"
        path.write_text(accepted_lines(3), encoding="utf-8")
        outcome = cli("--store", store, "submit", str(path))
        assert outcome.status == 0
        assert len(outcome.out.splitlines()) == 3

    def test_table_format_says_ok_or_refused_with_the_code(
        self, cli: Cli, store: str, tmp_path: Path
    ) -> None:
        """The default output has one line per envelope: `ok <id> vN Events` or
        `refused <code>: <message>`."""
        told = story()
        path = tmp_path / "story.jsonl"
        path.write_text(told.text, encoding="utf-8")
        outcome = cli("--store", store, "submit", str(path))
        printed = outcome.out.splitlines()
        assert len(printed) == len(told.lines)
        for line, text in zip(told.lines, printed, strict=True):
            if line.code is None:
                assert text.split() == [
                    "ok",
                    str(told.complaint_id),
                    f"v{line.version}",
                    *line.events,
                ]
            else:
                assert text.startswith(f"refused  {line.code}: ")

    def test_one_pretty_printed_envelope_is_one_command(
        self, cli: Cli, store: str, tmp_path: Path
    ) -> None:
        """A file holding one indented JSON envelope is read as a single command."""
        envelope = orjson.loads(accepted_lines(1))
        path = tmp_path / "one.json"
        path.write_bytes(orjson.dumps(envelope, option=orjson.OPT_INDENT_2))
        outcome = cli("--store", store, "--format", "json", "submit", str(path))
        assert outcome.status == 0
        assert outcome.json()["events"] == ["ComplaintReceived"]


class TestSubmitFromStandardInput:
    """`opsledger submit -` reads the same JSON lines from standard input."""

    def test_stdin_gives_the_same_results_as_a_file(self, cli: Cli, store: str) -> None:
        """The lifecycle sent on stdin gives the planned events and codes, exit status 1."""
        told = story()
        outcome = cli("--store", store, "--format", "json", "submit", "-", stdin=told.text)
        assert outcome.status == 1
        results = outcome.json_lines()
        assert [r["events"] if r["ok"] else r["error"]["code"] for r in results] == [
            list(line.events) if line.code is None else line.code for line in told.lines
        ]

    def test_no_file_argument_means_stdin(self, cli: Cli, store: str) -> None:
        """Without FILE, submit reads standard input."""
        outcome = cli("--store", store, "--format", "json", "submit", stdin=accepted_lines(2))
        assert outcome.status == 0
        assert [r["ok"] for r in outcome.json_lines()] == [True, True]

    def test_empty_input_submits_nothing(self, cli: Cli, store: str) -> None:
        """Empty input prints nothing and exits 0."""
        assert cli("--store", store, "submit", "-", stdin="\n \n") == Outcome(0, "", "")


class TestJsonResultShape:
    """`--format json` prints the DOMAIN §1 result shape, one JSON object per line."""

    def test_accepted_and_refused_shapes(self, cli: Cli, store: str) -> None:
        """Accepted: ok, aggregate_id, version, events. Refused: ok false and an error with
        code, message and details."""
        lines = accepted_lines(1) + '{"type": "complaint.register"}\n'
        accepted, refused = cli(
            "--store", store, "--format", "json", "submit", stdin=lines
        ).json_lines()
        assert set(accepted) == {"ok", "aggregate_id", "version", "events"}
        assert accepted["ok"] is True
        UUID(accepted["aggregate_id"])
        assert (accepted["version"], accepted["events"]) == (1, ["ComplaintReceived"])
        assert set(refused) == {"ok", "error"}
        assert refused["ok"] is False
        assert set(refused["error"]) == {"code", "message", "details"}
        assert refused["error"]["code"] == "invalid_command"
        assert isinstance(refused["error"]["message"], str)
        assert isinstance(refused["error"]["details"], dict)


class TestAuditHistory:
    """`audit history ID` shows every event of one record with its actor and both times."""

    def test_json_lists_every_event_with_actor_and_both_times(
        self, cli: Cli, store: str, tmp_path: Path
    ) -> None:
        """Each event has its version, type, business time (the line's occurred_at), recorded
        time, actor and payload."""
        told = submitted(cli, store, tmp_path)
        history = cli(
            "--store", store, "--format", "json", "audit", "history", str(told.complaint_id)
        ).json()
        assert [e["version"] for e in history] == list(range(1, len(LIFECYCLE_EVENTS) + 1))
        accepted = [line for line in told.lines if line.code is None]
        for event, line in zip(history, accepted, strict=True):
            sent = orjson.loads(line.text)
            assert event["event_type"] == line.events[0]
            assert event["aggregate_type"] == "complaint"
            assert event["aggregate_id"] == str(told.complaint_id)
            assert datetime.fromisoformat(event["occurred_at"]) == datetime.fromisoformat(
                sent["occurred_at"]
            )
            recorded_at = datetime.fromisoformat(event["recorded_at"])
            assert recorded_at > datetime.fromisoformat(event["occurred_at"])
            assert event["actor"]["id"] == sent["actor"]["id"]
            assert event["actor"]["roles"] == sent["actor"]["roles"]
            assert event["command_id"] == sent["command_id"]
        assert history[0]["payload"]["summary"] == "扫地机器人到货时外壳破裂"

    def test_table_shows_actor_and_both_times_on_each_row(
        self, cli: Cli, store: str, tmp_path: Path
    ) -> None:
        """Each table row names the event, its actor, its business and its recorded time."""
        told = submitted(cli, store, tmp_path)
        history = cli(
            "--store", store, "--format", "json", "audit", "history", str(told.complaint_id)
        ).json()
        table = cli("--store", store, "audit", "history", str(told.complaint_id))
        assert table.status == 0
        rows = table.out.splitlines()[2:]  # after the header and the rule
        assert len(rows) == len(history)
        for row, event in zip(rows, history, strict=True):
            assert event["event_type"] in row
            assert event["actor"]["id"] in row
            assert event["occurred_at"] in row
            assert event["recorded_at"] in row

    def test_as_of_and_version_limit_the_history(
        self, cli: Cli, store: str, tmp_path: Path
    ) -> None:
        """--as-of keeps events up to that business time; --version N the first N."""
        told = submitted(cli, store, tmp_path)
        cid = str(told.complaint_id)
        as_of = told.at(2.5).isoformat()  # after the acknowledgement, before classification
        upto = cli("--store", store, "--format", "json", "audit", "history", cid, "--as-of", as_of)
        assert [e["event_type"] for e in upto.json()] == LIFECYCLE_EVENTS[:2]
        first4 = cli(
            "--store", store, "--format", "json", "audit", "history", cid, "--version", "4"
        )
        assert [e["event_type"] for e in first4.json()] == LIFECYCLE_EVENTS[:4]


class TestAuditState:
    """`audit state ID` reconstructs the record as it stood at a business time or version."""

    def test_as_of_a_business_time(self, cli: Cli, store: str, tmp_path: Path) -> None:
        """As of just after the acknowledgement the complaint is at version 2, acknowledged."""
        told = submitted(cli, store, tmp_path)
        outcome = cli(
            "--store", store, "--format", "json", "audit", "state", str(told.complaint_id),
            "--as-of", told.at(2.5).isoformat(),
        )  # fmt: skip
        assert outcome.status == 0
        document = outcome.json()
        assert (document["aggregate_type"], document["version"]) == ("complaint", 2)
        assert document["state"]["status"] == "acknowledged"
        assert document["state"]["summary"] == "扫地机器人到货时外壳破裂"

    def test_at_a_version(self, cli: Cli, store: str, tmp_path: Path) -> None:
        """At version 4 the complaint is assigned to the story's assignee."""
        told = submitted(cli, store, tmp_path)
        document = cli(
            "--store", store, "--format", "json", "audit", "state", str(told.complaint_id),
            "--version", "4",
        ).json()  # fmt: skip
        assert document["version"] == 4
        assert (document["state"]["status"], document["state"]["assignee_id"]) == (
            "assigned",
            told.assignee,
        )

    def test_now_and_as_a_table(self, cli: Cli, store: str, tmp_path: Path) -> None:
        """Without a limit it is the current state; the table names record and version."""
        told = submitted(cli, store, tmp_path)
        table = cli("--store", store, "audit", "state", str(told.complaint_id))
        assert table.status == 0
        assert f"complaint {told.complaint_id} at version {len(LIFECYCLE_EVENTS)}" in table.out
        assert "closed_unresolved" in table.out


class TestAuditActor:
    """`audit actor ACTOR` lists everything one actor did, from the audit trail."""

    def test_after_catch_up_lists_the_actors_events_in_order(
        self, cli: Cli, store: str, tmp_path: Path
    ) -> None:
        """The manager's events appear in log order; --from/--to narrow by business time."""
        told = submitted(cli, store, tmp_path)
        assert cli("--store", store, "projections", "catch-up").status == 0
        everything = cli(
            "--store", store, "--format", "json", "audit", "actor", told.manager
        ).json()
        assert [e["event_type"] for e in everything] == [
            "ComplaintClassified",
            "ComplaintAssigned",
            "ComplaintReopened",
            "ComplaintEscalated",
            "ComplaintClosedUnresolved",
        ]
        assert all(e["aggregate_id"] == str(told.complaint_id) for e in everything)
        positions = [e["position"] for e in everything]
        assert positions == sorted(positions)
        window = cli(
            "--store", store, "--format", "json", "audit", "actor", told.manager,
            "--from", told.at(4).isoformat(), "--to", told.at(17).isoformat(),
        ).json()  # fmt: skip
        assert [e["event_type"] for e in window] == [
            "ComplaintClassified",
            "ComplaintAssigned",
            "ComplaintReopened",
        ]
        table = cli("--store", store, "audit", "actor", told.manager)
        assert table.out.count("ComplaintEscalated") == 1


class TestAuditSecurity:
    """`audit security` lists refused commands: who, what, when and why."""

    def test_lists_the_refusals_with_actor_and_code(
        self, cli: Cli, store: str, tmp_path: Path
    ) -> None:
        """The story's forbidden assignment and refused transitions are in the security log."""
        told = submitted(cli, store, tmp_path)
        entries = cli("--store", store, "--format", "json", "audit", "security").json()
        mine = {(e["actor_id"], e["command_type"], e["code"]) for e in entries}
        assert (told.agent, "complaint.assign", "forbidden") in mine
        assert (told.agent, "complaint.acknowledge", "invalid_transition") in mine
        assert (told.manager, "complaint.reopen", "concurrency_conflict") in mine
        assert (told.agent, "complaint.register", "duplicate_command") in mine
        table = cli("--store", store, "audit", "security")
        assert table.status == 0
        assert told.agent in table.out


class TestProjectionsCommands:
    """`projections catch-up` brings the read models up; `status` then shows lag 0."""

    def test_catch_up_then_status_shows_no_lag(self, cli: Cli, store: str) -> None:
        """After catch-up every projection's position equals the head."""
        cli("--store", store, "submit", stdin=accepted_lines(2))
        behind = cli("--store", store, "--format", "json", "projections", "status").json()
        assert behind[0]["lag"] > 0
        assert cli("--store", store, "projections", "catch-up", "audit_trail").status == 0
        (status,) = cli("--store", store, "--format", "json", "projections", "status").json()
        assert status["name"] == "audit_trail"
        assert status["lag"] == 0
        assert status["position"] == status["head"]
        table = cli("--store", store, "projections", "status")
        assert table.out.splitlines()[0].split() == ["projection", "position", "head", "lag"]
        assert table.out.splitlines()[2].split()[-1] == "0"

    def test_rebuild_reports_what_it_consumed(self, cli: Cli, store: str) -> None:
        """Rebuild applies the whole log again and leaves no lag."""
        cli("--store", store, "submit", stdin=accepted_lines(1))
        rebuilt = cli("--store", store, "--format", "json", "projections", "rebuild").json()
        (status,) = cli("--store", store, "--format", "json", "projections", "status").json()
        assert rebuilt["audit_trail"] >= 2
        assert status["lag"] == 0


class TestSweep:
    """`opsledger sweep` appends each breach once, at the clock's now (frozen here)."""

    def test_breach_appended_once(self, cli: Cli, store_url: str) -> None:
        """A complaint left unacknowledged for 25 hours gets one ComplaintSlaBreached; a second
        sweep appends nothing."""
        with frozen("2026-07-01T01:30:00+00:00"):
            registered = cli(
                "--store", store_url, "--format", "json", "submit", stdin=accepted_lines(1)
            )
        complaint_id = registered.json()["aggregate_id"]
        with frozen("2026-07-02T02:30:00+00:00"):
            first = cli("--store", store_url, "--format", "json", "sweep")
            second = cli("--store", store_url, "--format", "json", "sweep")
        assert first.status == second.status == 0
        assert first.json() == {
            "examined": 1,
            "breaches": [
                {
                    "type": "complaint",
                    "id": complaint_id,
                    "event": "ComplaintSlaBreached",
                    "which": "acknowledgement",
                }
            ],
        }
        assert second.json() == {"examined": 1, "breaches": []}
        history = cli(
            "--store", store_url, "--format", "json", "audit", "history", complaint_id
        ).json()
        assert [e["event_type"] for e in history] == ["ComplaintReceived", "ComplaintSlaBreached"]
        breach = history[1]
        assert breach["actor"]["id"] == "system"
        assert breach["occurred_at"] == breach["recorded_at"] == "2026-07-02T02:30:00+00:00"
        assert breach["payload"]["deadline"] == "2026-07-02T01:30:00+00:00"

    def test_table_output_counts_the_breaches(self, cli: Cli, store_url: str) -> None:
        """The table says how many records were examined and breaches appended."""
        with frozen("2026-07-01T01:30:00+00:00"):
            cli("--store", store_url, "submit", stdin=accepted_lines(2))
        with frozen("2026-07-03T00:00:00+00:00"):
            outcome = cli("--store", store_url, "sweep")
        assert outcome.out.splitlines()[0] == "examined 2, appended 2 breach event(s)"


class TestExitStatus:
    """0 success, 1 a command refused or the store failed, 2 a usage error."""

    @pytest.mark.parametrize(
        "argv",
        [
            pytest.param([], id="no-subcommand"),
            pytest.param(["frobnicate"], id="unknown-subcommand"),
            pytest.param(["audit"], id="no-audit-action"),
            pytest.param(["audit", "history", "not-a-uuid"], id="bad-uuid"),
            pytest.param(["audit", "history", str(UUID(int=1)), "--version", "0"], id="version-0"),
            pytest.param(
                ["audit", "state", str(UUID(int=1)), "--as-of", "yesterday"], id="bad-time"
            ),
            pytest.param(
                ["audit", "state", str(UUID(int=1)), "--as-of", "2026-07-01", "--version", "2"],
                id="as-of-and-version",
            ),
            pytest.param(["--format", "xml", "sweep"], id="bad-format"),
            pytest.param(["--store", "mysql://h/db", "sweep"], id="bad-store-scheme"),
            pytest.param(["--store", "sqlite:///:memory:", "sweep"], id="memory-store"),
            pytest.param(["--store", "postgresql://h:port/db", "sweep"], id="bad-store-port"),
        ],
    )
    def test_usage_errors_exit_2(self, cli: Cli, argv: list[str]) -> None:
        """Each usage error exits 2 with a message on stderr and nothing on stdout."""
        outcome = cli(*argv)
        assert outcome.status == 2, outcome
        assert outcome.err.strip()
        assert outcome.out == ""

    @pytest.mark.parametrize(
        "argv",
        [
            ["--help"],
            ["submit", "--help"],
            ["sweep", "--help"],
            ["audit", "--help"],
            ["audit", "history", "--help"],
            ["audit", "state", "--help"],
            ["audit", "actor", "--help"],
            ["audit", "security", "--help"],
            ["projections", "--help"],
            ["projections", "status", "--help"],
            ["projections", "catch-up", "--help"],
            ["projections", "rebuild", "--help"],
            ["projections", "run", "--help"],
        ],
    )
    def test_every_subcommand_has_help(
        self, capsys: pytest.CaptureFixture[str], argv: list[str]
    ) -> None:
        """`--help` prints usage and exits 0."""
        with pytest.raises(SystemExit) as exited:
            main(argv)
        assert exited.value.code == 0
        assert "usage: opsledger" in capsys.readouterr().out

    def test_refused_exits_1_and_accepted_exits_0(self, cli: Cli, store: str) -> None:
        """Any refusal makes submit exit 1; all accepted, 0."""
        assert cli("--store", store, "submit", stdin=accepted_lines(1)).status == 0
        assert cli("--store", store, "submit", stdin=accepted_lines(1) + "[]\n").status == 1


def _bad_inputs(tmp: Path, store: str) -> list[tuple[str, list[str], int, str]]:
    """(label, argv, exit status, stdin) for user mistakes of every kind."""
    missing = tmp / "missing.jsonl"
    latin1 = tmp / "latin1.jsonl"
    latin1.write_bytes('{"summary": "café"}'.encode("latin-1"))
    broken = tmp / "broken.jsonl"
    broken.write_text(accepted_lines(1) + "{not json\n", encoding="utf-8")
    return [
        ("unreadable file", ["--store", store, "submit", str(missing)], 2, ""),
        ("a directory", ["--store", store, "submit", str(tmp)], 2, ""),
        ("not UTF-8", ["--store", store, "submit", str(latin1)], 2, ""),
        ("invalid JSON line", ["--store", store, "submit", str(broken)], 1, ""),
        ("binary on stdin", ["--store", store, "submit", "-"], 1, "\x00\x01\x02"),
        ("unreachable store", ["--store", UNREACHABLE, "projections", "status"], 1, ""),
        ("unreachable store submit", ["--store", UNREACHABLE, "submit", "-"], 1, accepted_lines(1)),
        ("missing sqlite dir", ["--store", f"sqlite:///{tmp}/no/such/dir.db", "sweep"], 1, ""),
        ("unknown projection", ["--store", store, "projections", "status", "kpi_nope"], 2, ""),
        ("unknown projection catch-up", ["--store", store, "projections", "catch-up", "x"], 2, ""),
        ("unknown record", ["--store", store, "audit", "history", str(uuid4())], 1, ""),
        ("unknown record state", ["--store", store, "audit", "state", str(uuid4())], 1, ""),
        ("bad store URL", ["--store", "sqlite://", "sweep"], 2, ""),
        ("bad uuid", ["--store", store, "audit", "state", "12"], 2, ""),
    ]


class TestNoTraceback:
    """No user mistake ever shows a traceback or an internal error; each gets one clear line."""

    def test_bad_inputs(self, cli: Cli, store: str, tmp_path: Path) -> None:
        """Each bad input exits with its status and a short message, never a traceback."""
        for label, argv, status, stdin in _bad_inputs(tmp_path, store):
            outcome = cli(*argv, stdin=stdin)
            assert outcome.status == status, (label, outcome)
            assert "Traceback" not in outcome.err + outcome.out, label
            assert "internal error" not in outcome.err, (label, outcome.err)
            if status == 2 or not outcome.out:
                assert len(outcome.err.strip().splitlines()) == 1, (label, outcome.err)

    def test_an_unknown_record_says_not_found(self, cli: Cli, store: str) -> None:
        """A history of an id nobody used says not_found."""
        outcome = cli("--store", store, "audit", "history", str(uuid4()))
        assert "not_found" in outcome.err

    def test_an_unreachable_store_names_the_store(self, cli: Cli) -> None:
        """The one line names the store that could not be opened."""
        outcome = cli("--store", UNREACHABLE, "sweep")
        assert outcome.err.startswith("opsledger: ")
        assert "127.0.0.1:1" in outcome.err


class TestOutputFollowsRedirectedStdout:
    """What the command prints goes to the current sys.stdout, so callers can capture it (JSON
    and tables once went to the stdout of import time)."""

    def test_json_output_is_captured_by_redirect_stdout(self, tmp_path: Path) -> None:
        """`--format json projections status` under redirect_stdout writes into the redirect."""
        buffer = io.StringIO()
        with redirect_stdout(buffer):
            status = main(
                [
                    "--store",
                    f"sqlite:///{tmp_path / 'o.db'}",
                    "--format",
                    "json",
                    "projections",
                    "status",
                ]
            )
        assert status == 0
        assert orjson.loads(buffer.getvalue())[0]["name"] == "audit_trail"


class TestInstalledEntryPoint:
    """The `opsledger` program installed by `pip install .` behaves like main()."""

    def _run(self, *argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != "OPSLEDGER_STORE"}
        return subprocess.run(
            [str(OPSLEDGER), *argv],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            check=False,
        )

    def test_submit_from_stdin(self, store: str) -> None:
        """JSON lines on stdin give one JSON result per line, exit status 1 with refusals."""
        told = story()
        done = self._run("--store", store, "--format", "json", "submit", "-", stdin=told.text)
        assert done.returncode == 1, done.stderr
        results = [orjson.loads(line) for line in done.stdout.splitlines()]
        assert [r["ok"] for r in results] == [line.code is None for line in told.lines]
        assert done.stderr == ""

    def test_errors_are_one_line_without_traceback(self, tmp_path: Path) -> None:
        """An unreachable store, a bad URL and a bad argument: one line each, no traceback."""
        for argv, status in (
            (["--store", UNREACHABLE, "sweep"], 1),
            (["--store", "mysql://h/db", "sweep"], 2),
            (["--store", f"sqlite:///{tmp_path / 'o.db'}", "audit", "history", "x"], 2),
        ):
            done = self._run(*argv)
            assert done.returncode == status, (argv, done.stderr)
            assert "Traceback" not in done.stderr
            assert len(done.stderr.strip().splitlines()) == 1, done.stderr
