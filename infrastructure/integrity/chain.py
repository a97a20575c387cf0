"""The link of the hash chain, computed the same way in Python and in PostgreSQL."""

# h_n = SHA-256(h_{n-1} ‖ i32 len(state) ‖ state ‖ i64 position ‖ originator id (16 bytes) ‖
# i64 version ‖ i32 len(topic) ‖ topic as UTF-8), big-endian fixed-width integers so that field
# boundaries are unambiguous; h_0 is 32 zero bytes. The state is the stored (possibly compressed
# or encrypted) bytes, so verifying needs no key.

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID

GENESIS = bytes(32)

_I32 = struct.Struct(">i").pack
#: position ‖ originator id ‖ version: the fixed-width middle of a link's input, packed at once.
_MIDDLE = struct.Struct(">q16sq").pack
_SHA256 = hashlib.sha256

#: i32 len(topic) ‖ topic, by topic: a log has few topics, and verify and export meet each one
#: many times. Cleared when full, so a store holding odd topics cannot grow it without end.
_TOPIC_ENDS: dict[str, bytes] = {}
_TOPIC_ENDS_KEPT = 4096


def link(
    previous: bytes,
    *,
    position: int,
    originator_id: UUID,
    originator_version: int,
    topic: str,
    state: bytes,
) -> bytes:
    """The chain hash of one stored event, given the chain hash of the event before it."""
    end = _TOPIC_ENDS.get(topic) or _topic_end(topic)
    return _SHA256(
        b"".join(
            (
                previous,
                _I32(len(state)),
                state,
                _MIDDLE(position, originator_id.bytes, originator_version),
                end,
            )
        )
    ).digest()


#: One stored row as the log pages give it: position, originator id, version, topic, state,
#: chain hash.
Row = tuple[Any, ...]


def follow(
    previous: bytes,
    rows: Iterator[Row],
    *,
    position: int,
    id_bytes: Callable[[Any], bytes],
    stop_at: int = 0,
) -> tuple[bytes, int, Row | None]:
    """Walk the chain along `rows` while each one is the event at the next position (from
    `position`) and its stored hash is the link from the hash before it: the hash reached, how
    many rows matched, and the first row that did not (or lies at `stop_at`), None at the end.

    `id_bytes` gives a stored originator id's 16 bytes (exactly: the packing would pad a shorter
    one), or raises ValueError. This is `link` written out in the loop: over a whole log a call
    per event would cost a tenth of the time.
    """
    sha256, i32, middle, ends = _SHA256, _I32, _MIDDLE, _TOPIC_ENDS
    matched = 0
    for row in rows:
        at, originator_id, version, topic, state, stored = row
        if at != position or at == stop_at:
            return previous, matched, row
        try:
            end = ends.get(topic) or _topic_end(topic)
            computed = sha256(
                b"".join(
                    (
                        previous,
                        i32(len(state)),
                        state,
                        middle(at, id_bytes(originator_id), version),
                        end,
                    )
                )
            ).digest()
        except (TypeError, ValueError, AttributeError, struct.error):
            return previous, matched, row
        if computed != stored:
            return previous, matched, row
        previous, position, matched = computed, position + 1, matched + 1
    return previous, matched, None


def _topic_end(topic: str) -> bytes:
    encoded = topic.encode("utf-8")
    end = _I32(len(encoded)) + encoded
    if len(_TOPIC_ENDS) >= _TOPIC_ENDS_KEPT:
        _TOPIC_ENDS.clear()
    _TOPIC_ENDS[topic] = end
    return end
