"""One budget per department and fiscal year (DOMAIN §5), even under concurrent writers: the
budget's id follows from its department and year, so a second draft of the same department and
year is refused (`invalid_transition`) whatever state the first is in, while another year or
another department is another budget. Two processes, each with its own opsledger on the same
PostgreSQL store, drafting the same department's budget at the same moment leave exactly one
budget: one draft accepted, the other refused, one BudgetDrafted in the log."""

from __future__ import annotations

import multiprocessing
from multiprocessing.synchronize import Barrier
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from infrastructure.opsledger import Opsledger
from tests.application.budget_envelopes import (
    DEPUTY_HEAD,
    HEAD,
    OTHER_DEPARTMENT,
    OTHER_HEAD,
    Json,
    accept,
    command,
    drafted,
    drive,
    head,
    refuse,
)
from tests.clocks import FixedClock


def drafted_budgets(ledger: Opsledger) -> int:
    """How many budgets the stored log says were drafted, read from the log itself."""
    notifications = ledger.ledger.recorder.select_notifications(start=1, limit=100_000)
    return sum(1 for notification in notifications if notification.topic == "BudgetDrafted")


class TestOneBudgetPerDepartmentAndYear:
    def test_a_second_draft_is_refused(self, ledger: Opsledger, clock: FixedClock) -> None:
        first = accept(ledger, command("draft"))
        clock.advance(hours=1)
        # another head, another control: still the same department and year
        second = command("draft", actor=DEPUTY_HEAD, payload=drafted(control="warn"))
        refuse(ledger, second, "invalid_transition")
        assert first.aggregate_id is not None
        assert len(ledger.history(first.aggregate_id)) == 1
        assert drafted_budgets(ledger) == 1

    def test_a_second_draft_naming_the_first_ones_id_is_refused(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        budget_id = drive(ledger, clock)
        clock.advance(hours=1)
        refuse(ledger, command("draft", budget_id), "invalid_transition")

    def test_an_id_not_of_the_department_and_year_is_refused(self, ledger: Opsledger) -> None:
        refused = refuse(ledger, command("draft", uuid4()), "invalid_command")
        assert "aggregate_id" in refused.details["fields"]
        assert head(ledger) is None

    def test_another_year_or_department_is_another_budget(self, ledger: Opsledger) -> None:
        ids = {
            accept(ledger, command("draft", actor=actor, payload=payload)).aggregate_id
            for actor, payload in (
                (HEAD, drafted()),
                (HEAD, drafted(fiscal_year=2027)),
                (OTHER_HEAD, drafted(department=OTHER_DEPARTMENT)),
                (OTHER_HEAD, drafted(department=OTHER_DEPARTMENT, fiscal_year=2027)),
            )
        }
        assert len(ids) == 4
        assert drafted_budgets(ledger) == 4

    def test_the_same_department_and_year_give_the_same_id_in_another_store(
        self, ledger: Opsledger, tmp_path: Path
    ) -> None:
        first = accept(ledger, command("draft")).aggregate_id
        with Opsledger.open(f"sqlite:///{tmp_path / 'other.db'}") as other:
            assert accept(other, command("draft", actor=DEPUTY_HEAD)).aggregate_id == first

    def test_a_refused_draft_leaves_the_key_free(self, ledger: Opsledger) -> None:
        refuse(ledger, command("draft", payload=drafted(control="block")), "invalid_command")
        refuse(ledger, command("draft", payload=drafted(lines=[])), "invalid_command")
        assert accept(ledger, command("draft")).version == 1


#: Upper bound on any one wait: a hang fails the test, never the run.
WAIT_SECONDS = 60.0

_start: Barrier | None = None


def _ready(barrier: Barrier) -> None:
    global _start  # the pool's initializer is the only way to hand a barrier over
    _start = barrier


def _draft_together(url_and_body: tuple[str, Json]) -> Json:
    """In a process of its own: open opsledger on the store, wait for the other process, then
    send the draft. Its result as JSON, or the exception it raised."""
    url, body = url_and_body
    assert _start is not None
    with Opsledger.open(url) as ledger:
        _start.wait(timeout=WAIT_SECONDS)
        try:
            return ledger.submit(body).to_json()
        except Exception as error:  # the handler promises an answer, never an exception
            return {"exception": f"{type(error).__name__}: {error}"}


def draft_at_once(url: str, bodies: list[Json]) -> list[Json]:
    # spawn, not fork: forking a process that holds a connection pool hangs.
    context = multiprocessing.get_context("spawn")
    with context.Pool(
        len(bodies), initializer=_ready, initargs=(context.Barrier(len(bodies)),)
    ) as pool:
        answers: list[Json] = pool.map_async(
            _draft_together, [(url, body) for body in bodies], chunksize=1
        ).get(timeout=2 * WAIT_SECONDS)
    return answers


@pytest.mark.postgres
class TestTwoProcessesDraftingAtOnce:
    def test_leave_one_budget(self, pg_url: str) -> None:
        """Two heads of the department, each in a process of its own with its own opsledger,
        draft the department's budget for the same year at the same moment."""
        bodies = [
            command("draft", actor=HEAD, occurred_at="2026-07-01T09:30:00+08:00"),
            command(
                "draft",
                actor=DEPUTY_HEAD,
                payload=drafted(control="warn"),
                occurred_at="2026-07-01T09:30:00+08:00",
            ),
        ]
        answers = draft_at_once(pg_url, bodies)

        outcomes = sorted(
            "ok" if answer.get("ok") else answer.get("error", answer)["code"] for answer in answers
        )
        assert outcomes == ["invalid_transition", "ok"], answers
        (winner,) = [answer for answer in answers if answer.get("ok")]
        assert (winner["version"], winner["events"]) == (1, ["BudgetDrafted"])
        with Opsledger.open(pg_url) as ledger:
            history = ledger.history(UUID(winner["aggregate_id"]))
            assert [r.event_type for r in history] == ["BudgetDrafted"]
            assert drafted_budgets(ledger) == 1
            # the refusal is in the security log, naming the loser's command
            (loser,) = [body for body, a in zip(bodies, answers, strict=True) if not a.get("ok")]
            codes = [(e.code, e.command_id) for e in ledger.security_log.entries()]
            assert ("invalid_transition", loser["command_id"]) in codes
