"""`opsledger audit`: a record's history and state, an actor's events, the refused commands."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import orjson

from tests.infrastructure.cli.command_line import Cli
from tests.infrastructure.cli.complaint_story import LIFECYCLE_EVENTS, submitted


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

    def test_known_at_a_recorded_time(self, cli: Cli, store: str, tmp_path: Path) -> None:
        """--known-at T keeps the events stored by T, whatever their business time; with
        --as-of as well, the record at that business time as known at T."""
        told = submitted(cli, store, tmp_path)
        cid = str(told.complaint_id)
        history = cli("--store", store, "--format", "json", "audit", "history", cid).json()
        fourth = history[3]["recorded_at"]
        known = cli(
            "--store", store, "--format", "json", "audit", "history", cid, "--known-at", fourth
        ).json()
        assert [e["event_type"] for e in known] == LIFECYCLE_EVENTS[:4]
        state = cli(
            "--store", store, "--format", "json", "audit", "state", cid, "--known-at", fourth
        ).json()
        assert (state["version"], state["state"]["status"]) == (4, "assigned")
        both = cli(
            "--store", store, "--format", "json", "audit", "state", cid,
            "--known-at", fourth, "--as-of", told.at(2.5).isoformat(),
        ).json()  # fmt: skip
        assert (both["version"], both["state"]["status"]) == (2, "acknowledged")
        before = datetime.fromisoformat(history[0]["recorded_at"]) - timedelta(seconds=1)
        missing = cli("--store", store, "audit", "state", cid, "--known-at", before.isoformat())
        assert missing.status == 1
        assert "not_found" in missing.err or "not found" in missing.err

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
