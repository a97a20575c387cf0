"""`opsledger report compliance` and `opsledger audit compliance` through the real entry point,
on the small July of tests/application/compliance/history.py. Both stores."""

from __future__ import annotations

from infrastructure.opsledger import Opsledger
from tests.application.compliance.history import july
from tests.clocks import FixedClock
from tests.infrastructure.cli.command_line import Cli


def test_report_and_audit(cli: Cli, store_url: str, ledger: Opsledger, clock: FixedClock) -> None:
    seen = july(ledger, clock)
    report = ["--store", store_url, "report", "compliance", "--period", "2026-07"]

    document = cli("--format", "json", *report, "--department", "sales").json()
    assert (document["period"], document["department"], document["rule"]) == (
        "2026-07",
        "sales",
        None,
    )
    ((rule, subject, status, opened, closed),) = [
        (f["rule"], f["subject_id"], f["status"], f["opened_at"], f["closed_at"])
        for f in document["findings"]
    ]
    attempted = "2026-07-01T04:30:00+00:00"
    assert (rule, subject, status, opened, closed) == (
        "SEGREGATION_OF_DUTIES",
        str(seen.order),
        "recorded",
        attempted,
        attempted,
    )
    sod = [r for r in document["rates"] if r["rule"] == "SEGREGATION_OF_DUTIES"]
    assert sod == [
        {
            "rule": "SEGREGATION_OF_DUTIES",
            "department": "sales",
            "subjects": 1,
            "with_findings": 1,
            "compliance_rate_pct": 0.0,
        }
    ]

    table = cli(*report, "--rule", "COMPLAINT_ACK_SLA")
    assert table.status == 0
    assert table.out.splitlines()[0] == "Compliance findings for 2026-07, rule COMPLAINT_ACK_SLA"
    lines = table.out.splitlines()
    assert [sum(str(subject) in line for line in lines) for subject in (seen.late, seen.never)] == [
        1,
        1,
    ]

    csv = cli("--format", "csv", *report).out.splitlines()
    assert csv[0].startswith("row,period,subject_id,rule,")
    assert [line.split(",")[0] for line in csv[1:4]] == ["finding"] * 3

    history = cli("--store", store_url, "--format", "json", "audit", "compliance", str(seen.late))
    assert [(f["rule"], f["status"], f["opened_at"], f["closed_at"]) for f in history.json()] == [
        (
            "COMPLAINT_ACK_SLA",
            "closed",
            "2026-07-02T01:30:00+00:00",
            "2026-07-02T08:30:00+00:00",
        )
    ]


def test_bad_input_is_one_line_and_status_2(cli: Cli, store_url: str) -> None:
    for argv in (
        ["report", "compliance", "--period", "2026-13"],
        ["report", "compliance", "--period", "2026-07", "--rule", "NO_SUCH_RULE"],
        ["audit", "compliance", "not-a-uuid"],
    ):
        outcome = cli("--store", store_url, *argv)
        assert outcome.status == 2, outcome
        assert "Traceback" not in outcome.err
        assert outcome.err.count("\n") == 1, outcome.err
