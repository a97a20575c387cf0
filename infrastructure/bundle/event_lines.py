"""The lines of events.jsonl: each stored event, its bytes in base64, its decoded JSON when it
can be read, and its chain hashes."""

from __future__ import annotations

from binascii import b2a_base64, hexlify
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import msgspec
import orjson

from infrastructure.integrity.verify import log_row
from infrastructure.serialisation.mapper import LedgerMapper

#: One line of the common kind (a JSON object with a recorded_at, a chain hash). Every value is
#: made JSON here (`orjson.dumps`), needs no escaping (numbers, base64, hex digits), or is JSON
#: already (the decoded document's own bytes, checked); written out rather than built as a dict
#: and dumped, since an export writes millions of them.
_LINE = (
    b'{"position":%d,"originator_id":%s,"version":%d,"topic":%s,"recorded_at":%s,'
    b'"stored_bytes":"%s","decoded":%s,"hash":"%s","previous_hash":"%s"}\n'
)
_KEPT = 4096


class _Stamp(msgspec.Struct, gc=False):
    """What a line needs from a stored document besides its bytes: when it was recorded."""

    recorded_at: str


#: Checks a whole document is JSON and reads its recorded_at, without building the rest of it
#: (a third of the time orjson takes to build it all).
_read_stamp = msgspec.json.Decoder(_Stamp).decode


class EventLines:
    """Writes the lines of one export, in position order: each line's `previous_hash` is the
    hash of the line before (or the bundle's own previous hash, for the first)."""

    def __init__(self, mapper: LedgerMapper, *, previous_hash: bytes | None) -> None:
        self._plain = mapper.plain_state
        #: Whether stored bytes are the transcoder's own (no cipher, no compressor): then they
        #: are read as they are, without a call per event.
        self._as_stored = not (mapper.cipher or mapper.compressor)
        self._previous = None if previous_hash is None else hexlify(previous_hash)
        self._ids: dict[Any, bytes] = {}
        self._topics: dict[str, bytes] = {}

    def lines(self, rows: Sequence[tuple[Any, ...]]) -> bytes:
        """The JSON lines of stored rows that follow the rows of the previous call."""
        out: list[bytes] = []
        plain_state, read_stamp, dumps = self._plain, _read_stamp, orjson.dumps
        ids, topics, previous, as_stored = self._ids, self._topics, self._previous, self._as_stored
        for stored in rows:
            position, originator_id, version, topic, state, chain_hash = stored
            try:
                if type(version) is not int or type(chain_hash) is not bytes or previous is None:
                    raise TypeError
                plain = state if as_stored and type(state) is bytes else plain_state(state)
                recorded_at = read_stamp(plain).recorded_at
                if 10 in plain or 13 in plain:  # (a byte's value: far faster than b"\n")
                    raise ValueError  # a line break would split the line
                if not plain.isascii():
                    plain.decode("utf-8")  # the line must be UTF-8 throughout
                hash_hex = hexlify(chain_hash)
                line = _LINE % (
                    position,
                    ids.get(originator_id) or self._id(originator_id),
                    version,
                    topics.get(topic) or self._topic(topic),
                    dumps(recorded_at),
                    b2a_base64(state, newline=False),
                    plain,
                    hash_hex,
                    previous,
                )
                previous = hash_hex
            except Exception:  # anything unusual, a cipher's or compressor's failure included
                line, previous = self._careful(stored, previous)
            out.append(line)
        self._previous = previous
        return b"".join(out)

    def _careful(
        self, stored: tuple[Any, ...], previous: bytes | None
    ) -> tuple[bytes, bytes | None]:
        """The line of a row that is not of the common kind: values of a type changed in the
        database (written as `verify` reads them), no chain hash, or bytes that cannot be read
        (encrypted without their key, not JSON: `decoded` and `recorded_at` are null)."""
        row = log_row(stored)
        document: Any = None
        try:
            document = orjson.loads(self._plain(row.state))
        except Exception:  # any cipher's or compressor's failure: this line has no reading
            document = None
        recorded_at = document.get("recorded_at") if isinstance(document, dict) else None
        hash_hex = None if row.chain_hash is None else hexlify(row.chain_hash)
        line = orjson.dumps(
            {
                "position": row.position,
                "originator_id": orjson.Fragment(self._id(stored[1])),
                "version": row.version,
                "topic": row.topic,
                "recorded_at": recorded_at if isinstance(recorded_at, str) else None,
                "stored_bytes": b2a_base64(row.state, newline=False).decode("ascii"),
                "decoded": document,
                "hash": None if hash_hex is None else hash_hex.decode("ascii"),
                "previous_hash": None if previous is None else previous.decode("ascii"),
            },
            option=orjson.OPT_APPEND_NEWLINE,
        )
        return line, hash_hex

    def _id(self, stored: Any) -> bytes:
        """An aggregate id as JSON, written 8-4-4-4-12; SQLite's text in any other spelling
        as it is (the verifier then names the line). Most ids are met once (each command's
        record has its own), so SQLite's 32 hex digits are cut up rather than parsed."""
        if isinstance(stored, UUID):
            written = b'"%s"' % str(stored).encode("ascii")
        elif isinstance(stored, str) and _is_sqlite_id(stored):
            hex_ = stored.encode("ascii")
            written = b'"%s-%s-%s-%s-%s"' % (
                hex_[:8],
                hex_[8:12],
                hex_[12:16],
                hex_[16:20],
                hex_[20:],
            )
        else:
            written = orjson.dumps(str(stored))
        if len(self._ids) >= _KEPT:
            self._ids.clear()
        self._ids[stored] = written
        return written

    def _topic(self, topic: str) -> bytes:
        written = orjson.dumps(topic)
        if len(self._topics) >= _KEPT:
            self._topics.clear()
        self._topics[topic] = written
        return written


def _is_sqlite_id(text: str) -> bool:
    """32 lowercase hex digits: the one spelling SQLite's log keeps an id in."""
    if len(text) != 32:
        return False
    try:
        return bytes.fromhex(text).hex() == text
    except ValueError:
        return False
