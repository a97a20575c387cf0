"""A budget's whole life (DOMAIN §5) as JSON lines through one `opsledger submit` run, with every
refusal of §5 on the way: each line gives exactly the result written beside it here (the events
and version DOMAIN names, or the error code). The `budget_exceeded` refusals carry the account,
month, available and requested amounts worked out by hand below; a second budget under `warn`
records what does not fit and flags it with the same figures. Then `audit state --as-of T`
shows what was available per account and month at business time T, again by hand. SQLite file
and PostgreSQL.

The fiscal year is last year by the wall clock, so that the budget can be closed after its end
with business times that are all in the past."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from uuid import UUID, uuid4, uuid5

import attrs
import orjson
import pytest

from application.aggregate_ids import NATURAL_KEYS
from domain.budget.values import natural_key
from tests.infrastructure.cli.command_line import Cli, Outcome
from tests.infrastructure.cli.story_lines import Line, results

Json = dict[str, Any]

SHANGHAI = timezone(timedelta(hours=8))
#: Last year: its budget may be closed now.
YEAR = datetime.now(UTC).year - 1
#: Business time of line k is BASE + k hours: from 09:00 on 1 July in Shanghai.
BASE = datetime(YEAR, 7, 1, 9, 0, tzinfo=SHANGHAI)
#: The last second of the fiscal year and the first instant after it, in Shanghai.
LAST_SECOND = datetime(YEAR, 12, 31, 23, 59, 59, tzinfo=SHANGHAI)
YEAR_OVER = datetime(YEAR + 1, 1, 1, 0, 0, tzinfo=SHANGHAI)

TRAVEL = "6601 差旅费 (travel)"
SERVERS = "6602 服务器 (servers)"
SALES = "6001 销售收入 (sales)"


@attrs.frozen
class Story:
    budget_id: UUID
    warned_id: UUID
    lines: tuple[Line, ...]
    #: Line numbers (from 1) of the lines named here, for the tests that read their answers.
    marks: dict[str, int]
    #: The business time of each line, by its number.
    times: dict[int, datetime]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines) + "\n"


def the_id(department: str) -> UUID:
    """The id the ledger gives the department's budget for YEAR: DOMAIN says it follows from
    department and year; this is how (the draft names it, and its result must too)."""
    return uuid5(NATURAL_KEYS, f"budget:{natural_key(department, YEAR)}")


def monthly(**amounts: str) -> dict[str, str]:
    """A month map from m07="1000.00"-style keywords."""
    return {name.removeprefix("m"): amount for name, amount in amounts.items()}


def story() -> Story:
    """Budget A (control stop) from draft to close through all twelve commands, with every
    refusal of §5; budget B (control warn) overspent and flagged. Actor ids are the story's."""
    tag = uuid4().hex[:8]

    def actor(name: str, *roles: str, actor_id: str | None = None, dept: str = "") -> Json:
        return {
            "id": actor_id or f"u-{name}-{tag}",
            "roles": list(roles),
            "department": dept or name,
        }

    dept_a, dept_b = f"运营部 {tag}", f"销售部 {tag}"
    head = actor("head", "department_head", dept=dept_a)
    deputy = actor("deputy", "department_head", dept=dept_a)
    head_b = actor("head-b", "department_head", dept=dept_b)
    fin, fin2 = actor("fin", "finance"), actor("fin2", "finance")
    fm = actor("fm", "finance_manager")
    ceo, coo = actor("ceo", "management"), actor("coo", "management")
    pm = actor("pm", "project_manager")
    auditor = actor("audit", "auditor")
    # the same people holding a second role
    head_as_fin = actor("head", "department_head", "finance", actor_id=head["id"], dept=dept_a)
    head_as_boss = actor("head", "department_head", "management", actor_id=head["id"], dept=dept_a)
    fin_as_boss = actor("fin", "finance", "management", actor_id=fin["id"])
    fin2_as_boss = actor("fin2", "finance", "management", actor_id=fin2["id"])

    a, b = the_id(dept_a), the_id(dept_b)
    lines: list[Line] = []
    marks: dict[str, int] = {}
    times: dict[int, datetime] = {}

    def send(
        verb: str,
        sender: Json,
        payload: Json | None = None,
        *,
        budget: UUID | None = a,
        events: tuple[str, ...] = (),
        version: int | None = None,
        code: str | None = None,
        at: datetime | None = None,
        mark: str | None = None,
        **envelope: Any,
    ) -> Json:
        number = len(lines) + 1
        when = at or BASE + timedelta(hours=number)
        body: Json = {
            "type": f"budget.{verb}",
            "command_id": str(uuid4()),
            "actor": sender,
            "occurred_at": when.isoformat(),
            "payload": payload or {},
        }
        if budget is not None:
            body["aggregate_id"] = str(budget)
        body.update(envelope)
        assert (code is None) == bool(events) == (version is not None)
        lines.append(Line(orjson.dumps(body).decode(), events, version, code))
        times[number] = when
        if mark is not None:
            marks[mark] = number
        return body

    def line(account: str, category: str, **amounts: str) -> Json:
        return {"account": account, "category": category, "monthly": monthly(**amounts)}

    def draft(department: str, control: str, lines_: list[Json]) -> Json:
        return {"department": department, "fiscal_year": YEAR, "control": control, "lines": lines_}

    # The plan approved in the end: travel 1,000.00 in July, August and September; servers
    # 5,000.00 in March and September; sales 20,000.00 in July.
    final = [
        line(TRAVEL, "expense", m07="1000.00", m08="1000.00", m09="1000.00"),
        line(SERVERS, "cost", m03="5000.00", m09="5000.00"),
        line(SALES, "revenue", m07="20000.00"),
    ]
    first = [line(TRAVEL, "expense", m07="1500.00", m08="1500.00", m09="1500.00"), final[1]]
    second = [line(TRAVEL, "expense", m07="1200.00", m08="1200.00", m09="1200.00"), final[1]]
    bad_month = [line(TRAVEL, "expense", m07="1000.00", m13="1000.00")]
    negative = [line(TRAVEL, "expense", m07="1000.00", m08="-1.00")]
    three_decimals = [line(TRAVEL, "expense", m07="1000.005")]
    not_a_number = [line(TRAVEL, "expense", m07="一千")]
    why = "业务量增长 (the business grew)"

    def commit(sender: Json, account: str, month: Any, amount: str, ref: str, **kw: Any) -> None:
        payload = {"account": account, "month": month, "amount": amount, "reference": ref}
        send("commit_funds", sender, payload, **kw)

    def spend(
        account: str, month: Any, amount: str, ref: str, settles: str | None = None, **kw: Any
    ) -> None:
        payload = {"account": account, "month": month, "amount": amount, "reference": ref}
        if settles is not None:
            payload["commitment_ref"] = settles
        send("record_spend", kw.pop("sender", fin), payload, **kw)

    def change(account: str, month: int, delta: str) -> Json:
        return {"account": account, "month": month, "delta": delta}

    BE, IC, IT, F = "budget_exceeded", "invalid_command", "invalid_transition", "forbidden"  # noqa: N806
    SOD, RV = "segregation_of_duties", "rule_violation"  # noqa: N806

    # --- compile: budget A in draft ----------------------------------------------------
    send("draft", auditor, draft(dept_a, "stop", first), code=F)
    send("draft", head, draft(dept_a, "stop", bad_month), code=IC, mark="bad_month")
    send("draft", head, draft(dept_a, "stop", negative), code=IC, mark="negative")
    send("draft", head, draft(dept_a, "stop", three_decimals), code=IC, mark="three_decimals")
    send("draft", head, draft(dept_a, "stop", not_a_number), code=IC, mark="not_a_number")
    send("draft", head, draft(dept_a, "stop", first), events=("BudgetDrafted",), version=1)
    send("draft", deputy, draft(dept_a, "warn", final), code=IT, mark="second_draft")
    send("submit", fin, code=F)
    commit(head, TRAVEL, "07", "100.00", "PO-0", code=IT)  # only an approved budget is spent
    send("revise_draft", head, {"lines": second}, events=("BudgetDraftRevised",), version=2)
    # --- review: submitted by the head who also holds finance; returned; again ---------
    send("submit", head_as_fin, events=("BudgetSubmitted",), version=3)
    send("revise_draft", head, {"lines": final}, code=IT)  # only in draft
    send("review", head_as_fin, {"verdict": "pass", "comments": "ok"}, code=SOD, mark="sod_1")
    send("approve", ceo, code=IT)  # not reviewed yet
    send(
        "review", fin2, {"verdict": "return", "comments": "差旅费偏高 (travel too high)"},
        events=("BudgetReturned",), version=4,
    )  # fmt: skip
    send("revise_draft", head, {"lines": final}, events=("BudgetDraftRevised",), version=5)
    send("submit", head_as_boss, events=("BudgetSubmitted",), version=6)
    send("review", fin_as_boss, {"verdict": "pass", "comments": "可以"}, events=("BudgetReviewed",),
         version=7)  # fmt: skip
    send("approve", head_as_boss, code=SOD, mark="sod_2")
    send("approve", fin_as_boss, code=SOD, mark="sod_3")
    send("approve", ceo, events=("BudgetApproved",), version=8, mark="approved")
    # --- control -----------------------------------------------------------------------
    # PO-9: 2,500 of travel promised for September. Travel's balances: 1,000 (Jul), 2,000 (Aug),
    # 500 (Sep-Dec); available from July on: 500.
    commit(head, TRAVEL, 9, "2500.00", "PO-9", events=("FundsCommitted",), version=9, mark="po_9")
    commit(pm, TRAVEL, "07", "600.00", "PO-7", code=BE, mark="exceeded_1")  # 600 > 500
    commit(head, TRAVEL, 7, "0.00", "PO-7", code=IC)
    commit(head, TRAVEL, 13, "100.00", "PO-7", code=IC)
    commit(head, TRAVEL, 7, "100.001", "PO-7", code=IC)
    commit(fin, TRAVEL, 7, "100.00", "PO-7", code=F)
    # PO-7: 300 for July: balances 700, 1,700, 200 (Sep-Dec); available from July on: 200.
    commit(pm, TRAVEL, 7, "300.00", "PO-7", events=("FundsCommitted",), version=10, mark="po_7")
    spend(TRAVEL, 9, "2800.00", "INV-9", code=BE, mark="exceeded_2")  # 2,800 > 200
    # naming PO-9: 2,500 released, the rest, 300, does not fit in 200
    spend(TRAVEL, 9, "2800.00", "INV-9", settles="PO-9", code=BE, mark="exceeded_3")
    # 2,700: the rest, 200, fits. Spent 2,700 (Sep), PO-7 open: balances 700, 1,700, 0.
    spend(TRAVEL, 9, "2700.00", "INV-9", settles="PO-9", events=("SpendRecorded",), version=11,
          mark="inv_9")  # fmt: skip
    spend(TRAVEL, 7, "10.00", "INV-7", sender=head, code=F)
    # Servers: 4,000 spent in March: balances 1,000 (Mar-Aug), 6,000 (Sep-Dec).
    spend(SERVERS, "03", "4000.00", "INV-3", events=("SpendRecorded",), version=12, mark="inv_3")
    spend(TRAVEL, 7, "-10.00", "INV-7", code=IC)
    # --- adjustments -------------------------------------------------------------------
    send("request_adjustment", head, {"kind": "transfer", "changes": [
        change(TRAVEL, 9, "-100.00"), change(SERVERS, 10, "100.01")]}, reason=why, code=RV,
         mark="not_zero")  # fmt: skip
    send("request_adjustment", head, {"kind": "transfer", "changes": [
        change(SERVERS, 9, "-1500.00"), change(TRAVEL, 10, "1500.00")]}, code=IC)  # fmt: skip
    # travel has 0 available from September: taking 1.00 away leaves -1.00
    send("request_adjustment", head, {"kind": "decrease", "changes": [
        change(TRAVEL, 9, "-1.00")]}, reason=why, code=RV, mark="below_zero")  # fmt: skip
    send("request_adjustment", head, {"kind": "increase", "changes": [
        change(TRAVEL, 9, "1.005")]}, reason=why, code=IC)  # fmt: skip
    send("request_adjustment", fin, {"kind": "increase", "changes": [
        change(TRAVEL, 9, "1.00")]}, reason=why, code=F)  # fmt: skip
    # 1,500 of September's servers to October's travel: servers 1,000 (Mar-Aug), 4,500 (Sep on);
    # travel 700, 1,700, 0 (Sep), 1,500 (Oct on): nowhere below zero.
    send("request_adjustment", head_as_fin, {"kind": "transfer", "changes": [
        change(SERVERS, 9, "-1500.00"), change(TRAVEL, 10, "1500.00")]}, reason=why,
         events=("AdjustmentRequested",), version=13)  # fmt: skip
    send("approve_adjustment", ceo, reason=why, code=RV, mark="not_reviewed")
    send("review_adjustment", head_as_fin, {"verdict": "pass"}, code=SOD, mark="sod_4")
    send("review_adjustment", fin2_as_boss, {"verdict": "pass"}, events=("AdjustmentReviewed",),
         version=14, mark="adjustment_reviewed")  # fmt: skip
    send("approve_adjustment", head_as_boss, reason=why, code=SOD, mark="sod_5")
    send("approve_adjustment", fin2_as_boss, reason=why, code=SOD, mark="sod_6")
    send("approve_adjustment", coo, code=IC)  # no reason
    send("approve_adjustment", coo, reason=why, events=("BudgetAdjusted",), version=15,
         mark="adjusted")  # fmt: skip
    # travel from October: 1,500 available; August 0 (September's balance is 0)
    commit(head, TRAVEL, 10, "1500.01", "PO-10", code=BE, mark="exceeded_4")
    commit(head, TRAVEL, "08", "0.01", "PO-8", code=BE, mark="exceeded_5")
    commit(head, TRAVEL, 10, "1500.00", "PO-10", events=("FundsCommitted",), version=16,
           mark="po_10")  # fmt: skip
    send("request_adjustment", head, {"kind": "increase", "changes": [
        change(TRAVEL, 11, "800.00")]}, reason=why, events=("AdjustmentRequested",),
         version=17)  # fmt: skip
    send("review_adjustment", fin, {"verdict": "pass"}, events=("AdjustmentReviewed",), version=18)
    send("reject_adjustment", ceo, code=IC)  # no reason
    send("reject_adjustment", ceo, reason="预算紧张 (money is tight)",
         events=("AdjustmentRejected",), version=19, mark="rejected")  # fmt: skip
    # --- budget B, under warn ----------------------------------------------------------
    b_plan = [line(TRAVEL, "expense", m07="1000.00")]
    send("draft", head_b, draft(dept_b, "warn", b_plan), budget=b, events=("BudgetDrafted",),
         version=1)  # fmt: skip
    send("submit", head_b, budget=b, events=("BudgetSubmitted",), version=2)
    send("review", fin, {"verdict": "pass", "comments": ""}, budget=b, events=("BudgetReviewed",),
         version=3)  # fmt: skip
    send("approve", ceo, budget=b, expected_version=2, code="concurrency_conflict")
    send("approve", ceo, budget=b, expected_version=3, events=("BudgetApproved",), version=4)
    # 1,200 against July's 1,000: recorded and flagged (available 1,000, requested 1,200)
    commit(head_b, TRAVEL, 7, "1200.00", "PO-1", budget=b, events=("FundsCommitted",
           "OverspendFlagged"), version=6, mark="flagged_1")  # fmt: skip
    # 100 more with -200 available: flagged (available -200, requested 100)
    spend(TRAVEL, 7, "100.00", "INV-1", budget=b, events=("SpendRecorded", "OverspendFlagged"),
          version=8, mark="flagged_2")  # fmt: skip
    # settling PO-1 in full needs nothing more: not flagged. Balances from July: -300.
    spend(TRAVEL, 7, "1200.00", "INV-2", settles="PO-1", budget=b, events=("SpendRecorded",),
          version=9, mark="settled_b")  # fmt: skip
    # an increase of 300 brings July back to 0 available
    send("request_adjustment", head_b, {"kind": "increase", "changes": [
        change(TRAVEL, 7, "300.00")]}, budget=b, reason=why, events=("AdjustmentRequested",),
         version=10)  # fmt: skip
    send("review_adjustment", fin2, {"verdict": "pass"}, budget=b,
         events=("AdjustmentReviewed",), version=11)  # fmt: skip
    send("approve_adjustment", coo, budget=b, reason=why, events=("BudgetAdjusted",), version=12,
         mark="b_adjusted")  # fmt: skip
    # --- close, and after it nothing ---------------------------------------------------
    after = YEAR_OVER + timedelta(hours=1)
    send("close", fin, at=YEAR_OVER, code=F)
    send("close", fm, at=LAST_SECOND, code=RV, mark="too_early")
    closing = send("close", fm, at=YEAR_OVER, events=("BudgetClosed",), version=20, mark="closed")
    commit(head, TRAVEL, 12, "1.00", "PO-12", at=after, code=IT)
    spend(TRAVEL, 10, "100.00", "INV-10", settles="PO-10", at=after, code=IT)
    send("request_adjustment", head, {"kind": "increase", "changes": [
        change(TRAVEL, 12, "1.00")]}, reason=why, at=after, code=IT)  # fmt: skip
    send("draft", head, draft(dept_a, "stop", final), at=after, code=IT)
    send("close", fm, at=after, code=IT)
    # the same command again is answered as the first time; its id on another body is refused
    lines.append(Line(orjson.dumps(closing).decode(), ("BudgetClosed",), 20))
    times[len(lines)] = YEAR_OVER
    send("close", fin, at=after, command_id=closing["command_id"], code="duplicate_command")
    send("submit", head, budget=uuid4(), at=after, code="not_found")
    send("spend_freely", head, at=after, code=IC)
    lines.append(Line('{"type": "budget.close", not json', code=IC))
    return Story(budget_id=a, warned_id=b, lines=tuple(lines), marks=marks, times=times)


