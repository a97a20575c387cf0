"""`opsledger report kpi --format json` through the real entry point: the project, budget, risk
and rectification keys of one department's row, from lines sent with `opsledger submit`."""

from __future__ import annotations

from uuid import uuid4

import orjson

from tests.application import rectification_envelopes, risk_envelopes
from tests.infrastructure.cli.command_line import Cli

#: Business times in Shanghai, in July 2026.
ISSUED, ASSESSED = "2026-07-02T10:00:00+08:00", "2026-07-03T10:00:00+08:00"


def test_one_department_as_json(cli: Cli, store: str) -> None:
    """A notice and a risk of a department of this test's own: its one row has every key of
    the four families, with the figures these two records give."""
    department = f"稽核 {uuid4().hex[:8]}"
    notice = rectification_envelopes.command(
        "issue", payload=rectification_envelopes.notice(department=department)
    )
    notice["occurred_at"] = ISSUED
    risk_id = str(uuid4())
    identify = risk_envelopes.command(
        "identify",
        risk_id,
        payload=risk_envelopes.identification(department=department, category="legal"),
    )
    identify["occurred_at"] = ISSUED
    assess = risk_envelopes.assessing(risk_id, 2, 4)
    assess["occurred_at"] = ASSESSED
    lines = "".join(orjson.dumps(body).decode() + "\n" for body in (notice, identify, assess))
    assert cli("--store", store, "submit", stdin=lines).status == 0
    assert cli("--store", store, "projections", "catch-up").status == 0

    outcome = cli(
        "--store", store, "--format", "json", "report", "kpi", "--period", "2026-07",
        "--department", department,
    )  # fmt: skip
    assert outcome.status == 0, outcome.err
    (row,) = outcome.json()
    assert (row["period"], row["department"]) == ("2026-07", department)
    # The notice was issued in July, due on 15 Jul and never verified: open at the month's end.
    assert row["rectifications_issued"] == 1
    assert row["rectifications_open"] == 1
    assert row["rectifications_closed_on_time_pct"] is None
    # The risk: L2 x I4 is row "0 0 1 1 2", column 4: medium; no response yet (0 of 1).
    assert row["risks_open_by_level"]["medium"] == 1
    assert row["risks_open_by_category"]["legal"] == 1
    assert row["risks_heat_map"][1][3] == 1
    assert row["risks_with_response_pct"] == 0.0
    # Nothing of projects or budgets in this department: null rates, zero money as text.
    assert row["projects_on_time_completion_pct"] is None
    assert row["projects_spi_mean"] is None
    assert row["budgets_approved"] == "0.00"
    assert row["budgets_execution_rate_pct"] is None
    assert row["budgets_by_account"] == {}
    # Every key of the four families is there, whatever the records.
    families = ("projects", "budgets", "risks", "rectifications")
    assert len([key for key in row if key.split("_")[0] in families]) == 5 + 10 + 7 + 3
