"""BUDGET_OVERSPEND, RISK_UNTREATED, RISK_ACTION_OVERDUE and RISK_REVIEW_OVERDUE (DOMAIN §5, §6,
§7): each opens and closes on a scripted history, at instants worked out by hand. The clock
starts 2026-07-01 01:30 UTC (09:30 in Shanghai); each driven step takes an hour. Both stores."""

from __future__ import annotations

from infrastructure.opsledger import Opsledger
from tests.application import budget_envelopes as budgets
from tests.application import risk_envelopes as risks
from tests.application.compliance.reading import seen, utc
from tests.clocks import FixedClock


class TestBudgetOverspend:
    def test_flagged_under_warn_until_an_adjustment_covers_it(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Travel is 1,000.00 a month, so 7,000.00 is available in July (months 01-07). A
        commitment of 7,500.00 at 07-01 05:30 is 500.00 beyond it: flagged. An increase of
        500.00 in May (which counts toward July) approved at 07-01 08:30 covers it."""
        budget = budgets.drive(
            ledger, clock, "approved", draft=budgets.drafted(control="warn")
        )  # approved 07-01 04:30
        clock.advance(hours=1)
        flagged = budgets.accept(ledger, budgets.commitment(budget, "7500.00", 7, "PO-1"))
        assert flagged.events == ("FundsCommitted", "OverspendFlagged")
        clock.advance(hours=1)
        budgets.accept(
            ledger, budgets.adjustment(budget, "increase", (budgets.TRAVEL, 5, "500.00"))
        )
        for verb in ("review_adjustment", "approve_adjustment"):
            clock.advance(hours=1)
            budgets.accept(ledger, budgets.command(verb, budget))

        ((rule, occurrence, *rest),) = seen(ledger, budget)
        assert (rule, occurrence.isdigit(), *rest) == (
            "BUDGET_OVERSPEND",
            True,  # the flag's log position
            "closed",
            utc(2026, 7, 1, 5, 30),
            utc(2026, 7, 1, 8, 30),
            "OverspendFlagged",
            "BudgetAdjusted",
        )


class TestRisks:
    def test_untreated_action_and_review(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Assessed high (L4 x I3) at 07-01 02:30: untreated from 07-08 02:30; the response
        chosen 07-09 02:30 closes it. Action A-1 due 07-31 is late from 07-31 16:00; the sweep
        on 08-01 notices it and its completion 08-01 01:00 closes it. The next review, 60 days
        from 07-01 (Shanghai), is on 08-30, overdue from 08-30 16:00; the sweep on 08-31
        notices it and the review 08-31 01:00 closes it."""
        risk = risks.drive(ledger, clock, "assessed")
        clock.current = utc(2026, 7, 9, 2, 30)
        risks.accept(ledger, risks.step("reduce", risk))
        clock.advance(hours=1)
        risks.accept(ledger, risks.action(risk))
        clock.current = utc(2026, 8, 1)
        assert [b.event_type for b in ledger.sweep().breaches] == ["MitigationActionOverdue"]
        clock.advance(hours=1)
        risks.accept(ledger, risks.completion(risk))
        clock.current = utc(2026, 8, 31)
        assert [b.event_type for b in ledger.sweep().breaches] == ["RiskReviewOverdue"]
        clock.advance(hours=1)
        risks.accept(ledger, risks.command("review", risk))

        assert seen(ledger, risk) == [
            (
                "RISK_UNTREATED",
                "2026-07-01T02:30:00+00:00",
                "closed",
                utc(2026, 7, 8, 2, 30),
                utc(2026, 7, 9, 2, 30),
                "ResponseChosen",
                "ResponseChosen",
            ),
            (
                "RISK_ACTION_OVERDUE",
                "A-1",
                "closed",
                utc(2026, 7, 31, 16),
                utc(2026, 8, 1, 1),
                "MitigationActionOverdue",
                "MitigationActionCompleted",
            ),
            (
                "RISK_REVIEW_OVERDUE",
                "2026-08-30T16:00:00+00:00",
                "closed",
                utc(2026, 8, 30, 16),
                utc(2026, 8, 31, 1),
                "RiskReviewOverdue",
                "RiskReviewed",
            ),
        ]

    def test_a_response_within_seven_days_gives_none(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        risk = risks.drive(ledger, clock, "assessed")
        clock.current = utc(2026, 7, 8, 2, 30)  # exactly 7 days on: in time
        risks.accept(ledger, risks.step("reduce", risk))
        assert seen(ledger, risk) == []
