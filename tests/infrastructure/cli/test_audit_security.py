"""`opsledger audit security`: every refusal, read from the chained log and from the legacy
`security_log` table of a store written before refusals were chained, earliest first, filtered
by refused-at time, actor and code. Both stores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import attrs
import pytest

from infrastructure.opsledger import Opsledger
from tests.clocks import FixedClock
from tests.infrastructure.cli.command_line import Cli

Json = dict[str, Any]

START = datetime(2026, 7, 1, 1, 0, tzinfo=UTC)

CLERK: Json = {"id": "u-cs-sec", "roles": ["customer_service"], "department": "客服"}
SALES: Json = {"id": "u-sales-sec", "roles": ["sales_rep"], "department": "sales"}


@attrs.frozen(kw_only=True)
class Refused:
    """One refusal as the test sent (or wrote) it: when, by whom, with which code."""

    at: datetime
    actor_id: str
    code: str
    command_type: str
    legacy: bool = False


def _register(actor: Json, **extra: Any) -> Json:
    return {
        "type": "complaint.register",
        "command_id": str(uuid4()),
        "actor": actor,
        "payload": {
            "customer_id": "c-1",
            "channel": "email",
            "summary": "cracked shell",
            "remedy_sought": "a new unit",
        },
        **extra,
    }


def _legacy_rows(opsledger: Opsledger, rows: list[Refused]) -> None:
    """Rows as a store written before refusals were chained holds them in `security_log`."""
    with opsledger.database.transaction() as cursor:
        for row in rows:
            cursor.execute(
                "INSERT INTO security_log (at, actor_id, actor_roles, actor_department,"
                " command_type, command_id, aggregate_id, code, message, details)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    row.at,
                    row.actor_id,
                    "sales_rep",
                    "sales",
                    row.command_type,
                    str(uuid4()),
                    None,
                    row.code,
                    f"legacy refusal {row.code}",
                    '{"fields": {"payload": "legacy"}}',
                ),
            )


@pytest.fixture(scope="module")
def refusals(store: str) -> list[Refused]:
    """Legacy rows at 01:00 and 03:00, chained refusals at 02:00 and 04:00 (two by the clerk,
    one by sales): the merged log alternates between the two sources."""
    clock = FixedClock(START)
    written: list[Refused] = []
    with Opsledger.open(store, clock=clock) as opsledger:
        legacy = [
            Refused(
                at=START,
                actor_id=SALES["id"],
                code="forbidden",
                command_type="order.sign",
                legacy=True,
            ),
            Refused(
                at=START + timedelta(hours=2),
                actor_id=SALES["id"],
                code="invalid_command",
                command_type="order.draft",
                legacy=True,
            ),
        ]
        _legacy_rows(opsledger, legacy)
        written.extend(legacy)
        clock.current = START + timedelta(hours=1)
        result = opsledger.submit(_register({**CLERK, "roles": ["sales_rep"]}))
        assert result.code == "forbidden"
        written.append(
            Refused(
                at=clock.now(),
                actor_id=CLERK["id"],
                code="forbidden",
                command_type="complaint.register",
            )
        )
        clock.current = START + timedelta(hours=3)
        result = opsledger.submit(_register(CLERK, priority="high"))
        assert result.code == "invalid_command"
        written.append(
            Refused(
                at=clock.now(),
                actor_id=CLERK["id"],
                code="invalid_command",
                command_type="complaint.register",
            )
        )
        clock.current = START + timedelta(hours=3, minutes=30)
        result = opsledger.submit(_register(SALES))
        assert result.code == "forbidden"
        written.append(
            Refused(
                at=clock.now(),
                actor_id=SALES["id"],
                code="forbidden",
                command_type="complaint.register",
            )
        )
    return sorted(written, key=lambda r: r.at)


def _shown(cli: Cli, store: str, *options: str) -> list[tuple[datetime, str, str, bool]]:
    outcome = cli("--store", store, "--format", "json", "audit", "security", *options)
    assert outcome.status == 0, outcome.err
    return [
        (
            datetime.fromisoformat(e["at"]),
            e["actor_id"],
            e["code"],
            e["legacy_id"] is not None,
        )
        for e in outcome.json()
    ]


def _expected(refusals: list[Refused], **only: Any) -> list[tuple[datetime, str, str, bool]]:
    start, end = only.get("start"), only.get("end")
    return [
        (r.at, r.actor_id, r.code, r.legacy)
        for r in refusals
        if (start is None or r.at >= start)
        and (end is None or r.at < end)
        and only.get("actor", r.actor_id) == r.actor_id
        and only.get("code", r.code) == r.code
    ]


class TestEveryRefusalEarliestFirst:
    def test_chained_and_legacy_refusals_are_merged_in_time_order(
        self, cli: Cli, store: str, refusals: list[Refused]
    ) -> None:
        shown = _shown(cli, store)
        assert shown == _expected(refusals)
        assert [legacy for *_, legacy in shown] == [True, False, True, False, False]

    def test_a_chained_refusal_names_its_position_and_all_it_keeps(
        self, cli: Cli, store: str, refusals: list[Refused]
    ) -> None:
        outcome = cli("--store", store, "--format", "json", "audit", "security")
        chained = [e for e in outcome.json() if e["legacy_id"] is None]
        assert all(isinstance(e["position"], int) for e in chained)
        extra = next(e for e in chained if e["code"] == "invalid_command")
        assert extra["details"]["fields"] == {"priority": "unknown field"}
        assert (extra["actor_roles"], extra["actor_department"]) == ("customer_service", "客服")
        legacy = next(e for e in outcome.json() if e["legacy_id"] is not None)
        assert legacy["details"] == {"fields": {"payload": "legacy"}}

    def test_the_table_shows_each_refusal_on_a_line(
        self, cli: Cli, store: str, refusals: list[Refused]
    ) -> None:
        outcome = cli("--store", store, "audit", "security")
        assert outcome.status == 0
        lines = outcome.out.splitlines()
        assert len(lines) == 2 + len(refusals)
        assert "legacy refusal forbidden" in lines[2]


class TestFilters:
    @pytest.mark.parametrize(
        "only",
        [
            {"start": START + timedelta(hours=1)},
            {"end": START + timedelta(hours=3)},
            {"start": START + timedelta(hours=1), "end": START + timedelta(hours=3)},
            {"actor": CLERK["id"]},
            {"actor": SALES["id"]},
            {"code": "forbidden"},
            {"code": "invalid_command", "actor": SALES["id"]},
            {"code": "duplicate_command"},
        ],
        ids=["from", "to", "from-to", "clerk", "sales", "forbidden", "sales-invalid", "none"],
    )
    def test_each_filter_keeps_exactly_the_refusals_it_names(
        self, cli: Cli, store: str, refusals: list[Refused], only: dict[str, Any]
    ) -> None:
        options: list[str] = []
        for name, flag in (("start", "--from"), ("end", "--to")):
            if name in only:
                options += [flag, only[name].isoformat()]
        for name in ("actor", "code"):
            if name in only:
                options += [f"--{name}", only[name]]
        assert _shown(cli, store, *options) == _expected(refusals, **only)

    def test_a_time_without_offset_is_company_time(
        self, cli: Cli, store: str, refusals: list[Refused]
    ) -> None:
        """09:00 in Asia/Shanghai is 01:00 UTC: `--to 2026-07-01T10:00` ends at 02:00 UTC."""
        shown = _shown(cli, store, "--to", "2026-07-01T10:00")
        assert shown == _expected(refusals, end=START + timedelta(hours=1))

    def test_a_bad_time_is_a_usage_error(self, cli: Cli, store: str) -> None:
        outcome = cli("--store", store, "audit", "security", "--from", "yesterday")
        assert outcome.status == 2
        assert "not an ISO 8601 time" in outcome.err
        assert "Traceback" not in outcome.err
