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
    digest = hashlib.sha256(previous)
    digest.update(struct.pack(">i", len(state)))
    digest.update(state)
    digest.update(struct.pack(">q", position))
    digest.update(originator_id.bytes)
    digest.update(struct.pack(">q", originator_version))
    digest.update(struct.pack(">i", len(topic_bytes)))
    digest.update(topic_bytes)
    return digest.digest()