#: Budget A's events, in order, as DOMAIN §5 names them.
BUDGET_A_EVENTS = [
    "BudgetDrafted",
    "BudgetDraftRevised",
    "BudgetSubmitted",
    "BudgetReturned",
    "BudgetDraftRevised",
    "BudgetSubmitted",
    "BudgetReviewed",
    "BudgetApproved",
    "FundsCommitted",
    "FundsCommitted",
    "SpendRecorded",
    "SpendRecorded",
    "AdjustmentRequested",
    "AdjustmentReviewed",
    "BudgetAdjusted",
    "FundsCommitted",
    "AdjustmentRequested",
    "AdjustmentReviewed",
    "AdjustmentRejected",
    "BudgetClosed",
]
BUDGET_B_EVENTS = [
    "BudgetDrafted",
    "BudgetSubmitted",
    "BudgetReviewed",
    "BudgetApproved",
    "FundsCommitted",
    "OverspendFlagged",
    "SpendRecorded",
    "OverspendFlagged",
    "SpendRecorded",
    "AdjustmentRequested",
    "AdjustmentReviewed",
    "BudgetAdjusted",
]


@attrs.frozen
class Told:
    """A story as submitted: what `opsledger submit` printed and its exit status."""

    story: Story
    outcome: Outcome

    def answer(self, mark: str) -> Json:
        answer: Json = self.outcome.json_lines()[self.story.marks[mark] - 1]
        return answer


