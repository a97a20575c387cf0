"""A refusal's entry (`CommandRefused`) is stored under its stable topic and read back exactly,
whatever the refused command held: any text, NUL, lone surrogates, any bytes of its line. Both
stores."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from application.errors import InvalidCommand
from application.security_log import CommandRefused, Excerpt, refusal_entry
from infrastructure.opsledger import Opsledger
from tests.infrastructure.test_codec import assert_identical

#: "A few KB": the most one stored refusal may take, however much was sent: five short fields of
#: 1 KB, the message, the details and the excerpt, each as stored (JSON escapes included), and
#: the times and ids around them.
ENTRY_BYTES = 5 * 1024 + 4096 + 4096 + 2048 + 1024

#: Short text of any characters, or a long run of one (cheaper to draw than long random text).
TEXT = st.text(max_size=50) | st.builds(
    lambda piece, times: piece * times, st.text(min_size=1, max_size=3), st.integers(500, 3000)
)
MAYBE_TEXT = st.none() | TEXT | st.integers() | st.lists(TEXT, max_size=3)


@st.composite
def raw_commands(draw: st.DrawFn) -> dict[str, Any]:
    """A command as sent, unreadable in any way: ill-typed or huge fields, any text."""
    return {
        "type": draw(MAYBE_TEXT),
        "command_id": draw(MAYBE_TEXT),
        "actor": draw(
            st.none()
            | st.fixed_dictionaries(
                {"id": MAYBE_TEXT, "roles": st.lists(TEXT, max_size=4), "department": MAYBE_TEXT}
            )
        ),
    }


class TestARefusalEntryRoundTrips:
    @settings(max_examples=40, deadline=None)
    @given(
        raw=raw_commands(),
        message=TEXT,
        fields=st.dictionaries(TEXT, TEXT, max_size=5),
        line=st.none()
        | st.binary(max_size=100)
        | st.builds(
            lambda piece, times: piece * times,
            st.binary(min_size=1, max_size=3),
            st.integers(500, 3000),
        ),
    )
    def test_stored_and_read_back_exactly(
        self,
        shared_ledger: Opsledger,
        raw: dict[str, Any],
        message: str,
        fields: dict[str, str],
        line: bytes | None,
    ) -> None:
        at = datetime(2026, 7, 1, 1, 30, tzinfo=UTC)
        excerpt = None if line is None else Excerpt.of(line)
        entry = refusal_entry(
            raw=raw,
            envelope=None,
            error=InvalidCommand(message, fields=fields),
            at=at,
            excerpt=excerpt,
        )

        (position,) = shared_ledger.ledger.append([entry])

        (back,) = shared_ledger.history(entry.originator_id)
        assert_identical(entry, back)
        assert isinstance(back.event, CommandRefused)
        (stored,) = shared_ledger.ledger.recorder.select_notifications(start=position, limit=1)
        assert stored.topic == "CommandRefused"
        assert len(stored.state) <= ENTRY_BYTES
        if excerpt is not None:
            assert (back.event.line_sha256, back.event.line_bytes) == (
                excerpt.sha256,
                len(line or b""),
            )
