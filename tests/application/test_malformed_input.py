"""Malformed input, generated (DESIGN §5): whatever JSON arrives, `submit` answers with a stable
refusal code, never raises, never appends. Both stores."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from application.commands.readers import printable
from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import PAYLOADS, Json, command
from tests.application.json_values import JSON_OBJECTS, JSON_VALUES, TEXT
from tests.application.ledger_reading import assert_refusals_only_since

STABLE_CODES = frozenset(
    {
        "invalid_command",
        "not_found",
        "invalid_transition",
        "rule_violation",
        "forbidden",
        "segregation_of_duties",
        "concurrency_conflict",
        "duplicate_command",
        "budget_exceeded",
    }
)

#: One ledger serves every example of a test: nothing may ever be appended to it, so the
#: examples cannot affect one another.
EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _is_uuid_text(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        UUID(value)
    except ValueError:
        return False
    return True


def _is_offset_timestamp(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value).utcoffset() is not None
    except ValueError:
        return False


def _is_natural(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


NOT_NULL = JSON_VALUES.filter(lambda v: v is not None)

#: For each envelope field, values it must refuse. Null counts as missing for the required
#: fields (refused) and as absent for the optional ones (accepted), so it is only tried on the
#: required ones.
ENVELOPE_BREAKERS: dict[str, st.SearchStrategy[Any]] = {
    "type": JSON_VALUES.filter(lambda v: not isinstance(v, str) or v == ""),
    "command_id": JSON_VALUES.filter(lambda v: not _is_uuid_text(v)),
    "actor": JSON_VALUES.filter(lambda v: not isinstance(v, dict)),
    "aggregate_id": NOT_NULL.filter(lambda v: not _is_uuid_text(v)),
    "expected_version": NOT_NULL.filter(lambda v: not _is_natural(v)),
    "occurred_at": NOT_NULL.filter(lambda v: not _is_offset_timestamp(v)),
    "reason": NOT_NULL.filter(lambda v: not isinstance(v, str)),
    "correlation_id": NOT_NULL.filter(lambda v: not _is_uuid_text(v)),
    "causation_id": NOT_NULL.filter(lambda v: not _is_uuid_text(v)),
    "payload": NOT_NULL.filter(lambda v: not isinstance(v, dict)),
}

#: For each payload field of `complaint.register`, values it must refuse.
REGISTER_BREAKERS: dict[str, st.SearchStrategy[Any]] = {
    "customer_id": JSON_VALUES.filter(lambda v: not isinstance(v, str)),
    "channel": JSON_VALUES.filter(lambda v: v not in ("phone", "email", "online", "in_person")),
    "summary": JSON_VALUES.filter(lambda v: not isinstance(v, str)),
    "remedy_sought": JSON_VALUES.filter(lambda v: not isinstance(v, str)),
    "order_id": NOT_NULL.filter(lambda v: not isinstance(v, str)),
}


def broken(breakers: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Json]:
    """A non-empty set of fields, each with a value it must refuse."""
    return st.dictionaries(st.sampled_from(sorted(breakers)), st.none(), min_size=1).flatmap(
        lambda chosen: st.fixed_dictionaries({name: breakers[name] for name in chosen})
    )


def assert_refused_and_nothing_appended(
    ledger: Opsledger, raw: object, *, head: int | None
) -> dict[str, Any]:
    result = ledger.submit(raw)
    assert not result.ok
    assert result.code in STABLE_CODES, result.to_json()
    assert result.message
    assert_refusals_only_since(ledger, head)
    return result.details


class TestAnyJsonValueIsRefusedCleanly:
    """Arbitrary JSON, arbitrary objects: refused with a stable code, nothing appended."""

    @EXAMPLES
    @given(raw=JSON_VALUES | JSON_OBJECTS)
    def test_any_json_value(self, ledger: Opsledger, raw: Any) -> None:
        head = ledger.ledger.recorder.max_notification_id()
        refusals = len(ledger.security_log.entries())

        assert_refused_and_nothing_appended(ledger, raw, head=head)

        assert len(ledger.security_log.entries()) == refusals + 1

    @EXAMPLES
    @given(extra=st.dictionaries(TEXT, JSON_VALUES, min_size=1, max_size=3))
    def test_a_valid_envelope_with_random_extra_keys(self, ledger: Opsledger, extra: Json) -> None:
        head = ledger.ledger.recorder.max_notification_id()
        body = command("register")
        unknown = {k: v for k, v in extra.items() if k not in ENVELOPE_BREAKERS}
        assume(unknown)

        details = assert_refused_and_nothing_appended(ledger, {**body, **unknown}, head=head)

        assert {printable(name) for name in unknown} <= set(details["fields"])


class TestIllTypedFieldsAreEachNamed:
    """Wrong types in any envelope or payload field: `invalid_command` naming each of them."""

    @EXAMPLES
    @given(breaks=broken(ENVELOPE_BREAKERS))
    def test_envelope_fields(self, ledger: Opsledger, breaks: Json) -> None:
        head = ledger.ledger.recorder.max_notification_id()
        body = {**command("register"), **breaks}
        body = {name: value for name, value in body.items() if value is not None}

        details = assert_refused_and_nothing_appended(ledger, body, head=head)

        fields = {name.split(".")[0].split("[")[0] for name in details["fields"]}
        assert set(breaks) <= fields

    @EXAMPLES
    @given(breaks=broken(REGISTER_BREAKERS))
    def test_payload_fields(self, ledger: Opsledger, breaks: Json) -> None:
        head = ledger.ledger.recorder.max_notification_id()
        payload = {**PAYLOADS["register"], **breaks}
        payload = {name: value for name, value in payload.items() if value is not None}

        details = assert_refused_and_nothing_appended(
            ledger, command("register", payload=payload), head=head
        )

        # A problem deep inside a field (e.g. NUL in a nested key) is named under that field.
        named = {".".join(name.split(".")[:2]).split("[")[0] for name in details["fields"]}
        assert named == {f"payload.{name}" for name in breaks}
