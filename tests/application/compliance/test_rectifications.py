"""RECTIFICATION_OVERDUE and SEGREGATION_OF_DUTIES (DOMAIN §1, §6a, §7). A notice due on
2026-07-15 is overdue from 16:00 UTC that day (midnight in Shanghai); the clock starts
2026-07-01 01:30 UTC and each driven step takes an hour. Both stores."""

from __future__ import annotations

from infrastructure.opsledger import Opsledger
from tests.application import order_envelopes as orders
from tests.application import rectification_envelopes as rectifications
from tests.application.compliance.reading import findings_of, iso, seen, utc
from tests.clocks import FixedClock

RULE = "RECTIFICATION_OVERDUE"


class TestRectificationOverdue:
    def test_an_extension_after_the_due_date_leaves_the_breach_where_it_began(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Swept 07-16 00:00; extended to 07-31 at 07-16 01:00; submitted 02:00 and verified
        03:00: one finding from 07-15 16:00 to 07-16 03:00."""
        notice = rectifications.drive(ledger, clock, "rectifying")
        clock.current = utc(2026, 7, 16)
        assert [b.event_type for b in ledger.sweep().breaches] == ["RectificationOverdue"]
        for verb in ("extend", "submit", "verify"):
            clock.advance(hours=1)
            rectifications.accept(ledger, rectifications.command(verb, notice))

        assert seen(ledger, notice) == [
            (
                RULE,
                "",
                "closed",
                utc(2026, 7, 15, 16),
                utc(2026, 7, 16, 3),
                "RectificationOverdue",
                "RectificationVerified",
            )
        ]
        assert findings_of(ledger, notice)[0].severity == "high"  # the notice's severity

    def test_an_extension_before_the_due_date_moves_it(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Extended on 07-10 to 07-31 (overdue from 07-31 16:00); submitted 08-01 00:00 and
        verified 08-01 01:00, entered then without a sweep."""
        notice = rectifications.drive(ledger, clock, "rectifying")
        clock.current = utc(2026, 7, 10)
        rectifications.accept(ledger, rectifications.command("extend", notice))
        clock.current = utc(2026, 8, 1)
        rectifications.accept(ledger, rectifications.command("submit", notice))
        clock.advance(hours=1)
        rectifications.accept(ledger, rectifications.command("verify", notice))

        assert seen(ledger, notice) == [
            (
                RULE,
                "",
                "closed",
                utc(2026, 7, 31, 16),
                utc(2026, 8, 1, 1),
                "RectificationSubmitted",
                "RectificationVerified",
            )
        ]

    def test_verified_in_time_gives_none(self, ledger: Opsledger, clock: FixedClock) -> None:
        notice = rectifications.drive(ledger, clock, "verified")
        clock.current = utc(2026, 7, 20)
        ledger.sweep()
        late = rectifications.command("close", notice, occurred_at=iso(utc(2026, 7, 19)))
        rectifications.accept(ledger, late)
        assert seen(ledger, notice) == []


class TestSegregationOfDuties:
    def test_a_refused_maker_checker_attempt_is_a_finding_that_never_closes(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """The order's own sales rep, holding the legal role, reviews its clauses at
        07-01 03:30: refused; the finding is about the order, of its department (sales),
        recorded at that instant."""
        order = orders.drive(ledger, clock, "under_review")  # 07-01 02:30
        clock.advance(hours=1)
        rep_as_legal = orders.holding("legal", actor_id=orders.SALES_REP["id"])
        refused = ledger.submit(orders.review(order, "legal", actor=rep_as_legal))
        assert refused.code == "segregation_of_duties"

        (finding,) = findings_of(ledger, order)
        attempted = utc(2026, 7, 1, 3, 30)
        assert (
            finding.rule,
            finding.subject_type,
            finding.department,
            finding.status,
            finding.opened_at,
            finding.closed_at,
        ) == ("SEGREGATION_OF_DUTIES", "order", "sales", "recorded", attempted, attempted)
