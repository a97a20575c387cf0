"""COMPLAINT_ACK_SLA and COMPLAINT_RESOLUTION_SLA (DOMAIN §1 "Deadlines", §3, §7): a breach is
one finding whether the sweep noticed it or late-entered facts show it, in either order; one
the facts show never happened in business time is withdrawn. Every instant is worked out by
hand from the clock (2026-07-01 01:30 UTC at the start) and the default SLA (acknowledge within
24 hours; a medium complaint resolved within 10 days of classification). Both stores."""

from __future__ import annotations

from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import accept, command, drive
from tests.application.compliance.reading import iso, seen, utc
from tests.clocks import FixedClock

ACK = "COMPLAINT_ACK_SLA"
RESOLUTION = "COMPLAINT_RESOLUTION_SLA"
#: Received 2026-07-01 01:30, so acknowledgement is due 24 hours later.
ACK_DUE = utc(2026, 7, 2, 1, 30)


class TestAcknowledgement:
    def test_in_time_gives_no_finding(self, ledger: Opsledger, clock: FixedClock) -> None:
        complaint = drive(ledger, clock)
        clock.advance(hours=23)  # 07-02 00:30, an hour before the deadline
        accept(ledger, command("acknowledge", complaint))
        clock.advance(days=3)
        ledger.sweep()

        assert seen(ledger, complaint) == []

    def test_sweep_then_late_acknowledgement_is_one_finding(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint = drive(ledger, clock)
        clock.advance(hours=30)  # 07-02 07:30
        assert [b.event_type for b in ledger.sweep().breaches] == ["ComplaintSlaBreached"]
        assert seen(ledger, complaint) == [
            (ACK, "", "open", ACK_DUE, None, "ComplaintSlaBreached", None)
        ]
        clock.advance(hours=1)  # 07-02 08:30
        accept(ledger, command("acknowledge", complaint))
        ledger.sweep()

        assert seen(ledger, complaint) == [
            (
                ACK,
                "",
                "closed",
                ACK_DUE,
                utc(2026, 7, 2, 8, 30),
                "ComplaintSlaBreached",
                "ComplaintAcknowledged",
            )
        ]

    def test_late_acknowledgement_without_a_sweep(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint = drive(ledger, clock)
        clock.advance(days=3)  # 07-04 01:30: entered now, happened 07-02 05:00
        accept(ledger, command("acknowledge", complaint, occurred_at=iso(utc(2026, 7, 2, 5))))
        ledger.sweep()  # finds nothing more to report

        assert seen(ledger, complaint) == [
            (
                ACK,
                "",
                "closed",
                ACK_DUE,
                utc(2026, 7, 2, 5),
                "ComplaintAcknowledged",
                "ComplaintAcknowledged",
            )
        ]

    def test_late_fact_then_sweep_is_one_finding(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """An escalation at 07-02 03:00 shows the complaint unacknowledged past its deadline;
        the sweep at 07-02 07:30 reports the same breach; the acknowledgement closes it."""
        complaint = drive(ledger, clock)
        clock.advance(hours=25, minutes=30)  # 07-02 03:00
        accept(ledger, command("escalate", complaint))
        assert seen(ledger, complaint) == [
            (ACK, "", "open", ACK_DUE, None, "ComplaintEscalated", None)
        ]
        clock.advance(hours=4, minutes=30)  # 07-02 07:30
        assert [b.event_type for b in ledger.sweep().breaches] == ["ComplaintSlaBreached"]
        clock.advance(hours=1)
        accept(ledger, command("acknowledge", complaint))

        assert seen(ledger, complaint) == [
            (
                ACK,
                "",
                "closed",
                ACK_DUE,
                utc(2026, 7, 2, 8, 30),
                "ComplaintEscalated",
                "ComplaintAcknowledged",
            )
        ]

    def test_a_late_entry_that_met_the_deadline_withdraws_the_sweeps_finding(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """The sweep noticed no acknowledgement at 07-02 07:30; the acknowledgement made at
        07-02 01:00 (before the 01:30 deadline) is entered afterwards. The breach never
        happened in business time: the finding is kept as withdrawn, opened_at = closed_at,
        and no report counts it."""
        complaint = drive(ledger, clock)
        clock.advance(hours=30)
        ledger.sweep()
        clock.advance(hours=2)
        accept(ledger, command("acknowledge", complaint, occurred_at=iso(utc(2026, 7, 2, 1))))

        assert seen(ledger, complaint) == [
            (
                ACK,
                "",
                "withdrawn",
                ACK_DUE,
                ACK_DUE,
                "ComplaintSlaBreached",
                "ComplaintAcknowledged",
            )
        ]


class TestResolution:
    def test_paused_time_moves_the_deadline_and_one_finding_spans_to_resolution(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Classified (medium) at 07-01 03:30: due 07-11 03:30. Paused 07-01 06:30 to
        07-03 06:30 (48 hours): due 07-13 03:30. The sweep on 07-14 03:30 notices it; the
        customer is satisfied on 07-14 05:30, which closes it."""
        complaint = drive(ledger, clock, to="investigating")  # ack 02:30 ... invest. 05:30
        clock.advance(hours=1)  # 07-01 06:30
        accept(ledger, command("pause", complaint))
        clock.advance(hours=48)  # 07-03 06:30
        accept(ledger, command("resume", complaint))
        clock.current = utc(2026, 7, 14, 3, 30)
        assert [b.detail for b in ledger.sweep().breaches] == ["resolution"]
        clock.advance(hours=1)
        accept(ledger, command("propose_resolution", complaint))
        clock.advance(hours=1)  # 07-14 05:30
        accept(ledger, command("record_feedback", complaint))

        due = utc(2026, 7, 13, 3, 30)
        assert seen(ledger, complaint) == [
            (
                RESOLUTION,
                "",
                "closed",
                due,
                utc(2026, 7, 14, 5, 30),
                "ComplaintSlaBreached",
                "CustomerSatisfied",
            )
        ]
        breached = [
            r.event for r in ledger.history(complaint) if r.event_type == "ComplaintSlaBreached"
        ]
        assert [e.deadline for e in breached] == [due]  # type: ignore[attr-defined]
