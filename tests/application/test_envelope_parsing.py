"""Reading the command envelope (DOMAIN §1) without a store: typed fields, every bad field named,
business time normalised to UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from hypothesis import given, settings

from application.envelope import Envelope, body_digest, read_envelope
from application.errors import InvalidCommand
from domain.shared.actor import Role
from tests.application.complaint_envelopes import CS_AGENT, Json, command
from tests.application.json_values import JSON_OBJECTS, JSON_VALUES

COMPLAINT_ID = UUID("0b7a6f2e-6a43-4f0e-9a51-3d2c1f4e8b10")


def refusal_fields(raw: object) -> set[str]:
    """The field names `read_envelope` gives for a refused envelope."""
    with pytest.raises(InvalidCommand) as refused:
        read_envelope(raw)
    assert refused.value.code == "invalid_command"
    return set(refused.value.fields)


class TestAWellFormedEnvelopeIsReadIntoTypedFields:
    """Every envelope field arrives as its domain type."""

    def test_every_field_is_typed(self) -> None:
        raw = command(
            "acknowledge",
            COMPLAINT_ID,
            expected_version=3,
            occurred_at="2026-07-01T09:30:00+08:00",
            reason="客户来电",
            correlation_id="11111111-1111-4111-8111-111111111111",
            causation_id="22222222-2222-4222-8222-222222222222",
        )

        envelope = read_envelope(raw)

        assert envelope == Envelope(
            type="complaint.acknowledge",
            command_id=UUID(raw["command_id"]),
            actor=envelope.actor,
            payload=raw["payload"],
            body_digest=body_digest(raw),
            aggregate_id=COMPLAINT_ID,
            expected_version=3,
            occurred_at=datetime(2026, 7, 1, 1, 30, tzinfo=UTC),
            reason="客户来电",
            correlation_id=UUID("11111111-1111-4111-8111-111111111111"),
            causation_id=UUID("22222222-2222-4222-8222-222222222222"),
        )
        assert envelope.actor.id == CS_AGENT["id"]
        assert envelope.actor.roles == frozenset({Role.CUSTOMER_SERVICE})
        assert envelope.actor.department == CS_AGENT["department"]

    def test_optional_fields_may_be_left_out_or_null(self) -> None:
        raw = command("register", reason=None, occurred_at=None, expected_version=None)

        envelope = read_envelope(raw)

        assert envelope.aggregate_id is None
        assert envelope.occurred_at is None
        assert envelope.reason is None
        assert envelope.expected_version is None


class TestBusinessTimeIsNormalisedToUtc:
    """`occurred_at` must carry an offset; whatever the offset, it is kept as the UTC instant."""

    @pytest.mark.parametrize(
        "sent",
        [
            "2026-07-01T09:30:00+08:00",
            "2026-07-01T01:30:00Z",
            "2026-07-01T01:30:00+00:00",
            "2026-06-30T21:30:00-04:00",
            "2026-07-01T07:00:00+05:30",
        ],
    )
    def test_any_offset_gives_the_same_utc_instant(self, sent: str) -> None:
        occurred_at = read_envelope(command("register", occurred_at=sent)).occurred_at

        assert occurred_at == datetime(2026, 7, 1, 1, 30, tzinfo=UTC)
        assert occurred_at is not None
        assert occurred_at.utcoffset() == timedelta(0)
        assert occurred_at.tzinfo is UTC

    @pytest.mark.parametrize(
        "sent", ["2026-07-01T09:30:00", "2026-07-01", "yesterday", "", 1751333400, ["2026"]]
    )
    def test_naive_or_unreadable_timestamps_are_refused(self, sent: object) -> None:
        assert refusal_fields(command("register", occurred_at=sent)) == {"occurred_at"}


class TestEveryBadEnvelopeFieldIsNamed:
    """Missing, extra or ill-typed envelope fields: `invalid_command`, one entry per bad field."""

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            pytest.param({"type": None}, {"type"}, id="type-missing"),
            pytest.param({"type": 7}, {"type"}, id="type-not-a-string"),
            pytest.param({"type": ""}, {"type"}, id="type-empty"),
            pytest.param({"command_id": None}, {"command_id"}, id="command-id-missing"),
            pytest.param({"command_id": "cmd-1"}, {"command_id"}, id="command-id-not-a-uuid"),
            pytest.param({"command_id": 17}, {"command_id"}, id="command-id-a-number"),
            pytest.param({"aggregate_id": "x"}, {"aggregate_id"}, id="aggregate-id-not-a-uuid"),
            pytest.param({"expected_version": "3"}, {"expected_version"}, id="version-a-string"),
            pytest.param({"expected_version": -1}, {"expected_version"}, id="version-negative"),
            pytest.param({"expected_version": True}, {"expected_version"}, id="version-a-bool"),
            pytest.param({"expected_version": 2.5}, {"expected_version"}, id="version-a-float"),
            pytest.param({"reason": 12}, {"reason"}, id="reason-not-text"),
            pytest.param({"correlation_id": "c"}, {"correlation_id"}, id="correlation-id"),
            pytest.param({"causation_id": []}, {"causation_id"}, id="causation-id"),
            pytest.param({"payload": []}, {"payload"}, id="payload-a-list"),
            pytest.param({"payload": "{}"}, {"payload"}, id="payload-a-string"),
            pytest.param({"actor": None}, {"actor"}, id="actor-missing"),
            pytest.param({"actor": "u-cs-1"}, {"actor"}, id="actor-a-string"),
            pytest.param(
                {"actor": {"id": " ", "roles": ["customer_service"]}}, {"actor.id"}, id="actor-id"
            ),
            pytest.param({"actor": {"id": "u-1", "roles": []}}, {"actor.roles"}, id="no-roles"),
            pytest.param(
                {"actor": {"id": "u-1", "roles": ["customer_service", "wizard"]}},
                {"actor.roles[1]"},
                id="unknown-role",
            ),
            pytest.param(
                {"actor": {"id": "u-1", "roles": ["finance"], "department": 3}},
                {"actor.department"},
                id="department-not-text",
            ),
            pytest.param(
                {"actor": {"id": "u-1", "roles": ["finance"], "badge": "7"}},
                {"actor.badge"},
                id="actor-extra-field",
            ),
            pytest.param({"colour": "red"}, {"colour"}, id="extra-field"),
            pytest.param(
                {"colour": "red", "command_id": "x", "expected_version": "1", "type": None},
                {"colour", "command_id", "expected_version", "type"},
                id="several-at-once",
            ),
        ],
    )
    def test_each_bad_field_is_named(self, changes: Json, expected: set[str]) -> None:
        raw = command("acknowledge", COMPLAINT_ID)
        for name, value in changes.items():
            if value is None:
                raw.pop(name)
            else:
                raw[name] = value

        assert refusal_fields(raw) == expected

    def test_an_empty_object_names_the_three_required_fields(self) -> None:
        assert refusal_fields({}) == {"type", "command_id", "actor"}

    @pytest.mark.parametrize("raw", [None, [], "complaint.register", 3, True, [{"type": "x"}]])
    def test_anything_but_an_object_is_refused(self, raw: object) -> None:
        with pytest.raises(InvalidCommand):
            read_envelope(raw)


class TestTheBodyDigestIdentifiesTheCommandAsSent:
    """Idempotency compares digests: key order does not matter, any difference in content does."""

    def test_key_order_does_not_change_the_digest(self) -> None:
        raw = command("classify", COMPLAINT_ID)
        reordered: Json = dict(reversed(list(raw.items())))
        reordered["payload"] = dict(reversed(list(raw["payload"].items())))

        assert body_digest(reordered) == body_digest(raw)

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("payload", {"category": "billing", "severity": "medium"}),
            ("actor", {"id": "u-cs-2", "roles": ["customer_service"], "department": ""}),
            ("reason", "a different reason"),
            ("occurred_at", "2026-07-01T09:30:00+08:00"),
        ],
    )
    def test_any_change_in_content_changes_the_digest(self, field: str, value: Any) -> None:
        raw = command("classify", COMPLAINT_ID)

        assert body_digest({**raw, field: value}) != body_digest(raw)


class TestMalformedInputNeverEscapesAsAnotherException:
    """Whatever JSON arrives, reading it gives an Envelope or `invalid_command`, nothing else."""

    @settings(max_examples=60, deadline=None)
    @given(raw=JSON_VALUES | JSON_OBJECTS)
    def test_any_json_value_is_read_or_refused(self, raw: Any) -> None:
        try:
            envelope = read_envelope(raw)
        except InvalidCommand:
            return  # refused with `invalid_command`, as it should be
        assert isinstance(envelope, Envelope)
