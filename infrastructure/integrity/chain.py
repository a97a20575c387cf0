"""The link of the hash chain, computed the same way in Python and in PostgreSQL."""

# h_n = SHA-256(h_{n-1} ‖ i32 len(state) ‖ state ‖ i64 position ‖ originator id (16 bytes) ‖
# i64 version ‖ i32 len(topic) ‖ topic as UTF-8), big-endian fixed-width integers so that field
# boundaries are unambiguous; h_0 is 32 zero bytes. The state is the stored (possibly compressed
# or encrypted) bytes, so verifying needs no key.

from __future__ import annotations

import hashlib
import struct
from uuid import UUID

GENESIS = bytes(32)

_I32 = struct.Struct(">i").pack
_I64 = struct.Struct(">q").pack


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
    topic_bytes = topic.encode("utf-8")
    return hashlib.sha256(
        b"".join(
            (
                previous,
                _I32(len(state)),
                state,
                _I64(position),
                originator_id.bytes,
                _I64(originator_version),
                _I32(len(topic_bytes)),
                topic_bytes,
            )
        )
    ).digest()
