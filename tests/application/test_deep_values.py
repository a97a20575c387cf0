"""Values nested deeper than a command may be: refused as `invalid_command` naming where, never a
RecursionError, and the commands after them still handled. Both stores."""

from __future__ import annotations

from typing import Any

from application.payload import MAX_DEPTH
from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import PAYLOADS, Json, command
from tests.application.ledger_reading import assert_refusals_only_since, complaints_received


def nested(levels: int) -> list[Any]:
    """An array holding an array ... `levels` arrays in all, built without recursion."""
    value: list[Any] = []
    for _ in range(levels - 1):
        value = [value]
    return value


def register_with_extra(extra: object) -> Json:
    """A register command whose payload carries one field too many, `extra`."""
    return command("register", payload={**PAYLOADS["register"], "extra": extra})


class TestDeepNesting:
    """A command nesting arrays or objects more than MAX_DEPTH levels is refused up front."""

    def test_a_thousand_levels_are_refused_naming_where(self, ledger: Opsledger) -> None:
        """The payload nested 1,000 levels deep passes any JSON parser; it is `invalid_command`
        naming the path where the nesting goes too deep, and nothing is appended."""
        head = ledger.ledger.recorder.max_notification_id()

        result = ledger.submit(register_with_extra(nested(1_000)))

        assert (result.ok, result.code) == (False, "invalid_command"), result.to_json()
        (deep,) = [name for name, why in result.details["fields"].items() if "levels deep" in why]
        assert deep.startswith("payload.extra[0][0]"), result.details
        assert_refusals_only_since(ledger, head)
        assert ledger.security_log.entries()[-1].code == "invalid_command"

    def test_valid_commands_on_either_side_are_accepted(self, ledger: Opsledger) -> None:
        """Valid, too deep, valid: three answers, the valid two accepted, two complaints in
        the log."""
        results = [
            ledger.submit(body)
            for body in (
                command("register"),
                register_with_extra(nested(1_000)),
                command("register"),
            )
        ]

        assert [r.code if not r.ok else "ok" for r in results] == ["ok", "invalid_command", "ok"]
        assert complaints_received(ledger) == 2

    def test_objects_nest_like_arrays(self, ledger: Opsledger) -> None:
        """Objects inside objects count the same as arrays inside arrays."""
        value: Json = {}
        for _ in range(1_000):
            value = {"a": value}

        result = ledger.submit(register_with_extra(value))

        assert any(name.startswith("payload.extra.a.a") for name in result.details["fields"])

    def test_a_value_that_contains_itself_is_refused(self, ledger: Opsledger) -> None:
        """A service handing over a dict that contains itself gets `invalid_command`, not a
        hang or a RecursionError."""
        looped: Json = {}
        looped["again"] = looped

        result = ledger.submit(register_with_extra(looped))

        assert result.code == "invalid_command"
        assert any("levels deep" in why for why in result.details["fields"].values())

    def test_the_bound_is_exact(self, ledger: Opsledger) -> None:
        """The envelope counts as level 1 and the payload as 2: an extra field nested up to
        MAX_DEPTH levels is refused only as an unknown field; one level more is too deep."""
        within = ledger.submit(register_with_extra(nested(MAX_DEPTH - 2)))
        beyond = ledger.submit(register_with_extra(nested(MAX_DEPTH - 1)))

        assert within.details["fields"] == {"payload.extra": "unknown field"}
        deep = {k: v for k, v in beyond.details["fields"].items() if k != "payload.extra"}
        assert beyond.details["fields"]["payload.extra"] == "unknown field"
        ((where, why),) = deep.items()
        assert where.startswith("payload.extra[0][0]")
        assert why == f"is nested more than {MAX_DEPTH} levels deep"