#: The story each store of this module was told: submitted once per store.
_TOLD: dict[str, Told] = {}


@pytest.fixture
def submitted(cli: Cli, store: str) -> Told:
    """The story, submitted on stdin in one `opsledger submit` run, once for this module's
    store of each kind."""
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
        story_, outcome = submitted.story, submitted.outcome
        assert len(story_.lines) == 78
        codes = {line.code for line in story_.lines} - {None}
        assert codes == {
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
        got = results(outcome)
        assert len(got) == len(story_.lines)
        for number, (line, result) in enumerate(zip(story_.lines, got, strict=True), start=1):
            assert result == line.expected, f"line {number}: {line.text}"
        assert outcome.status == 1  # some lines were refused
        ids = {r["aggregate_id"] for r in outcome.json_lines() if r["ok"]}
        assert ids == {str(story_.budget_id), str(story_.warned_id)}

    @pytest.mark.parametrize(
        ("mark", "account", "month", "available", "requested"),
        [
            # PO-9 leaves 500 from July on; 600 asked for July
            ("exceeded_1", TRAVEL, 7, "500.00", "600.00"),
            # PO-7 leaves 200 from July on; 2,800 spent in September without naming PO-9
            ("exceeded_2", TRAVEL, 9, "200.00", "2800.00"),
            # naming PO-9 releases its 2,500: the rest, 300, against 200
            ("exceeded_3", TRAVEL, 9, "200.00", "300.00"),
            # after the transfer, travel has 1,500 from October (balances 700, 1,700, 0, 1,500)
            ("exceeded_4", TRAVEL, 10, "1500.00", "1500.01"),
            # August's balance is 1,700, yet September's is 0: nothing for August
            ("exceeded_5", TRAVEL, 8, "0.00", "0.01"),
        ],
    )
    def test_the_budget_exceeded_figures(
        self,
        submitted: Told,
        mark: str,
        account: str,
        month: int,
        available: str,
        requested: str,
    ) -> None:
        error = submitted.answer(mark)["error"]
        assert error["code"] == "budget_exceeded"
        details = error["details"]
        assert (
            details["account"],
            details["month"],
            details["available"],
            details["requested"],
        ) == (
            account,
            month,
            available,
            requested,
        )

    def test_the_refusals_say_what_was_wrong(self, submitted: Told) -> None:
        fields = {
            mark: set(submitted.answer(mark)["error"]["details"]["fields"])
            for mark in ("bad_month", "negative", "three_decimals", "not_a_number")
        }
        assert fields == {
            "bad_month": {"payload.lines[0].monthly.13"},
            "negative": {"payload.lines[0].monthly.08"},
            "three_decimals": {"payload.lines[0].monthly.07"},
            "not_a_number": {"payload.lines[0].monthly.07"},
        }
        duties = [submitted.answer(f"sod_{n}")["error"]["details"]["duty"] for n in range(1, 7)]
        assert duties == [
            "submitted",
            "submitted",
            "reviewed",
            "requested",
            "requested",
            "reviewed",
        ]
        assert submitted.answer("below_zero")["error"]["details"]["account"] == TRAVEL

    def test_the_stored_histories_are_exactly_the_accepted_events(
        self, cli: Cli, store: str, told: Story
    ) -> None:
        for budget_id, expected in (
            (told.budget_id, BUDGET_A_EVENTS),
            (told.warned_id, BUDGET_B_EVENTS),
        ):
            history = cli(
                "--store", store, "--format", "json", "audit", "history", str(budget_id)
            ).json()
            assert [e["event_type"] for e in history] == expected
            assert [e["version"] for e in history] == list(range(1, len(expected) + 1))

    def test_the_overspends_flagged_under_warn(self, cli: Cli, store: str, told: Story) -> None:
        history = cli(
            "--store", store, "--format", "json", "audit", "history", str(told.warned_id)
        ).json()
        flagged = [e["payload"] for e in history if e["event_type"] == "OverspendFlagged"]
        figures = [
            (f["account"], f["month"], f["available"], f["requested"], f["reference"])
            for f in flagged
        ]
        assert figures == [
            (TRAVEL, 7, "1000.00", "1200.00", "PO-1"),
            (TRAVEL, 7, "-200.00", "100.00", "INV-1"),
        ]


def twelve(*amounts: str) -> list[str]:
    assert len(amounts) == 12
    return list(amounts)


Z = "0.00"

#: What audit state shows available, per account, just after the marked line (by hand).
AVAILABLE_AFTER: list[tuple[str, str, list[str], list[str]]] = [
    # approved: travel cumulative 1,000 (Jul), 2,000 (Aug), 3,000 (Sep on); servers 5,000
    # (Mar on), 10,000 (Sep on)
    ("approved", "a", twelve(*[Z] * 6, "1000.00", "2000.00", *["3000.00"] * 4),
     twelve(Z, Z, *["5000.00"] * 6, *["10000.00"] * 4)),
    # PO-9 (2,500, Sep): balances 1,000, 2,000, 500: the smallest from each month on
    ("po_9", "a", twelve(*[Z] * 6, *["500.00"] * 6),
     twelve(Z, Z, *["5000.00"] * 6, *["10000.00"] * 4)),
    # PO-7 (300, Jul): balances 700, 1,700, 200
    ("po_7", "a", twelve(*[Z] * 6, *["200.00"] * 6),
     twelve(Z, Z, *["5000.00"] * 6, *["10000.00"] * 4)),
    # 2,700 spent in Sep releasing PO-9: balances 700, 1,700, 0
    ("inv_9", "a", twelve(*[Z] * 12), twelve(Z, Z, *["5000.00"] * 6, *["10000.00"] * 4)),
    # 4,000 of servers spent in March: balances 1,000 (Mar-Aug), 6,000 (Sep on)
    ("inv_3", "a", twelve(*[Z] * 12), twelve(Z, Z, *["1000.00"] * 6, *["6000.00"] * 4)),
    # the transfer reviewed, not yet approved: as before
    ("adjustment_reviewed", "a", twelve(*[Z] * 12),
     twelve(Z, Z, *["1000.00"] * 6, *["6000.00"] * 4)),
    # approved: travel 1,500 more in October; servers 1,500 less in September
    ("adjusted", "a", twelve(*[Z] * 9, *["1500.00"] * 3),
     twelve(Z, Z, *["1000.00"] * 6, *["4500.00"] * 4)),
    # PO-10 (1,500, Oct) takes all of October's
    ("po_10", "a", twelve(*[Z] * 12), twelve(Z, Z, *["1000.00"] * 6, *["4500.00"] * 4)),
    # the rejected increase changed nothing, nor did the close
    ("rejected", "a", twelve(*[Z] * 12), twelve(Z, Z, *["1000.00"] * 6, *["4500.00"] * 4)),
    ("closed", "a", twelve(*[Z] * 12), twelve(Z, Z, *["1000.00"] * 6, *["4500.00"] * 4)),
    # budget B: 1,000 in July, 1,200 committed: -200 in every month
    ("flagged_1", "b", twelve(*["-200.00"] * 12), []),
    ("flagged_2", "b", twelve(*["-300.00"] * 12), []),
    ("settled_b", "b", twelve(*["-300.00"] * 12), []),
    ("b_adjusted", "b", twelve(*[Z] * 12), []),
]  # fmt: skip


def state_at(cli: Cli, store: str, budget_id: UUID, at: datetime) -> Json:
    outcome = cli(
        "--store", store, "--format", "json", "audit", "state", str(budget_id),
        "--as-of", at.isoformat(),
    )  # fmt: skip
    assert outcome.status == 0, outcome.err
    document: Json = outcome.json()
    return document


class TestAuditStateAsOf:
    """`audit state ID --as-of T` rebuilds the budget from the events of business time ≤ T and
    shows what each account had available in each month then."""

    @pytest.mark.parametrize(
        ("mark", "which", "travel", "servers"),
        AVAILABLE_AFTER,
        ids=[row[0] for row in AVAILABLE_AFTER],
    )
    def test_available_per_account_and_month(
        self,
        cli: Cli,
        store: str,
        submitted: Told,
        mark: str,
        which: str,
        travel: list[str],
        servers: list[str],
    ) -> None:
        story_ = submitted.story
        number = story_.marks[mark]
        assert submitted.outcome.json_lines()[number - 1]["ok"]
        budget_id = story_.budget_id if which == "a" else story_.warned_id
        at = story_.times[number] + timedelta(minutes=30)
        document = state_at(cli, store, budget_id, at)
        assert document["aggregate_type"] == "budget"
        shown = document["figures"]["available"]
        months = [f"{m:02d}" for m in range(1, 13)]
        assert [shown[TRAVEL][m]["amount"] for m in months] == travel
        assert {shown[TRAVEL][m]["currency"] for m in months} == {"CNY"}
        if servers:
            assert [shown[SERVERS][m]["amount"] for m in months] == servers

    @pytest.mark.parametrize(
        ("mark", "status", "version"),
        [("approved", "approved", 8), ("adjusted", "approved", 15), ("closed", "closed", 20)],
    )
    def test_the_budget_as_it_stood(
        self, cli: Cli, store: str, submitted: Told, mark: str, status: str, version: int
    ) -> None:
        story_ = submitted.story
        at = story_.times[story_.marks[mark]] + timedelta(minutes=30)
        document = state_at(cli, store, story_.budget_id, at)
        assert (document["state"]["status"], document["version"]) == (status, version)
